using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using BcContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using BcSignedData = Org.BouncyCastle.Asn1.Cms.SignedData;
using BcSignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;

namespace Petition.Pki.Cms;

/// <summary>The parts of a CMS SignedData the verifier needs; constructing it validates the structure (FORMAT_FAILURE otherwise).</summary>
internal sealed class ParsedSignedData
{
    private ParsedSignedData()
    {
    }

    public required byte[] Content { get; init; }

    public required IReadOnlyList<X509CertificateStructure> Certificates { get; init; }

    public required SignerIdentifier SignerId { get; init; }

    public required string DigestAlgorithm { get; init; }

    public required string SignatureAlgorithm { get; init; }

    public required byte[] SignedAttributesDer { get; init; }

    public required byte[] Signature { get; init; }

    public required byte[] MessageDigest { get; init; }

    public required DateTimeOffset SigningTime { get; init; }

    /// <summary>Parses and checks the profile; throws <see cref="PkiFormatException"/> with a reason.</summary>
    public static ParsedSignedData Parse(byte[] cms, int maxCertificates)
    {
        var obj = Asn1Utilities.ParseDer(cms, "CMS signature");
        try
        {
            var contentInfo = BcContentInfo.GetInstance(obj);
            if (!CmsObjectIdentifiers.SignedData.Equals(contentInfo.ContentType))
            {
                throw new PkiFormatException("The CMS is not SignedData.");
            }

            var signedData = BcSignedData.GetInstance(contentInfo.Content);
            var encap = signedData.EncapContentInfo;
            if (!CmsObjectIdentifiers.Data.Equals(encap.ContentType))
            {
                throw new PkiFormatException("The signed content type is not id-data.");
            }

            if (encap.Content is null)
            {
                throw new PkiFormatException("The signed content is not attached.");
            }

            var content = Asn1OctetString.GetInstance(encap.Content).GetOctets();
            var certificates = new List<X509CertificateStructure>();
            foreach (var element in signedData.Certificates ?? (IEnumerable<Asn1Encodable>)[])
            {
                if (element is Asn1Sequence)
                {
                    certificates.Add(X509CertificateStructure.GetInstance(element));
                }
            }

            if (certificates.Count > maxCertificates)
            {
                throw new PkiFormatException($"The CMS carries {certificates.Count} certificates (at most {maxCertificates}).");
            }

            if (signedData.SignerInfos.Count != 1)
            {
                throw new PkiFormatException($"Expected exactly one signer, found {signedData.SignerInfos.Count}.");
            }

            var signer = BcSignerInfo.GetInstance(signedData.SignerInfos[0]);
            if (signer.SignedAttrs is null)
            {
                throw new PkiFormatException("The signer has no signed attributes.");
            }

            var attributes = new Org.BouncyCastle.Asn1.Cms.AttributeTable(signer.SignedAttrs);
            var contentType = Single(attributes, CmsAttributes.ContentType, "contentType");
            if (!CmsObjectIdentifiers.Data.Equals(DerObjectIdentifier.GetInstance(contentType)))
            {
                throw new PkiFormatException("The contentType signed attribute is not id-data.");
            }

            var digest = Asn1OctetString.GetInstance(Single(attributes, CmsAttributes.MessageDigest, "messageDigest")).GetOctets();
            var signingTime = Org.BouncyCastle.Asn1.Cms.Time.GetInstance(Single(attributes, CmsAttributes.SigningTime, "signingTime")).ToDateTime();

            return new ParsedSignedData
            {
                Content = content,
                Certificates = certificates,
                SignerId = signer.SignerID,
                DigestAlgorithm = signer.DigestAlgorithm.Algorithm.Id,
                SignatureAlgorithm = signer.SignatureAlgorithm.Algorithm.Id,
                SignedAttributesDer = signer.SignedAttrs.GetEncoded(Asn1Encodable.Der),
                Signature = signer.Signature.GetOctets(),
                MessageDigest = digest,
                SigningTime = new DateTimeOffset(DateTime.SpecifyKind(signingTime, DateTimeKind.Utc), TimeSpan.Zero),
            };
        }
        catch (PkiFormatException)
        {
            throw;
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            throw new PkiFormatException($"The CMS structure is malformed ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    private static Asn1Encodable Single(Org.BouncyCastle.Asn1.Cms.AttributeTable table, DerObjectIdentifier oid, string name)
    {
        var all = table.GetAll(oid);
        if (all.Count != 1)
        {
            throw new PkiFormatException($"The signed attribute {name} must occur once (found {all.Count}).");
        }

        var values = Org.BouncyCastle.Asn1.Cms.Attribute.GetInstance(all[0]).AttrValues;
        if (values.Count != 1)
        {
            throw new PkiFormatException($"The signed attribute {name} must have one value.");
        }

        return values[0];
    }
}
