using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Petition.Pki.Tests;

/// <summary>Options of one purpose-built certificate.</summary>
public sealed record CertSpec
{
    /// <summary>cA flag of basicConstraints; null leaves the extension out.</summary>
    public bool? IsCa { get; init; } = true;

    public int? PathLength { get; init; }

    public int KeyUsageBits { get; init; } = KeyUsage.KeyCertSign | KeyUsage.CrlSign;

    public string[] Policies { get; init; } = ["2.5.29.32.0"];

    /// <summary>Permitted / excluded directoryName subtrees of nameConstraints.</summary>
    public string[] PermittedDns { get; init; } = [];

    public string[] ExcludedDns { get; init; } = [];

    /// <summary>policyConstraints requireExplicitPolicy skip certs.</summary>
    public int? RequireExplicitPolicy { get; init; }

    /// <summary>policyMappings: (issuerDomainPolicy, subjectDomainPolicy).</summary>
    public (string Issuer, string Subject)[] PolicyMappings { get; init; } = [];

    public int? InhibitAnyPolicy { get; init; }

    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset? NotAfter { get; init; }
}

/// <summary>A certificate with its key pair, for chains generated inside tests.</summary>
public sealed record TestCa(X509Certificate Certificate, AsymmetricCipherKeyPair Keys)
{
    public X509Name Subject => Certificate.SubjectDN;
}

/// <summary>Builds certificates with specific extensions (BouncyCastle generator, keys from a small shared pool).</summary>
public static class TestChains
{
    public const string AnyPolicy = "2.5.29.32.0";
    public const string PolicyA = "1.2.410.200005.1.1.1";
    public const string PolicyB = "1.2.410.200004.5.2.1.2";
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<AsymmetricCipherKeyPair[]> KeyPool = new(() =>
        [.. Enumerable.Range(0, 8).Select(_ =>
        {
            using var rsa = RSA.Create(2048);
            return DotNetUtilities.GetRsaKeyPair(rsa.ExportParameters(true));
        })]);

    private static long _serial = 1000;

    /// <summary>A distinguished name written most-specific first (CN=..., C=KR) and encoded in X.500 order (C first).</summary>
    public static X509Name Name(string dn) => new(true, dn);

    /// <summary>A key from the pool (index modulo the pool size): distinct indexes give distinct keys.</summary>
    public static AsymmetricCipherKeyPair Key(int index) => KeyPool.Value[index % KeyPool.Value.Length];

    public static TestCa Root(string dn, int key = 0, CertSpec? spec = null) => Issue(dn, key, null, spec ?? new CertSpec());

    public static TestCa Ca(string dn, int key, TestCa issuer, CertSpec? spec = null) => Issue(dn, key, issuer, spec ?? new CertSpec());

    public static TestCa Leaf(string dn, int key, TestCa issuer, string[]? policies = null) => Issue(dn, key, issuer, new CertSpec
    {
        IsCa = null,
        KeyUsageBits = KeyUsage.DigitalSignature | KeyUsage.NonRepudiation,
        Policies = policies ?? [PolicyA],
    });

    public static TestCa Issue(string dn, int key, TestCa? issuer, CertSpec spec)
    {
        var keys = Key(key);
        var subject = Name(dn);
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BcBigInteger.ValueOf(Interlocked.Increment(ref _serial)));
        generator.SetSubjectDN(subject);
        generator.SetIssuerDN(issuer?.Subject ?? subject);
        generator.SetNotBefore((spec.NotBefore ?? Now.AddYears(-1)).UtcDateTime);
        generator.SetNotAfter((spec.NotAfter ?? Now.AddYears(5)).UtcDateTime);
        generator.SetPublicKey(keys.Public);
        if (spec.IsCa is { } isCa)
        {
            generator.AddExtension(X509Extensions.BasicConstraints, true, isCa && spec.PathLength is { } len ? new BasicConstraints(len) : new BasicConstraints(isCa));
        }

        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(spec.KeyUsageBits));
        if (spec.Policies.Length > 0)
        {
            generator.AddExtension(X509Extensions.CertificatePolicies, false, new DerSequence(spec.Policies.Select(p => (Asn1Encodable)new PolicyInformation(new DerObjectIdentifier(p))).ToArray()));
        }

        if (spec.PermittedDns.Length > 0 || spec.ExcludedDns.Length > 0)
        {
            // NameConstraints ::= SEQUENCE { permittedSubtrees [0] IMPLICIT GeneralSubtrees OPTIONAL, excludedSubtrees [1] ... }
            var parts = new Asn1EncodableVector();
            foreach (var (tag, dns) in new[] { (0, spec.PermittedDns), (1, spec.ExcludedDns) })
            {
                if (dns.Length > 0)
                {
                    parts.Add(new DerTaggedObject(false, tag, new DerSequence(dns.Select(d => (Asn1Encodable)new GeneralSubtree(new GeneralName(Name(d)))).ToArray())));
                }
            }

            generator.AddExtension(X509Extensions.NameConstraints, true, new DerSequence(parts));
        }

        if (spec.RequireExplicitPolicy is { } skip)
        {
            generator.AddExtension(X509Extensions.PolicyConstraints, true, new DerSequence(new DerTaggedObject(false, 0, DerInteger.ValueOf(skip))));
        }

        if (spec.PolicyMappings.Length > 0)
        {
            generator.AddExtension(X509Extensions.PolicyMappings, true, new DerSequence(spec.PolicyMappings.Select(m =>
                (Asn1Encodable)new DerSequence(new DerObjectIdentifier(m.Issuer), new DerObjectIdentifier(m.Subject))).ToArray()));
        }

        if (spec.InhibitAnyPolicy is { } inhibit)
        {
            generator.AddExtension(X509Extensions.InhibitAnyPolicy, true, DerInteger.ValueOf(inhibit));
        }

        var signer = issuer?.Keys.Private ?? keys.Private;
        return new TestCa(generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", signer)), keys);
    }

    /// <summary>A CA certificate for <paramref name="subject"/>'s name and key, issued by <paramref name="issuer"/> (a cross certificate).</summary>
    public static X509Certificate Cross(TestCa subject, TestCa issuer)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BcBigInteger.ValueOf(Interlocked.Increment(ref _serial)));
        generator.SetSubjectDN(subject.Subject);
        generator.SetIssuerDN(issuer.Subject);
        generator.SetNotBefore(Now.AddYears(-1).UtcDateTime);
        generator.SetNotAfter(Now.AddYears(5).UtcDateTime);
        generator.SetPublicKey(subject.Keys.Public);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        generator.AddExtension(X509Extensions.CertificatePolicies, false, new DerSequence(new PolicyInformation(new DerObjectIdentifier(AnyPolicy))));
        return generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", issuer.Keys.Private));
    }
}
