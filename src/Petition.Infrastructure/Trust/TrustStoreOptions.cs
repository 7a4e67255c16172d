using System.ComponentModel.DataAnnotations;

namespace Petition.Infrastructure.Trust;

/// <summary>Configuration section "TrustStore": the database trust store's upload limit and CRL refresh job.</summary>
public sealed class TrustStoreOptions
{
    public const string SectionName = "TrustStore";

    /// <summary>Largest certificate or CRL file an administrator may upload.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxUploadBytes { get; set; } = 1024 * 1024;

    /// <summary>How often the refresh job looks for CRLs to fetch (only when the administrator turned refreshing on).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A CRL is fetched again this long before its nextUpdate.</summary>
    public TimeSpan RefreshAhead { get; set; } = TimeSpan.FromHours(2);

    /// <summary>After a failed fetch, the job waits this long before trying the same CRL again.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Timeout of one CRL download.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Puts configured content into the database trust store before it is first read (the web app loads the demo PKI in
/// demo mode, or imports a configured trust directory once). Called by <see cref="DbTrustStore"/> on every read; must be
/// cheap when there is nothing to do.
/// </summary>
public interface ITrustStoreBootstrap
{
    ValueTask EnsureAsync(CancellationToken cancellationToken = default);
}

/// <summary>Who makes a trust-store change (for the record and the audit log).</summary>
public sealed record TrustActor(string? UserId, string Name, string? IpAddress = null)
{
    public static readonly TrustActor System = new(null, "system");
}

/// <summary>
/// A message for the administrator: Korean text (the lookup key for its English resource) and format arguments.
/// </summary>
public sealed record TrustMessage(string Text, params object[] Arguments)
{
    public override string ToString() => Arguments.Length == 0 ? Text : string.Format(System.Globalization.CultureInfo.InvariantCulture, Text, Arguments);
}

/// <summary>The outcome of a trust-store change: done (with a confirmation) or refused (with the reason).</summary>
public sealed record TrustChangeResult(bool Succeeded, TrustMessage Message)
{
    public static TrustChangeResult Done(string text, params object[] arguments) => new(true, new TrustMessage(text, arguments));

    public static TrustChangeResult Refused(string text, params object[] arguments) => new(false, new TrustMessage(text, arguments));
}
