using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Petition.Pki.Cms;

/// <summary>
/// The parts of a CMS SignedData the verifier needs; constructing it validates the structure (FORMAT_FAILURE otherwise).
/// Read with System.Formats.Asn1 (no object tree): certificates stay raw bytes until a cache miss needs them parsed.
/// </summary>
internal sealed class ParsedSignedData
{
    private const string SignedDataOid = "1.2.840.113549.1.7.2";
    private const string DataOid = "1.2.840.113549.1.7.1";
    private const string ContentTypeAttribute = "1.2.840.113549.1.9.3";
    private const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
    private const string SigningTimeAttribute = "1.2.840.113549.1.9.5";
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1);

    private ParsedSignedData()
    {
    }

    public required byte[] Content { get; init; }

    /// <summary>The embedded certificates as received (DER).</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; init; }

    /// <summary>IssuerAndSerialNumber: the issuer Name's DER and the serial's big-endian two's-complement bytes.</summary>
    public byte[]? SignerIssuer { get; init; }

    public byte[]? SignerSerial { get; init; }

    /// <summary>subjectKeyIdentifier form of the SignerIdentifier.</summary>
    public byte[]? SignerKeyIdentifier { get; init; }

    public required string DigestAlgorithm { get; init; }

    public required string SignatureAlgorithm { get; init; }

    /// <summary>The signed attributes re-tagged as SET OF (what the signature covers).</summary>
    public required byte[] SignedAttributesDer { get; init; }

    public required byte[] Signature { get; init; }

    public required byte[] MessageDigest { get; init; }

    public required DateTimeOffset SigningTime { get; init; }

    /// <summary>Parses and checks the profile; throws <see cref="PkiFormatException"/> with a reason.</summary>
    public static ParsedSignedData Parse(byte[] cms, int maxCertificates)
    {
        if (cms.Length == 0)
        {
            throw new PkiFormatException("The CMS signature is empty.");
        }

        if (cms.Length > Asn1Utilities.MaxObjectBytes)
        {
            throw new PkiFormatException($"The CMS signature is too large ({cms.Length} bytes; at most {Asn1Utilities.MaxObjectBytes}).");
        }

        try
        {
            return ParseCore(cms, maxCertificates);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException or OverflowException or FormatException)
        {
            throw new PkiFormatException($"The CMS structure is malformed ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    private static ParsedSignedData ParseCore(byte[] cms, int maxCertificates)
    {
        var outer = new AsnReader(cms, AsnEncodingRules.BER);
        var contentInfo = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        if (contentInfo.ReadObjectIdentifier() != SignedDataOid)
        {
            throw new PkiFormatException("The CMS is not SignedData.");
        }

        var explicitContent = contentInfo.ReadSequence(Context0);
        contentInfo.ThrowIfNotEmpty();
        var signedData = explicitContent.ReadSequence();
        explicitContent.ThrowIfNotEmpty();

        if (!signedData.TryReadInt32(out var version) || version is < 1 or > 5)
        {
            throw new PkiFormatException("The SignedData version is not valid.");
        }

        var digestAlgorithms = new HashSet<string>(StringComparer.Ordinal);
        var digestSet = signedData.ReadSetOf();
        while (digestSet.HasData)
        {
            digestAlgorithms.Add(ReadAlgorithm(digestSet, nullOrAbsentParameters: true));
        }
        var encap = signedData.ReadSequence();
        if (encap.ReadObjectIdentifier() != DataOid)
        {
            throw new PkiFormatException("The signed content type is not id-data.");
        }

        if (!encap.HasData)
        {
            throw new PkiFormatException("The signed content is not attached.");
        }

        var eContent = encap.ReadSequence(Context0);
        var content = eContent.ReadOctetString();
        eContent.ThrowIfNotEmpty();
        encap.ThrowIfNotEmpty();

        var certificates = new List<ReadOnlyMemory<byte>>();
        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(Context0))
        {
            var set = signedData.ReadSetOf(Context0);
            while (set.HasData)
            {
                var tag = set.PeekTag();
                var encoded = set.ReadEncodedValue();
                if (tag.HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    certificates.Add(encoded);
                }
            }
        }

        if (certificates.Count > maxCertificates)
        {
            throw new PkiFormatException($"The CMS carries {certificates.Count} certificates (at most {maxCertificates}).");
        }

        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(Context1))
        {
            _ = signedData.ReadEncodedValue(); // crls
        }

        var signerInfos = signedData.ReadSetOf();
        signedData.ThrowIfNotEmpty();
        var signers = new List<ReadOnlyMemory<byte>>();
        while (signerInfos.HasData)
        {
            signers.Add(signerInfos.ReadEncodedValue());
        }

        if (signers.Count != 1)
        {
            throw new PkiFormatException($"Expected exactly one signer, found {signers.Count}.");
        }

        var signer = new AsnReader(signers[0], AsnEncodingRules.BER).ReadSequence();
        if (!signer.TryReadInt32(out var signerVersion) || signerVersion is not (1 or 3))
        {
            throw new PkiFormatException("The SignerInfo version is not valid.");
        }

        byte[]? issuer = null, serial = null, keyId = null;
        if (signer.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var issuerAndSerial = signer.ReadSequence();
            issuer = issuerAndSerial.ReadEncodedValue().ToArray();
            serial = issuerAndSerial.ReadIntegerBytes().ToArray();
            issuerAndSerial.ThrowIfNotEmpty();
        }
        else
        {
            keyId = signer.ReadOctetString(Context0);
        }

        if ((signerVersion == 1) != (issuer is not null))
        {
            throw new PkiFormatException("The SignerInfo version does not match its signer identifier.");
        }

        var digestAlgorithm = ReadAlgorithm(signer, nullOrAbsentParameters: true);
        if (!digestAlgorithms.Contains(digestAlgorithm))
        {
            throw new PkiFormatException("The signer's digest algorithm is not listed in digestAlgorithms.");
        }

        if (!signer.HasData || !signer.PeekTag().HasSameClassAndValue(Context0))
        {
            throw new PkiFormatException("The signer has no signed attributes.");
        }

        var signedAttributes = signer.ReadEncodedValue().ToArray();
        var signatureAlgorithm = ReadAlgorithm(signer, nullOrAbsentParameters: false);
        var signature = signer.ReadOctetString();
        if (signer.HasData)
        {
            _ = signer.ReadEncodedValue(); // unsignedAttrs [1]
        }

        signer.ThrowIfNotEmpty();

        // The signature covers the DER of the attributes with the universal SET tag instead of [0] IMPLICIT.
        signedAttributes[0] = 0x31;
        byte[]? contentType = null, digest = null;
        DateTimeOffset? signingTime = null;
        var attributes = new AsnReader(signedAttributes, AsnEncodingRules.DER).ReadSetOf();
        while (attributes.HasData)
        {
            var attribute = attributes.ReadSequence();
            var type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf();
            attribute.ThrowIfNotEmpty();
            switch (type)
            {
                case ContentTypeAttribute:
                    Once(contentType, "contentType");
                    contentType = values.ReadEncodedValue().ToArray();
                    if (new AsnReader(contentType, AsnEncodingRules.DER).ReadObjectIdentifier() != DataOid)
                    {
                        throw new PkiFormatException("The contentType signed attribute is not id-data.");
                    }

                    break;
                case MessageDigestAttribute:
                    Once(digest, "messageDigest");
                    digest = values.ReadOctetString();
                    break;
                case SigningTimeAttribute:
                    Once(signingTime, "signingTime");
                    signingTime = values.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? values.ReadUtcTime() : values.ReadGeneralizedTime();
                    break;
                default:
                    continue;
            }

            if (values.HasData)
            {
                throw new PkiFormatException($"The signed attribute {Name(type)} must have one value.");
            }
        }

        return new ParsedSignedData
        {
            Content = content,
            Certificates = certificates,
            SignerIssuer = issuer,
            SignerSerial = serial,
            SignerKeyIdentifier = keyId,
            DigestAlgorithm = digestAlgorithm,
            SignatureAlgorithm = signatureAlgorithm,
            SignedAttributesDer = signedAttributes,
            Signature = signature,
            MessageDigest = digest ?? throw Missing("messageDigest"),
            SigningTime = (signingTime ?? throw Missing("signingTime")).ToUniversalTime(),
        }.CheckContentType(contentType);
    }

    private ParsedSignedData CheckContentType(byte[]? contentType) => contentType is null ? throw Missing("contentType") : this;

    /// <summary>AlgorithmIdentifier; for the digest and RSA PKCS#1 v1.5 algorithms the parameters are NULL or absent.</summary>
    private static string ReadAlgorithm(AsnReader reader, bool nullOrAbsentParameters)
    {
        var algorithm = reader.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
        {
            if (nullOrAbsentParameters)
            {
                algorithm.ReadNull();
            }
            else
            {
                _ = algorithm.ReadEncodedValue();
            }
        }

        algorithm.ThrowIfNotEmpty();
        return oid;
    }

    private static void Once(object? seen, string name)
    {
        if (seen is not null)
        {
            throw new PkiFormatException($"The signed attribute {name} must occur once (found more than one).");
        }
    }

    private static PkiFormatException Missing(string name) => new($"The signed attribute {name} must occur once (found 0).");

    private static string Name(string oid) => oid switch
    {
        ContentTypeAttribute => "contentType",
        MessageDigestAttribute => "messageDigest",
        _ => "signingTime",
    };
}
