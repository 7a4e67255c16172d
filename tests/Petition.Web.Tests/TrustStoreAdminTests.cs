using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.X509;
using Petition.Core.Auditing;
using Petition.Core.Workbench;
using Petition.Infrastructure.Trust;
using Petition.Pki.Certificates;
using Petition.Pki.Cms;
using Petition.Pki.Demo;
using Petition.Pki.Validation;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>A PKI of the portal's own (not the demo one), generated once: its trust store starts empty, as in production.</summary>
public sealed class OwnPkiFixture : IDisposable
{
    public OwnPkiFixture()
    {
        Pki = DemoPkiGenerator.Generate(new DemoPkiOptions { Now = DateTimeOffset.UtcNow });
        Directory = Path.Combine(Path.GetTempPath(), "petition-own-pki-" + Guid.NewGuid().ToString("N"));
        DemoPkiGenerator.Write(Pki, Directory);
    }

    public DemoPki Pki { get; }

    public string Directory { get; }

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
/// /admin/trust through the real pipeline: uploads (PEM and DER) with their facts shown, clear refusals, enable and
/// disable with a confirmation taking effect at once on two nodes, a revoking CRL, the stale-CRL warning, the revocation
/// settings and the "refresh now" button with only the distribution point's HTTP server faked; and who may use it.
/// </summary>
public sealed class TrustStoreAdminTests(OwnPkiFixture own) : IClassFixture<OwnPkiFixture>, IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly List<PortalFactory> _portals = [];

    public void Dispose()
    {
        foreach (var portal in _portals)
        {
            portal.Dispose();
        }

        foreach (var file in _portals.Select(p => p.DatabaseFile).Distinct())
        {
            PortalFactory.DeleteDatabase(file);
        }
    }

    /// <summary>A portal outside demo mode with the own PKI's km key configured and no trust directory: the store starts empty.</summary>
    private PortalFactory OwnPortal(string? databaseFile = null)
    {
        var portal = new PortalFactory(databaseFile, new TestClock(DateTimeOffset.UtcNow));
        portal.Settings["Portal:KmCertificate"] = Path.Combine(own.Directory, "portal", "km", "kmCert.der");
        portal.Settings["Portal:KmPrivateKey"] = Path.Combine(own.Directory, "portal", "km", "kmPri.key");
        portal.Settings["Portal:KmPassword"] = own.Pki.PortalKeyManagementPassword;
        _portals.Add(portal);
        return portal;
    }

    private PortalFactory DemoPortal(string? databaseFile = null)
    {
        var portal = new PortalFactory(databaseFile, new TestClock(DateTimeOffset.UtcNow));
        portal.Settings["Demo:Enabled"] = "true";
        _portals.Add(portal);
        return portal;
    }

    private static long Scalar(PortalFactory portal, string sql)
    {
        using var db = portal.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string url = "/admin/trust")
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static string Token(IHtmlDocument page) => page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private static IReadOnlyList<string> Errors(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("[data-pt-error-summary] li").Select(li => li.TextContent.Trim())];

    private static string? Status(IHtmlDocument page) => page.QuerySelector("[data-trust-status]")?.TextContent.Trim();

    /// <summary>Chooses a file in the page's upload form and submits it, as a browser does (multipart with the antiforgery token).</summary>
    private static async Task<IHtmlDocument> UploadAsync(HttpClient client, string form, string field, byte[]? file, string fileName, string? kind = null)
    {
        var page = await PageAsync(client);
        var action = page.QuerySelector($"form[data-form={form}]")!.GetAttribute("action")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
        };
        // No file chosen: browsers still send the part, with an empty file name.
        var part = new ByteArrayContent(file ?? []);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        part.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = $"\"{field}\"", FileName = $"\"{fileName}\"" };
        content.Add(part);
        if (kind is not null)
        {
            content.Add(new StringContent(kind), "Kind");
        }

        var response = await client.PostAsync(new Uri(action, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static async Task<IHtmlDocument> PostAsync(HttpClient client, string form, params (string Name, string Value)[] fields)
    {
        var page = await PageAsync(client);
        var action = page.QuerySelector($"form[data-form={form}]")!.GetAttribute("action")!;
        using var content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", Token(page))));
        var response = await client.PostAsync(new Uri(action, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Follows a certificate's 사용 중지 / 다시 사용 link and confirms on the confirmation page.</summary>
    private static async Task<IHtmlDocument> ToggleAsync(HttpClient client, string subject, string action)
    {
        var page = await PageAsync(client);
        var card = page.QuerySelectorAll("[data-trust-certificate]").Single(c => c.QuerySelector("h3")!.TextContent.Trim() == subject);
        var link = card.QuerySelector($"a[data-action={action}]")!.GetAttribute("href")!;
        var confirm = await PageAsync(client, link);
        Assert.Contains(subject, confirm.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var formAction = confirm.QuerySelector("form[data-form=confirm]")!.GetAttribute("action")!;
        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", Token(confirm))]);
        var response = await client.PostAsync(new Uri(formAction, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private async Task UploadOwnChainAsync(HttpClient admin, bool withCaCrl = true, bool withRootCrl = true)
    {
        var ca = own.Pki.Authority("yessign");
        Assert.NotNull(Status(await UploadAsync(admin, "certificate", "CertificateFile", own.Pki.Root.Certificate.GetEncoded(), "root.der")));
        Assert.NotNull(Status(await UploadAsync(admin, "certificate", "CertificateFile", Encoding.ASCII.GetBytes(PkiFiles.ToPem("CERTIFICATE", ca.Certificate.GetEncoded())), "yessign.pem")));
        if (withRootCrl)
        {
            Assert.NotNull(Status(await UploadAsync(admin, "crl", "CrlFile", own.Pki.Root.Crl, "root.crl")));
        }

        if (withCaCrl)
        {
            Assert.NotNull(Status(await UploadAsync(admin, "crl", "CrlFile", ca.Crl, "yessign.crl")));
        }
    }

    /// <summary>A citizen takes the wage-arrears petition to the signature step and signs with the given citizen's key (the own PKI's, or the demo PKI's).</summary>
    private static async Task<FormPage> SignPetitionAsync(PortalFactory portal, DemoCitizen? ownCitizen, string demoCitizenId = "yessign-general", byte[]? kmCertificate = null)
    {
        var citizen = new Citizen(portal.CreatePortalClient());
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        var rrn = (ownCitizen?.ApplicantRrn ?? DemoPkiFiles.Citizen(demoCitizenId).ApplicantRrn).Split('-');
        await citizen.FillApplicantAsync("홍길동", rrn[0], rrn[1]);
        await citizen.FillWageArrearsFormAsync();
        await citizen.ChooseDeliveryAsync("Online");
        var certificate = await citizen.ConfirmReviewAsync();
        var signature = await certificate.PostAsync(citizen.Client, ("choice", "HasCertificate"));
        Assert.EndsWith("/signature", signature.Path, StringComparison.Ordinal);
        var document = Encoding.UTF8.GetBytes(signature.Document.QuerySelector("[data-document]")!.TextContent);
        var nonce = signature.Document.QuerySelector("input[name=nonce]")!.GetAttribute("value")!;
        var parser = new X509CertificateParser();
        var (cert, key) = ownCitizen is not null
            ? (ownCitizen.Sign.Certificate, ownCitizen.Sign.Key)
            : (parser.ReadCertificate(DemoPkiFiles.SignCert(DemoPkiFiles.Citizen(demoCitizenId))), DemoPkiFiles.SignKey(DemoPkiFiles.Citizen(demoCitizenId)));
        var cms = NpkiSigner.Sign(document, cert, key, DateTimeOffset.UtcNow);
        var km = parser.ReadCertificate(kmCertificate ?? DemoPkiFiles.PortalKmCert);
        var envelope = Convert.ToBase64String(RandomNumberEnvelope.Encrypt(key.RandomNum!, km));
        return await signature.PostAsync(citizen.Client, ("nonce", nonce), ("signedData", Convert.ToBase64String(cms)), ("encryptedR", envelope));
    }

    private byte[] OwnKm => own.Pki.PortalKeyManagement.CertificateDer;

    [Fact]
    public async Task Upload_RootDerAndIntermediatePem_PageShowsTheirFactsAndAudits()
    {
        var portal = OwnPortal();
        var admin = await Staff.SignedInAdminAsync(portal, "trust-admin");
        var ca = own.Pki.Authority("yessign");
        var empty = await PageAsync(admin.Client);
        Assert.NotNull(empty.QuerySelector("[data-trust-empty]"));

        var afterRoot = await UploadAsync(admin.Client, "certificate", "CertificateFile", own.Pki.Root.Certificate.GetEncoded(), "root.der");
        var afterCa = await UploadAsync(admin.Client, "certificate", "CertificateFile", Encoding.ASCII.GetBytes(PkiFiles.ToPem("CERTIFICATE", ca.Certificate.GetEncoded())), "yessign.pem");

        Assert.Contains("인증서를 신뢰 목록에 추가했습니다", Status(afterRoot), StringComparison.Ordinal);
        var root = CertificateDescription.Describe(own.Pki.Root.Certificate);
        var intermediate = CertificateDescription.Describe(ca.Certificate);
        var rootCard = afterCa.QuerySelector($"[data-trust-certificate='{root.FingerprintSha256}']")!;
        var caCard = afterCa.QuerySelector($"[data-trust-certificate='{intermediate.FingerprintSha256}']")!;
        Assert.Equal(root.Subject, rootCard.QuerySelector("h3")!.TextContent.Trim());
        Assert.Contains("최상위 인증기관(신뢰 앵커)", rootCard.TextContent, StringComparison.Ordinal);
        Assert.Equal(intermediate.Subject, caCard.QuerySelector("h3")!.TextContent.Trim());
        Assert.Equal(root.Subject, caCard.QuerySelector("[data-issuer]")!.TextContent.Trim());
        Assert.Equal(intermediate.SerialNumber, caCard.QuerySelector("[data-serial]")!.TextContent.Trim());
        Assert.Equal(intermediate.FingerprintSha1, caCard.QuerySelector("[data-sha1]")!.TextContent.Trim());
        Assert.Contains("중간 인증기관", caCard.TextContent, StringComparison.Ordinal);
        Assert.Contains(intermediate.NotAfter.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), caCard.QuerySelector("[data-validity-period]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("관리자 등록", caCard.QuerySelector("[data-source]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", caCard.GetAttribute("data-enabled"));
        Assert.Equal(2, afterCa.QuerySelectorAll("[data-warning=missing-crl]").Length); // no CRL yet for either CA
        Assert.Equal(2, Scalar(portal, $"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCertificateAdded}' AND ActorName = 'trust-admin 관리자'"));
    }

    [Fact]
    public async Task Upload_NotACertificate_ClearMessageAndNothingStored()
    {
        var portal = OwnPortal();
        var admin = await Staff.SignedInAdminAsync(portal, "trust-admin");

        var garbage = await UploadAsync(admin.Client, "certificate", "CertificateFile", Encoding.UTF8.GetBytes("이것은 인증서가 아닙니다"), "notes.txt");
        var crl = await UploadAsync(admin.Client, "certificate", "CertificateFile", own.Pki.Root.Crl, "root.crl");
        var none = await UploadAsync(admin.Client, "certificate", "CertificateFile", null, string.Empty);
        var certificateAsCrl = await UploadAsync(admin.Client, "crl", "CrlFile", own.Pki.Root.Certificate.GetEncoded(), "root.der");
        var unknownIssuer = await UploadAsync(admin.Client, "crl", "CrlFile", own.Pki.Root.Crl, "root.crl");

        Assert.Equal([TrustStoreAdmin.NotACertificateMessage], Errors(garbage));
        Assert.Equal("#CertificateFile", garbage.QuerySelector("[data-pt-error-summary] a")!.GetAttribute("href"));
        Assert.Equal(TrustStoreAdmin.NotACertificateMessage, garbage.GetElementById("CertificateFile-error")!.TextContent.Replace("오류:", string.Empty, StringComparison.Ordinal).Trim());
        Assert.Equal([TrustStoreAdmin.CrlAsCertificateMessage], Errors(crl));
        Assert.Equal(["올릴 인증서 파일을 선택해 주세요."], Errors(none));
        Assert.Equal([TrustStoreAdmin.CertificateAsCrlMessage], Errors(certificateAsCrl));
        Assert.Single(Errors(unknownIssuer), e => e.StartsWith("이 CRL을 서명한 인증기관 인증서가 신뢰 목록에 없거나", StringComparison.Ordinal));
        Assert.Equal(0, Scalar(portal, "SELECT COUNT(*) FROM TrustCertificates") + Scalar(portal, "SELECT COUNT(*) FROM TrustCrls"));
    }

    [Fact]
    public async Task Upload_CrlRevokingACitizen_HisSignedPetitionIsRefusedAsRevoked()
    {
        var portal = OwnPortal();
        var admin = await Staff.SignedInAdminAsync(portal, "trust-admin");
        await UploadOwnChainAsync(admin.Client);
        var citizen = own.Pki.Citizen("yessign-general");
        var accepted = await SignPetitionAsync(portal, citizen, kmCertificate: OwnKm);
        Assert.EndsWith("/receipt", accepted.Path, StringComparison.Ordinal);
        var revoking = DemoPkiGenerator.IssueCrl(own.Pki, own.Pki.Authority("yessign"), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7), [(citizen.Sign.Certificate.SerialNumber, DateTimeOffset.UtcNow.AddDays(-1))]);

        var uploaded = await UploadAsync(admin.Client, "crl", "CrlFile", Encoding.ASCII.GetBytes(PkiFiles.ToPem("X509 CRL", revoking)), "yessign-new.crl");
        var refused = await SignPetitionAsync(portal, citizen, kmCertificate: OwnKm);

        Assert.Contains("CRL을 등록했습니다", Status(uploaded), StringComparison.Ordinal);
        Assert.EndsWith("/signature", refused.Path, StringComparison.Ordinal);
        Assert.Contains("폐지", refused.Document.QuerySelector("[data-signature-failure]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(uploaded.QuerySelectorAll("[data-trust-crl] [data-revoked-count]"), c => c.TextContent.Trim() == "1");
        Assert.Equal(3, Scalar(portal, $"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCrlAdded}'"));
    }

    [Fact]
    public async Task Page_CrlPastNextUpdate_ShowsStaleWarning()
    {
        var portal = OwnPortal();
        var admin = await Staff.SignedInAdminAsync(portal, "trust-admin");
        await UploadOwnChainAsync(admin.Client);
        var fresh = await PageAsync(admin.Client);
        Assert.Null(fresh.QuerySelector("[data-trust-warnings]"));
        var ca = own.Pki.Authority("signGATE");
        Assert.NotNull(Status(await UploadAsync(admin.Client, "certificate", "CertificateFile", ca.Certificate.GetEncoded(), "signgate.cer")));
        var stale = DemoPkiGenerator.IssueCrl(own.Pki, ca, DateTimeOffset.UtcNow.AddDays(-40), DateTimeOffset.UtcNow.AddDays(-10));

        var later = await UploadAsync(admin.Client, "crl", "CrlFile", stale, "signgate.crl");

        var warning = Assert.Single(later.QuerySelectorAll("[data-warning=stale-crl]"));
        Assert.Contains(ca.Certificate.SubjectDN.ToString(), warning.TextContent, StringComparison.Ordinal);
        Assert.Contains("CRL 기한 지남", warning.TextContent, StringComparison.Ordinal);
        var row = Assert.Single(later.QuerySelectorAll("[data-trust-crl][data-stale=true]"));
        Assert.Contains("기한 지남", row.TextContent, StringComparison.Ordinal);
        Assert.Empty(later.QuerySelectorAll("[data-warning=missing-crl]"));
    }

    [Fact]
    public async Task DisableCa_DemoModeTwoNodes_SignatureFailsAtOnceOnTheOtherNode_ReenableRestores()
    {
        var nodeA = DemoPortal();
        var nodeB = DemoPortal(nodeA.DatabaseFile);
        var admin = await Staff.SignedInAdminAsync(nodeA, "trust-admin");
        var page = await PageAsync(admin.Client);
        Assert.Equal(7, page.QuerySelectorAll("[data-trust-certificate]").Length); // the demo PKI, loaded into the database
        Assert.All(page.QuerySelectorAll("[data-source]"), s => Assert.StartsWith("데모 PKI", s.TextContent.Trim(), StringComparison.Ordinal));
        var yessign = page.QuerySelectorAll("[data-trust-certificate] h3").Select(h => h.TextContent.Trim()).Single(s => s.Contains("yessign", StringComparison.Ordinal));
        Assert.EndsWith("/receipt", (await SignPetitionAsync(nodeB, null)).Path, StringComparison.Ordinal);

        var disabled = await ToggleAsync(admin.Client, yessign, "disable");
        var refused = await SignPetitionAsync(nodeB, null);
        var otherCa = await SignPetitionAsync(nodeB, null, "signgate-general");
        var enabled = await ToggleAsync(admin.Client, yessign, "enable");
        var restored = await SignPetitionAsync(nodeB, null);

        Assert.Contains("인증서 사용을 중지했습니다", Status(disabled), StringComparison.Ordinal);
        Assert.Equal("false", disabled.QuerySelectorAll("[data-trust-certificate]").Single(c => c.QuerySelector("h3")!.TextContent.Trim() == yessign).GetAttribute("data-enabled"));
        Assert.EndsWith("/signature", refused.Path, StringComparison.Ordinal);
        Assert.Contains("포털이 신뢰하는 인증기관에서 발급한 인증서가 아닙니다", refused.Document.QuerySelector("[data-signature-failure]")!.TextContent, StringComparison.Ordinal);
        Assert.EndsWith("/receipt", otherCa.Path, StringComparison.Ordinal);
        Assert.Contains("인증서를 다시 사용합니다", Status(enabled), StringComparison.Ordinal);
        Assert.EndsWith("/receipt", restored.Path, StringComparison.Ordinal);
        Assert.Equal(1, Scalar(nodeA, $"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCertificateDisabled}'"));
        Assert.Equal(1, Scalar(nodeA, $"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCertificateEnabled}'"));
    }

    [Fact]
    public async Task Startup_DemoModeTurnedOff_DemoCertificatesDisabledAuditedAndDemoSignatureRefused()
    {
        var demoNode = DemoPortal();
        Assert.EndsWith("/receipt", (await SignPetitionAsync(demoNode, null)).Path, StringComparison.Ordinal); // demo rows loaded and trusted
        Assert.Equal(7, Scalar(demoNode, "SELECT COUNT(*) FROM TrustCertificates WHERE Source = 1 AND Enabled = 1"));

        // The same database, now run outside demo mode (Demo:Enabled=false, the portal's own km key).
        var production = OwnPortal(demoNode.DatabaseFile);
        var refused = await SignPetitionAsync(production, null, "yessign-general", OwnKm);

        Assert.EndsWith("/signature", refused.Path, StringComparison.Ordinal);
        Assert.Contains("포털이 신뢰하는 인증기관에서 발급한 인증서가 아닙니다", refused.Document.QuerySelector("[data-signature-failure]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, Scalar(production, "SELECT COUNT(*) FROM TrustCertificates WHERE Source = 1 AND Enabled = 1"));
        Assert.Equal(7, Scalar(production, $"SELECT COUNT(*) FROM TrustCertificates WHERE Source = 1 AND Enabled = 0 AND ChangedBy = '{TrustStoreAdmin.DemoModeOffMarker}'"));
        Assert.Equal(1, Scalar(production, $"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCertificateDisabled}' AND ActorName = 'system' AND Reason LIKE 'Demo mode is off%'"));

        // Demo mode back on (a developer's database): exactly those rows are trusted again, audited.
        var demoAgain = DemoPortal(demoNode.DatabaseFile);
        Assert.EndsWith("/receipt", (await SignPetitionAsync(demoAgain, null)).Path, StringComparison.Ordinal);
        Assert.Equal(7, Scalar(demoAgain, "SELECT COUNT(*) FROM TrustCertificates WHERE Source = 1 AND Enabled = 1"));
        Assert.Equal(1, Scalar(demoAgain, $"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCertificateEnabled}' AND Reason LIKE 'Demo mode is on again%'"));
    }

    [Fact]
    public async Task Settings_BadUrlRefused_ValidSettingsReachTheOtherNodesSnapshot()
    {
        var nodeA = OwnPortal();
        var nodeB = OwnPortal(nodeA.DatabaseFile);
        var admin = await Staff.SignedInAdminAsync(nodeA, "trust-admin");

        var bad = await PostAsync(admin.Client, "settings", ("OcspEnabled", "true"), ("OcspResponderUrl", "ocsp.example.kr"));
        var saved = await PostAsync(admin.Client, "settings", ("OcspEnabled", "true"), ("OcspResponderUrl", "http://ocsp.example.kr/"));
        var snapshot = await nodeB.Services.GetRequiredService<ITrustStore>().GetSnapshotAsync();

        Assert.Equal([TrustStoreAdmin.OcspUrlMessage], Errors(bad));
        Assert.Equal("ocsp.example.kr", bad.GetElementById("OcspResponderUrl")!.GetAttribute("value"));
        Assert.Contains("검증 설정을 저장했습니다", Status(saved), StringComparison.Ordinal);
        Assert.True(saved.GetElementById("OcspEnabled")!.HasAttribute("checked"));
        Assert.False(saved.GetElementById("RefreshCrls")!.HasAttribute("checked"));
        Assert.Equal(new RevocationSettings { UseOcsp = true, OcspResponderUrl = "http://ocsp.example.kr/", FetchCrlsFromDistributionPoints = false }, snapshot.Revocation);
        Assert.Equal(1, Scalar(nodeA, $"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustSettingsChanged}'"));
    }

    [Fact]
    public async Task RefreshNow_MissingRootCrl_FetchedFromItsDistributionPoint()
    {
        var server = new CrlServer();
        server.Files["http://crl.demo.invalid/root.crl"] = own.Pki.Root.Crl;
        var portal = OwnPortal();
        using var faked = portal.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddHttpClient<ICrlDownloader, HttpCrlDownloader>().ConfigurePrimaryHttpMessageHandler(() => server)));
        var admin = await SignedInAdminAsync(faked, portal);
        await UploadOwnChainAsync(admin, withRootCrl: false);

        var off = await PostAsync(admin, "refresh");
        await PostAsync(admin, "settings", ("RefreshCrls", "true"));
        var done = await PostAsync(admin, "refresh");

        Assert.Contains("설정이 꺼져 있어", Status(off), StringComparison.Ordinal);
        Assert.Contains("받음 1건", Status(done), StringComparison.Ordinal);
        Assert.Equal(["http://crl.demo.invalid/root.crl"], server.Requests);
        var row = done.QuerySelectorAll("[data-trust-crl]").Single(r => r.QuerySelector("th")!.TextContent.Trim() == own.Pki.Root.Certificate.SubjectDN.ToString());
        Assert.Contains("배포지점에서 받음", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("성공", row.QuerySelector("[data-last-fetch]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(done.QuerySelector("[data-warning=missing-crl]"));
        Assert.Equal(1, Scalar(portal, $"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustCrlRefreshed}'"));
    }

    [Fact]
    public async Task AdminTrust_ClerkAndAdminWithoutSecondFactor_AreForbidden()
    {
        var portal = OwnPortal();
        await Staff.CreateClerkAsync(portal, "clerk-trust");
        var clerk = await Staff.SignedInAsync(portal, "clerk-trust");
        await Staff.CreateAccountAsync(portal, "admin-no-2fa", StaffRoles.Admin, null);
        var admin = new Staff(portal.CreatePortalClient());
        await admin.SignInAsync("admin-no-2fa");
        var queue = await FormPage.GetAsync(clerk.Client, "/clerk");

        var clerkPage = await clerk.Client.GetAsync(new Uri("/admin/trust", UriKind.Relative));
        using var post = new FormUrlEncodedContent([new("OcspEnabled", "true"), new("__RequestVerificationToken", queue.AntiforgeryToken)]);
        var clerkPost = await clerk.Client.PostAsync(new Uri("/admin/trust/settings", UriKind.Relative), post);
        var adminPage = await admin.Client.GetAsync(new Uri("/admin/trust", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, clerkPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, clerkPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminPage.StatusCode);
        Assert.Equal(0, Scalar(portal, $"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TrustSettingsChanged}'"));
    }

    /// <summary>An administrator with a second factor in a browser of the derived (faked-HTTP) host.</summary>
    private static async Task<HttpClient> SignedInAdminAsync(WebApplicationFactory<Program> host, PortalFactory portal)
    {
        var (_, key) = await Staff.CreateAdminWithAuthenticatorAsync(portal, "trust-admin");
        var client = host.CreateDefaultClient(new Uri("http://localhost"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.RedirectHandler(), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler());
        var staff = new Staff(client);
        var page = await staff.SignInWithSecondFactorAsync("trust-admin", key);
        Assert.Equal("/clerk", page.Path);
        return client;
    }

    /// <summary>The distribution point's web server (the HTTP boundary): serves the files it was given, 404 otherwise.</summary>
    private sealed class CrlServer : HttpMessageHandler
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
            // Shared by the host's HttpClients; nothing to release.
        }
    }
}
