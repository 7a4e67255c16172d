using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Petition.Web.Features.Shared;

public static class ViewExtensions
{
    /// <summary>The first error recorded for <paramref name="key"/>, or null.</summary>
    public static string? ErrorFor(this ViewDataDictionary viewData, string key) =>
        viewData.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
