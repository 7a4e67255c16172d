using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.X509;
using Petition.Pki.Cms;
using Petition.Pki.Demo;
using Petition.Pki.Validation;

namespace Petition.Benchmarks;

/// <summary>Time per verification next to a bare RSA-2048 verify (System.Security.Cryptography) in the same run.</summary>
[MemoryDiagnoser]
public class VerificationBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private DemoPki _pki = null!;
    private SignedSubmission _submission = null!;
    private SubmissionVerifier _warm = null!;
    private RSA _rsa = null!;
    private byte[] _data = null!;
    private byte[] _signature = null!;
    private VerificationPolicy _policy = null!;
    private FixedClock _clock = null!;
    private TrustStoreSnapshot? _loaded;
    private long _version;
    private const int NewSignerPool = 256;
    private SignedSubmission[] _newSigners = [];
    private SignedSubmission _primer = null!;
    private SubmissionVerifier? _newSignerVerifier;
    private int _newSignerIndex;

    [GlobalSetup]
    public void Setup()
    {
        _pki = DemoPkiGenerator.Generate(new DemoPkiOptions { Now = Now });
        var citizen = _pki.Citizen("yessign-general");
        var content = Encoding.UTF8.GetBytes("<petition><nonce>bench</nonce><body>등본</body></petition>");
        _submission = new SignedSubmission
        {
            Cms = NpkiSigner.Sign(content, citizen.Sign.Certificate, citizen.Sign.Key, Now),
            ExpectedContent = content,
            ApplicantRrn = citizen.Rrn,
            RandomNum = citizen.RandomNum,
        };
        _policy = VerificationPolicy.GeneralPurpose();
        _clock = new FixedClock(Now);
        _warm = new SubmissionVerifier(CreateStore(), null, _clock);
        if (!_warm.VerifyAsync(_submission, _policy).GetAwaiter().GetResult().Accepted)
        {
            throw new InvalidOperationException("The benchmark submission does not verify.");
        }

        var ca = _pki.Authority("yessign");
        _newSigners = [.. Enumerable.Range(0, NewSignerPool).Select(i =>
        {
            var cert = Reissue(citizen.Sign.Certificate, ca, 900_000 + i);
            return _submission with { Cms = NpkiSigner.Sign(content, cert, citizen.Sign.Key, Now) };
        })];
        var banking = _pki.Citizen("yessign-banking");
        _primer = new SignedSubmission { Cms = NpkiSigner.Sign(content, banking.Sign.Certificate, banking.Sign.Key, Now), ExpectedContent = content };
        if (!new SubmissionVerifier(CreateStore(), null, _clock).VerifyAsync(_newSigners[^1], _policy).GetAwaiter().GetResult().Accepted)
        {
            throw new InvalidOperationException("A re-issued benchmark certificate does not verify.");
        }

        _rsa = citizen.Sign.Key.ToRsa();
        _data = RandomNumberGenerator.GetBytes(200);
        _signature = _rsa.SignData(_data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    [Benchmark(Baseline = true)]
    public bool BareRsa2048Verify() => _rsa.VerifyData(_data, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark]
    public bool VerifyWarm() => _warm.VerifyAsync(_submission, _policy).GetAwaiter().GetResult().Accepted;

    /// <summary>
    /// Cold: a new verifier (empty certificate, key, path and revocation caches) over a new trust-store snapshot whose
    /// certificates and CRLs are new objects as the store's parser makes them (structure, DER, fingerprint) over
    /// already-decoded ASN.1 (CRL parsed, signature not yet checked, not indexed; no key built, no signature checked):
    /// the first verification of a chain nobody has seen.
    /// </summary>
    [Benchmark]
    public bool VerifyCold() => new SubmissionVerifier(FreshSnapshot(), null, _clock).VerifyAsync(_submission, _policy).GetAwaiter().GetResult().Accepted;

    /// <summary>
    /// New signer: a certificate the verifier has never seen (new path, PKIX run, leaf signature and revocation checked,
    /// new RSA key for the CMS signature), issued by a CA whose certificate, key and CRL index the verifier already has
    /// from earlier submissions. Every <see cref="NewSignerPool"/>-th call starts a new verifier and primes it with another
    /// citizen of the same CA (about 0.4% of the calls carry that priming verification).
    /// </summary>
    [Benchmark]
    public bool VerifyNewSigner()
    {
        var index = _newSignerIndex++ % NewSignerPool;
        if (index == 0)
        {
            _newSignerVerifier = new SubmissionVerifier(FreshSnapshot(), null, _clock);
            _newSignerVerifier.VerifyAsync(_primer, _policy).GetAwaiter().GetResult();
        }

        return _newSignerVerifier!.VerifyAsync(_newSigners[index], _policy).GetAwaiter().GetResult().Accepted;
    }

    /// <summary>Cold plus loading the trust store from DER (7 certificates, 7 CRLs): what a process start or reload costs once.</summary>
    [Benchmark]
    public bool VerifyColdIncludingTrustStoreLoad() => new SubmissionVerifier(CreateStore(), null, _clock).VerifyAsync(_submission, _policy).GetAwaiter().GetResult().Accepted;

    /// <summary>The same certificate (subject, key, validity, extensions) with another serial number, signed by the CA.</summary>
    private static X509Certificate Reissue(X509Certificate original, DemoAuthority ca, long serial)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(Org.BouncyCastle.Math.BigInteger.ValueOf(serial));
        generator.SetIssuerDN(original.IssuerDN);
        generator.SetSubjectDN(original.SubjectDN);
        generator.SetNotBefore(original.NotBefore);
        generator.SetNotAfter(original.NotAfter);
        generator.SetPublicKey(original.GetPublicKey());
        var extensions = original.CertificateStructure.TbsCertificate.Extensions;
        foreach (var oid in extensions.ExtensionOids)
        {
            var extension = extensions.GetExtension(oid);
            generator.AddExtension(oid, extension.IsCritical, extension.GetParsedValue());
        }

        return generator.Generate(new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory("SHA256WITHRSA", ca.PrivateKey));
    }

    private SnapshotStore FreshSnapshot()
    {
        var loaded = _loaded ??= CreateStore().GetSnapshotAsync().GetAwaiter().GetResult();
        return new SnapshotStore(new TrustStoreSnapshot(
            Interlocked.Increment(ref _version),
            [.. loaded.Anchors.Select(Reparse)],
            [.. loaded.Intermediates.Select(Reparse)],
            [.. loaded.Crls.Select(c => new VettedCrl(c.CertificateList, ((VettedCrl)c).Der))]));
    }

    /// <summary>
    /// A new certificate object as the trust store's parser makes it (structure, DER and the DER's fingerprint, nothing
    /// else computed), over the already-decoded ASN.1 of <paramref name="loaded"/>: parsing is trust-store load work.
    /// </summary>
    private static VettedCertificate Reparse(X509Certificate loaded)
    {
        var vetted = (VettedCertificate)loaded;
        return new VettedCertificate(vetted.CertificateStructure, vetted.Der!, vetted.Fingerprint);
    }

    private InMemoryTrustStore CreateStore()
    {
        var store = new InMemoryTrustStore();
        store.AddAnchor(_pki.Root.Certificate.GetEncoded());
        foreach (var ca in _pki.Authorities)
        {
            store.AddIntermediate(ca.Certificate.GetEncoded());
        }

        foreach (var crl in _pki.Crls)
        {
            store.AddCrl(crl);
        }

        return store;
    }

    /// <summary>Quick stopwatch figures (not BenchmarkDotNet) for a first look.</summary>
    public static void RunStopwatch(TextWriter output)
    {
        var b = new VerificationBenchmarks();
        b.Setup();
        Measure(output, "bare RSA-2048 verify", 2000, () => b.BareRsa2048Verify());
        Measure(output, "warm verification", 2000, () => b.VerifyWarm());
        Measure(output, "warm verification (again)", 2000, () => b.VerifyWarm());
        Measure(output, "new signer verification", 1000, () => b.VerifyNewSigner());
        Measure(output, "cold verification", 300, () => b.VerifyCold());
        Measure(output, "cold verification incl. trust store load", 100, () => b.VerifyColdIncludingTrustStoreLoad());
        if (Environment.GetEnvironmentVariable("PKI_BENCH_DETAIL") == "1")
        {
            Measure(output, "  parse CMS", 2000, () => ParsedSignedData.Parse(b._submission.Cms, 10) is not null);
            var store = b.CreateStore();
            var snapshot = store.GetSnapshotAsync().GetAwaiter().GetResult();
            var citizen = b._pki.Citizen("yessign-general");
            Measure(output, "  create store", 30, () => b.CreateStore() is not null);
            var rootDer = b._pki.Root.Certificate.GetEncoded();
            var crlDer = b._pki.Root.Crl;
            Measure(output, "  parse cert", 200, () => Petition.Pki.Certificates.PkiFiles.ParseCertificate(rootDer) is not null);
            Measure(output, "  parse crl", 200, () => Petition.Pki.Certificates.PkiFiles.ParseCrl(crlDer) is not null);
            Measure(output, "  add anchor", 200, () => new InMemoryTrustStore().AddAnchor(rootDer) is not null);
            Measure(output, "  add crl", 200, () => new InMemoryTrustStore().AddCrl(crlDer) is not null);
            Measure(output, "  build path (cold cache)", 30, () =>
            {
                var cache = new VettedCertificateCache();
                return PathBuilder.Build(cache.Get(citizen.Sign.Certificate), new PreparedTrust(b.CreateStore().GetSnapshotAsync().GetAwaiter().GetResult(), cache), [], Now, new PathValidationSettings()).Success;
            });
            var warmCache = new VettedCertificateCache();
            var warmTrust = new PreparedTrust(snapshot, warmCache);
            var leaf = warmCache.Get(citizen.Sign.Certificate);
            Measure(output, "  build path (warm cache)", 100, () => PathBuilder.Build(leaf, warmTrust, [], Now, new PathValidationSettings()).Success);
            Measure(output, "  new vetted + GetPublicKey", 100, () => new VettedCertificate(citizen.Sign.Certificate.CertificateStructure).GetPublicKey() is not null);
            Measure(output, "  new vetted + verify", 100, () => new VettedCertificate(citizen.Sign.Certificate.CertificateStructure).VerifyData(b._data, b._signature, System.Security.Cryptography.HashAlgorithmName.SHA256) is false);
            var warmVerifier = new SubmissionVerifier(store, null, b._clock);
            Measure(output, "  warm verify (detail)", 300, () => warmVerifier.VerifyAsync(b._submission, b._policy).GetAwaiter().GetResult().Accepted);
            var yessign = b._pki.Authority("yessign").Certificate;
            Measure(output, "  cold: fresh snapshot objects", 300, () => b.FreshSnapshot() is not null);
            Measure(output, "  cold: prepared trust (fingerprints)", 300, () => new PreparedTrust(b.FreshSnapshot().GetSnapshotAsync().GetAwaiter().GetResult(), new VettedCertificateCache()) is not null);
            Measure(output, "  cold: path build", 300, () =>
            {
                var cache = new VettedCertificateCache();
                var trust = new PreparedTrust(b.FreshSnapshot().GetSnapshotAsync().GetAwaiter().GetResult(), cache);
                return PathBuilder.Build(cache.Get(citizen.Sign.Certificate), trust, [], Now, new PathValidationSettings()).Success;
            });
            Measure(output, "  cold: CA CRL index (new issuer object)", 300, () =>
                b.FreshSnapshot().GetSnapshotAsync().GetAwaiter().GetResult().GetCrl(new VettedCertificate(yessign.CertificateStructure)) is not null);
            Measure(output, "  cold: new RSA key + 1 verify", 300, () => new VettedCertificate(yessign.CertificateStructure).VerifyData(b._data, b._signature, System.Security.Cryptography.HashAlgorithmName.SHA256) is false);
            var leafDers = b._newSigners.Select(x => ParsedSignedData.Parse(x.Cms, 10).Certificates[0]).ToArray();
            var n = 0;
            Measure(output, "  new signer: parse + vet leaf", 250, () => new VettedCertificateCache().Get(leafDers[n++ % leafDers.Length]) is not null);
            n = 0;
            Measure(output, "  new signer: leaf key import + verify", 250, () => new VettedCertificateCache().Get(leafDers[n++ % leafDers.Length]).VerifyData(b._data, b._signature, System.Security.Cryptography.HashAlgorithmName.SHA256) is false);
            n = 0;
            Measure(output, "  new signer: path build (warm CA keys)", 250, () => PathBuilder.Build(new VettedCertificateCache().Get(leafDers[n++ % leafDers.Length]), warmTrust, [], Now, new PathValidationSettings()).Success);
            Measure(output, "  summary", 2000, () => Petition.Pki.Certificates.CertificateSummary.From(citizen.Sign.Certificate) is not null);
            Measure(output, "  vid", 2000, () => Petition.Pki.Npki.VirtualId.Check(citizen.Sign.Certificate, citizen.Rrn, citizen.RandomNum) == Petition.Pki.Npki.VidCheckResult.Match);
            Measure(output, "  getcrl", 2000, () => snapshot.GetCrl(b._pki.Authority("yessign").Certificate) is not null);
        }
    }

    /// <summary>Runs one case in a loop for <paramref name="duration"/> (for a sampling profiler).</summary>
    public static void RunLoop(string name, TimeSpan duration)
    {
        var b = new VerificationBenchmarks();
        b.Setup();
        Func<bool> action = name switch
        {
            "cold" => b.VerifyCold,
            "new-signer" => b.VerifyNewSigner,
            "warm" => b.VerifyWarm,
            _ => throw new ArgumentException("Use cold, new-signer or warm.", nameof(name)),
        };
        var sw = Stopwatch.StartNew();
        long count = 0;
        while (sw.Elapsed < duration)
        {
            action();
            count++;
        }

        Console.WriteLine($"{name}: {count} runs, {sw.Elapsed.TotalMicroseconds / count:F1} us each");
    }

    private static void Measure(TextWriter output, string name, int n, Func<bool> action)
    {
        for (var i = 0; i < 3; i++)
        {
            action();
        }

        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            action();
        }

        output.WriteLine($"{name}: {sw.Elapsed.TotalMicroseconds / n:F1} us");
    }

    private sealed class SnapshotStore(TrustStoreSnapshot snapshot) : ITrustStore
    {
        public ValueTask<TrustStoreSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(snapshot);

        public ValueTask AddCrlAsync(byte[] crlDer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
