using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Petition.Pki.Npki;

namespace Petition.Pki.Tests;

public sealed class NpkiKeyFileTests
{
    private static readonly Lazy<RsaPrivateCrtKeyParameters> TestKey = new(() =>
    {
        using var rsa = RSA.Create(1024);
        return (RsaPrivateCrtKeyParameters)DotNetUtilities.GetRsaKeyPair(rsa.ExportParameters(true)).Private;
    });

    [Fact]
    public void DeriveSeedPbkdf1_KnownAnswerFromNpkiDoc_MatchesDkKeyAndIv()
    {
        var (dk, key, iv) = NpkiKeyFile.DeriveSeedPbkdf1("WTuA8Ev0lWXVFSiI!", Convert.FromHexString("c8ea2fa25023c285"), 2048);

        Assert.Equal("6240e2686a6abbc48c922ccba906bb91c58eec36", Convert.ToHexStringLower(dk));
        Assert.Equal("6240e2686a6abbc48c922ccba906bb91", Convert.ToHexStringLower(key));
        Assert.Equal("4471a1fd154167f22848770d578a5b73", Convert.ToHexStringLower(iv));
    }

    [Theory]
    [InlineData(NpkiKeyProtection.PbeWithSha1AndSeedCbc)]
    [InlineData(NpkiKeyProtection.Pbes2SeedCbc)]
    [InlineData(NpkiKeyProtection.Pbes2Aria128Cbc)]
    [InlineData(NpkiKeyProtection.Pbes2Aria256Cbc)]
    public void EncryptThenDecrypt_EachVariant_RoundTripsKeyAndRandomNum(NpkiKeyProtection protection)
    {
        var r = Convert.FromHexString("7858b4328390805129f01c97fe6ca4a520cbd479");
        var file = NpkiKeyFile.Encrypt(new NpkiPrivateKey(TestKey.Value, r), "p@ss-워드1", protection);

        var key = NpkiKeyFile.Decrypt(file, "p@ss-워드1");

        Assert.Equal(protection, NpkiKeyFile.GetProtection(file));
        Assert.Equal(TestKey.Value.Modulus, key.Key.Modulus);
        Assert.Equal(TestKey.Value.Exponent, key.Key.Exponent);
        Assert.Equal(r, key.RandomNum);
    }

    [Theory]
    [InlineData(NpkiKeyProtection.PbeWithSha1AndSeedCbc)]
    [InlineData(NpkiKeyProtection.Pbes2SeedCbc)]
    [InlineData(NpkiKeyProtection.Pbes2Aria128Cbc)]
    public void Decrypt_WrongPassword_ThrowsNpkiWrongPasswordException(NpkiKeyProtection protection)
    {
        var file = NpkiKeyFile.Encrypt(new NpkiPrivateKey(TestKey.Value, null), "right-password", protection);

        var error = Assert.Throws<NpkiWrongPasswordException>(() => NpkiKeyFile.Decrypt(file, "wrong-password"));
        Assert.Contains("password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decrypt_KeyWithoutRandomNum_ReturnsNullRandomNum()
    {
        var file = NpkiKeyFile.Encrypt(new NpkiPrivateKey(TestKey.Value, null), "pw", NpkiKeyProtection.Pbes2SeedCbc);

        Assert.Null(NpkiKeyFile.Decrypt(file, "pw").RandomNum);
    }

    [Fact]
    public void Decrypt_SeedPbkdf1WithKnownSalt_UsesDocumentedKeyAndIv()
    {
        // Encrypt with the documented salt, then decrypt the ciphertext independently with the documented key and IV.
        var salt = Convert.FromHexString("c8ea2fa25023c285");
        var file = NpkiKeyFile.Encrypt(new NpkiPrivateKey(TestKey.Value, null), "WTuA8Ev0lWXVFSiI!", NpkiKeyProtection.PbeWithSha1AndSeedCbc, 2048, salt);
        var info = Org.BouncyCastle.Asn1.Pkcs.EncryptedPrivateKeyInfo.GetInstance(file);
        var cipher = new Org.BouncyCastle.Crypto.Paddings.PaddedBufferedBlockCipher(
            new Org.BouncyCastle.Crypto.Modes.CbcBlockCipher(new Org.BouncyCastle.Crypto.Engines.SeedEngine()));
        cipher.Init(false, new ParametersWithIV(new KeyParameter(Convert.FromHexString("6240e2686a6abbc48c922ccba906bb91")), Convert.FromHexString("4471a1fd154167f22848770d578a5b73")));

        var plain = cipher.DoFinal(info.GetEncryptedData());

        Assert.Equal(new NpkiPrivateKey(TestKey.Value, null).ToPrivateKeyInfo(), plain);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("3003020101")]
    [InlineData("deadbeef")]
    public void Decrypt_MalformedFile_ThrowsPkiFormatException(string hex)
    {
        Assert.Throws<PkiFormatException>(() => NpkiKeyFile.Decrypt(Convert.FromHexString(hex), "pw"));
    }

    [Fact]
    public void Decrypt_TruncatedCiphertext_ThrowsPkiException()
    {
        var file = NpkiKeyFile.Encrypt(new NpkiPrivateKey(TestKey.Value, null), "pw");

        Assert.ThrowsAny<PkiException>(() => NpkiKeyFile.Decrypt(file.AsSpan(0, file.Length - 7), "pw"));
    }
}
