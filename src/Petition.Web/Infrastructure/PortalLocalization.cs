using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Petition.Web.Infrastructure;

/// <summary>
/// The portal's languages: Korean (the default) and English. Only the UI language changes; numbers and dates are
/// formatted the same way in both (the views write Korean date formats explicitly). Strings are looked up with the
/// Korean text as the key: Korean needs no resource file, English comes from <c>Resources/**/*.en.resx</c> next to
/// the view's or type's path (e.g. <c>Resources/Features/Apply/Views/Review.en.resx</c>).
/// </summary>
public static class PortalLocalization
{
    public const string Korean = "ko";

    public const string English = "en";

    public static readonly CultureInfo[] UiCultures = [new(Korean), new(English)];

    /// <summary>The formatting culture of every request (unchanged by the language choice).</summary>
    public static CultureInfo FormattingCulture => CultureInfo.InvariantCulture;

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddPortalMessages();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(FormattingCulture, UiCultures[0]);
            o.SupportedCultures = [FormattingCulture];
            o.SupportedUICultures = UiCultures;
            o.FallBackToParentUICultures = true;

            // The visitor's explicit choice only (?ui-culture=en, or the language cookie); never the browser's
            // Accept-Language: this is a Korean service, and Korean stays the default.
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = "culture", UIQueryStringKey = "ui-culture" },
                new CookieRequestCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>Adds view and data-annotation localization to MVC.</summary>
    public static IMvcBuilder AddPortalViewLocalization(this IMvcBuilder mvc) =>
        mvc.AddViewLocalization().AddDataAnnotationsLocalization();

    /// <summary>Whether the current request renders in English.</summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == English;
}
