using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Petition.Core.Auditing;
using Petition.Infrastructure.Persistence;
using Petition.Infrastructure.Seeding;
using Petition.Infrastructure.Trust;
using Petition.Pki.Certificates;
using Petition.Pki.Demo;
using Petition.Pki.Validation;

namespace Petition.Infrastructure.Tests.Trust;

/// <summary>A demo PKI generated once for these tests, written to a temporary trust directory.</summary>
public sealed class TrustPkiFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);

    public TrustPkiFixture()
    {
        Pki = DemoPkiGenerator.Generate(new DemoPkiOptions { Now = Now });
        Directory = Path.Combine(Path.GetTempPath(), "petition-trust-tests-" + Guid.NewGuid().ToString("N"));
        DemoPkiGenerator.Write(Pki, Directory);
    }

    public DemoPki Pki { get; }

    public string Directory { get; }

    public string TrustDirectory => Path.Combine(Directory, "trust");

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// The database trust store on real SQLite: administration (certificates, CRLs, settings), the snapshot the verifier
/// reads on two app nodes sharing one database, the demo PKI load, and the CRL refresh job with only HTTP faked.
/// </summary>
public sealed class TrustStoreTests(TrustPkiFixture fixture) : IClassFixture<TrustPkiFixture>, IAsyncLifetime
{
    private static readonly TrustActor Admin = new("admin-1", "관리자");
    private readonly string _file = Path.Combine(Path.GetTempPath(), "petition-tests", $"{Guid.NewGuid():N}.db");
    private readonly List<ServiceProvider> _nodes = [];
    private readonly FakeCrlServer _http = new();
    private DemoPki Pki => fixture.Pki;

    public async Task InitializeAsync() => await NodeAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>An app node on the shared database file: its own service provider and its own DbTrustStore singleton.</summary>
    private async Task<ServiceProvider> NodeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={_file}",
            ["Database:SeedCatalog"] = "false",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddPetitionInfrastructure(configuration, new HostingEnvironment { ContentRootPath = Path.GetTempPath(), EnvironmentName = Environments.Development })
            .AddPetitionTrustStore(configuration);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(new FixedClock(TrustPkiFixture.Now));
        services.AddHttpClient<ICrlDownloader, HttpCrlDownloader>().ConfigurePrimaryHttpMessageHandler(() => _http);
        var provider = services.BuildServiceProvider(validateScopes: true);
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }

        _nodes.Add(provider);
        return provider;
    }

    private static async Task<T> WithAsync<T>(ServiceProvider node, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = node.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private static Task<TrustChangeResult> AdminAsync(ServiceProvider node, Func<TrustStoreAdmin, Task<TrustChangeResult>> work) =>
        WithAsync(node, sp => work(sp.GetRequiredService<TrustStoreAdmin>()));

    /// <summary>The root, yessign CA and their CRLs, uploaded as an administrator would.</summary>
    private async Task UploadYessignChainAsync(ServiceProvider node, bool withCaCrl = true)
    {
        var ca = Pki.Authority("yessign");
        Assert.True((await AdminAsync(node, a => a.AddCertificatesAsync(Pki.Root.Certificate.GetEncoded(), null, Admin))).Succeeded);
        var pem = Encoding.ASCII.GetBytes(PkiFiles.ToPem("CERTIFICATE", ca.Certificate.GetEncoded()));
        Assert.True((await AdminAsync(node, a => a.AddCertificatesAsync(pem, null, Admin))).Succeeded);
        Assert.True((await AdminAsync(node, a => a.AddCrlsAsync(Pki.Root.Crl, Admin))).Succeeded);
        if (withCaCrl)
        {
            Assert.True((await AdminAsync(node, a => a.AddCrlsAsync(ca.Crl, Admin))).Succeeded);
        }
    }

    private Task<ValidationReport> VerifyAsync(ServiceProvider node, string citizenId = "yessign-general", Org.BouncyCastle.X509.X509Certificate? embed = null)
    {
        var citizen = Pki.Citizen(citizenId);
        var content = Encoding.UTF8.GetBytes("<petition><nonce>" + Guid.NewGuid().ToString("N") + "</nonce></petition>");
        var cms = Petition.Pki.Cms.NpkiSigner.Sign(content, citizen.Sign.Certificate, citizen.Sign.Key, TrustPkiFixture.Now, embed is null ? null : [embed]);
        var verifier = new SubmissionVerifier(node.GetRequiredService<ITrustStore>(), null, new FixedClock(TrustPkiFixture.Now), null, node.GetService<ICrlDownloader>());
        return verifier.VerifyAsync(
            new SignedSubmission { Cms = cms, ExpectedContent = content, ApplicantRrn = citizen.ApplicantRrn, RandomNum = citizen.RandomNum },
            VerificationPolicy.GeneralPurpose());
    }

    private long Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task AddCertificatesAsync_RootDerAndCaPem_StoresFactsAndKinds()
    {
        var node = _nodes[0];
        await UploadYessignChainAsync(node);

        var overview = await WithAsync(node, sp => sp.GetRequiredService<TrustStoreAdmin>().GetOverviewAsync());

        var root = Assert.Single(overview.Certificates, c => c.Kind == TrustCertificateKind.Anchor);
        var ca = Assert.Single(overview.Certificates, c => c.Kind == TrustCertificateKind.Intermediate);
        Assert.Equal(Pki.Root.Certificate.SubjectDN.ToString(), root.SubjectDn);
        Assert.Equal(root.SubjectDn, ca.IssuerDn);
        Assert.Equal(Pki.Authority("yessign").Certificate.SerialNumber.ToString(16).ToUpperInvariant(), ca.SerialNumber);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(ca.Der)), ca.FingerprintSha256);
        Assert.Contains("http://crl.demo.invalid/root.crl", ca.CrlDistributionPoints);
        Assert.Equal(TrustSource.Upload, ca.Source);
        Assert.Equal(2, overview.Crls.Count);
        Assert.All(overview.Crls, c => Assert.NotNull(c.IssuerCertificateId));
        Assert.Equal(2, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCertificateAdded}' AND ActorName = '관리자'"));
        Assert.Equal(2, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCrlAdded}'"));
        Assert.Equal(5, Count("SELECT Version FROM TrustStoreState"));
    }

    [Fact]
    public async Task AddCertificatesAsync_BadInput_RefusedWithSpecificMessageAndNothingChanges()
    {
        var node = _nodes[0];
        await UploadYessignChainAsync(node);
        var version = Count("SELECT Version FROM TrustStoreState");
        var citizen = Pki.Citizen("yessign-general");

        var garbage = await AdminAsync(node, a => a.AddCertificatesAsync(Encoding.UTF8.GetBytes("인증서가 아닌 파일"), null, Admin));
        var crl = await AdminAsync(node, a => a.AddCertificatesAsync(Pki.Root.Crl, null, Admin));
        var duplicate = await AdminAsync(node, a => a.AddCertificatesAsync(Pki.Root.Certificate.GetEncoded(), null, Admin));
        var endEntity = await AdminAsync(node, a => a.AddCertificatesAsync(citizen.Sign.CertificateDer, null, Admin));
        var certificateAsCrl = await AdminAsync(node, a => a.AddCrlsAsync(Pki.Root.Certificate.GetEncoded(), Admin));
        var unknownIssuer = await AdminAsync(node, a => a.AddCrlsAsync(Pki.Authority("signGATE").Crl, Admin));
        var older = await AdminAsync(node, a => a.AddCrlsAsync(DemoPkiGenerator.IssueCrl(Pki, Pki.Root, TrustPkiFixture.Now.AddDays(-5), TrustPkiFixture.Now.AddDays(20)), Admin));

        Assert.Equal(TrustStoreAdmin.NotACertificateMessage, garbage.Message.Text);
        Assert.Equal(TrustStoreAdmin.CrlAsCertificateMessage, crl.Message.Text);
        Assert.Equal(TrustStoreAdmin.DuplicateMessage, duplicate.Message.Text);
        Assert.Equal(TrustStoreAdmin.NotCaMessage, endEntity.Message.Text);
        Assert.Equal(TrustStoreAdmin.CertificateAsCrlMessage, certificateAsCrl.Message.Text);
        Assert.Equal(TrustStoreAdmin.CrlIssuerUnknownMessage, unknownIssuer.Message.Text);
        Assert.Equal(TrustStoreAdmin.CrlNotNewerMessage, older.Message.Text);
        Assert.All(new[] { garbage, crl, duplicate, endEntity, certificateAsCrl, unknownIssuer, older }, r => Assert.False(r.Succeeded));
        Assert.Equal(version, Count("SELECT Version FROM TrustStoreState"));
        Assert.Equal(2, Count("SELECT COUNT(*) FROM TrustCertificates"));
    }

    [Fact]
    public async Task SetEnabledAsync_TwoNodes_DisabledCaFailsAtOnceOnTheOtherNodeAndReenablingRestoresIt()
    {
        var nodeA = _nodes[0];
        var nodeB = await NodeAsync();
        await UploadYessignChainAsync(nodeA);
        var caId = Count("SELECT Id FROM TrustCertificates WHERE Kind = 1");
        Assert.True((await VerifyAsync(nodeA)).Accepted);
        Assert.True((await VerifyAsync(nodeB)).Accepted);

        var disabled = await AdminAsync(nodeA, a => a.SetEnabledAsync(caId, false, Admin));
        var onB = await VerifyAsync(nodeB);
        var enabled = await AdminAsync(nodeB, a => a.SetEnabledAsync(caId, true, Admin));
        var onA = await VerifyAsync(nodeA);

        Assert.True(disabled.Succeeded);
        Assert.Equal(Indication.Indeterminate, onB.Indication);
        Assert.Equal(SubIndication.NoCertificateChainFound, onB.SubIndication);
        Assert.True(enabled.Succeeded);
        Assert.True(onA.Accepted, onA.ToJson());
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCertificateDisabled}' AND TargetId = (SELECT FingerprintSha256 FROM TrustCertificates WHERE Id = {caId})"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCertificateEnabled}'"));
    }

    [Fact]
    public async Task GetSnapshotAsync_DisabledCa_IsLeftOutAndListedAsDistrusted()
    {
        var node = _nodes[0];
        await UploadYessignChainAsync(node);
        var store = node.GetRequiredService<ITrustStore>();
        Assert.Empty((await store.GetSnapshotAsync()).DistrustedFingerprints);
        var caId = Count("SELECT Id FROM TrustCertificates WHERE Kind = 1");

        Assert.True((await AdminAsync(node, a => a.SetEnabledAsync(caId, false, Admin))).Succeeded);
        var snapshot = await store.GetSnapshotAsync();

        var ca = Pki.Authority("yessign").Certificate;
        var fingerprint = Assert.Single(snapshot.DistrustedFingerprints);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(ca.GetEncoded())), fingerprint);
        Assert.True(snapshot.IsDistrusted(ca));
        Assert.False(snapshot.IsDistrusted(Pki.Root.Certificate));
        Assert.Empty(snapshot.Intermediates);
    }

    [Fact]
    public async Task VerifyAsync_DisabledCaEmbeddedInTheSignature_IsNoCertificateChainFound()
    {
        var node = _nodes[0];
        await UploadYessignChainAsync(node);
        var caId = Count("SELECT Id FROM TrustCertificates WHERE Kind = 1");
        var ca = Pki.Authority("yessign").Certificate;
        Assert.True((await VerifyAsync(node, embed: ca)).Accepted);

        Assert.True((await AdminAsync(node, a => a.SetEnabledAsync(caId, false, Admin))).Succeeded);
        var report = await VerifyAsync(node, embed: ca);

        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.Equal(SubIndication.NoCertificateChainFound, report.SubIndication);
    }

    [Fact]
    public async Task DisableDemoAsync_DemoRowsEnabled_AllDisabledInOneAuditedChangeAndDemoSignatureFails()
    {
        var node = _nodes[0];
        Assert.True(await WithAsync(node, sp => sp.GetRequiredService<TrustStoreAdmin>().SyncDemoAsync("2026-12-01T00:00:00.0000000+00:00", fixture.TrustDirectory)));
        Assert.True((await VerifyAsync(node)).Accepted);
        var version = Count("SELECT Version FROM TrustStoreState");

        var disabled = await WithAsync(node, sp => sp.GetRequiredService<TrustStoreAdmin>().DisableDemoAsync());
        var again = await WithAsync(node, sp => sp.GetRequiredService<TrustStoreAdmin>().DisableDemoAsync());

        Assert.Equal(7, disabled);
        Assert.Equal(0, again);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM TrustCertificates WHERE Source = 1 AND Enabled = 1"));
        Assert.Equal(version + 1, Count("SELECT Version FROM TrustStoreState"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCertificateDisabled}' AND ActorName = 'system' AND Reason LIKE 'Demo mode is off%'"));
        Assert.Equal(SubIndication.NoCertificateChainFound, (await VerifyAsync(node)).SubIndication);
    }

    [Fact]
    public async Task AddCrlsAsync_NewerCrlRevokingACitizen_CertificateIsRevoked()
    {
        var node = _nodes[0];
        await UploadYessignChainAsync(node);
        var ca = Pki.Authority("yessign");
        var citizen = Pki.Citizen("yessign-general");
        Assert.True((await VerifyAsync(node)).Accepted);
        var revoking = DemoPkiGenerator.IssueCrl(Pki, ca, TrustPkiFixture.Now.AddHours(-1), TrustPkiFixture.Now.AddDays(7), [(citizen.Sign.Certificate.SerialNumber, TrustPkiFixture.Now.AddDays(-1))]);

        var result = await AdminAsync(node, a => a.AddCrlsAsync(Encoding.ASCII.GetBytes(PkiFiles.ToPem("X509 CRL", revoking)), Admin));
        var report = await VerifyAsync(node);

        Assert.True(result.Succeeded, result.Message.ToString());
        Assert.Equal(Indication.TotalFailed, report.Indication);
        Assert.Equal(SubIndication.Revoked, report.SubIndication);
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM TrustCrls WHERE IssuerDn = '{ca.Certificate.SubjectDN}'"));
    }

    [Fact]
    public async Task SaveSettingsAsync_OtherNodesSnapshotCarriesTheSettings_BadUrlRefused()
    {
        var nodeB = await NodeAsync();
        var before = await nodeB.GetRequiredService<ITrustStore>().GetSnapshotAsync();

        var bad = await AdminAsync(_nodes[0], a => a.SaveSettingsAsync(true, "ftp://ocsp.example.kr/", false, Admin));
        var saved = await AdminAsync(_nodes[0], a => a.SaveSettingsAsync(true, "http://ocsp.example.kr/", true, Admin));
        var after = await nodeB.GetRequiredService<ITrustStore>().GetSnapshotAsync();

        Assert.False(bad.Succeeded);
        Assert.Equal(TrustStoreAdmin.OcspUrlMessage, bad.Message.Text);
        Assert.True(saved.Succeeded);
        Assert.False(before.Revocation!.UseOcsp);
        Assert.Equal(new RevocationSettings { UseOcsp = true, OcspResponderUrl = "http://ocsp.example.kr/", FetchCrlsFromDistributionPoints = true }, after.Revocation);
        Assert.True(after.Version > before.Version);
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustSettingsChanged}'"));
    }

    [Fact]
    public async Task RefreshAsync_MissingRootCrl_FetchedFromTheDistributionPointOfTheCaItIssued()
    {
        var node = _nodes[0];
        var ca = Pki.Authority("yessign");
        Assert.True((await AdminAsync(node, a => a.AddCertificatesAsync(Pki.Root.Certificate.GetEncoded(), null, Admin))).Succeeded);
        Assert.True((await AdminAsync(node, a => a.AddCertificatesAsync(ca.Certificate.GetEncoded(), null, Admin))).Succeeded);
        Assert.True((await AdminAsync(node, a => a.AddCrlsAsync(ca.Crl, Admin))).Succeeded);
        _http.Files["http://crl.demo.invalid/root.crl"] = Pki.Root.Crl;

        var off = await WithAsync(node, sp => sp.GetRequiredService<CrlRefresher>().RefreshAsync());
        Assert.False(off.Enabled);
        Assert.Empty(_http.Requests);
        Assert.True((await AdminAsync(node, a => a.SaveSettingsAsync(false, null, true, Admin))).Succeeded);
        var on = await WithAsync(node, sp => sp.GetRequiredService<CrlRefresher>().RefreshAsync());

        Assert.Equal(new CrlRefreshSummary(true, 1, 1, 0), on);
        Assert.Equal(["http://crl.demo.invalid/root.crl"], _http.Requests);
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM TrustCrls WHERE Source = 2 AND DistributionPointUrl = 'http://crl.demo.invalid/root.crl' AND LastFetchError IS NULL AND LastFetchAttemptUtc IS NOT NULL"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCrlRefreshed}'"));
        Assert.True((await VerifyAsync(node)).Accepted);
    }

    [Fact]
    public async Task RefreshAsync_StaleCrlAndDistributionPointDown_RecordsTheFailure()
    {
        var node = _nodes[0];
        var ca = Pki.Authority("yessign");
        Assert.True((await AdminAsync(node, a => a.AddCertificatesAsync(Pki.Root.Certificate.GetEncoded(), null, Admin))).Succeeded);
        Assert.True((await AdminAsync(node, a => a.AddCertificatesAsync(ca.Certificate.GetEncoded(), null, Admin))).Succeeded);
        var stale = DemoPkiGenerator.IssueCrl(Pki, Pki.Root, TrustPkiFixture.Now.AddDays(-40), TrustPkiFixture.Now.AddDays(-10));
        Assert.True((await AdminAsync(node, a => a.AddCrlsAsync(stale, Admin))).Succeeded);
        Assert.True((await AdminAsync(node, a => a.SaveSettingsAsync(false, null, true, Admin))).Succeeded);

        var run = await WithAsync(node, sp => sp.GetRequiredService<CrlRefresher>().RefreshAsync());
        var again = await WithAsync(node, sp => sp.GetRequiredService<CrlRefresher>().RefreshAsync());

        Assert.Equal(1, run.Failed);
        Assert.Equal(0, again.Checked); // backs off after a failure
        Assert.Equal(["http://crl.demo.invalid/root.crl"], _http.Requests);
        var row = await WithAsync(node, sp => sp.GetRequiredService<PetitionDbContext>().TrustCrls.AsNoTracking().SingleAsync(c => c.IssuerCertificateId != null && c.IssuerDn == Pki.Root.Certificate.SubjectDN.ToString()));
        Assert.Equal(CrlRefresher.DownloadFailed, row.LastFetchError);
        Assert.Equal(TrustPkiFixture.Now.UtcDateTime, row.LastFetchAttemptUtc);
    }

    [Fact]
    public async Task VerifyAsync_FetchingOnAndCaCrlMissing_VerifierStoresTheFetchedCrlWithItsUrl()
    {
        var node = _nodes[0];
        await UploadYessignChainAsync(node, withCaCrl: false);
        Assert.Equal(SubIndication.TryLater, (await VerifyAsync(node)).SubIndication);
        Assert.True((await AdminAsync(node, a => a.SaveSettingsAsync(false, null, true, Admin))).Succeeded);
        _http.Files["http://crl.demo.invalid/yessign.crl"] = Pki.Authority("yessign").Crl;

        var report = await VerifyAsync(node);

        Assert.True(report.Accepted, report.ToJson());
        Assert.Equal(1, Count("SELECT COUNT(*) FROM TrustCrls WHERE Source = 2 AND DistributionPointUrl = 'http://crl.demo.invalid/yessign.crl'"));
    }

    [Fact]
    public async Task SyncDemoAsync_LoadsOnceAndReplacesOnRegeneration_KeepingADisabledCaDisabled()
    {
        var node = _nodes[0];
        var first = await WithAsync(node, sp => sp.GetRequiredService<TrustStoreAdmin>().SyncDemoAsync("2026-12-01T00:00:00.0000000+00:00", fixture.TrustDirectory));
        var repeat = await WithAsync(node, sp => sp.GetRequiredService<TrustStoreAdmin>().SyncDemoAsync("2026-12-01T00:00:00.0000000+00:00", fixture.TrustDirectory));
        Assert.True(first);
        Assert.False(repeat);
        Assert.Equal(7, Count("SELECT COUNT(*) FROM TrustCertificates WHERE Source = 1"));
        Assert.Equal(7, Count("SELECT COUNT(*) FROM TrustCrls WHERE Source = 1"));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM TrustCertificates WHERE Source = 1 AND Kind = 0"));
        Assert.True((await VerifyAsync(node, "signgate-general")).Accepted);
        var signGate = Count($"SELECT Id FROM TrustCertificates WHERE SubjectDn = '{Pki.Authority("signGATE").Certificate.SubjectDN}'");
        Assert.True((await AdminAsync(node, a => a.SetEnabledAsync(signGate, false, Admin))).Succeeded);

        var regenerated = await WithAsync(node, sp => sp.GetRequiredService<TrustStoreAdmin>().SyncDemoAsync("2026-12-21T00:00:00.0000000+00:00", fixture.TrustDirectory));

        Assert.True(regenerated);
        Assert.Equal(7, Count("SELECT COUNT(*) FROM TrustCertificates WHERE Source = 1"));
        Assert.Equal(0, Count($"SELECT COUNT(*) FROM TrustCertificates WHERE Id = {signGate}"));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM TrustCertificates WHERE Enabled = 0"));
        Assert.Equal(7, Count("SELECT COUNT(*) FROM TrustCrls"));
        Assert.Equal("2026-12-21T00:00:00.0000000+00:00", await WithAsync(node, sp => sp.GetRequiredService<PetitionDbContext>().TrustStoreStates.Select(s => s.DemoGeneratedAt).SingleAsync()));
        Assert.Equal(SubIndication.NoCertificateChainFound, (await VerifyAsync(node, "signgate-general")).SubIndication);
        Assert.True((await VerifyAsync(node, "yessign-general")).Accepted);
    }

    [Fact]
    public async Task ImportDirectoryOnceAsync_ImportsAsUploadsOnlyWhileTheStoreHasNoEntriesOfItsOwn()
    {
        var node = _nodes[0];

        var first = await WithAsync(node, sp => sp.GetRequiredService<TrustStoreAdmin>().ImportDirectoryOnceAsync(fixture.TrustDirectory));
        var second = await WithAsync(node, sp => sp.GetRequiredService<TrustStoreAdmin>().ImportDirectoryOnceAsync(fixture.TrustDirectory));

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(7, Count("SELECT COUNT(*) FROM TrustCertificates WHERE Source = 0"));
        Assert.Equal(7, Count("SELECT COUNT(*) FROM TrustCrls"));
        Assert.Equal(7, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCertificateAdded}'"));
        Assert.True((await VerifyAsync(node, "crosscert-general")).Accepted);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>The CRL distribution points' web servers: serves the files it was given, 404 for anything else.</summary>
    private sealed class FakeCrlServer : HttpMessageHandler
    {
        public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!.ToString();
            lock (Requests)
            {
                Requests.Add(url);
            }

            return Task.FromResult(Files.TryGetValue(url, out var body)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
        }

        protected override void Dispose(bool disposing)
        {
            // Shared by every node's HttpClient; nothing to release.
        }
    }
}
