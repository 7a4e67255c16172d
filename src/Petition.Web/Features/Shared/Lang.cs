using System.Net;
using Microsoft.AspNetCore.Html;

namespace Petition.Web.Features.Shared;

/// <summary>Marks data (catalog labels, names, addresses, clerk-entered text) as Korean on the page.</summary>
public static class Lang
{
    /// <summary><c>&lt;span lang="ko"&gt;value&lt;/span&gt;</c> (encoded); nothing for an empty value.</summary>
    public static IHtmlContent Ko(object? value)
    {
        var text = value?.ToString();
        return string.IsNullOrEmpty(text) ? HtmlString.Empty : new HtmlString($"<span lang=\"ko\">{WebUtility.HtmlEncode(text)}</span>");
    }
}
