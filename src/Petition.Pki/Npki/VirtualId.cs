using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Petition.Pki.Npki;

/// <summary>The npkiIdentifyData otherName of a certificate's subjectAltName.</summary>
/// <param name="RealName">The owner's real name.</param>
/// <param name="HashAlgorithmOid">hashAlg of the VID (SHA-256 or SHA-1).</param>
/// <param name="VirtualIdValue">virtualID bytes.</param>
public sealed record IdentifyData(string RealName, string HashAlgorithmOid, byte[] VirtualIdValue);

/// <summary>Outcome of the VID identity check (KCAC.TS.SIVID).</summary>
public enum VidCheckResult
{
    /// <summary>VID computed from RRN and R equals the certificate's virtualID.</summary>
    Match,

    /// <summary>VID differs: the signer is not the applicant.</summary>
    Mismatch,

    /// <summary>The key carries no R, so the check cannot be made.</summary>
    NoRandomNumber,

    /// <summary>The certificate has no npkiIdentifyData / VID.</summary>
    NoIdentifyData,

    /// <summary>The RRN typed is not 13 digits.</summary>
    InvalidRrn,
}

/// <summary>Virtual ID (VID) computation and the identity check: VID = H(H(DER(HashContent { idn, randomNum }))).</summary>
public static class VirtualId
{
    /// <summary>Normalises an RRN (removes a hyphen and spaces); returns null unless 13 digits remain. No checksum is enforced.</summary>
    public static string? NormalizeRrn(string? rrn)
    {
        if (rrn is null)
        {
            return null;
        }

        var digits = rrn.Replace("-", string.Empty, StringComparison.Ordinal).Trim();
        return digits.Length == 13 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>DER of HashContent ::= SEQUENCE { idn PrintableString, randomNum BIT STRING }.</summary>
    public static byte[] EncodeHashContent(string rrn, ReadOnlySpan<byte> randomNum)
    {
        var idn = NormalizeRrn(rrn) ?? throw new ArgumentException("The RRN must have 13 digits.", nameof(rrn));
        return new DerSequence(new DerPrintableString(idn), new DerBitString(randomNum.ToArray())).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>Computes the VID for an RRN and R with SHA-256 (or SHA-1 for <see cref="NpkiOids.Sha1"/>).</summary>
    public static byte[] Compute(string rrn, ReadOnlySpan<byte> randomNum, string hashAlgorithmOid = NpkiOids.Sha256)
    {
        var content = EncodeHashContent(rrn, randomNum);
        return hashAlgorithmOid switch
        {
            NpkiOids.Sha256 => SHA256.HashData(SHA256.HashData(content)),
            NpkiOids.Sha1 => SHA1.HashData(SHA1.HashData(content)),
            _ => throw new NotSupportedException($"Unsupported VID hash algorithm {hashAlgorithmOid}."),
        };
    }

    /// <summary>Reads npkiIdentifyData from the certificate's subjectAltName; null when absent or malformed.</summary>
    public static IdentifyData? ReadIdentifyData(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            var extension = certificate.GetExtensionValue(X509Extensions.SubjectAlternativeName);
            if (extension is null)
            {
                return null;
            }

            var names = GeneralNames.GetInstance(Asn1Object.FromByteArray(extension.GetOctets()));
            foreach (var name in names.GetNames())
            {
                if (name.TagNo != GeneralName.OtherName)
                {
                    continue;
                }

                var other = Asn1Sequence.GetInstance(name.Name);
                if (other.Count != 2 || !NpkiOids.IdentifyDataOid.Equals(DerObjectIdentifier.GetInstance(other[0])))
                {
                    continue;
                }

                var identify = Asn1Sequence.GetInstance(Asn1TaggedObject.GetInstance(other[1]).GetExplicitBaseObject());
                var realName = DerStringBase(identify[0]);
                var userInfos = Asn1Sequence.GetInstance(identify[1]);
                foreach (var userInfo in userInfos)
                {
                    var info = Asn1Sequence.GetInstance(userInfo);
                    if (info.Count != 2 || !NpkiOids.VidOid.Equals(DerObjectIdentifier.GetInstance(info[0])))
                    {
                        continue;
                    }

                    var vid = Asn1Sequence.GetInstance(info[1]);
                    var hashAlg = AlgorithmIdentifier.GetInstance(vid[0]).Algorithm.Id;
                    var value = Asn1OctetString.GetInstance(Asn1TaggedObject.GetInstance(vid[1]).GetExplicitBaseObject()).GetOctets();
                    return new IdentifyData(realName, hashAlg, value);
                }

                return new IdentifyData(realName, string.Empty, []);
            }

            return null;
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            return null;
        }
    }

    /// <summary>The identity check: does the certificate belong to the person with this RRN (given the key's R)?</summary>
    public static VidCheckResult Check(X509Certificate certificate, string? rrn, ReadOnlySpan<byte> randomNum, bool hasRandomNum = true)
    {
        var idn = NormalizeRrn(rrn);
        if (idn is null)
        {
            return VidCheckResult.InvalidRrn;
        }

        if (!hasRandomNum || randomNum.IsEmpty)
        {
            return VidCheckResult.NoRandomNumber;
        }

        return Check(ReadIdentifyData(certificate), idn, randomNum);
    }

    /// <summary>The identity check against already-read identify data (<paramref name="idn"/> normalised).</summary>
    internal static VidCheckResult Check(IdentifyData? data, string idn, ReadOnlySpan<byte> randomNum)
    {
        if (data is null || data.VirtualIdValue.Length == 0)
        {
            return VidCheckResult.NoIdentifyData;
        }

        byte[] expected;
        try
        {
            expected = Compute(idn, randomNum, data.HashAlgorithmOid);
        }
        catch (NotSupportedException)
        {
            return VidCheckResult.NoIdentifyData;
        }

        return CryptographicOperations.FixedTimeEquals(expected, data.VirtualIdValue) ? VidCheckResult.Match : VidCheckResult.Mismatch;
    }

    /// <summary>Builds the subjectAltName value (GeneralNames with the npkiIdentifyData otherName) for a certificate.</summary>
    public static GeneralNames BuildSubjectAltName(string realName, string rrn, ReadOnlySpan<byte> randomNum, string hashAlgorithmOid = NpkiOids.Sha256)
    {
        var vidValue = Compute(rrn, randomNum, hashAlgorithmOid);
        var vid = new DerSequence(
            new AlgorithmIdentifier(new DerObjectIdentifier(hashAlgorithmOid), hashAlgorithmOid == NpkiOids.Sha1 ? DerNull.Instance : null),
            new DerTaggedObject(true, 0, new DerOctetString(vidValue)));
        var identify = new DerSequence(
            new DerUtf8String(realName),
            new DerSequence(new DerSequence(NpkiOids.VidOid, vid)));
        var otherName = new DerSequence(NpkiOids.IdentifyDataOid, new DerTaggedObject(true, 0, identify));
        return new GeneralNames(new GeneralName(GeneralName.OtherName, otherName));
    }

    private static string DerStringBase(Asn1Encodable value) =>
        value is IAsn1String s ? s.GetString() : throw new InvalidCastException("realName is not a string.");
}
