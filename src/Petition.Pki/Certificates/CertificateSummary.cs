using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Petition.Pki.Certificates;

/// <summary>What a citizen or a clerk needs to see about a certificate (the browser's certificate picker shows the same).</summary>
public sealed record CertificateSummary
{
    public required string OwnerName { get; init; }

    public required string Subject { get; init; }

    public required string Issuer { get; init; }

    /// <summary>CA id (yessign, signGATE, ...) or null if not one of the six.</summary>
    public string? CaId { get; init; }

    /// <summary>CA operator in Korean (e.g. 금융결제원), or the issuer's O= value.</summary>
    public required string CaName { get; init; }

    public required string CaNameEnglish { get; init; }

    public required string SerialNumber { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    public required IReadOnlyList<string> PolicyOids { get; init; }

    public required CertificateUsage Usage { get; init; }

    public string UsageKorean => Usage.Korean();

    public string UsageEnglish => Usage.English();

    /// <summary>SHA-256 of the DER certificate, lowercase hex.</summary>
    public required string Sha256Fingerprint { get; init; }

    public bool IsValidAt(DateTimeOffset time) => time >= NotBefore && time <= NotAfter;

    /// <summary>Parses a DER or PEM certificate into a summary.</summary>
    public static CertificateSummary FromBytes(ReadOnlySpan<byte> data) => From(PkiFiles.ReadCertificates(data)[0]);

    /// <summary>Summarises a parsed certificate.</summary>
    public static CertificateSummary From(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var policies = CertificateFacts.GetPolicyOids(certificate);
        var usage = CertificateFacts.ClassifyUsage(policies);
        var ca = CertificateFacts.FindCa(certificate, policies);
        var issuerOrg = CertificateFacts.GetRdn(certificate.IssuerDN, X509Name.O) ?? certificate.IssuerDN.ToString();
        return new CertificateSummary
        {
            OwnerName = CertificateFacts.OwnerName(certificate),
            Subject = certificate.SubjectDN.ToString(),
            Issuer = certificate.IssuerDN.ToString(),
            CaId = ca?.Id,
            CaName = ca?.KoreanName ?? issuerOrg,
            CaNameEnglish = ca?.EnglishName ?? issuerOrg,
            SerialNumber = certificate.SerialNumber.ToString(16),
            NotBefore = new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero),
            NotAfter = new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero),
            PolicyOids = policies,
            Usage = usage,
            Sha256Fingerprint = Convert.ToHexStringLower(SHA256.HashData(certificate.GetEncoded())),
        };
    }
}

/// <summary>Small certificate helpers shared by the summary and the verifier.</summary>
internal static partial class CertificateFacts
{
    [GeneratedRegex(@"\([^)]*\)\d*$")]
    private static partial Regex CnSuffix();

    public static string? GetRdn(X509Name name, DerObjectIdentifier oid)
    {
        var values = name.GetValueList(oid);
        return values.Count > 0 ? values[0] : null;
    }

    public static string OwnerName(X509Certificate certificate)
    {
        var cn = GetRdn(certificate.SubjectDN, X509Name.CN) ?? certificate.SubjectDN.ToString();
        var stripped = CnSuffix().Replace(cn, string.Empty).Trim();
        return stripped.Length > 0 ? stripped : cn;
    }

    public static IReadOnlyList<string> GetPolicyOids(X509Certificate certificate)
    {
        try
        {
            var value = certificate.GetExtensionValue(X509Extensions.CertificatePolicies);
            if (value is null)
            {
                return [];
            }

            var seq = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(value.GetOctets()));
            return [.. seq.Select(p => PolicyInformation.GetInstance(p).PolicyIdentifier.Id)];
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            return [];
        }
    }

    public static CertificateUsage ClassifyUsage(IReadOnlyList<string> policyOids)
    {
        foreach (var oid in policyOids)
        {
            if (NpkiCaCatalog.FindPolicy(oid) is { } policy)
            {
                return policy.Usage;
            }
        }

        return CertificateUsage.Unknown;
    }

    public static NpkiCa? FindCa(X509Certificate certificate, IReadOnlyList<string> policyOids)
    {
        foreach (var oid in policyOids)
        {
            if (NpkiCaCatalog.FindPolicy(oid) is { } policy)
            {
                return NpkiCaCatalog.FindCa(policy.CaId);
            }
        }

        return NpkiCaCatalog.FindCa(GetRdn(certificate.IssuerDN, X509Name.O));
    }
}
