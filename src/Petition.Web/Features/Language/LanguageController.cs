using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Petition.Web.Infrastructure;

namespace Petition.Web.Features.Language;

/// <summary>
/// The language switch (한국어 / English): remembers the choice in the culture cookie and goes back to the page the
/// visitor was on (same path and query). Only local return addresses are accepted.
/// </summary>
public sealed class LanguageController : Controller
{
    [HttpPost("language")]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> SwitchAsync(
        [FromForm] string? culture, [FromForm] string? returnUrl,
        [FromServices] Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, [FromServices] Members.MemberSession session)
    {
        // The switch is in both layouts, also on member pages whose token is bound to the member identity.
        if (!await session.IsAntiforgeryValidAsync(antiforgery))
        {
            return BadRequest();
        }

        var ui = culture switch
        {
            PortalLocalization.English => PortalLocalization.English,
            PortalLocalization.Korean => PortalLocalization.Korean,
            _ => null,
        };
        var target = string.IsNullOrEmpty(returnUrl) ? "/" : returnUrl;
        if (ui is null || !Url.IsLocalUrl(target))
        {
            return BadRequest();
        }

        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(PortalLocalization.FormattingCulture, new System.Globalization.CultureInfo(ui))),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = Request.IsHttps,
                HttpOnly = true,
                Path = "/",
            });
        return LocalRedirect(target);
    }

    /// <summary>
    /// The address of the page being shown, without the culture query keys (the switch's choice must win over them);
    /// for an error page shown by status-code re-execution, the address the visitor asked for.
    /// </summary>
    public static string ReturnUrl(HttpContext context)
    {
        var reExecute = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>();
        string path = reExecute is null ? (context.Request.PathBase + context.Request.Path).Value ?? "/" : reExecute.OriginalPathBase + reExecute.OriginalPath;
        var query = reExecute is null ? context.Request.QueryString : new QueryString(reExecute.OriginalQueryString);
        var kept = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query.Value)
            .Where(q => q.Key is not ("culture" or "ui-culture"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        var rebuilt = QueryString.Create(kept);
        var url = (string.IsNullOrEmpty(path) ? "/" : path) + rebuilt.ToUriComponent();
        return url;
    }
}
