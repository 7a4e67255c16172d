using System.Security.Cryptography;
using Petition.Pki.Validation;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Petition.Pki.Tests;

/// <summary>The managed RSASSA-PKCS1-v1_5 verify used for a key's first signatures agrees with .NET (ADR-103).</summary>
public sealed class ManagedRsaVerifierTests
{
    public static TheoryData<int, string> Cases => new()
    {
        { 1024, "SHA256" }, { 1536, "SHA384" }, { 2048, "SHA256" }, { 2048, "SHA512" }, { 3072, "SHA256" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_AgreesWithDotNet(int keySize, string hashName)
    {
        var hash = new HashAlgorithmName(hashName);
        using var rsa = RSA.Create(keySize);
        var p = rsa.ExportParameters(false);
        var managed = new ManagedRsaVerifier(p.Modulus!, p.Exponent!);
        for (var i = 0; i < 8; i++)
        {
            var data = RandomNumberGenerator.GetBytes(1 + (i * 37));
            var signature = rsa.SignData(data, hash, RSASignaturePadding.Pkcs1);
            Assert.True(managed.Verify(data, signature, hash));

            var flipped = (byte[])signature.Clone();
            flipped[i * 5 % flipped.Length] ^= (byte)(1 << i);
            Assert.Equal(rsa.VerifyData(data, flipped, hash, RSASignaturePadding.Pkcs1), managed.Verify(data, flipped, hash));
            Assert.False(managed.Verify(data, flipped, hash));

            var otherData = (byte[])data.Clone();
            otherData[0] ^= 1;
            Assert.False(managed.Verify(otherData, signature, hash));
            Assert.False(managed.Verify(data, signature, hash == HashAlgorithmName.SHA256 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256));
        }
    }

    [Fact]
    public void Verify_MalformedSignatures_False()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        var managed = new ManagedRsaVerifier(p.Modulus!, p.Exponent!);
        var data = RandomNumberGenerator.GetBytes(100);
        var signature = rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        byte[] longer = [0, .. signature];
        Assert.False(managed.Verify(data, longer, HashAlgorithmName.SHA256));
        Assert.False(managed.Verify(data, signature.AsSpan(1), HashAlgorithmName.SHA256));
        Assert.False(managed.Verify(data, p.Modulus, HashAlgorithmName.SHA256)); // s = n is out of range
        var n = new BcBigInteger(1, p.Modulus);
        var sPlusN = new BcBigInteger(1, signature).Add(n);
        if (sPlusN.BitLength <= 2048)
        {
            Assert.False(managed.Verify(data, sPlusN.ToByteArrayUnsigned(), HashAlgorithmName.SHA256));
        }

        Assert.False(managed.Verify(data, new byte[256], HashAlgorithmName.SHA256));
    }

    [Fact]
    public void Verifier_FirstUsesManaged_ThenImported_SameVerdicts()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        var verifier = new RsaPublicKeys.Verifier(new BcBigInteger(1, p.Modulus), new BcBigInteger(1, p.Exponent), plausible: true);
        var data = RandomNumberGenerator.GetBytes(64);
        var signature = rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var bad = (byte[])signature.Clone();
        bad[^1] ^= 1;

        for (var use = 1; use <= RsaPublicKeys.Verifier.ManagedUses + 2; use++)
        {
            Assert.True(verifier.Verify(data, signature, HashAlgorithmName.SHA256));
            Assert.False(verifier.Verify(data, bad, HashAlgorithmName.SHA256));
            Assert.Equal(2 * use > RsaPublicKeys.Verifier.ManagedUses, verifier.IsImported);
        }
    }
}
