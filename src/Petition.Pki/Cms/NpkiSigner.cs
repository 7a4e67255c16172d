using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Petition.Pki.Npki;
using BcAttribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using BcContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using PkcsObjectIdentifiers = Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers;

namespace Petition.Pki.Cms;

/// <summary>
/// Produces the CMS SignedData the browser produces: SHA-256, RSA PKCS#1 v1.5, signed attributes contentType /
/// messageDigest / signingTime, the signer certificate included, content attached.
/// </summary>
public static class NpkiSigner
{
    /// <summary>Signs <paramref name="content"/> with an NPKI key and certificate.</summary>
    public static byte[] Sign(
        ReadOnlySpan<byte> content,
        X509Certificate signerCertificate,
        NpkiPrivateKey key,
        DateTimeOffset signingTime,
        IEnumerable<X509Certificate>? additionalCertificates = null)
    {
        ArgumentNullException.ThrowIfNull(signerCertificate);
        ArgumentNullException.ThrowIfNull(key);
        var digest = SHA256.HashData(content);
        var signedAttributes = new DerSet(
            new BcAttribute(CmsAttributes.ContentType, new DerSet(CmsObjectIdentifiers.Data)),
            new BcAttribute(CmsAttributes.SigningTime, new DerSet(new Org.BouncyCastle.Asn1.Cms.Time(signingTime.UtcDateTime))),
            new BcAttribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString(digest))));
        byte[] signature;
        using (var rsa = key.ToRsa())
        {
            signature = rsa.SignData(signedAttributes.GetEncoded(Asn1Encodable.Der), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        var sha256 = new AlgorithmIdentifier(NistObjectIdentifiers.IdSha256);
        var signerInfo = new SignerInfo(
            new SignerIdentifier(new IssuerAndSerialNumber(signerCertificate.IssuerDN, signerCertificate.SerialNumber)),
            sha256,
            signedAttributes,
            new AlgorithmIdentifier(PkcsObjectIdentifiers.Sha256WithRsaEncryption, DerNull.Instance),
            new DerOctetString(signature),
            null);
        var certificates = new Asn1EncodableVector(signerCertificate.CertificateStructure);
        foreach (var extra in additionalCertificates ?? [])
        {
            certificates.Add(extra.CertificateStructure);
        }

        var signedData = new SignedData(
            new DerSet(sha256),
            new BcContentInfo(CmsObjectIdentifiers.Data, new DerOctetString(content.ToArray())),
            new DerSet(certificates),
            null,
            new DerSet(signerInfo));
        return new BcContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der);
    }
}
