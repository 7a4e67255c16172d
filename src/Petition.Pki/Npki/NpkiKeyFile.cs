using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Paddings;
using Org.BouncyCastle.Crypto.Parameters;

namespace Petition.Pki.Npki;

/// <summary>
/// Reads and writes NPKI private key files (signPri.key, kmPri.key): DER PKCS#8 EncryptedPrivateKeyInfo
/// protected by pbeWithSHA1AndSEED-CBC or PBES2 (PBKDF2 with SEED-CBC or ARIA-CBC).
/// </summary>
public static class NpkiKeyFile
{
    /// <summary>Iteration count NPKI issuers use.</summary>
    public const int DefaultIterations = 2048;

    private const int MaxIterations = 1_000_000;

    /// <summary>Decrypts an encrypted NPKI key file.</summary>
    /// <exception cref="NpkiWrongPasswordException">The password does not decrypt the key.</exception>
    /// <exception cref="PkiFormatException">The file is not an EncryptedPrivateKeyInfo of a supported kind.</exception>
    public static NpkiPrivateKey Decrypt(ReadOnlySpan<byte> keyFile, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var (algorithm, encrypted) = ParseEncryptedPrivateKeyInfo(keyFile);
        var (cipher, key, iv) = DeriveCipher(algorithm, password);
        byte[] plain;
        try
        {
            plain = Crypt(cipher, false, key, iv, encrypted);
        }
        catch (InvalidCipherTextException e)
        {
            throw new NpkiWrongPasswordException(e);
        }
        catch (DataLengthException e)
        {
            throw new PkiFormatException("The encrypted key data is truncated (not a whole number of cipher blocks).", e);
        }

        try
        {
            var info = PrivateKeyInfo.GetInstance(Asn1Utilities.ParseDer(plain, "decrypted private key"));
            return NpkiPrivateKey.FromPrivateKeyInfo(info);
        }
        catch (Exception e) when (e is PkiFormatException || Asn1Utilities.IsParseException(e))
        {
            // Padding happened to be valid but the plaintext is not a key: a wrong password in practice.
            throw new NpkiWrongPasswordException(e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Tells the protection scheme of a key file without decrypting it.</summary>
    public static NpkiKeyProtection GetProtection(ReadOnlySpan<byte> keyFile)
    {
        var (algorithm, _) = ParseEncryptedPrivateKeyInfo(keyFile);
        var (cipher, _, _) = DescribeCipher(algorithm);
        return cipher;
    }

    /// <summary>Encrypts a key (and its R) into an NPKI key file.</summary>
    public static byte[] Encrypt(
        NpkiPrivateKey key,
        string password,
        NpkiKeyProtection protection = NpkiKeyProtection.PbeWithSha1AndSeedCbc,
        int iterations = DefaultIterations,
        byte[]? salt = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        salt ??= RandomNumberGenerator.GetBytes(8);
        var plain = key.ToPrivateKeyInfo();
        try
        {
            AlgorithmIdentifier algorithm;
            byte[] cipherKey;
            byte[] iv;
            switch (protection)
            {
                case NpkiKeyProtection.PbeWithSha1AndSeedCbc:
                    algorithm = new AlgorithmIdentifier(
                        NpkiOids.PbeWithSha1AndSeedCbcOid,
                        new DerSequence(new DerOctetString(salt), DerInteger.ValueOf(iterations)));
                    (_, cipherKey, iv) = DeriveSeedPbkdf1(password, salt, iterations);
                    break;
                case NpkiKeyProtection.Pbes2SeedCbc:
                case NpkiKeyProtection.Pbes2Aria128Cbc:
                case NpkiKeyProtection.Pbes2Aria256Cbc:
                    var (oid, keyLength) = protection switch
                    {
                        NpkiKeyProtection.Pbes2SeedCbc => (NpkiOids.SeedCbc, 16),
                        NpkiKeyProtection.Pbes2Aria128Cbc => (NpkiOids.Aria128Cbc, 16),
                        _ => (NpkiOids.Aria256Cbc, 32),
                    };
                    iv = RandomNumberGenerator.GetBytes(16);
                    var kdf = new AlgorithmIdentifier(
                        NpkiOids.Pbkdf2Oid,
                        new DerSequence(new DerOctetString(salt), DerInteger.ValueOf(iterations)));
                    var scheme = new AlgorithmIdentifier(new DerObjectIdentifier(oid), new DerOctetString(iv));
                    algorithm = new AlgorithmIdentifier(NpkiOids.Pbes2Oid, new DerSequence(kdf, scheme));
                    cipherKey = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA1, keyLength);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(protection), protection, "Unknown key protection.");
            }

            var cipher = protection is NpkiKeyProtection.PbeWithSha1AndSeedCbc or NpkiKeyProtection.Pbes2SeedCbc
                ? CipherKind.Seed
                : CipherKind.Aria;
            var encrypted = Crypt(cipher, true, cipherKey, iv, plain);
            return new EncryptedPrivateKeyInfo(algorithm, encrypted).GetEncoded(Asn1Encodable.Der);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>
    /// pbeWithSHA1AndSEED-CBC derivation: DK = SHA1^iterations(password || salt); key = DK[0..16);
    /// IV = SHA1(DK[16..20))[0..16).
    /// </summary>
    internal static (byte[] DerivedKey, byte[] Key, byte[] Iv) DeriveSeedPbkdf1(string password, byte[] salt, int iterations)
    {
        var input = new byte[Encoding.UTF8.GetByteCount(password) + salt.Length];
        Encoding.UTF8.GetBytes(password, input);
        salt.CopyTo(input, input.Length - salt.Length);
        var t = SHA1.HashData(input);
        for (var i = 1; i < iterations; i++)
        {
            t = SHA1.HashData(t);
        }

        var key = t[..16];
        var iv = SHA1.HashData(t.AsSpan(16, 4))[..16];
        CryptographicOperations.ZeroMemory(input);
        return (t, key, iv);
    }

    private enum CipherKind
    {
        Seed,
        Aria,
    }

    private static (AlgorithmIdentifier Algorithm, byte[] Encrypted) ParseEncryptedPrivateKeyInfo(ReadOnlySpan<byte> keyFile)
    {
        var obj = Asn1Utilities.ParseDer(keyFile, "private key file");
        try
        {
            var info = EncryptedPrivateKeyInfo.GetInstance(obj);
            return (info.EncryptionAlgorithm, info.GetEncryptedData());
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            throw new PkiFormatException("The private key file is not a PKCS#8 EncryptedPrivateKeyInfo.", e);
        }
    }

    private static (NpkiKeyProtection Protection, DerObjectIdentifier? CipherOid, Asn1Encodable? Parameters) DescribeCipher(AlgorithmIdentifier algorithm)
    {
        if (NpkiOids.PbeWithSha1AndSeedCbcOid.Equals(algorithm.Algorithm))
        {
            return (NpkiKeyProtection.PbeWithSha1AndSeedCbc, null, algorithm.Parameters);
        }

        if (!NpkiOids.Pbes2Oid.Equals(algorithm.Algorithm))
        {
            throw new PkiFormatException($"Unsupported key encryption algorithm {algorithm.Algorithm.Id}.");
        }

        try
        {
            var pbes2 = PbeS2Parameters.GetInstance(algorithm.Parameters);
            var scheme = pbes2.EncryptionScheme;
            var protection = scheme.Algorithm.Id switch
            {
                NpkiOids.SeedCbc => NpkiKeyProtection.Pbes2SeedCbc,
                NpkiOids.Aria128Cbc => NpkiKeyProtection.Pbes2Aria128Cbc,
                NpkiOids.Aria256Cbc => NpkiKeyProtection.Pbes2Aria256Cbc,
                NpkiOids.Aria192Cbc => NpkiKeyProtection.Pbes2Aria128Cbc,
                _ => throw new PkiFormatException($"Unsupported PBES2 cipher {scheme.Algorithm.Id}."),
            };
            return (protection, scheme.Algorithm, algorithm.Parameters);
        }
        catch (Exception e) when (e is not PkiFormatException && Asn1Utilities.IsParseException(e))
        {
            throw new PkiFormatException("Malformed PBES2 parameters.", e);
        }
    }

    private static (CipherKind Cipher, byte[] Key, byte[] Iv) DeriveCipher(AlgorithmIdentifier algorithm, string password)
    {
        var (protection, cipherOid, parameters) = DescribeCipher(algorithm);
        try
        {
            if (protection == NpkiKeyProtection.PbeWithSha1AndSeedCbc)
            {
                var seq = Asn1Sequence.GetInstance(parameters);
                if (seq.Count != 2)
                {
                    throw new PkiFormatException("Malformed pbeWithSHA1AndSEED-CBC parameters.");
                }

                var salt = Asn1OctetString.GetInstance(seq[0]).GetOctets();
                var iterations = CheckIterations(DerInteger.GetInstance(seq[1]));
                var (_, key, iv) = DeriveSeedPbkdf1(password, salt, iterations);
                return (CipherKind.Seed, key, iv);
            }

            var pbes2 = PbeS2Parameters.GetInstance(parameters);
            if (!NpkiOids.Pbkdf2Oid.Equals(pbes2.KeyDerivationFunc.Algorithm))
            {
                throw new PkiFormatException($"Unsupported PBES2 key derivation {pbes2.KeyDerivationFunc.Algorithm.Id}.");
            }

            var kdf = Asn1Sequence.GetInstance(pbes2.KeyDerivationFunc.Parameters);
            if (kdf.Count is < 2 or > 4)
            {
                throw new PkiFormatException("Malformed PBKDF2 parameters.");
            }

            var kdfSalt = Asn1OctetString.GetInstance(kdf[0]).GetOctets();
            var count = CheckIterations(DerInteger.GetInstance(kdf[1]));
            var prf = HashAlgorithmName.SHA1;
            for (var i = 2; i < kdf.Count; i++)
            {
                if (kdf[i] is DerInteger)
                {
                    continue;
                }

                var prfId = AlgorithmIdentifier.GetInstance(kdf[i]).Algorithm.Id;
                prf = prfId switch
                {
                    NpkiOids.HmacWithSha1 => HashAlgorithmName.SHA1,
                    NpkiOids.HmacWithSha256 => HashAlgorithmName.SHA256,
                    _ => throw new PkiFormatException($"Unsupported PBKDF2 PRF {prfId}."),
                };
            }

            var keyLength = cipherOid!.Id switch
            {
                NpkiOids.Aria256Cbc => 32,
                NpkiOids.Aria192Cbc => 24,
                _ => 16,
            };
            var ivBytes = Asn1OctetString.GetInstance(pbes2.EncryptionScheme.Parameters).GetOctets();
            if (ivBytes.Length != 16)
            {
                throw new PkiFormatException("The PBES2 cipher IV must be 16 bytes.");
            }

            var derived = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), kdfSalt, count, prf, keyLength);
            var kind = protection == NpkiKeyProtection.Pbes2SeedCbc ? CipherKind.Seed : CipherKind.Aria;
            return (kind, derived, ivBytes);
        }
        catch (Exception e) when (e is not PkiFormatException && Asn1Utilities.IsParseException(e))
        {
            throw new PkiFormatException("Malformed key encryption parameters.", e);
        }
    }

    private static int CheckIterations(DerInteger value)
    {
        if (value.Value.BitLength > 31 || value.IntValueExact is < 1 or > MaxIterations)
        {
            throw new PkiFormatException($"Unreasonable iteration count {value.Value}.");
        }

        return value.IntValueExact;
    }

    private static byte[] Crypt(CipherKind kind, bool encrypt, byte[] key, byte[] iv, byte[] input)
    {
        IBlockCipher engine = kind == CipherKind.Seed ? new SeedEngine() : new AriaEngine();
        var cipher = new PaddedBufferedBlockCipher(new CbcBlockCipher(engine), new Pkcs7Padding());
        cipher.Init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        return cipher.DoFinal(input);
    }
}
