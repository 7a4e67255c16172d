using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Petition.Core.Applications;

namespace Petition.Web.Features.Track;

/// <summary>How long a successful lookup keeps a petition open in this browser (신청 조회).</summary>
public sealed class TrackingOptions
{
    public const string SectionName = "Tracking";

    /// <summary>The tracking access lifetime; 30 minutes unless configured.</summary>
    public TimeSpan AccessLifetime { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// Short-lived tracking access: after receipt number, name and date of birth matched, the browser gets one
/// cookie per petition (<c>Petition.Track.{접수번호}</c>, path <c>/track/{접수번호}</c>, HttpOnly,
/// SameSite=Strict, Secure over HTTPS), so several petitions can be open at once and each cookie is only
/// ever sent to its own petition's pages. The value is a Data Protection time-limited payload bound to the
/// petition id and its receipt number; it carries its own expiry by the portal clock (<see cref="TimeProvider"/>)
/// and the protector's expiry as an outer bound, so a copied value stops working after the lifetime either way.
/// </summary>
public sealed class TrackingAccess(IDataProtectionProvider provider, TimeProvider clock, Microsoft.Extensions.Options.IOptions<TrackingOptions> options)
{
    private const string Purpose = "Petition.Web.Track.Access.v1";
    private const string CookiePrefix = "Petition.Track.";

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public TimeSpan Lifetime => options.Value.AccessLifetime;

    public static string CookieName(string receiptNumber) => CookiePrefix + receiptNumber;

    public static string CookiePath(string receiptNumber) => "/track/" + receiptNumber;

    /// <summary>Opens the petition in this browser for <see cref="Lifetime"/>.</summary>
    public void Grant(HttpContext context, PetitionRecord petition)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var payload = string.Create(CultureInfo.InvariantCulture, $"{petition.Id}|{petition.ReceiptNumber}|{expires.UtcTicks}");

        // The protector checks its own expiry against the system clock; the portal clock's expiry inside the
        // payload is the one the pages enforce (equal in production, movable in tests).
        var value = _protector.Protect(payload, DateTimeOffset.UtcNow + Lifetime);
        context.Response.Cookies.Append(CookieName(petition.ReceiptNumber), value, CookieOptions(context, petition.ReceiptNumber));
    }

    /// <summary>The petition id this browser may see under <paramref name="receiptNumber"/>, or null (no, expired or forged access).</summary>
    public long? Find(HttpContext context, string receiptNumber)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName(receiptNumber), out var value) || string.IsNullOrEmpty(value) || value.Length > 2048)
        {
            return null;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null; // tampered, expired by the protector, or made with a key this portal no longer has
        }

        var parts = payload.Split('|');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var petitionId)
            || !string.Equals(parts[1], receiptNumber, StringComparison.Ordinal)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresTicks)
            || clock.GetUtcNow().UtcTicks >= expiresTicks)
        {
            return null;
        }

        return petitionId;
    }

    /// <summary>조회 종료: forgets the access to this petition in this browser.</summary>
    public void End(HttpContext context, string receiptNumber) =>
        context.Response.Cookies.Delete(CookieName(receiptNumber), CookieOptions(context, receiptNumber));

    private CookieOptions CookieOptions(HttpContext context, string receiptNumber) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        IsEssential = true,
        Path = CookiePath(receiptNumber),
        MaxAge = Lifetime,
    };
}

public static class TrackingRegistration
{
    /// <summary>Tracking access (<see cref="TrackingAccess"/>) and its options (<c>Tracking</c> section).</summary>
    public static IServiceCollection AddPetitionTracking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrackingOptions>().Bind(configuration.GetSection(TrackingOptions.SectionName))
            .Validate(o => o.AccessLifetime > TimeSpan.Zero && o.AccessLifetime <= TimeSpan.FromHours(4), "Tracking:AccessLifetime must be between 0 and 4 hours.")
            .ValidateOnStart();
        services.AddSingleton<TrackingAccess>();
        return services;
    }
}
