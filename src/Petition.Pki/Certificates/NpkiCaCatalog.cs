namespace Petition.Pki.Certificates;

/// <summary>A licensed (accredited) Korean CA.</summary>
/// <param name="Id">Short id used in configuration and folder names (yessign, signGATE, SignKorea, CrossCert, TradeSign, NCASign).</param>
/// <param name="KoreanName">Operator name in Korean.</param>
/// <param name="EnglishName">Operator and brand in English.</param>
/// <param name="Organization">The O= value in its certificates.</param>
public sealed record NpkiCa(string Id, string KoreanName, string EnglishName, string Organization);

/// <summary>A known certificatePolicies OID.</summary>
public sealed record NpkiPolicy(string Oid, string CaId, CertificateUsage Usage, bool Corporate, string Description);

/// <summary>The six CAs of the seed page and their certificatePolicies OIDs (docs/pki.md).</summary>
public static class NpkiCaCatalog
{
    public static readonly NpkiCa Yessign = new("yessign", "금융결제원", "KFTC (yessign)", "yessign");
    public static readonly NpkiCa SignGate = new("signGATE", "한국정보인증", "KICA (signGATE)", "signGATE");
    public static readonly NpkiCa SignKorea = new("SignKorea", "코스콤", "Koscom (SignKorea)", "SignKorea");
    public static readonly NpkiCa CrossCert = new("CrossCert", "한국전자인증", "CrossCert", "CrossCert");
    public static readonly NpkiCa TradeSign = new("TradeSign", "한국무역정보통신", "KTNET (TradeSign)", "TradeSign");
    public static readonly NpkiCa Nia = new("NCASign", "한국정보사회진흥원", "NIA (NCA)", "NCASign");

    /// <summary>All six CAs.</summary>
    public static readonly IReadOnlyList<NpkiCa> All = [Yessign, SignGate, SignKorea, CrossCert, TradeSign, Nia];

    /// <summary>All known policy OIDs.</summary>
    public static readonly IReadOnlyList<NpkiPolicy> Policies =
    [
        new("1.2.410.200005.1.1.1", "yessign", CertificateUsage.General, false, "yessign 범용 개인"),
        new("1.2.410.200005.1.1.5", "yessign", CertificateUsage.General, true, "yessign 범용 법인"),
        new("1.2.410.200005.1.1.4", "yessign", CertificateUsage.Banking, false, "yessign 은행/보험/카드/민원 개인"),
        new("1.2.410.200005.1.1.2", "yessign", CertificateUsage.Banking, true, "yessign 용도제한 법인"),
        new("1.2.410.200004.5.2.1.2", "signGATE", CertificateUsage.General, false, "signGATE 범용 개인"),
        new("1.2.410.200004.5.2.1.1", "signGATE", CertificateUsage.General, true, "signGATE 범용 법인"),
        new("1.2.410.200004.5.2.1.7.1", "signGATE", CertificateUsage.Banking, false, "signGATE 은행 개인"),
        new("1.2.410.200004.5.2.1.7.2", "signGATE", CertificateUsage.Securities, false, "signGATE 증권 개인"),
        new("1.2.410.200004.5.2.1.7.3", "signGATE", CertificateUsage.CreditCard, false, "signGATE 신용카드 개인"),
        new("1.2.410.200004.5.1.1.5", "SignKorea", CertificateUsage.General, false, "SignKorea 범용 개인"),
        new("1.2.410.200004.5.1.1.7", "SignKorea", CertificateUsage.General, true, "SignKorea 범용 법인"),
        new("1.2.410.200004.5.1.1.9", "SignKorea", CertificateUsage.Securities, false, "SignKorea 증권/보험 개인"),
        new("1.2.410.200004.5.1.1.9.2", "SignKorea", CertificateUsage.CreditCard, false, "SignKorea 신용카드 개인"),
        new("1.2.410.200004.5.4.1.1", "CrossCert", CertificateUsage.General, false, "CrossCert 범용 개인"),
        new("1.2.410.200004.5.4.1.2", "CrossCert", CertificateUsage.General, true, "CrossCert 범용 법인"),
        new("1.2.410.200004.5.4.1.101", "CrossCert", CertificateUsage.Banking, false, "CrossCert 은행 개인"),
        new("1.2.410.200004.5.4.1.102", "CrossCert", CertificateUsage.Securities, false, "CrossCert 증권 개인"),
        new("1.2.410.200004.5.4.1.103", "CrossCert", CertificateUsage.CreditCard, false, "CrossCert 신용카드 개인"),
        new("1.2.410.200004.5.4.1.104", "CrossCert", CertificateUsage.CivilService, false, "CrossCert 전자민원 개인"),
        new("1.2.410.200012.1.1.1", "TradeSign", CertificateUsage.General, false, "TradeSign 범용 개인"),
        new("1.2.410.200012.1.1.3", "TradeSign", CertificateUsage.General, true, "TradeSign 범용 법인"),
        new("1.2.410.200012.1.1.101", "TradeSign", CertificateUsage.Banking, false, "TradeSign 은행 개인"),
        new("1.2.410.200012.1.1.103", "TradeSign", CertificateUsage.Securities, false, "TradeSign 증권 개인"),
        new("1.2.410.200012.1.1.105", "TradeSign", CertificateUsage.CreditCard, false, "TradeSign 신용카드 개인"),
        new("1.2.410.200004.5.3.1.9", "NCASign", CertificateUsage.General, false, "NCA 범용 개인"),
        new("1.2.410.200004.5.3.1.2", "NCASign", CertificateUsage.General, true, "NCA 범용 법인"),
        new("1.2.410.200004.5.3.1.1", "NCASign", CertificateUsage.Institution, true, "NCA 기관"),
    ];

    private static readonly Dictionary<string, NpkiPolicy> ByOid = Policies.ToDictionary(p => p.Oid, StringComparer.Ordinal);

    /// <summary>Looks up a policy OID.</summary>
    public static NpkiPolicy? FindPolicy(string oid) => ByOid.GetValueOrDefault(oid);

    /// <summary>Looks up a CA by id (case-insensitive) or by its O= value.</summary>
    public static NpkiCa? FindCa(string? idOrOrganization) =>
        idOrOrganization is null
            ? null
            : All.FirstOrDefault(c =>
                string.Equals(c.Id, idOrOrganization, StringComparison.OrdinalIgnoreCase)
                || string.Equals(c.Organization, idOrOrganization, StringComparison.OrdinalIgnoreCase));

    /// <summary>The 범용 personal policy OID of a CA.</summary>
    public static string GeneralPersonalPolicy(NpkiCa ca) =>
        Policies.First(p => p.CaId == ca.Id && p.Usage == CertificateUsage.General && !p.Corporate).Oid;

    /// <summary>The policy OIDs of every CA for a usage (personal certificates), e.g. the default allow-list for 범용.</summary>
    public static IReadOnlyList<string> PersonalPoliciesFor(CertificateUsage usage) =>
        [.. Policies.Where(p => p.Usage == usage && !p.Corporate).Select(p => p.Oid)];
}
