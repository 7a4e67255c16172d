using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Ocsp;
using Petition.Pki.Certificates;
using Petition.Pki.Demo;
using Petition.Pki.Validation;

namespace Petition.Pki.Tests;

/// <summary>
/// A snapshot's <see cref="RevocationSettings"/> (the administrator's choice in the database trust store) override the
/// verifier's static <see cref="PkiOptions"/>; without them the options apply as before.
/// </summary>
[Collection(DemoPkiCollection.Name)]
public sealed class RevocationSettingsTests(DemoPkiFixture demo)
{
    private static readonly DateTimeOffset Now = DemoPkiFixture.Now;

    private SubmissionVerifier Verifier(ITrustStore store, PkiOptions options, ICrlDownloader? downloader = null, IOcspClient? ocsp = null) =>
        new(store, new InMemoryNonceRegistry(), new FixedTimeProvider(Now), Options.Create(options), downloader, ocsp);

    private Task<ValidationReport> VerifyAsync(SubmissionVerifier verifier) =>
        verifier.VerifyAsync(demo.Sign(demo.Pki.Citizen("yessign-general"), "settings-" + Guid.NewGuid().ToString("N")).Submission, VerificationPolicy.GeneralPurpose());

    [Fact]
    public async Task VerifyAsync_SnapshotTurnsOcspOn_OcspIsAskedAlthoughOptionsSayOff()
    {
        var responder = new GoodResponder(demo.Pki);
        var store = new SettingsStore(demo.CreateTrustStore(withCrls: false), new RevocationSettings { UseOcsp = true, OcspResponderUrl = "http://ocsp.admin.invalid/" });

        var report = await VerifyAsync(Verifier(store, new PkiOptions { UseOcsp = false }, ocsp: responder));

        Assert.True(report.Accepted, report.ToJson());
        Assert.All(report.Revocation, r => Assert.Equal(("OCSP", "GOOD"), (r.Kind, r.Status)));
        Assert.All(responder.Responders, u => Assert.Equal("http://ocsp.admin.invalid/", u.ToString()));
    }

    [Fact]
    public async Task VerifyAsync_SnapshotTurnsOcspOff_CrlsAreUsedAlthoughOptionsSayOn()
    {
        var responder = new GoodResponder(demo.Pki);
        var store = new SettingsStore(demo.CreateTrustStore(withCrls: true), new RevocationSettings { UseOcsp = false });

        var report = await VerifyAsync(Verifier(store, new PkiOptions { UseOcsp = true, OcspResponderUrl = "http://ocsp.options.invalid/" }, ocsp: responder));

        Assert.True(report.Accepted, report.ToJson());
        Assert.All(report.Revocation, r => Assert.Equal("CRL", r.Kind));
        Assert.Empty(responder.Responders);
    }

    [Fact]
    public async Task VerifyAsync_SnapshotWithoutSettings_OptionsApply()
    {
        var responder = new GoodResponder(demo.Pki);

        var report = await VerifyAsync(Verifier(demo.CreateTrustStore(withCrls: false), new PkiOptions { UseOcsp = true, OcspResponderUrl = "http://ocsp.options.invalid/" }, ocsp: responder));

        Assert.True(report.Accepted, report.ToJson());
        Assert.All(responder.Responders, u => Assert.Equal("http://ocsp.options.invalid/", u.ToString()));
    }

    [Fact]
    public async Task VerifyAsync_SnapshotTurnsCrlFetchingOn_DownloadsAndHandsTheUrlToTheStore()
    {
        var inner = demo.CreateTrustStore(withCrls: false);
        inner.AddCrl(demo.Pki.Root.Crl);
        var ca = demo.Pki.Authority("yessign");
        var store = new SettingsStore(inner, new RevocationSettings { FetchCrlsFromDistributionPoints = true });
        var downloader = new OneCrlDownloader(ca.Crl);

        var report = await VerifyAsync(Verifier(store, new PkiOptions { FetchCrlsFromDistributionPoints = false }, downloader));

        Assert.True(report.Accepted, report.ToJson());
        Assert.Single(downloader.Requested);
        var (der, url) = Assert.Single(store.Added);
        Assert.Equal(ca.Crl, der);
        Assert.Equal(downloader.Requested[0], url);
    }

    [Fact]
    public async Task VerifyAsync_SnapshotTurnsCrlFetchingOff_NothingIsDownloaded()
    {
        var inner = demo.CreateTrustStore(withCrls: false);
        inner.AddCrl(demo.Pki.Root.Crl);
        var store = new SettingsStore(inner, new RevocationSettings { FetchCrlsFromDistributionPoints = false });
        var downloader = new OneCrlDownloader(demo.Pki.Authority("yessign").Crl);

        var report = await VerifyAsync(Verifier(store, new PkiOptions { FetchCrlsFromDistributionPoints = true }, downloader));

        Assert.Equal(SubIndication.TryLater, report.SubIndication);
        Assert.Empty(downloader.Requested);
    }

    [Fact]
    public void Describe_CaCertificateAndCrl_GivesTheFactsAnAdministratorSees()
    {
        var ca = demo.Pki.Authority("yessign");
        var pem = PkiFiles.ToPem("CERTIFICATE", ca.Certificate.GetEncoded()) + PkiFiles.ToPem("CERTIFICATE", demo.Pki.Root.Certificate.GetEncoded());

        var certificates = CertificateDescription.Read(System.Text.Encoding.ASCII.GetBytes(pem));
        var crl = Assert.Single(CrlDescription.Read(ca.Crl));

        Assert.Equal(2, certificates.Count);
        Assert.False(certificates[0].IsSelfSigned);
        Assert.True(certificates[1].IsSelfSigned);
        Assert.All(certificates, c => Assert.True(c.IsCa));
        Assert.Equal(ca.Certificate.SerialNumber.ToString(16).ToUpperInvariant(), certificates[0].SerialNumber);
        Assert.Equal(64, certificates[0].FingerprintSha256.Length);
        Assert.Equal(40, certificates[0].FingerprintSha1.Length);
        Assert.Contains(certificates[0].CrlDistributionPoints, u => u.EndsWith("root.crl", StringComparison.Ordinal));
        Assert.True(crl.IsSignedBy(ca.Certificate.GetEncoded()));
        Assert.False(crl.IsSignedBy(demo.Pki.Root.Certificate.GetEncoded()));
        Assert.Equal(ca.Certificate.SubjectDN.ToString(), crl.Issuer);
        Assert.False(crl.IsStaleAt(Now));
        Assert.True(crl.IsStaleAt(Now.AddDays(60)));
        Assert.Throws<PkiFormatException>(() => CertificateDescription.Read(ca.Crl));
    }

    /// <summary>An in-memory store whose snapshots carry the given settings; records the CRLs handed to it.</summary>
    private sealed class SettingsStore(InMemoryTrustStore inner, RevocationSettings settings) : ITrustStore
    {
        public List<(byte[] Der, Uri? Url)> Added { get; } = [];

        public async ValueTask<TrustStoreSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
        {
            var snapshot = await inner.GetSnapshotAsync(cancellationToken);
            return new TrustStoreSnapshot(snapshot.Version, snapshot.Anchors, snapshot.Intermediates, snapshot.Crls, settings);
        }

        public ValueTask AddCrlAsync(byte[] crlDer, CancellationToken cancellationToken = default) => AddCrlAsync(crlDer, null, cancellationToken);

        public ValueTask AddCrlAsync(byte[] crlDer, Uri? distributionPoint, CancellationToken cancellationToken = default)
        {
            Added.Add((crlDer, distributionPoint));
            inner.AddCrl(crlDer);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class OneCrlDownloader(byte[] crl) : ICrlDownloader
    {
        public List<Uri> Requested { get; } = [];

        public Task<byte[]?> DownloadAsync(Uri url, CancellationToken cancellationToken)
        {
            Requested.Add(url);
            return Task.FromResult<byte[]?>(crl);
        }
    }

    /// <summary>Answers "good" for every certificate, signed by the issuing CA's key.</summary>
    private sealed class GoodResponder(DemoPki pki) : IOcspClient
    {
        public List<Uri> Responders { get; } = [];

        public Task<byte[]?> SendAsync(Uri responder, byte[] request, CancellationToken cancellationToken)
        {
            Responders.Add(responder);
            var id = new OcspReq(request).GetRequestList()[0].GetCertID();
            var issuer = pki.Authorities.Append(pki.Root).First(a => id.MatchesIssuer(a.Certificate));
            var generator = new BasicOcspRespGenerator(new RespID(issuer.Certificate.SubjectDN));
            generator.AddResponse(id, CertificateStatus.Good, Now.AddMinutes(-10).UtcDateTime, Now.AddHours(12).UtcDateTime, null);
            var basic = generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", issuer.PrivateKey), null, Now.UtcDateTime);
            return Task.FromResult<byte[]?>(new OCSPRespGenerator().Generate(OcspRespStatus.Successful, basic).GetEncoded());
        }
    }
}
