using System.Text;
using Org.BouncyCastle.X509;
using Petition.Core.Applications;
using Petition.Core.Workbench;
using Petition.Pki.Cms;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>
/// 보완 제출 from the status page: the clerk's request, the form prefilled with the current answers, the wizard's
/// validation, the workflow's answer (처리중, previous answers kept), and for a signed petition a new signature
/// over the supplement document, verified like step 6 (VID against the applicant's RRN, one-time nonce).
/// </summary>
public sealed class SupplementTests : IDisposable
{
    private const string Request = "근무 종료일을 퇴직증명서와 같게 고쳐 주세요.";
    private const string SignedName = "홍길동";
    private const string SignedBirthDate = "1980-01-01";
    private readonly PortalFactory _portal;
    private readonly Clerk _clerk;

    public SupplementTests()
    {
        _portal = new PortalFactory(clock: new TestClock(DateTimeOffset.UtcNow));
        _portal.Settings["Demo:Enabled"] = "true";
        _clerk = new Clerk(_portal);
    }

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private static (string Name, string Value)[] WageArrearsAnswers(string employedTo, string message) =>
    [
        ("Answers[businessName]", "한빛상사"), ("Answers[businessNumber]", "123-45-67890"),
        ("Answers[employedFrom]", "2024-03-02"), ("Answers[employedTo]", employedTo),
        ("Answers[unpaidAmount]", "3500000"), ("Answers[purpose]", "대지급금 청구"),
        ("Answers[details]", "2026년 8월부터 10월까지 임금 미지급"), ("Answers[consent]", "true"),
        ("Message", message),
    ];

    private static (string, string)[] With(FormPage page, params (string Name, string Value)[] fields) =>
        [.. fields, ("Stamp", page.Document.QuerySelector("[data-supplement-form] input[name=Stamp]")!.GetAttribute("value")!)];

    /// <summary>Filed without a certificate (not signed), then the clerk asks for a supplement; returns the status page.</summary>
    private async Task<(HttpClient Client, string Receipt, FormPage Status)> UnsignedAwaitingSupplementAsync()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        var receipt = Citizen.ReceiptNumber(await citizen.FileWageArrearsWithoutCertificateAsync())!;
        await _clerk.RequestSupplementAsync(receipt, Request);
        var status = await Tracking.LookUpAsync(citizen.Client, receipt);
        Assert.NotNull(status.Document.QuerySelector("[data-supplement-form]"));
        return (citizen.Client, receipt, status);
    }

    /// <summary>Filed and signed on step 6 by 홍길동 with his own certificate, then the clerk asks for a supplement.</summary>
    private async Task<(HttpClient Client, string Receipt, FormPage Status)> SignedAwaitingSupplementAsync()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        await citizen.FillApplicantAsync(SignedName, "800101", "1234567");
        await citizen.FillWageArrearsFormAsync();
        await citizen.ChooseDeliveryAsync("Online");
        var certificate = await citizen.ConfirmReviewAsync();
        var signature = await certificate.PostAsync(citizen.Client, ("choice", "HasCertificate"));
        var (nonce, document) = Challenge(signature);
        var (cms, r) = SignAs("yessign-general", document);
        var receiptPage = await signature.PostAsync(citizen.Client, ("nonce", nonce), ("signedData", cms), ("encryptedR", r));
        var receipt = Citizen.ReceiptNumber(receiptPage) ?? throw new InvalidOperationException("Not received: " + receiptPage.Path);
        Assert.Equal(IdentityVerification.VerifiedBySignature, (await _clerk.PetitionAsync(receipt)).Identity);

        await _clerk.RequestSupplementAsync(receipt, Request);
        var status = await Tracking.LookUpAsync(citizen.Client, receipt, SignedName, SignedBirthDate);
        Assert.NotNull(status.Document.QuerySelector("[data-supplement-form]"));
        return (citizen.Client, receipt, status);
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

    /// <summary>The hidden fields of the signing page (answers, message, stamp), as the browser posts them back.</summary>
    private static (string Name, string Value)[] SignFormFields(FormPage sign, string cms, string r) =>
        [.. sign.Document.QuerySelectorAll("[data-npki-sign-form] input[type=hidden]")
            .Select(i => (i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
            .Where(f => f.Item1 is not ("signedData" or "encryptedR" or "__RequestVerificationToken")),
            ("signedData", cms), ("encryptedR", r)];

    [Fact]
    public async Task Supplement_UnsignedPetition_ChangesAnswersKeepsPreviousOnesAndSetsInProgress()
    {
        var (client, receipt, status) = await UnsignedAwaitingSupplementAsync();

        var done = await status.PostToAsync(client, $"/track/{receipt}/supplement",
            With(status, WageArrearsAnswers("2026-10-15", "퇴직증명서에 적힌 퇴직일(10월 15일)로 고쳤습니다.")));

        Assert.Equal($"/track/{receipt}", done.Path);
        Assert.Equal("처리중", done.Document.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Contains("보완 서류가 제출되었습니다", done.Document.QuerySelector("[data-track-notice]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(done.Document.QuerySelector("[data-supplement-form]"));
        Assert.Contains(StatusRules.SupplementAnsweredNote(signedAgain: false), done.Document.QuerySelector("[data-track-history]")!.TextContent, StringComparison.Ordinal);

        var petition = await _clerk.PetitionAsync(receipt);
        Assert.Equal(PetitionStatus.InProgress, petition.Status);
        Assert.Equal("2026-10-15", petition.Answers["employedTo"]);
        var response = Assert.Single(petition.SupplementResponses);
        Assert.Equal("2026-10-31", response.PreviousAnswers["employedTo"]);
        Assert.Equal("2026-10-15", response.Answers["employedTo"]);
        Assert.Equal(Request, response.Request);
        Assert.Equal("퇴직증명서에 적힌 퇴직일(10월 15일)로 고쳤습니다.", response.Message);
        Assert.Null(response.SignatureCms);
    }

    [Fact]
    public async Task Supplement_InvalidAnswersAndNoMessage_ShowTheWizardsMessagesAndKeepWhatWasTyped()
    {
        var (client, receipt, status) = await UnsignedAwaitingSupplementAsync();

        var refused = await status.PostToAsync(client, $"/track/{receipt}/supplement",
            With(status, WageArrearsAnswers("2026-13-45", "  ")));

        Assert.Equal(
            ["'근무 종료일(퇴직일)'은(는) 올바른 날짜(예: 2026-01-31)로 입력해 주세요.", "보완 내용을 입력해 주세요."],
            refused.ErrorSummary);
        Assert.Equal(["#Answers_employedTo_", "#Message"], refused.ErrorSummaryLinks);
        Assert.Equal("2026-13-45", refused.Value("Answers_employedTo_"));
        Assert.Equal("한빛상사", refused.Value("Answers_businessName_"));
        Assert.Equal("보완요청", refused.Document.QuerySelector("[data-status]")!.TextContent.Trim());
        var petition = await _clerk.PetitionAsync(receipt);
        Assert.Equal(PetitionStatus.SupplementRequested, petition.Status);
        Assert.Empty(petition.SupplementResponses);
    }

    [Fact]
    public async Task Supplement_ClerkChangedThePetitionMeanwhile_SaysSoAndKeepsWhatWasTyped()
    {
        var (client, receipt, status) = await UnsignedAwaitingSupplementAsync();
        await _clerk.RejectAsync(receipt, "신청 기간이 지났습니다.");

        var refused = await status.PostToAsync(client, $"/track/{receipt}/supplement",
            With(status, WageArrearsAnswers("2026-10-15", "퇴직일을 고쳤습니다.")));

        Assert.Contains(refused.ErrorSummary, m => m.Contains("민원의 처리 상태가 바뀌었습니다", StringComparison.Ordinal) || m == StatusRules.SupplementNotOpenMessage);
        Assert.Equal("반려", refused.Document.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Equal("퇴직일을 고쳤습니다.", refused.Document.QuerySelector("textarea#Message")!.TextContent);
        Assert.Equal("2026-10-15", refused.Value("Answers_employedTo_"));
        Assert.Equal("2026-10-31", (await _clerk.PetitionAsync(receipt)).Answers["employedTo"]);
    }

    [Fact]
    public async Task Supplement_StaleStamp_IsAConflict_NothingChanges()
    {
        var (client, receipt, status) = await UnsignedAwaitingSupplementAsync();
        var fields = WageArrearsAnswers("2026-10-15", "퇴직일을 고쳤습니다.").Append(("Stamp", Guid.NewGuid().ToString())).ToArray();

        var refused = await status.PostToAsync(client, $"/track/{receipt}/supplement", fields);

        Assert.Contains(refused.ErrorSummary, m => m.Contains("민원의 처리 상태가 바뀌었습니다", StringComparison.Ordinal));
        Assert.Equal("퇴직일을 고쳤습니다.", refused.Document.QuerySelector("textarea#Message")!.TextContent);
        var petition = await _clerk.PetitionAsync(receipt);
        Assert.Equal(PetitionStatus.SupplementRequested, petition.Status);
        Assert.Empty(petition.SupplementResponses);
    }

    [Fact]
    public async Task Supplement_WithoutAccess_ShowsTheLookupForm_NothingChanges()
    {
        var (_, receipt, _) = await UnsignedAwaitingSupplementAsync();
        var stranger = _portal.CreatePortalClient();
        var form = await FormPage.GetAsync(stranger, $"/track/{receipt}");

        var refused = await form.PostToAsync(stranger, $"/track/{receipt}/supplement", WageArrearsAnswers("2026-10-15", "바꿔 주세요."));

        Assert.NotNull(refused.Document.QuerySelector("[data-track-access-needed]"));
        Assert.Null(refused.Document.QuerySelector("[data-track-result]"));
        Assert.Equal(PetitionStatus.SupplementRequested, (await _clerk.PetitionAsync(receipt)).Status);
    }

    [Fact]
    public async Task Supplement_SignedPetition_WithoutSignature_IsRefused_NothingChanges()
    {
        var (client, receipt, status) = await SignedAwaitingSupplementAsync();
        Assert.Contains("다시 서명해야", status.Document.QuerySelector("[data-supplement]")!.TextContent, StringComparison.Ordinal);

        var sign = await status.PostToAsync(client, $"/track/{receipt}/supplement", With(status, WageArrearsAnswers("2026-10-15", "퇴직일을 고쳤습니다.")));
        Assert.Equal($"/track/{receipt}/supplement", sign.Path);
        Assert.Equal("보완요청", (await _clerk.PetitionAsync(receipt)).Status.KoreanName()); // the form alone submits nothing

        var refused = await sign.PostAsync(client, SignFormFields(sign, string.Empty, string.Empty));

        Assert.Contains("전자서명 값을 받지 못했습니다", refused.Document.QuerySelector("[data-signature-failure]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("아직 제출되지 않았습니다", refused.Document.QuerySelector("[data-signature-failure]")!.TextContent, StringComparison.Ordinal);
        var petition = await _clerk.PetitionAsync(receipt);
        Assert.Equal(PetitionStatus.SupplementRequested, petition.Status);
        Assert.Empty(petition.SupplementResponses);
        Assert.Equal("2026-10-31", petition.Answers["employedTo"]);
    }

    [Fact]
    public async Task Supplement_SignedPetition_SignedAgainWithOwnCertificate_IsAcceptedAndStored()
    {
        var (client, receipt, status) = await SignedAwaitingSupplementAsync();
        var sign = await status.PostToAsync(client, $"/track/{receipt}/supplement", With(status, WageArrearsAnswers("2026-10-15", "퇴직일을 고쳤습니다.\n퇴직증명서를 확인해 주세요.")));
        var (nonce, document) = Challenge(sign);
        var text = Encoding.UTF8.GetString(document);
        Assert.StartsWith("고용노동부 민원 보완 제출서\n", text, StringComparison.Ordinal);
        Assert.Contains($"접수번호: {receipt}\n", text, StringComparison.Ordinal);
        Assert.Contains("구분: 보완\n", text, StringComparison.Ordinal);
        Assert.Contains($"보완 요청 내용: {Request}\n", text, StringComparison.Ordinal);
        Assert.Contains("  퇴직일을 고쳤습니다.\n  퇴직증명서를 확인해 주세요.\n", text, StringComparison.Ordinal);
        Assert.Contains("  근무 종료일(퇴직일): 2026-10-15\n", text, StringComparison.Ordinal);
        Assert.Contains($"일회용 번호: {nonce}\n", text, StringComparison.Ordinal);
        var (cms, r) = SignAs("yessign-general", document);

        var done = await sign.PostAsync(client, SignFormFields(sign, cms, r));

        Assert.Equal($"/track/{receipt}", done.Path);
        Assert.Equal("처리중", done.Document.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.NotNull(done.Document.QuerySelector("[data-track-notice]"));
        var petition = await _clerk.PetitionAsync(receipt);
        Assert.Equal(PetitionStatus.InProgress, petition.Status);
        Assert.Equal("2026-10-15", petition.Answers["employedTo"]);
        var response = Assert.Single(petition.SupplementResponses);
        Assert.Equal(Convert.FromBase64String(cms), response.SignatureCms);
        Assert.Contains("TOTAL_PASSED", response.SignatureReportJson, StringComparison.Ordinal);
        Assert.Contains(SignedName, response.SignerSummary, StringComparison.Ordinal);
        Assert.Equal("퇴직일을 고쳤습니다.\n퇴직증명서를 확인해 주세요.", response.Message);
        Assert.Equal("2026-10-31", response.PreviousAnswers["employedTo"]);
        Assert.Contains(StatusRules.SupplementAnsweredNote(signedAgain: true), done.Document.QuerySelector("[data-track-history]")!.TextContent, StringComparison.Ordinal);

        // The same signature and nonce once more: the nonce is used up and the petition no longer waits.
        var replay = await sign.PostAsync(client, SignFormFields(sign, cms, r));
        Assert.Single((await _clerk.PetitionAsync(receipt)).SupplementResponses);
        Assert.NotEmpty(replay.ErrorSummary);
    }

    [Fact]
    public async Task Supplement_SignedPetition_AnotherCitizensCertificate_IsRefusedWithTheVidReason()
    {
        var (client, receipt, status) = await SignedAwaitingSupplementAsync();
        var sign = await status.PostToAsync(client, $"/track/{receipt}/supplement", With(status, WageArrearsAnswers("2026-10-15", "퇴직일을 고쳤습니다.")));
        var (_, document) = Challenge(sign);
        var (cms, r) = SignAs("yessign-secondperson", document);

        var refused = await sign.PostAsync(client, SignFormFields(sign, cms, r));

        Assert.Equal($"/track/{receipt}/supplement/sign", refused.Path);
        var failure = refused.Document.QuerySelector("[data-signature-failure]")!;
        Assert.Contains("인증서의 주인이 입력하신 신청인", failure.TextContent, StringComparison.Ordinal);
        Assert.NotNull(refused.Document.QuerySelector("[data-document]")); // sign again right there
        Assert.Equal("2026-10-15", refused.Document.QuerySelector("[data-npki-sign-form] input[name='Answers[employedTo]']")!.GetAttribute("value"));
        var petition = await _clerk.PetitionAsync(receipt);
        Assert.Equal(PetitionStatus.SupplementRequested, petition.Status);
        Assert.Empty(petition.SupplementResponses);
    }

    [Fact]
    public async Task Supplement_SignedPetition_TheOriginalApplicationSignature_CannotBeReplayed()
    {
        var (client, receipt, status) = await SignedAwaitingSupplementAsync();
        var original = (await _clerk.PetitionAsync(receipt)).SignatureCms!;
        var sign = await status.PostToAsync(client, $"/track/{receipt}/supplement", With(status, WageArrearsAnswers("2026-10-31", "그대로 제출합니다.")));

        var refused = await sign.PostAsync(client, SignFormFields(sign, Convert.ToBase64String(original), string.Empty));

        Assert.NotNull(refused.Document.QuerySelector("[data-signature-failure]"));
        Assert.Empty((await _clerk.PetitionAsync(receipt)).SupplementResponses);
    }

    [Fact]
    public async Task Supplement_SignPage_EditGoesBackToTheFormWithWhatWasTyped()
    {
        var (client, receipt, status) = await SignedAwaitingSupplementAsync();
        var sign = await status.PostToAsync(client, $"/track/{receipt}/supplement", With(status, WageArrearsAnswers("2026-10-15", "퇴직일을 고쳤습니다.")));

        var edit = await sign.PostToAsync(client, $"/track/{receipt}/supplement/edit",
            [.. sign.Document.QuerySelectorAll("[data-supplement-edit] input[type=hidden]")
                .Select(i => (i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
                .Where(f => f.Item1 != "__RequestVerificationToken")]);

        Assert.Equal("2026-10-15", edit.Value("Answers_employedTo_"));
        Assert.Equal("퇴직일을 고쳤습니다.", edit.Document.QuerySelector("textarea#Message")!.TextContent);
        Assert.Empty(edit.ErrorSummary);
    }
}
