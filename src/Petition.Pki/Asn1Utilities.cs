using Org.BouncyCastle.Asn1;

namespace Petition.Pki;

/// <summary>Bounded, exception-normalising DER parsing.</summary>
internal static class Asn1Utilities
{
    /// <summary>Largest DER object the library parses (certificates, CRLs, CMS, keys).</summary>
    public const int MaxObjectBytes = 16 * 1024 * 1024;

    /// <summary>Parses exactly one DER object that spans the whole input, or throws <see cref="PkiFormatException"/>.</summary>
    public static Asn1Object ParseDer(ReadOnlySpan<byte> data, string what)
    {
        if (data.IsEmpty)
        {
            throw new PkiFormatException($"The {what} is empty.");
        }

        if (data.Length > MaxObjectBytes)
        {
            throw new PkiFormatException($"The {what} is too large ({data.Length} bytes; at most {MaxObjectBytes}).");
        }

        try
        {
            var bytes = data.ToArray();
            using var stream = new Asn1InputStream(new MemoryStream(bytes, false), bytes.Length);
            var obj = stream.ReadObject() ?? throw new PkiFormatException($"The {what} is empty.");
            if (stream.ReadObject() is not null)
            {
                throw new PkiFormatException($"The {what} has trailing data after the DER object.");
            }

            return obj;
        }
        catch (PkiFormatException)
        {
            throw;
        }
        catch (Exception e) when (IsParseException(e))
        {
            throw new PkiFormatException($"The {what} is not valid DER (truncated or malformed).", e);
        }
    }

    /// <summary>Exceptions BouncyCastle and the runtime raise on malformed ASN.1.</summary>
    public static bool IsParseException(Exception e) =>
        e is IOException or ArgumentException or InvalidCastException or InvalidOperationException
            or FormatException or OverflowException or IndexOutOfRangeException or NotSupportedException
            or Asn1Exception or Org.BouncyCastle.Security.GeneralSecurityException
            or Org.BouncyCastle.Crypto.CryptoException or Org.BouncyCastle.Security.Certificates.CertificateException
            or NullReferenceException or EndOfStreamException
            or Org.BouncyCastle.Security.SecurityUtilityException or System.Security.Cryptography.CryptographicException
            or ArithmeticException;
}
