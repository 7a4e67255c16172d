using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;
using Petition.Core.Documents;
using Petition.Infrastructure.Documents;
using Petition.Infrastructure.Persistence;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>
/// 발급문서 진위확인 through the real pipeline: a petition filed through the wizard, its document issued by
/// the portal's issuer with the demo PKI's institution key and stored, then checked on /verify by number, by
/// QR payload and by uploading the PDF, with the antiforgery token, as a visitor would.
/// </summary>
public sealed class AuthenticityTests : IDisposable
{
    private readonly PortalFactory _portal;

    public AuthenticityTests()
    {
        _portal = new PortalFactory(clock: new TestClock(DateTimeOffset.UtcNow));
        _portal.Settings["Demo:Enabled"] = "true";
    }

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private async Task<(HttpClient Client, IssuedDocument Document)> IssuedAsync()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        var receipt = await citizen.FileWageArrearsWithoutCertificateAsync();
        var number = Citizen.ReceiptNumber(receipt);
        Assert.NotNull(number);
        var document = await IssuedDocuments.IssueAsync(_portal, number);
        return (_portal.CreatePortalClient(), document);
    }

    private static X509Certificate InstitutionCertificate() =>
        new(File.ReadAllBytes(Path.Combine(DemoPkiFiles.Directory, DemoPkiFiles.Manifest.Portal.InstitutionCertificate)));

    [Fact]
    public async Task Issue_DemoInstitutionKey_SignsThePdfAndTheQrPayload()
    {
        var (_, document) = await IssuedAsync();
        var institution = InstitutionCertificate();

        var signature = PdfSignatureReader.Verify(document.Pdf);
        Assert.Equal(PdfSignatureStatus.Valid, signature.Status);
        Assert.Equal(institution.GetEncoded(), signature.Signer!.GetEncoded());
        Assert.Equal(QrPayloadError.None, QrPayload.Verify(document.QrPayload, institution, out var claims));
        Assert.Equal("김*원", claims!.MaskedName);
        Assert.Equal("체불임금등·사업주확인서", document.Title);
    }

    [Fact]
    public async Task VerifyNumber_Genuine_ShowsTitleTimeAndOnlyTheMaskedName()
    {
        var (client, document) = await IssuedAsync();
        var page = await FormPage.GetAsync(client, "/verify");
        Assert.Equal(HttpStatusCode.OK, page.Status);

        // Typed in lower case without hyphens, as people do.
        var typed = document.DocumentNumber.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var result = await page.PostToAsync(client, "/verify/number", ("DocumentNumber", typed));

        Assert.Empty(result.ErrorSummary);
        Assert.NotNull(result.Document.QuerySelector("[data-verify-result=genuine]"));
        Assert.Equal(document.DocumentNumber, result.Document.QuerySelector("[data-document-number]")!.TextContent.Trim());
        Assert.Equal("김*원", result.Document.QuerySelector("[data-masked-name]")!.TextContent.Trim());
        Assert.Contains("체불임금등·사업주확인서", result.Text, StringComparison.Ordinal);
        Assert.Contains(document.ReceiptNumber, result.Text, StringComparison.Ordinal);
        Assert.Contains(Core.Applications.KoreanTime.Format(document.IssuedAtUtc), result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Citizen.Name, result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(Citizen.RrnFront, result.Html, StringComparison.Ordinal);
        Assert.True(result.Response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task VerifyNumber_UnknownOrMalformedOrEmpty_SpecificKoreanErrors()
    {
        var (client, _) = await IssuedAsync();
        var page = await FormPage.GetAsync(client, "/verify");

        var unknown = await page.PostToAsync(client, "/verify/number", ("DocumentNumber", DocumentNumber.New()));
        Assert.Equal(["입력하신 발급번호로 발급된 문서가 없습니다. 발급번호를 다시 확인해 주세요."], unknown.ErrorSummary);
        Assert.Null(unknown.Document.QuerySelector("[data-verify-result]"));
        Assert.Equal("#DocumentNumber", unknown.Document.QuerySelector("[data-pt-error-summary] li a")!.GetAttribute("href"));

        var malformed = await page.PostToAsync(client, "/verify/number", ("DocumentNumber", "20261201-000001"));
        Assert.Contains(malformed.ErrorSummary, e => e.StartsWith("발급번호 형식이 올바르지 않습니다.", StringComparison.Ordinal));
        Assert.Equal("20261201-000001", malformed.Value("DocumentNumber"));

        var empty = await page.PostToAsync(client, "/verify/number", ("DocumentNumber", "  "));
        Assert.Equal(["발급번호를 입력해 주세요."], empty.ErrorSummary);
    }

    [Fact]
    public async Task VerifyQr_GenuineAccepted_TamperedAndForeignRejected()
    {
        var (client, document) = await IssuedAsync();
        var page = await FormPage.GetAsync(client, "/verify");

        var genuine = await page.PostToAsync(client, "/verify/qr", ("QrPayload", document.QrPayload));
        Assert.Empty(genuine.ErrorSummary);
        Assert.NotNull(genuine.Document.QuerySelector("[data-verify-result=genuine]"));
        Assert.Contains("QR코드의 전자서명이 고용노동부 기관 인증서로 검증되었고", genuine.Text, StringComparison.Ordinal);

        // Claims changed (another name), the signature kept.
        var parts = document.QrPayload.Split('.');
        var json = Encoding.UTF8.GetString(Base64UrlDecode(parts[1])).Replace("김*원", "박*수", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncode(Encoding.UTF8.GetBytes(json))}.{parts[2]}";
        var rejected = await page.PostToAsync(client, "/verify/qr", ("QrPayload", tampered));
        Assert.Equal(["QR코드의 전자서명이 고용노동부 기관 인증서로 검증되지 않습니다. 내용이 바뀌었거나 위조된 QR코드입니다."], rejected.ErrorSummary);
        Assert.Null(rejected.Document.QuerySelector("[data-verify-result]"));

        var notOurs = await page.PostToAsync(client, "/verify/qr", ("QrPayload", "https://example.kr/some-other-qr"));
        Assert.Contains(notOurs.ErrorSummary, e => e.StartsWith("붙여 넣은 내용이 발급문서 QR코드의 형식", StringComparison.Ordinal));

        var empty = await page.PostToAsync(client, "/verify/qr", ("QrPayload", string.Empty));
        Assert.Equal(["QR코드를 읽은 내용을 붙여 넣어 주세요."], empty.ErrorSummary);
    }

    [Fact]
    public async Task VerifyPdf_GenuineAccepted_ModifiedNonPdfAndMissingRejected()
    {
        var (client, document) = await IssuedAsync();
        var page = await FormPage.GetAsync(client, "/verify");
        Assert.NotNull(page.Document.QuerySelector("form[action='/verify/pdf'][enctype='multipart/form-data'] input[type=file][name=File]"));

        var genuine = await UploadedPage.PostAsync(client, page, "/verify/pdf", "File", "발급문서.pdf", "application/pdf", document.Pdf);
        Assert.Equal(HttpStatusCode.OK, genuine.Status);
        Assert.Empty(genuine.ErrorSummary);
        Assert.NotNull(genuine.Document.QuerySelector("[data-verify-result=genuine]"));
        Assert.Equal(document.DocumentNumber, genuine.Document.QuerySelector("[data-document-number]")!.TextContent.Trim());
        Assert.Contains("한 바이트도 다르지 않습니다", genuine.Text, StringComparison.Ordinal);

        // One byte changed inside the signed range (the first range is the file up to /Contents).
        var modified = (byte[])document.Pdf.Clone();
        modified[400] ^= 0x20;
        var changed = await UploadedPage.PostAsync(client, page, "/verify/pdf", "File", "발급문서.pdf", "application/pdf", modified);
        Assert.Equal(["PDF의 전자서명이 검증되지 않습니다. 발급된 뒤 문서의 내용이 변경되었습니다."], changed.ErrorSummary);
        Assert.Null(changed.Document.QuerySelector("[data-verify-result]"));

        var text = await UploadedPage.PostAsync(client, page, "/verify/pdf", "File", "메모.txt", "text/plain", Encoding.UTF8.GetBytes("발급번호 " + document.DocumentNumber));
        Assert.Equal(["PDF 파일이 아닙니다. 민원마당에서 내려받은 발급문서(PDF)를 올려 주세요."], text.ErrorSummary);

        var none = await UploadedPage.PostAsync(client, page, "/verify/pdf", "File", "빈파일.pdf", "application/pdf", []);
        Assert.Equal(["확인할 발급문서 PDF 파일을 선택해 주세요."], none.ErrorSummary);
    }

    [Fact]
    public async Task VerifyPdf_ReSignedCopy_IsRejectedAsNotTheOriginal()
    {
        var (client, document) = await IssuedAsync();
        var page = await FormPage.GetAsync(client, "/verify");

        // Someone takes a genuine document's content and signs a new PDF with their own (valid, demo) certificate.
        var citizen = DemoPkiFiles.Manifest.Citizens[0];
        var key = new InstitutionKey(new X509Certificate(DemoPkiFiles.SignCert(citizen)), DemoPkiFiles.SignKey(citizen).Key);
        var forger = new DocumentIssuer(new FixedKey(key), Options.Create(new DocumentOptions()));
        await using var scope = _portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var petition = await db.Petitions.AsNoTracking().SingleAsync(p => p.Id == document.PetitionId);
        var copy = forger.Issue(petition, document.DocumentNumber, document.IssuedAtUtc);

        var result = await UploadedPage.PostAsync(client, page, "/verify/pdf", "File", "발급문서.pdf", "application/pdf", copy.Pdf);
        Assert.Equal(["PDF가 고용노동부 기관 인증서가 아닌 다른 인증서로 서명되어 있습니다. 발급된 원본이 아닙니다."], result.ErrorSummary);
    }

    [Fact]
    public async Task Verify_ManyChecksFromOneAddress_AreRateLimited()
    {
        var client = _portal.CreatePortalClient();
        var page = await FormPage.GetAsync(client, "/verify");
        var last = HttpStatusCode.OK;
        FormPage? refused = null;
        for (var i = 0; i < 25 && last != HttpStatusCode.TooManyRequests; i++)
        {
            refused = await page.PostToAsync(client, "/verify/number", ("DocumentNumber", DocumentNumber.New()));
            last = refused.Status;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        Assert.Contains("요청이 너무 많습니다", refused!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomeAndLayout_LinkToTheAuthenticityCheck()
    {
        var home = await FormPage.GetAsync(_portal.CreatePortalClient(), "/");
        Assert.NotNull(home.Document.QuerySelector("main a[href='/verify']"));
        Assert.NotNull(home.Document.QuerySelector("nav a[href='/verify']"));
        Assert.NotNull(home.Document.QuerySelector("footer a[href='/verify']"));
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + (s.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty });
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class FixedKey(InstitutionKey key) : IInstitutionKeySource
    {
        public Task<InstitutionKey?> GetAsync() => Task.FromResult<InstitutionKey?>(key);
    }
}
