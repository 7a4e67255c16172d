using System.Text;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Petition.Pki.Certificates;

/// <summary>Reads certificates and CRLs from DER or PEM, with clear errors for anything else.</summary>
public static class PkiFiles
{
    /// <summary>Largest file accepted (certificates, CRLs, CMS, keys).</summary>
    public const long MaxFileBytes = Asn1Utilities.MaxObjectBytes;

    /// <summary>Reads a file's bytes, refusing missing and oversized files with <see cref="PkiFormatException"/>.</summary>
    public static byte[] ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new PkiFormatException($"File not found: {path}");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new PkiFormatException($"File too large: {path} ({info.Length} bytes; at most {MaxFileBytes}).");
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PkiFormatException($"Cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>Parses one DER certificate.</summary>
    public static X509Certificate ParseCertificate(ReadOnlySpan<byte> der)
    {
        var obj = Asn1Utilities.ParseDer(der, "certificate");
        try
        {
            // A VettedCertificate keeps the DER and its fingerprint, builds its key without BouncyCastle's slow modulus
            // test and checks RSA signatures in managed code (ADR-103, ADR-104).
            return new Validation.VettedCertificate(X509CertificateStructure.GetInstance(obj), der.ToArray());
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            throw new PkiFormatException("The data is not an X.509 certificate.", e);
        }
    }

    /// <summary>Parses one DER CRL.</summary>
    public static X509Crl ParseCrl(ReadOnlySpan<byte> der)
    {
        var obj = Asn1Utilities.ParseDer(der, "CRL");
        try
        {
            var crl = new Validation.VettedCrl(CertificateList.GetInstance(obj), der.ToArray());
            _ = crl.IssuerDN;
            _ = crl.ThisUpdate;
            _ = crl.GetRevokedCertificates();
            return crl;
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            throw new PkiFormatException("The data is not an X.509 CRL.", e);
        }
    }

    /// <summary>Reads all certificates of a DER file or a PEM file (one or more CERTIFICATE blocks).</summary>
    public static IReadOnlyList<X509Certificate> ReadCertificates(ReadOnlySpan<byte> data) =>
        [.. DecodePemOrDer(data, "CERTIFICATE", "certificate").Select(d => ParseCertificate(d))];

    /// <summary>Reads all CRLs of a DER file or a PEM file (X509 CRL blocks).</summary>
    public static IReadOnlyList<X509Crl> ReadCrls(ReadOnlySpan<byte> data) =>
        [.. DecodePemOrDer(data, "X509 CRL", "CRL").Select(d => ParseCrl(d))];

    /// <summary>PEM encoding of a DER object.</summary>
    public static string ToPem(string label, byte[] der) =>
        $"-----BEGIN {label}-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n", StringComparison.Ordinal)}\n-----END {label}-----\n";

    private static List<byte[]> DecodePemOrDer(ReadOnlySpan<byte> data, string label, string what)
    {
        if (data.IsEmpty)
        {
            throw new PkiFormatException($"The {what} file is empty.");
        }

        if (data.Length > MaxFileBytes)
        {
            throw new PkiFormatException($"The {what} file is too large.");
        }

        if (data[0] == 0x30)
        {
            return [data.ToArray()];
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(data);
        }
        catch (DecoderFallbackException e)
        {
            throw new PkiFormatException($"The {what} file is neither DER nor PEM.", e);
        }

        var begin = $"-----BEGIN {label}-----";
        var end = $"-----END {label}-----";
        var result = new List<byte[]>();
        var position = 0;
        while (true)
        {
            var start = text.IndexOf(begin, position, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }

            var stop = text.IndexOf(end, start + begin.Length, StringComparison.Ordinal);
            if (stop < 0)
            {
                throw new PkiFormatException($"The PEM {what} has no '{end}' line.");
            }

            var body = text[(start + begin.Length)..stop];
            try
            {
                result.Add(Convert.FromBase64String(body));
            }
            catch (FormatException e)
            {
                throw new PkiFormatException($"The PEM {what} has invalid base64.", e);
            }

            position = stop + end.Length;
        }

        if (result.Count == 0)
        {
            throw new PkiFormatException($"The file is neither a DER {what} nor PEM with a '{begin}' block.");
        }

        return result;
    }
}
