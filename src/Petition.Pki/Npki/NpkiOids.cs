using Org.BouncyCastle.Asn1;

namespace Petition.Pki.Npki;

/// <summary>Object identifiers used by Korean NPKI files and certificates (see docs/pki.md).</summary>
public static class NpkiOids
{
    /// <summary>pbeWithSHA1AndSEED-CBC (KISA).</summary>
    public const string PbeWithSha1AndSeedCbc = "1.2.410.200004.1.15";

    /// <summary>seedCBC.</summary>
    public const string SeedCbc = "1.2.410.200004.1.4";

    /// <summary>aria128-cbc.</summary>
    public const string Aria128Cbc = "1.2.410.200046.1.1.2";

    /// <summary>aria192-cbc.</summary>
    public const string Aria192Cbc = "1.2.410.200046.1.1.7";

    /// <summary>aria256-cbc.</summary>
    public const string Aria256Cbc = "1.2.410.200046.1.1.12";

    /// <summary>PBES2.</summary>
    public const string Pbes2 = "1.2.840.113549.1.5.13";

    /// <summary>PBKDF2.</summary>
    public const string Pbkdf2 = "1.2.840.113549.1.5.12";

    /// <summary>hmacWithSHA1.</summary>
    public const string HmacWithSha1 = "1.2.840.113549.2.7";

    /// <summary>hmacWithSHA256.</summary>
    public const string HmacWithSha256 = "1.2.840.113549.2.9";

    /// <summary>randomNum attribute in the decrypted PrivateKeyInfo (holds R).</summary>
    public const string RandomNum = "1.2.410.200004.10.1.1.3";

    /// <summary>npkiIdentifyData otherName in subjectAltName.</summary>
    public const string IdentifyData = "1.2.410.200004.10.1.1";

    /// <summary>npkiVID user info type.</summary>
    public const string Vid = "1.2.410.200004.10.1.1.1";

    /// <summary>SHA-256.</summary>
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";

    /// <summary>SHA-1.</summary>
    public const string Sha1 = "1.3.14.3.2.26";

    internal static readonly DerObjectIdentifier PbeWithSha1AndSeedCbcOid = new(PbeWithSha1AndSeedCbc);
    internal static readonly DerObjectIdentifier SeedCbcOid = new(SeedCbc);
    internal static readonly DerObjectIdentifier Pbes2Oid = new(Pbes2);
    internal static readonly DerObjectIdentifier Pbkdf2Oid = new(Pbkdf2);
    internal static readonly DerObjectIdentifier RandomNumOid = new(RandomNum);
    internal static readonly DerObjectIdentifier IdentifyDataOid = new(IdentifyData);
    internal static readonly DerObjectIdentifier VidOid = new(Vid);
}
