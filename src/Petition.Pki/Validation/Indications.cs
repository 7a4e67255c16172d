using System.Text.Json;
using System.Text.Json.Serialization;

namespace Petition.Pki.Validation;

/// <summary>ETSI EN 319 102-1 main indication. Serialised as TOTAL_PASSED, TOTAL_FAILED, INDETERMINATE.</summary>
[JsonConverter(typeof(EtsiEnumConverter<Indication>))]
public enum Indication
{
    TotalPassed,
    TotalFailed,
    Indeterminate,
}

/// <summary>ETSI EN 319 102-1 sub-indications (the subset this validator produces). Serialised in UPPER_SNAKE_CASE.</summary>
[JsonConverter(typeof(EtsiEnumConverter<SubIndication>))]
public enum SubIndication
{
    /// <summary>TOTAL_FAILED: the CMS is malformed or lacks what the profile requires.</summary>
    FormatFailure,

    /// <summary>TOTAL_FAILED: the messageDigest does not match the content, or the content is not the expected document.</summary>
    HashFailure,

    /// <summary>TOTAL_FAILED: the signature value does not verify with the signer's public key.</summary>
    SigCryptoFailure,

    /// <summary>TOTAL_FAILED: the signing certificate was revoked before the signing time.</summary>
    Revoked,

    /// <summary>TOTAL_FAILED: the signing time is after the certificate's notAfter.</summary>
    Expired,

    /// <summary>TOTAL_FAILED: the signing time is before the certificate's notBefore.</summary>
    NotYetValid,

    /// <summary>INDETERMINATE: no chain to a configured trust anchor.</summary>
    NoCertificateChainFound,

    /// <summary>INDETERMINATE: the certificate was revoked after the (claimed) signing time; no proof of existence before.</summary>
    RevokedNoPoe,

    /// <summary>INDETERMINATE: a CA certificate in the chain is revoked.</summary>
    RevokedCaNoPoe,

    /// <summary>INDETERMINATE: a certificate is outside its validity now, and there is no proof of existence of the signature.</summary>
    OutOfBoundsNoPoe,

    /// <summary>INDETERMINATE: RFC 5280 path validation failed (basic constraints, path length, name constraints, policies, key usage).</summary>
    ChainConstraintsFailure,

    /// <summary>INDETERMINATE: a signature constraint failed (e.g. signing time too far from now, weak algorithm).</summary>
    SigConstraintsFailure,

    /// <summary>INDETERMINATE: revocation information is missing or stale; try again after a CRL refresh.</summary>
    TryLater,

    /// <summary>INDETERMINATE: the signer certificate is not in the CMS.</summary>
    NoSigningCertificateFound,

    /// <summary>INDETERMINATE: the signature or key algorithm is not supported.</summary>
    CryptoConstraintsFailureNoPoe,
}

/// <summary>The portal's own verdict on top of the ETSI indication.</summary>
[JsonConverter(typeof(EtsiEnumConverter<PortalOutcome>))]
public enum PortalOutcome
{
    /// <summary>Everything passed: the submission is accepted.</summary>
    Accepted,

    /// <summary>The signature itself did not validate (see indication and sub-indication).</summary>
    SignatureNotValid,

    /// <summary>The signed content is not the document the portal expected.</summary>
    ContentMismatch,

    /// <summary>The certificate's policy (용도) is not in the petition type's allow-list.</summary>
    PolicyNotAccepted,

    /// <summary>The VID does not match the applicant's RRN: the signer is not the applicant.</summary>
    IdentityMismatch,

    /// <summary>The identity check could not be made (no R, no VID in the certificate, or no RRN given).</summary>
    IdentityNotVerifiable,

    /// <summary>The document's one-time nonce was used before.</summary>
    NonceReplayed,
}

/// <summary>Serialises enum members as ETSI-style UPPER_SNAKE_CASE names.</summary>
public sealed class EtsiEnumConverter<T> : JsonStringEnumConverter<T>
    where T : struct, Enum
{
    public EtsiEnumConverter()
        : base(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false)
    {
    }
}

/// <summary>ETSI names for the enums.</summary>
public static class EtsiNames
{
    public static string ToEtsiName<T>(this T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString());
}
