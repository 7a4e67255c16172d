namespace Petition.Web.Features.Signing;

/// <summary>
/// The <c>Demo</c> section. Demo mode (Development and the out-of-the-box run) generates a demo PKI,
/// trusts it, and offers the demo certificates page. Off in production configuration.
/// </summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public bool Enabled { get; set; }

    /// <summary>Where the demo PKI lives; relative paths resolve against the content root.</summary>
    public string PkiDirectory { get; set; } = "data/demo-pki";

    /// <summary>A demo PKI older than this is generated again (its CRLs would go stale).</summary>
    public TimeSpan RegenerateAfter { get; set; } = TimeSpan.FromDays(20);
}

/// <summary>
/// The <c>Portal</c> section for production: the trust store directory (root and licensed CA
/// certificates, CRLs) and the portal's key-management certificate that receives R encrypted.
/// Ignored in demo mode, which uses the demo PKI's.
/// </summary>
public sealed class PortalPkiOptions
{
    public const string SectionName = "Portal";

    public string? TrustDirectory { get; set; }

    public string? KmCertificate { get; set; }

    public string? KmPrivateKey { get; set; }

    public string? KmPassword { get; set; }

    /// <summary>How long a document prepared for signing stays signable.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(30);
}
