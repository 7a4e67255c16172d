namespace Petition.Core.Applications;

/// <summary>The citizen's answer on step 5 (인증서 존재 여부).</summary>
public enum CertificateChoice
{
    Unanswered = 0,
    HasCertificate = 1,
    NoCertificate = 2,
}

/// <summary>How the applicant's identity was or will be established.</summary>
public enum IdentityVerification
{
    /// <summary>The petition type needs no identity verification.</summary>
    NotRequired = 0,

    /// <summary>Verified online by the applicant's certificate signature (VID check).</summary>
    VerifiedBySignature = 1,

    /// <summary>Not verified online: checked at the counter when the documents are collected.</summary>
    CheckAtCounter = 2,
}

public enum FeeStatus
{
    NotRequired = 0,
    PayAtCounter = 1,
    Paid = 2,
    Refunded = 3,
}
