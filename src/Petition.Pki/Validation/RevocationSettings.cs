namespace Petition.Pki.Validation;

/// <summary>
/// Revocation settings carried by a <see cref="TrustStoreSnapshot"/> (the administrator's choice in a database-backed
/// store). When a snapshot has them they override <see cref="PkiOptions.UseOcsp"/>, <see cref="PkiOptions.OcspResponderUrl"/>
/// and <see cref="PkiOptions.FetchCrlsFromDistributionPoints"/>, so a change takes effect with the next snapshot.
/// </summary>
public sealed record RevocationSettings
{
    /// <summary>Ask OCSP first (the certificate's AIA responder, or <see cref="OcspResponderUrl"/>).</summary>
    public bool UseOcsp { get; init; }

    /// <summary>An absolute http(s) responder used for every certificate instead of its AIA URL; null for the AIA URL.</summary>
    public string? OcspResponderUrl { get; init; }

    /// <summary>Download missing or stale CRLs from the certificates' http(s) CRL distribution points during validation.</summary>
    public bool FetchCrlsFromDistributionPoints { get; init; }

    /// <summary>The settings <paramref name="options"/> give when a snapshot carries none.</summary>
    public static RevocationSettings From(PkiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RevocationSettings
        {
            UseOcsp = options.UseOcsp,
            OcspResponderUrl = options.OcspResponderUrl,
            FetchCrlsFromDistributionPoints = options.FetchCrlsFromDistributionPoints,
        };
    }

    /// <summary>Whether <paramref name="url"/> is an absolute http or https URL (what a responder URL must be).</summary>
    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
