using System.Net;
using System.Text;
using Org.BouncyCastle.X509;
using Petition.Pki.Cms;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>
/// Step 6 through the real pipeline: the document the server prepared is signed with a demo citizen's
/// NPKI key (what the browser script does), R is enveloped to the portal's km certificate, and the
/// server verifies signature, chain, revocation, policy and VID.
/// </summary>
public sealed class SignatureTests : IDisposable
{
    private readonly PortalFactory _portal;

    public SignatureTests()
    {
        _portal = new PortalFactory(clock: new TestClock(DateTimeOffset.UtcNow));
        _portal.Settings["Demo:Enabled"] = "true";
    }

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private async Task<(Citizen Citizen, FormPage Signature)> ReadyToSignAsync(string applicantRrn, string type = "체불임금등·사업주확인서 발급")
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync(type);
        var parts = applicantRrn.Split('-');
        var form = await citizen.FillApplicantAsync("홍길동", parts[0], parts[1]);
        Assert.EndsWith("/form", form.Path, StringComparison.Ordinal);
        if (type == "체불임금등·사업주확인서 발급")
        {
            await citizen.FillWageArrearsFormAsync();
        }
        else
        {
            var page = await citizen.OpenAsync("form");
            await page.PostAsync(citizen.Client, ("Answers[courseName]", "전기기능사 과정"), ("Answers[institution]", "한빛직업전문학교"), ("Answers[completedOn]", "2026-06-30"), ("Answers[copies]", "1"));
        }

        await citizen.ChooseDeliveryAsync("Online");
        var certificate = await citizen.ConfirmReviewAsync();
        Assert.Null(certificate.Document.QuerySelector("input#Choice-HasCertificate[disabled]"));
        var signature = await certificate.PostAsync(citizen.Client, ("choice", "HasCertificate"));
        Assert.EndsWith("/signature", signature.Path, StringComparison.Ordinal);
        return (citizen, signature);
    }

    private static (string Nonce, byte[] Document) Challenge(FormPage signature)
    {
        var text = signature.Document.QuerySelector("[data-document]")!.TextContent;
        var nonce = signature.Document.QuerySelector("input[name=nonce]")!.GetAttribute("value")!;
        return (nonce, Encoding.UTF8.GetBytes(text));
    }

    private static (string Cms, string R) SignAs(string citizenId, byte[] document)
    {
        var citizen = DemoPkiFiles.Citizen(citizenId);
        var certificate = new X509CertificateParser().ReadCertificate(DemoPkiFiles.SignCert(citizen));
        var key = DemoPkiFiles.SignKey(citizen);
        var cms = NpkiSigner.Sign(document, certificate, key, DateTimeOffset.UtcNow);
        var envelope = key.RandomNum is null ? string.Empty
            : Convert.ToBase64String(RandomNumberEnvelope.Encrypt(key.RandomNum, new X509CertificateParser().ReadCertificate(DemoPkiFiles.PortalKmCert)));
        return (Convert.ToBase64String(cms), envelope);
    }

    [Fact]
    public async Task ApplicantsOwnCertificate_SignatureVerifies_ReceiptSaysIdentityVerified()
    {
        var (citizen, signature) = await ReadyToSignAsync("800101-1234567");
        var (nonce, document) = Challenge(signature);
        Assert.Contains("주민등록번호: 800101-1******", Encoding.UTF8.GetString(document), StringComparison.Ordinal);
        var (cms, r) = SignAs("yessign-general", document);

        var receipt = await signature.PostAsync(citizen.Client, ("nonce", nonce), ("signedData", cms), ("encryptedR", r));

        Assert.EndsWith("/receipt", receipt.Path, StringComparison.Ordinal);
        Assert.Contains("공동인증서 전자서명으로 확인", receipt.Text, StringComparison.Ordinal);
        Assert.Contains("온라인 열람·발급", receipt.Text, StringComparison.Ordinal); // delivery kept
        await using var db = _portal.OpenDatabase();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT Identity, length(SignatureCms), SignatureReportJson FROM Petitions";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1L, reader.GetInt64(0));
        Assert.True(reader.GetInt64(1) > 500);
        Assert.Contains("TOTAL_PASSED", reader.GetString(2), StringComparison.Ordinal);
        var randomNum = DemoPkiFiles.Citizen("yessign-general").RandomNum;
        Assert.False(string.IsNullOrEmpty(randomNum));
        Assert.DoesNotContain(randomNum, reader.GetString(2), StringComparison.OrdinalIgnoreCase); // R is never kept
    }

    [Theory]
    [InlineData("yessign-secondperson", "800101-1234567", "인증서의 주인이 입력하신 신청인")]
    [InlineData("crosscert-revoked", "920101-2000089", "폐지")]
    [InlineData("signgate-expired", "830505-2000090", "유효기간이 지났습니다")]
    [InlineData("tradesign-notyetvalid", "010101-3000101", "유효기간이 아직 시작되지 않았습니다")]
    [InlineData("yessign-banking", "950412-2000067", "사용하신 인증서의 용도(은행)")]
    [InlineData("ncasign-norandom", "990909-1000134", "본인 여부를 확인할 수 없습니다")]
    public async Task RefusedCertificate_SaysWhyInKorean_AndNothingIsSubmitted(string citizenId, string applicantRrn, string message)
    {
        var (citizen, signature) = await ReadyToSignAsync(applicantRrn);
        var (nonce, document) = Challenge(signature);
        var (cms, r) = SignAs(citizenId, document);

        var refused = await signature.PostAsync(citizen.Client, ("nonce", nonce), ("signedData", cms), ("encryptedR", r));

        Assert.EndsWith("/signature", refused.Path, StringComparison.Ordinal);
        var failure = refused.Document.QuerySelector("[data-signature-failure]");
        Assert.NotNull(failure);
        Assert.Contains(message, failure.TextContent, StringComparison.Ordinal);
        Assert.Contains("아직 제출되지 않았습니다", failure.TextContent, StringComparison.Ordinal);
        await using var db = _portal.OpenDatabase();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Petitions";
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task BankingCertificate_AcceptedWhereTheTypeAllowsBanking()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("고용보험 피보험자격 이력내역서 발급");
        await citizen.FillApplicantAsync("강하은", "950412", "2000067");
        var form = await citizen.OpenAsync("form");
        await form.PostAsync(citizen.Client, ("Answers[period]", "전체 기간"), ("Answers[use]", "관공서 제출"), ("Answers[copies]", "1"));
        await citizen.ChooseDeliveryAsync("Online");
        var certificate = await citizen.ConfirmReviewAsync();
        var signature = await certificate.PostAsync(citizen.Client, ("choice", "HasCertificate"));
        var (nonce, document) = Challenge(signature);
        var (cms, r) = SignAs("yessign-banking", document);

        var receipt = await signature.PostAsync(citizen.Client, ("nonce", nonce), ("signedData", cms), ("encryptedR", r));

        Assert.EndsWith("/receipt", receipt.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedContent_IsRefused()
    {
        var (citizen, signature) = await ReadyToSignAsync("800101-1234567");
        var (nonce, document) = Challenge(signature);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(document).Replace("한빛상사", "다른상사", StringComparison.Ordinal));
        var (cms, r) = SignAs("yessign-general", tampered);

        var refused = await signature.PostAsync(citizen.Client, ("nonce", nonce), ("signedData", cms), ("encryptedR", r));

        Assert.Contains("서명된 문서가 포털이 제시한 신청서와 다릅니다", refused.Document.QuerySelector("[data-signature-failure]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignatureForAnotherDraftsNonce_IsRefused_AndAUsedNonceCannotBeReplayed()
    {
        var (first, firstPage) = await ReadyToSignAsync("800101-1234567");
        var (nonce, document) = Challenge(firstPage);
        var (cms, r) = SignAs("yessign-general", document);
        Assert.EndsWith("/receipt", (await firstPage.PostAsync(first.Client, ("nonce", nonce), ("signedData", cms), ("encryptedR", r))).Path, StringComparison.Ordinal);

        // The same signed document and nonce, replayed on a second draft of the same citizen.
        var (second, secondPage) = await ReadyToSignAsync("800101-1234567");
        var replay = await secondPage.PostAsync(second.Client, ("nonce", nonce), ("signedData", cms), ("encryptedR", r));
        Assert.EndsWith("/signature", replay.Path, StringComparison.Ordinal);
        Assert.Contains("만료되었거나 이미 사용되었습니다", replay.Document.QuerySelector("[data-signature-failure]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditingAfterThePageWasPrepared_OldSignatureNoLongerCounts()
    {
        var (citizen, signature) = await ReadyToSignAsync("800101-1234567");
        var (nonce, document) = Challenge(signature);
        var (cms, r) = SignAs("yessign-general", document);

        await citizen.ChooseDeliveryAsync("Postal");
        await citizen.ConfirmReviewAsync();
        var certificate = await citizen.OpenAsync("certificate");
        var fresh = await certificate.PostAsync(citizen.Client, ("choice", "HasCertificate"));
        Assert.NotEqual(nonce, Challenge(fresh).Nonce);

        var stale = await fresh.PostAsync(citizen.Client, ("nonce", nonce), ("signedData", cms), ("encryptedR", r));
        Assert.EndsWith("/signature", stale.Path, StringComparison.Ordinal);
        Assert.NotNull(stale.Document.QuerySelector("[data-signature-failure]"));
    }

    [Fact]
    public async Task FeePetition_SignedThenPaymentStep()
    {
        var (citizen, signature) = await ReadyToSignAsync("800101-1234567", "직업능력개발훈련 수료증명서 발급");
        var (nonce, document) = Challenge(signature);
        var (cms, r) = SignAs("yessign-general", document);

        var next = await signature.PostAsync(citizen.Client, ("nonce", nonce), ("signedData", cms), ("encryptedR", r));

        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.EndsWith("/payment", next.Path, StringComparison.Ordinal);
    }
}
