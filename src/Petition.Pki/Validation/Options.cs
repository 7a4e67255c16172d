using Petition.Pki.Certificates;

namespace Petition.Pki.Validation;

/// <summary>Configuration section "Pki" (bound by <c>AddPetitionPki</c>).</summary>
public sealed class PkiOptions
{
    public const string SectionName = "Pki";

    /// <summary>Optional directory loaded into the in-memory trust store at start (anchors, intermediates, *.crl).</summary>
    public string? TrustDirectory { get; set; }

    /// <summary>Refresh missing or stale CRLs from the certificates' http CRL distribution points.</summary>
    public bool FetchCrlsFromDistributionPoints { get; set; }

    /// <summary>Ask OCSP first (the certificate's AIA responder, or <see cref="OcspResponderUrl"/>).</summary>
    public bool UseOcsp { get; set; }

    /// <summary>OCSP responder used for every certificate instead of its AIA URL.</summary>
    public string? OcspResponderUrl { get; set; }

    /// <summary>An OCSP response without nextUpdate is fresh for this long after thisUpdate.</summary>
    public TimeSpan OcspMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tolerated clock difference for thisUpdate and similar times.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout for CRL downloads and OCSP requests.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest CMS submission accepted.</summary>
    public int MaxSubmissionBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most certificates accepted inside one CMS.</summary>
    public int MaxEmbeddedCertificates { get; set; } = 10;
}

/// <summary>What a petition type accepts (set by the administrator).</summary>
public sealed record VerificationPolicy
{
    /// <summary>Accepted certificatePolicies OIDs (the 용도 allow-list). Empty accepts any policy.</summary>
    public IReadOnlyCollection<string> AcceptedPolicyOids { get; init; } = [];

    /// <summary>Require the VID identity check to pass (needs the applicant RRN and R).</summary>
    public bool RequireIdentityCheck { get; init; } = true;

    /// <summary>Require revocation status for every certificate of the chain (missing or stale gives TRY_LATER).</summary>
    public bool RequireRevocationCheck { get; init; } = true;

    /// <summary>How far the signingTime may lie in the future of the validation time.</summary>
    public TimeSpan MaxSigningTimeSkew { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How old the signingTime may be; null for no limit (e.g. re-validating stored evidence).</summary>
    public TimeSpan? MaxSignatureAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>RFC 5280 inputs and building bounds.</summary>
    public PathValidationSettings Path { get; init; } = new();

    /// <summary>General purpose (범용) personal certificates of the six CAs, identity check on: the common petition setting.</summary>
    public static VerificationPolicy GeneralPurpose() => new() { AcceptedPolicyOids = NpkiCaCatalog.PersonalPoliciesFor(CertificateUsage.General) };

    /// <summary>Accepts the given usages (e.g. 범용 + 은행).</summary>
    public static VerificationPolicy ForUsages(params CertificateUsage[] usages) =>
        new() { AcceptedPolicyOids = [.. usages.SelectMany(NpkiCaCatalog.PersonalPoliciesFor)] };
}

/// <summary>A signed submission to verify.</summary>
public sealed record SignedSubmission
{
    /// <summary>The CMS SignedData (DER) the browser produced.</summary>
    public required byte[] Cms { get; init; }

    /// <summary>The exact document bytes the portal presented for signing (includes the nonce).</summary>
    public required byte[] ExpectedContent { get; init; }

    /// <summary>The one-time nonce embedded in the document; consumed when everything else passed.</summary>
    public string? Nonce { get; init; }

    /// <summary>The RRN the applicant typed in step 2.</summary>
    public string? ApplicantRrn { get; init; }

    /// <summary>R, decrypted from the browser's envelope (see <see cref="Cms.RandomNumberEnvelope"/>). Never store it.</summary>
    public byte[]? RandomNum { get; init; }

    /// <summary>Validation time; null for the clock's now.</summary>
    public DateTimeOffset? ValidationTime { get; init; }
}
