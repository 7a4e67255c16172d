using System.Runtime.Intrinsics.X86;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;
using Petition.Pki.Validation;
using static Petition.Pki.Tests.TestChains;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Petition.Pki.Tests;

/// <summary>The .NET-backed signature step under BouncyCastle's PKIX (ADR-103).</summary>
public sealed class VettedCertificateTests
{
    [Fact]
    public void FastKeyConstruction_BouncyCastleInternalConstructor_IsFound()
    {
        // If this fails after a BouncyCastle upgrade, verification is still correct but cold paths are ~30 ms per key slower.
        Assert.True(RsaPublicKeys.FastKeyConstruction);
    }

    [Fact]
    public void GetPublicKey_VettedCertificate_SameKeyAsBouncyCastle()
    {
        var root = Root("CN=Key Root, C=KR");
        var vetted = new VettedCertificate(root.Certificate.CertificateStructure);

        var key = Assert.IsType<RsaKeyParameters>(vetted.GetPublicKey());
        var expected = (RsaKeyParameters)root.Keys.Public;

        Assert.Equal(expected.Modulus, key.Modulus);
        Assert.Equal(expected.Exponent, key.Exponent);
        Assert.Same(key, vetted.GetPublicKey());
    }

    [Fact]
    public void IsSignatureValid_IssuerKeyAndOtherKey_TrueOnlyForIssuer()
    {
        var root = Root("CN=Sig Root, C=KR");
        var ca = Ca("CN=Sig CA, C=KR", 1, root);
        var vettedCa = new VettedCertificate(ca.Certificate.CertificateStructure);
        var vettedRoot = new VettedCertificate(root.Certificate.CertificateStructure);

        Assert.True(vettedCa.IsSignatureValid(vettedRoot.GetPublicKey()));
        Assert.False(vettedCa.IsSignatureValid(Key(4).Public));
        Assert.True(vettedCa.IsSignatureValid(root.Keys.Public));
        Assert.ThrowsAny<Exception>(() => vettedCa.Verify(Key(4).Public));
    }

    [Fact]
    public void IsSignatureValid_TamperedTbs_False()
    {
        var root = Root("CN=Tamper Root, C=KR");
        var der = Ca("CN=Tamper CA, C=KR", 1, root).Certificate.GetEncoded();
        var at = der.AsSpan().IndexOf("Tamper CA"u8);
        der[at] ^= 0x01;
        var tampered = new VettedCertificate(new X509Certificate(der).CertificateStructure);

        Assert.False(tampered.IsSignatureValid(root.Keys.Public));
    }

    [Fact]
    public void ParseCertificate_KeepsDer_EqualAndSameHashAsPlainCertificate()
    {
        var der = Ca("CN=Parse CA, C=KR", 1, Root("CN=Parse Root, C=KR")).Certificate.GetEncoded();

        var parsed = Assert.IsType<VettedCertificate>(Petition.Pki.Certificates.PkiFiles.ParseCertificate(der));
        var plain = new X509Certificate(der);

        Assert.Equal(der, parsed.GetEncoded());
        Assert.NotSame(parsed.GetEncoded(), parsed.GetEncoded());
        Assert.Equal(plain.GetHashCode(), parsed.GetHashCode());
        Assert.True(parsed.Equals(plain));
        Assert.True(plain.Equals(parsed));
        Assert.Equal(parsed, Petition.Pki.Certificates.PkiFiles.ParseCertificate(der));
        Assert.NotEqual(parsed, Petition.Pki.Certificates.PkiFiles.ParseCertificate(Root("CN=Parse Root, C=KR").Certificate.GetEncoded()));
    }

    [Fact]
    public void Verifier_Rsa2048Key_CheckedInManagedCode()
    {
        var root = Root("CN=Managed Root, C=KR");
        var verifier = RsaPublicKeys.FromSubjectPublicKeyInfo(root.Certificate.CertificateStructure.SubjectPublicKeyInfo);

        Assert.NotNull(verifier);
        Assert.True(verifier.Managed);
        var ca = Ca("CN=Managed CA, C=KR", 1, root).Certificate;
        var tampered = ca.GetEncoded();
        tampered[tampered.AsSpan().IndexOf("Managed CA"u8)] ^= 0x01;
        for (var use = 1; use <= RsaPublicKeys.Verifier.ManagedVerifications + 2; use++)
        {
            // Fresh certificate objects, so every check reaches the key (no cached verdict).
            Assert.True(new VettedCertificate(ca.CertificateStructure).IsSignatureValid(verifier.BouncyCastleKey));
            Assert.False(new VettedCertificate(new X509Certificate(tampered).CertificateStructure).IsSignatureValid(verifier.BouncyCastleKey));

            // Managed (with AVX2 always; otherwise for the first uses, then imported into OpenSSL once).
            Assert.Equal(!Avx2.IsSupported && 2 * use > RsaPublicKeys.Verifier.ManagedVerifications, verifier.Imported);
        }
    }

    [Fact]
    public void Verify_ExponentLongerThan64Bits_RefusedWithoutExponentiation()
    {
        var key = (RsaKeyParameters)Key(0).Public;
        var huge = BcBigInteger.One.ShiftLeft(1000).Add(BcBigInteger.One); // odd, 1001 bits
        var verifier = new RsaPublicKeys.Verifier(key.Modulus, huge);

        Assert.False(RsaPublicKeys.IsPlausible(key.Modulus, huge));
        Assert.False(RsaPublicKeys.IsPlausible(key.Modulus, BcBigInteger.One.ShiftLeft(64).Add(BcBigInteger.One)));
        Assert.True(RsaPublicKeys.IsPlausible(key.Modulus, BcBigInteger.One.ShiftLeft(63).Add(BcBigInteger.One)));
        Assert.False(verifier.Verify(new byte[200], new byte[key.Modulus.BitLength / 8], System.Security.Cryptography.HashAlgorithmName.SHA256));
        Assert.False(verifier.Imported);
    }

    [Fact]
    public void IsPlausible_EvenSmallFactorShortOrBadExponent_Rejected()
    {
        var good = (RsaKeyParameters)Key(0).Public;
        var three = BcBigInteger.ValueOf(3);

        Assert.True(RsaPublicKeys.IsPlausible(good.Modulus, good.Exponent));
        Assert.False(RsaPublicKeys.IsPlausible(good.Modulus.Add(BcBigInteger.One), good.Exponent));
        Assert.False(RsaPublicKeys.IsPlausible(good.Modulus.Multiply(three).Multiply(BcBigInteger.ValueOf(743)).ShiftRight(0), good.Exponent));
        Assert.False(RsaPublicKeys.IsPlausible(good.Modulus.ShiftRight(1100).SetBit(0), good.Exponent));
        Assert.False(RsaPublicKeys.IsPlausible(good.Modulus, BcBigInteger.ValueOf(65536)));
        Assert.False(RsaPublicKeys.IsPlausible(good.Modulus, BcBigInteger.One));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(113)]
    [InlineData(743)]
    public void HasSmallFactor_MultipleOfSmallPrime_True(int prime)
    {
        var modulus = ((RsaKeyParameters)Key(1).Public).Modulus;

        Assert.False(RsaPublicKeys.HasSmallFactor(modulus.ToByteArrayUnsigned()));
        Assert.True(RsaPublicKeys.HasSmallFactor(modulus.Multiply(BcBigInteger.ValueOf(prime)).ToByteArrayUnsigned()));
        Assert.False(RsaPublicKeys.HasSmallFactor(modulus.Multiply(BcBigInteger.ValueOf(751)).ToByteArrayUnsigned())); // 751: above the bound

        // Longer than the power table (4096 bits): the division loop gives the same answers.
        var wide = modulus.ShiftLeft(4096).Add(modulus);
        Assert.False(RsaPublicKeys.HasSmallFactor(wide.ToByteArrayUnsigned()));
        Assert.True(RsaPublicKeys.HasSmallFactor(wide.Multiply(BcBigInteger.ValueOf(prime)).ToByteArrayUnsigned()));
    }
}
