using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Petition.Pki.Validation;

namespace Petition.Pki.Certificates;

/// <summary>What a trust-store administrator sees of a CA certificate (subject, issuer, serial, fingerprints, validity, policies).</summary>
public sealed record CertificateDescription
{
    /// <summary>The certificate, DER.</summary>
    public required byte[] Der { get; init; }

    public required string Subject { get; init; }

    public required string Issuer { get; init; }

    /// <summary>Serial number, upper-case hex.</summary>
    public required string SerialNumber { get; init; }

    /// <summary>SHA-256 of the DER, upper-case hex.</summary>
    public required string FingerprintSha256 { get; init; }

    /// <summary>SHA-1 of the DER, upper-case hex.</summary>
    public required string FingerprintSha1 { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>certificatePolicies OIDs.</summary>
    public required IReadOnlyList<string> PolicyOids { get; init; }

    /// <summary>http(s) CRL distribution point URLs (where the certificate's issuer publishes its CRL).</summary>
    public required IReadOnlyList<string> CrlDistributionPoints { get; init; }

    /// <summary>Issuer equals subject and the certificate's own key verifies its signature (a root).</summary>
    public required bool IsSelfSigned { get; init; }

    /// <summary>basicConstraints cA=true.</summary>
    public required bool IsCa { get; init; }

    /// <summary>Reads every certificate of a DER or PEM file; throws <see cref="PkiFormatException"/> for anything else.</summary>
    public static IReadOnlyList<CertificateDescription> Read(ReadOnlySpan<byte> data) => [.. PkiFiles.ReadCertificates(data).Select(Describe)];

    /// <summary>Describes a parsed certificate.</summary>
    public static CertificateDescription Describe(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var der = certificate.GetEncoded();
        return new CertificateDescription
        {
            Der = der,
            Subject = certificate.SubjectDN.ToString(),
            Issuer = certificate.IssuerDN.ToString(),
            SerialNumber = certificate.SerialNumber.ToString(16).ToUpperInvariant(),
            FingerprintSha256 = Convert.ToHexString(SHA256.HashData(der)),
#pragma warning disable CA5350 // SHA-1 only as a display fingerprint (what CA operators publish), never for security.
            FingerprintSha1 = Convert.ToHexString(SHA1.HashData(der)),
#pragma warning restore CA5350
            NotBefore = new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero),
            NotAfter = new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero),
            PolicyOids = CertificateFacts.GetPolicyOids(certificate),
            CrlDistributionPoints = [.. RevocationChecker.CrlUrls(certificate).Select(u => u.ToString()).Distinct(StringComparer.Ordinal)],
            IsSelfSigned = InMemoryTrustStore.IsSelfSigned(certificate),
            IsCa = IsCaCertificate(certificate),
        };
    }

    private static bool IsCaCertificate(X509Certificate certificate)
    {
        try
        {
            return certificate.GetBasicConstraints() >= 0;
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            return false;
        }
    }
}

/// <summary>What a trust-store administrator sees of a CRL, and whether a CA's key signed it.</summary>
public sealed record CrlDescription
{
    /// <summary>The CRL, DER.</summary>
    public required byte[] Der { get; init; }

    public required string Issuer { get; init; }

    public required DateTimeOffset ThisUpdate { get; init; }

    public DateTimeOffset? NextUpdate { get; init; }

    /// <summary>The cRLNumber extension, decimal, when present.</summary>
    public string? CrlNumber { get; init; }

    public required int RevokedCount { get; init; }

    /// <summary>A delta CRL (not accepted by the verifier, which uses full CRLs only).</summary>
    public required bool IsDelta { get; init; }

    /// <summary>Reads every CRL of a DER or PEM file; throws <see cref="PkiFormatException"/> for anything else.</summary>
    public static IReadOnlyList<CrlDescription> Read(ReadOnlySpan<byte> data) => [.. PkiFiles.ReadCrls(data).Select(Describe)];

    /// <summary>Describes a parsed CRL.</summary>
    public static CrlDescription Describe(X509Crl crl)
    {
        ArgumentNullException.ThrowIfNull(crl);
        string? number = null;
        try
        {
            var value = crl.GetExtensionValue(X509Extensions.CrlNumber);
            number = value is null ? null : DerInteger.GetInstance(value.GetOctets()).Value.ToString();
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            number = null;
        }

        return new CrlDescription
        {
            Der = crl.GetEncoded(),
            Issuer = crl.IssuerDN.ToString(),
            ThisUpdate = new DateTimeOffset(crl.ThisUpdate, TimeSpan.Zero),
            NextUpdate = crl.NextUpdate is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null,
            CrlNumber = number,
            RevokedCount = crl.GetRevokedCertificates()?.Count ?? 0,
            IsDelta = crl.GetExtensionValue(X509Extensions.DeltaCrlIndicator) is not null,
        };
    }

    /// <summary>
    /// Whether the CA certificate <paramref name="issuerCertificate"/> (DER) signed this full CRL: its subject is the CRL's
    /// issuer and its key verifies the signature (the check the verifier makes before it uses a CRL).
    /// </summary>
    public bool IsSignedBy(ReadOnlySpan<byte> issuerCertificate)
    {
        try
        {
            var crl = PkiFiles.ParseCrl(Der);
            var issuer = PkiFiles.ParseCertificate(issuerCertificate);
            return CrlIndex.TryCreate(crl, issuer, "check") is not null;
        }
        catch (Exception e) when (e is PkiException || Asn1Utilities.IsParseException(e))
        {
            return false;
        }
    }

    /// <summary>Whether the CRL is past its nextUpdate (or has none) at <paramref name="time"/>.</summary>
    public bool IsStaleAt(DateTimeOffset time) => NextUpdate is not { } next || next < time;
}
