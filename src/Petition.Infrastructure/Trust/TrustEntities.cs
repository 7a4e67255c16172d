namespace Petition.Infrastructure.Trust;

/// <summary>What a trust-store certificate is to path building.</summary>
public enum TrustCertificateKind
{
    /// <summary>A trust anchor (root CA, e.g. KISA RootCA).</summary>
    Anchor = 0,

    /// <summary>An untrusted intermediate (a licensed CA) that paths may go through.</summary>
    Intermediate = 1,
}

/// <summary>Where a trust-store entry came from.</summary>
public enum TrustSource
{
    /// <summary>Uploaded by an administrator.</summary>
    Upload = 0,

    /// <summary>Loaded from the demo PKI (demo mode only).</summary>
    Demo = 1,

    /// <summary>Downloaded from a CRL distribution point by the refresh job.</summary>
    DistributionPoint = 2,
}

/// <summary>
/// A CA certificate of the database-backed trust store. Disabled entries stay (for the record) but are left out of
/// every snapshot, so their certificates fail validation at once on every node.
/// </summary>
public sealed class TrustCertificate
{
    public long Id { get; set; }

    public TrustCertificateKind Kind { get; set; }

    public required byte[] Der { get; set; }

    /// <summary>SHA-256 of <see cref="Der"/>, upper-case hex; unique.</summary>
    public required string FingerprintSha256 { get; set; }

    public required string FingerprintSha1 { get; set; }

    public required string SubjectDn { get; set; }

    public required string IssuerDn { get; set; }

    /// <summary>Upper-case hex.</summary>
    public required string SerialNumber { get; set; }

    public DateTime NotBeforeUtc { get; set; }

    public DateTime NotAfterUtc { get; set; }

    /// <summary>certificatePolicies OIDs of the certificate, for display.</summary>
    public List<string> PolicyOids { get; set; } = [];

    /// <summary>http(s) CRL distribution point URLs of the certificate (where its issuer publishes).</summary>
    public List<string> CrlDistributionPoints { get; set; } = [];

    public bool Enabled { get; set; } = true;

    public TrustSource Source { get; set; }

    public DateTime AddedAtUtc { get; set; }

    public required string AddedBy { get; set; }

    public DateTime? ChangedAtUtc { get; set; }

    public string? ChangedBy { get; set; }
}

/// <summary>The newest known CRL of one issuer (replaced when a newer one is uploaded or fetched).</summary>
public sealed class TrustCrl
{
    public long Id { get; set; }

    public required byte[] Der { get; set; }

    public required string IssuerDn { get; set; }

    /// <summary>The trust-store certificate whose key verified the CRL's signature, when known.</summary>
    public long? IssuerCertificateId { get; set; }

    public DateTime ThisUpdateUtc { get; set; }

    public DateTime? NextUpdateUtc { get; set; }

    /// <summary>The CRL number extension, decimal, when present.</summary>
    public string? CrlNumber { get; set; }

    public int RevokedCount { get; set; }

    public TrustSource Source { get; set; }

    /// <summary>The distribution point it came from (or is refreshed from).</summary>
    public string? DistributionPointUrl { get; set; }

    public DateTime AddedAtUtc { get; set; }

    public DateTime? LastFetchAttemptUtc { get; set; }

    /// <summary>Why the last refresh failed (null when it succeeded).</summary>
    public string? LastFetchError { get; set; }
}

/// <summary>
/// The one row (Id 1) with the trust store's version and revocation settings. Every change to the store bumps
/// <see cref="Version"/> in the same transaction; each node compares it to decide whether its snapshot is current.
/// </summary>
public sealed class TrustStoreState
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public long Version { get; set; }

    /// <summary>Ask OCSP first where a responder is known.</summary>
    public bool OcspEnabled { get; set; }

    /// <summary>The responder used for every certificate instead of its AIA URL (optional).</summary>
    public string? OcspResponderUrl { get; set; }

    /// <summary>Whether the background job refreshes CRLs from their distribution points.</summary>
    public bool RefreshCrlsFromDistributionPoints { get; set; }

    /// <summary>The demo manifest the demo entries were loaded from (demo mode), to reload after a regeneration.</summary>
    public string? DemoGeneratedAt { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public string? UpdatedBy { get; set; }
}
