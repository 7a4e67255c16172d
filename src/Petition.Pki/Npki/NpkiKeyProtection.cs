namespace Petition.Pki.Npki;

/// <summary>How a signPri.key / kmPri.key file is encrypted.</summary>
public enum NpkiKeyProtection
{
    /// <summary>pbeWithSHA1AndSEED-CBC (1.2.410.200004.1.15), PBKDF1-SHA1 key and IV derivation. The classic format.</summary>
    PbeWithSha1AndSeedCbc,

    /// <summary>PBES2 with PBKDF2 (HMAC-SHA1) and SEED-CBC. Newer issuers.</summary>
    Pbes2SeedCbc,

    /// <summary>PBES2 with PBKDF2 (HMAC-SHA1) and ARIA-128-CBC.</summary>
    Pbes2Aria128Cbc,

    /// <summary>PBES2 with PBKDF2 (HMAC-SHA1) and ARIA-256-CBC.</summary>
    Pbes2Aria256Cbc,
}
