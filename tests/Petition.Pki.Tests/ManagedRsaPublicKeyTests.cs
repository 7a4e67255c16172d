using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Petition.Pki.Npki;
using Petition.Pki.Validation;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Petition.Pki.Tests;

/// <summary>
/// The managed RSASSA-PKCS1-v1_5 verifier (ADR-104) against .NET's (OpenSSL's) verdicts: real signatures, tampered
/// ones, and encodings crafted with the raw private-key operation, for the vector and the scalar loop.
/// </summary>
public sealed class ManagedRsaPublicKeyTests : IClassFixture<ManagedRsaPublicKeyTests.Keys>
{
    private static readonly HashAlgorithmName[] Hashes = [HashAlgorithmName.SHA256, HashAlgorithmName.SHA384, HashAlgorithmName.SHA512];
    private readonly Keys _keys;

    public ManagedRsaPublicKeyTests(Keys keys) => _keys = keys;

    public static TheoryData<string, bool> KeysAndLoops()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in Keys.Names)
        {
            data.Add(name, true);
            data.Add(name, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KeysAndLoops))]
    public void VerifyHash_SignaturesAndTamperedSignatures_SameVerdictAsOpenSsl(string keyName, bool vectorized)
    {
        var rsa = _keys[keyName];
        var parameters = rsa.ExportParameters(false);
        var managed = ManagedRsaPublicKey.TryCreate(parameters.Modulus, parameters.Exponent, vectorized);
        Assert.NotNull(managed);
        var random = new Random(keyName.GetHashCode(StringComparison.Ordinal));
        for (var round = 0; round < 12; round++)
        {
            var message = new byte[random.Next(0, 300)];
            random.NextBytes(message);
            var hashName = Hashes[round % Hashes.Length];
            var hash = Digest(hashName, message);
            var signature = rsa.SignHash(hash, hashName, RSASignaturePadding.Pkcs1);

            Assert.True(managed.VerifyHash(hash, hashName, signature));
            Assert.False(managed.VerifyHash(Digest(hashName, [.. message, 0x00]), hashName, signature));
            Assert.False(managed.VerifyHash(hash[..^1], hashName, signature));
            var otherHash = Hashes[(round + 1) % Hashes.Length];
            Assert.False(managed.VerifyHash(Digest(otherHash, message), otherHash, signature));

            var tampered = (byte[])signature.Clone();
            tampered[random.Next(tampered.Length)] ^= (byte)(1 << random.Next(8));
            var openSsl = rsa.VerifyHash(hash, tampered, hashName, RSASignaturePadding.Pkcs1);
            Assert.Equal(openSsl, managed.VerifyHash(hash, hashName, tampered));
            Assert.False(openSsl);
        }
    }

    [Theory]
    [MemberData(nameof(KeysAndLoops))]
    public void VerifyHash_SignatureRepresentativeOutOfRangeOrWrongLength_False(string keyName, bool vectorized)
    {
        var rsa = _keys[keyName];
        var parameters = rsa.ExportParameters(false);
        var managed = ManagedRsaPublicKey.TryCreate(parameters.Modulus, parameters.Exponent, vectorized)!;
        var hash = SHA256.HashData("본문"u8);
        var signature = rsa.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var modulus = parameters.Modulus!;
        var modulusPlusSignature = new BcBigInteger(1, modulus).Add(new BcBigInteger(1, signature)).ToByteArrayUnsigned();

        Assert.True(managed.VerifyHash(hash, HashAlgorithmName.SHA256, signature));
        Assert.False(managed.VerifyHash(hash, HashAlgorithmName.SHA256, modulus));                              // s = n
        Assert.False(managed.VerifyHash(hash, HashAlgorithmName.SHA256, Enumerable.Repeat((byte)0xFF, modulus.Length).ToArray())); // s > n
        Assert.False(managed.VerifyHash(hash, HashAlgorithmName.SHA256, new byte[modulus.Length]));              // s = 0
        Assert.False(managed.VerifyHash(hash, HashAlgorithmName.SHA256, signature[1..]));                        // short
        Assert.False(managed.VerifyHash(hash, HashAlgorithmName.SHA256, [0x00, .. signature]));                 // long
        if (modulusPlusSignature.Length == modulus.Length)
        {
            // s + n has the same residue but is not below n: refused (RFC 8017 5.2.2), as OpenSSL does.
            Assert.False(rsa.VerifyHash(hash, modulusPlusSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            Assert.False(managed.VerifyHash(hash, HashAlgorithmName.SHA256, modulusPlusSignature));
        }

        Assert.False(managed.VerifyHash(hash, HashAlgorithmName.SHA1, signature));
        Assert.False(ManagedRsaPublicKey.Supports(HashAlgorithmName.SHA1));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void VerifyHash_CraftedEncodings_OnlyTheExactEncodingPasses(bool vectorized)
    {
        var (publicKey, privateKey) = _keys.Small65537;
        var managed = ManagedRsaPublicKey.TryCreate(publicKey.Modulus.ToByteArrayUnsigned(), publicKey.Exponent.ToByteArrayUnsigned(), vectorized)!;
        var rsa = new NpkiPrivateKey(privateKey, null).ToRsa();
        var k = managed.Length;
        var hash = SHA256.HashData("crafted"u8);
        byte[] prefix = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

        byte[] Encode(byte blockType, byte filler, byte[] digestInfo, byte[] trailer)
        {
            var em = new byte[k];
            em[1] = blockType;
            var tailLength = digestInfo.Length + trailer.Length;
            em.AsSpan(2, k - tailLength - 3).Fill(filler);
            digestInfo.CopyTo(em, k - tailLength);
            trailer.CopyTo(em, k - trailer.Length);
            return em;
        }

        byte[] Sign(byte[] em)
        {
            var engine = new RsaEngine();
            engine.Init(true, privateKey);
            var raw = engine.ProcessBlock(em, 0, em.Length);
            var signature = new byte[k];
            raw.CopyTo(signature, k - raw.Length);
            return signature;
        }

        bool Both(byte[] em, out bool openSsl)
        {
            var signature = Sign(em);
            openSsl = rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return managed.VerifyHash(hash, HashAlgorithmName.SHA256, signature);
        }

        Assert.True(Both(Encode(0x01, 0xFF, [.. prefix, .. hash], []), out var exact));
        Assert.True(exact);

        // Block type 2, a PS byte that is not 0xFF, a hash followed by garbage (short PS), and DigestInfo without the
        // NULL parameters: the managed verifier accepts none of them.
        Assert.False(Both(Encode(0x02, 0xFF, [.. prefix, .. hash], []), out var type2));
        Assert.False(type2);
        var wrongFiller = Encode(0x01, 0xFF, [.. prefix, .. hash], []);
        wrongFiller[10] = 0xFE;
        Assert.False(Both(wrongFiller, out var filler));
        Assert.False(filler);
        Assert.False(Both(Encode(0x01, 0xFF, [.. prefix, .. hash], [0x00, 0x01, 0x02, 0x03]), out var garbage));
        Assert.False(garbage);
        byte[] noNull = [0x30, 0x2f, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x04, 0x20];
        Assert.False(Both(Encode(0x01, 0xFF, [.. noNull, .. hash], []), out _));
        var wrongOid = (byte[])prefix.Clone();
        wrongOid[14] = 0x02; // SHA-384's OID with a SHA-256-sized hash
        Assert.False(Both(Encode(0x01, 0xFF, [.. wrongOid, .. hash], []), out var oid));
        Assert.False(oid);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void VerifyHash_SmallExponentKey_SameVerdictAsOpenSsl(bool vectorized)
    {
        var (publicKey, privateKey) = _keys.SmallExponent3;
        var managed = ManagedRsaPublicKey.TryCreate(publicKey.Modulus.ToByteArrayUnsigned(), publicKey.Exponent.ToByteArrayUnsigned(), vectorized)!;
        var rsa = new NpkiPrivateKey(privateKey, null).ToRsa();
        foreach (var hashName in Hashes)
        {
            var hash = Digest(hashName, "e=3"u8.ToArray());
            var signature = rsa.SignHash(hash, hashName, RSASignaturePadding.Pkcs1);
            Assert.True(managed.VerifyHash(hash, hashName, signature));
            signature[^1] ^= 0x80;
            Assert.False(managed.VerifyHash(hash, hashName, signature));
        }
    }

    [Fact]
    public void TryCreate_UnsupportedKeys_Null()
    {
        var parameters = _keys["2048"].ExportParameters(false);
        var modulus = parameters.Modulus!;
        var even = (byte[])modulus.Clone();
        even[^1] &= 0xFE;

        Assert.NotNull(ManagedRsaPublicKey.TryCreate(modulus, parameters.Exponent));
        Assert.NotNull(ManagedRsaPublicKey.TryCreate([0x00, 0x00, .. modulus], [0x00, .. parameters.Exponent!]));
        Assert.Null(ManagedRsaPublicKey.TryCreate(even, parameters.Exponent));
        Assert.Null(ManagedRsaPublicKey.TryCreate(modulus[..100], parameters.Exponent));                 // 800 bits
        Assert.Null(ManagedRsaPublicKey.TryCreate([0x01, .. new byte[512]], [0x01, 0x00, 0x01]));        // 4097 bits
        Assert.Null(ManagedRsaPublicKey.TryCreate(modulus, [0x01]));
        Assert.Null(ManagedRsaPublicKey.TryCreate(modulus, [0x01, 0x00, 0x00]));
        Assert.Null(ManagedRsaPublicKey.TryCreate(modulus, [0x01, .. new byte[7], 0x01]));                // 65 bits
        Assert.Null(ManagedRsaPublicKey.TryCreate([], parameters.Exponent));
    }

    private static byte[] Digest(HashAlgorithmName name, byte[] data) =>
        name == HashAlgorithmName.SHA256 ? SHA256.HashData(data)
        : name == HashAlgorithmName.SHA384 ? SHA384.HashData(data)
        : SHA512.HashData(data);

    /// <summary>Keys of every supported size (made once per test run) and two BouncyCastle key pairs for crafted signatures.</summary>
    public sealed class Keys : IDisposable
    {
        public static readonly string[] Names = ["1024", "2047", "2048", "3072", "4096"];
        private readonly Dictionary<string, RSA> _keys;

        public Keys()
        {
            _keys = new Dictionary<string, RSA>(StringComparer.Ordinal)
            {
                ["1024"] = RSA.Create(1024),
                ["2047"] = FromBouncyCastle(2047, 65537),
                ["2048"] = RSA.Create(2048),
                ["3072"] = RSA.Create(3072),
                ["4096"] = RSA.Create(4096),
            };
            Small65537 = Generate(1024, 65537);
            SmallExponent3 = Generate(2048, 3);
        }

        public (RsaKeyParameters Public, RsaPrivateCrtKeyParameters Private) Small65537 { get; }

        public (RsaKeyParameters Public, RsaPrivateCrtKeyParameters Private) SmallExponent3 { get; }

        public RSA this[string name] => _keys[name];

        public void Dispose()
        {
            foreach (var key in _keys.Values)
            {
                key.Dispose();
            }
        }

        private static RSA FromBouncyCastle(int bits, int exponent) => new NpkiPrivateKey(Generate(bits, exponent).Private, null).ToRsa();

        private static (RsaKeyParameters Public, RsaPrivateCrtKeyParameters Private) Generate(int bits, int exponent)
        {
            var generator = new RsaKeyPairGenerator();
            generator.Init(new RsaKeyGenerationParameters(BcBigInteger.ValueOf(exponent), new SecureRandom(), bits, 80));
            var pair = generator.GenerateKeyPair();
            return ((RsaKeyParameters)pair.Public, (RsaPrivateCrtKeyParameters)pair.Private);
        }
    }
}
