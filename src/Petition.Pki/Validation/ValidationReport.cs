using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Petition.Pki.Certificates;

namespace Petition.Pki.Validation;

/// <summary>A certificate of the validated chain, signer first, trust anchor last.</summary>
public sealed record ChainElement(string Role, string Subject, string Issuer, string SerialNumber, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Sha256Fingerprint);

/// <summary>The revocation evidence used for one certificate.</summary>
public sealed record RevocationEvidence
{
    public required string Subject { get; init; }

    public required string SerialNumber { get; init; }

    /// <summary>GOOD, REVOKED, UNKNOWN (missing or stale information).</summary>
    public required string Status { get; init; }

    /// <summary>CRL or OCSP.</summary>
    public required string Kind { get; init; }

    /// <summary>Where it came from: "trust store", a distribution point URL, an OCSP responder URL, or "none".</summary>
    public required string Source { get; init; }

    public DateTimeOffset? ThisUpdate { get; init; }

    public DateTimeOffset? NextUpdate { get; init; }

    public string? CrlNumber { get; init; }

    public DateTimeOffset? RevocationTime { get; init; }

    public int? RevocationReason { get; init; }

    /// <summary>When the evidence was checked (the validation time).</summary>
    public required DateTimeOffset CheckedAt { get; init; }
}

/// <summary>The VID identity check in the report.</summary>
public sealed record IdentityEvidence(
    [property: JsonConverter(typeof(JsonStringEnumConverter<Npki.VidCheckResult>))] Npki.VidCheckResult Result,
    string? HashAlgorithm,
    string? MaskedRrn);

/// <summary>
/// Validation report modelled on ETSI EN 319 102-1 (as EU DSS reports it) with the portal's own outcome.
/// Store it with the petition as evidence; <see cref="ToJson"/> gives its JSON form.
/// </summary>
public sealed record ValidationReport
{
    public required Indication Indication { get; init; }

    public SubIndication? SubIndication { get; init; }

    public required PortalOutcome Outcome { get; init; }

    /// <summary>True only for TOTAL_PASSED with outcome ACCEPTED.</summary>
    public bool Accepted => Indication == Indication.TotalPassed && Outcome == PortalOutcome.Accepted;

    public required DateTimeOffset ValidationTime { get; init; }

    /// <summary>The signingTime signed attribute (claimed by the signer; not a proof of existence).</summary>
    public DateTimeOffset? SigningTime { get; init; }

    public CertificateSummary? Signer { get; init; }

    public IReadOnlyList<ChainElement> Chain { get; init; } = [];

    public IReadOnlyList<RevocationEvidence> Revocation { get; init; } = [];

    public IdentityEvidence? Identity { get; init; }

    /// <summary>Technical details (English) for logs and administrators.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>Plain-language explanation for citizens and clerks, in Korean.</summary>
    public string MessageKo => ReportMessages.Korean(this);

    /// <summary>Plain-language explanation for citizens and clerks, in English.</summary>
    public string MessageEn => ReportMessages.English(this);

    public string ToJson(bool indented = true) => JsonSerializer.Serialize(this, indented ? JsonIndented : JsonCompact);

    public static ValidationReport FromJson(string json) =>
        JsonSerializer.Deserialize<ValidationReport>(json, JsonCompact) ?? throw new PkiFormatException("Empty report JSON.");

    internal static readonly JsonSerializerOptions JsonIndented = CreateJsonOptions(true);

    internal static readonly JsonSerializerOptions JsonCompact = CreateJsonOptions(false);

    private static JsonSerializerOptions CreateJsonOptions(bool indented) => new()
    {
        WriteIndented = indented,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
    };
}

/// <summary>Korean and English sentences for reports.</summary>
public static class ReportMessages
{
    public static string Korean(ValidationReport report) => report.Outcome switch
    {
        PortalOutcome.Accepted => "전자서명과 인증서가 모두 확인되었고, 서명자가 신청인 본인임이 확인되었습니다.",
        PortalOutcome.ContentMismatch => "서명된 문서가 포털이 제시한 신청서와 다릅니다. 신청서를 다시 확인한 뒤 다시 서명해 주십시오.",
        PortalOutcome.PolicyNotAccepted => $"이 민원은 사용하신 인증서의 용도({report.Signer?.UsageKorean ?? "알 수 없음"})로 신청할 수 없습니다. 범용 공동인증서(구 공인인증서) 등 허용된 인증서를 사용해 주십시오.",
        PortalOutcome.IdentityMismatch => "인증서의 주인이 입력하신 신청인(주민등록번호)과 다릅니다. 신청인 본인의 인증서로 서명해 주십시오.",
        PortalOutcome.IdentityNotVerifiable => "인증서로 본인 여부를 확인할 수 없습니다(본인확인 정보 없음). 다른 인증서를 사용해 주십시오.",
        PortalOutcome.NonceReplayed => "이미 제출된 서명입니다. 새로 고친 신청서에 다시 서명해 주십시오.",
        PortalOutcome.SignatureNotValid => SubKorean(report.Indication, report.SubIndication),
        _ => "서명 확인 결과를 알 수 없습니다.",
    };

    public static string English(ValidationReport report) => report.Outcome switch
    {
        PortalOutcome.Accepted => "The digital signature and the certificate are valid, and the signer is the applicant.",
        PortalOutcome.ContentMismatch => "The signed document is not the application the portal presented. Please review the application and sign it again.",
        PortalOutcome.PolicyNotAccepted => $"This petition cannot be filed with a certificate restricted to {report.Signer?.UsageEnglish ?? "an unknown usage"}. Please use an accepted certificate, such as a general-purpose joint certificate.",
        PortalOutcome.IdentityMismatch => "The certificate belongs to someone other than the applicant whose resident registration number was entered. Please sign with the applicant's own certificate.",
        PortalOutcome.IdentityNotVerifiable => "The certificate does not allow the applicant's identity to be checked (no identity data). Please use another certificate.",
        PortalOutcome.NonceReplayed => "This signature was already submitted. Please sign the refreshed application again.",
        PortalOutcome.SignatureNotValid => SubEnglish(report.Indication, report.SubIndication),
        _ => "The signature check result is unknown.",
    };

    private static string SubKorean(Indication indication, SubIndication? sub) => sub switch
    {
        SubIndication.FormatFailure => "서명 데이터의 형식이 올바르지 않습니다.",
        SubIndication.HashFailure => "서명 후 문서가 변경되었습니다.",
        SubIndication.SigCryptoFailure => "전자서명 값이 올바르지 않습니다.",
        SubIndication.Revoked => "인증서가 폐지(효력정지)되었습니다. 인증서를 재발급 받아 주십시오.",
        SubIndication.RevokedNoPoe => "인증서가 폐지되었습니다. 인증서를 재발급 받아 주십시오.",
        SubIndication.RevokedCaNoPoe => "인증서를 발급한 인증기관의 인증서가 폐지되었습니다.",
        SubIndication.Expired => "인증서의 유효기간이 지났습니다. 인증서를 갱신해 주십시오.",
        SubIndication.NotYetValid => "인증서의 유효기간이 아직 시작되지 않았습니다.",
        SubIndication.OutOfBoundsNoPoe => "인증서 또는 인증기관 인증서의 유효기간이 지났습니다.",
        SubIndication.NoCertificateChainFound => "포털이 신뢰하는 인증기관에서 발급한 인증서가 아닙니다.",
        SubIndication.ChainConstraintsFailure => "인증서가 인증서 정책(용도, 발급 제약 등)을 충족하지 않습니다.",
        SubIndication.SigConstraintsFailure => "서명 시각이 올바르지 않습니다. 컴퓨터의 시계를 확인한 뒤 다시 서명해 주십시오.",
        SubIndication.TryLater => "인증서 폐지 여부를 지금 확인할 수 없습니다. 잠시 후 다시 시도해 주십시오.",
        SubIndication.NoSigningCertificateFound => "서명에 서명자의 인증서가 없습니다.",
        SubIndication.CryptoConstraintsFailureNoPoe => "지원하지 않는 서명 방식입니다.",
        null => indication == Indication.TotalPassed ? "서명이 확인되었습니다." : "서명을 확인하지 못했습니다.",
        _ => "서명을 확인하지 못했습니다.",
    };

    private static string SubEnglish(Indication indication, SubIndication? sub) => sub switch
    {
        SubIndication.FormatFailure => "The signature data is malformed.",
        SubIndication.HashFailure => "The document was changed after it was signed.",
        SubIndication.SigCryptoFailure => "The digital signature value is not valid.",
        SubIndication.Revoked => "The certificate has been revoked. Please have it reissued.",
        SubIndication.RevokedNoPoe => "The certificate has been revoked. Please have it reissued.",
        SubIndication.RevokedCaNoPoe => "The certificate of the issuing CA has been revoked.",
        SubIndication.Expired => "The certificate has expired. Please renew it.",
        SubIndication.NotYetValid => "The certificate is not valid yet.",
        SubIndication.OutOfBoundsNoPoe => "The certificate or a CA certificate is outside its validity period.",
        SubIndication.NoCertificateChainFound => "The certificate was not issued by a certification authority the portal trusts.",
        SubIndication.ChainConstraintsFailure => "The certificate does not meet the certificate constraints (usage, issuing constraints).",
        SubIndication.SigConstraintsFailure => "The signing time is not acceptable. Please check your computer's clock and sign again.",
        SubIndication.TryLater => "The certificate's revocation status cannot be checked right now. Please try again later.",
        SubIndication.NoSigningCertificateFound => "The signature does not include the signer's certificate.",
        SubIndication.CryptoConstraintsFailureNoPoe => "The signature algorithm is not supported.",
        null => indication == Indication.TotalPassed ? "The signature is valid." : "The signature could not be validated.",
        _ => "The signature could not be validated.",
    };
}
