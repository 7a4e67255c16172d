using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;
using PdfSharp.Pdf.Signatures;

namespace Petition.Infrastructure.Documents;

/// <summary>
/// PDFsharp's signer hook: a CMS SignedData, detached, SHA-256 with RSA, by the institution key, with the
/// certificate included and the standard signed attributes (content type, message digest, signing time).
/// </summary>
internal sealed class CmsPdfSigner(InstitutionKey key, DateTime signingTimeUtc) : IDigitalSigner
{
    public string CertificateName => key.Certificate.SubjectDN.GetValueList(Org.BouncyCastle.Asn1.X509.X509Name.CN).FirstOrDefault() ?? "institution";

    /// <summary>Room reserved in /Contents (bytes): the CMS is about 2 KB with its certificate.</summary>
    public Task<int> GetSignatureSizeAsync() => Task.FromResult(8192);

    public Task<byte[]> GetSignatureAsync(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);

        // PDFsharp's ranged stream reads the signed ranges in one call from offset 0 (it cannot seek).
        var data = new byte[stream.Length];
        var read = stream.Read(data, 0, data.Length);
        if (read != data.Length)
        {
            throw new InvalidOperationException($"Read {read} of {data.Length} bytes to sign.");
        }

        var signingTime = new Org.BouncyCastle.Asn1.Cms.Attribute(
            CmsAttributes.SigningTime, new DerSet(new Time(DateTime.SpecifyKind(signingTimeUtc, DateTimeKind.Utc))));
        var generator = new CmsSignedDataGenerator();
        generator.AddSigner(key.PrivateKey, key.Certificate, CmsSignedGenerator.DigestSha256,
            new DefaultSignedAttributeTableGenerator(new AttributeTable(new Asn1EncodableVector(signingTime))), null);
        generator.AddCertificates(CollectionUtilities.CreateStore(new[] { key.Certificate }));
        var signed = generator.Generate(new CmsProcessableByteArray(data), encapsulate: false);
        return Task.FromResult(signed.GetEncoded(Asn1Encodable.Der));
    }
}

/// <summary>How a PDF's digital signature checked out.</summary>
public enum PdfSignatureStatus
{
    /// <summary>The signature covers the whole file and verifies.</summary>
    Valid,

    /// <summary>Not a PDF at all.</summary>
    NotPdf,

    /// <summary>A PDF without a signature.</summary>
    Unsigned,

    /// <summary>The signature is there but does not verify, or does not cover the whole file: the file was changed after signing.</summary>
    Modified,
}

/// <summary>The outcome of <see cref="PdfSignatureReader.Verify"/>; the signer is known only for a valid signature.</summary>
public sealed record PdfSignatureCheck(PdfSignatureStatus Status, X509Certificate? Signer);

/// <summary>
/// Verifies the (last) digital signature of a PDF without a PDF library: finds its <c>/ByteRange</c>, checks
/// that the ranges cover the whole file except the <c>/Contents</c> hex string, and verifies the detached CMS
/// in it over those bytes with BouncyCastle.
/// </summary>
public static partial class PdfSignatureReader
{
    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRangePattern();

    public static bool LooksLikePdf(ReadOnlySpan<byte> file) => file.Length >= 8 && file[..5].SequenceEqual("%PDF-"u8);

    public static PdfSignatureCheck Verify(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!LooksLikePdf(file))
        {
            return new(PdfSignatureStatus.NotPdf, null);
        }

        // Latin-1 maps byte i to char i, so regex positions are byte offsets.
        var text = Encoding.Latin1.GetString(file);
        var matches = ByteRangePattern().Matches(text);
        if (matches.Count == 0)
        {
            return new(PdfSignatureStatus.Unsigned, null);
        }

        var m = matches[^1];
        if (!long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var start1)
            || !long.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var length1)
            || !long.TryParse(m.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var start2)
            || !long.TryParse(m.Groups[4].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var length2))
        {
            return new(PdfSignatureStatus.Modified, null);
        }

        // The whole file is signed except the hex string <...> of /Contents, which sits in the gap.
        if (start1 != 0 || length1 < 1 || start2 <= length1 + 1 || start2 + length2 != file.Length
            || file[length1] != (byte)'<' || file[start2 - 1] != (byte)'>')
        {
            return new(PdfSignatureStatus.Modified, null);
        }

        var hex = text.AsSpan((int)length1 + 1, (int)(start2 - length1 - 2)).Trim();
        byte[] contents;
        try
        {
            contents = Convert.FromHexString(hex.Length % 2 == 0 ? hex : [.. hex, '0']);
        }
        catch (FormatException)
        {
            return new(PdfSignatureStatus.Modified, null);
        }

        var signedBytes = new byte[length1 + length2];
        Array.Copy(file, 0, signedBytes, 0, length1);
        Array.Copy(file, start2, signedBytes, length1, length2);
        try
        {
            // /Contents is padded with zeros after the DER: read exactly one object.
            using var input = new Asn1InputStream(contents);
            var contentInfo = ContentInfo.GetInstance(input.ReadObject());
            var cms = new CmsSignedData(new CmsProcessableByteArray(signedBytes), contentInfo);
            var signers = cms.GetSignerInfos().GetSigners().ToList();
            if (signers.Count != 1)
            {
                return new(PdfSignatureStatus.Modified, null);
            }

            var signer = signers[0];
            var certificate = cms.GetCertificates().EnumerateMatches(signer.SignerID).FirstOrDefault();
            return certificate is not null && signer.Verify(certificate)
                ? new(PdfSignatureStatus.Valid, certificate)
                : new(PdfSignatureStatus.Modified, null);
        }
        catch (Exception ex) when (ex is CmsException or IOException or ArgumentException or InvalidCastException
            or InvalidOperationException or Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            return new(PdfSignatureStatus.Modified, null);
        }
    }
}
