using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Petition.Core.Applications;
using Petition.Core.Workbench;
using Petition.Infrastructure.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Petition.E2E.Tests;

/// <summary>
/// A signed petition through tracking in Chromium: the clerk asks for a supplement, the citizen opens the status
/// page, changes an answer, writes to the clerk and signs the supplement document again in the browser with the
/// same demo certificate; then the clerk completes it and the status page offers the issued document.
/// </summary>
[Collection(SigningCollection.Name)]
public sealed partial class SupplementJourneyTests(SigningPortalFixture portal) : IAsyncLifetime
{
    private static readonly StaffActor Clerk = new("e2e-clerk", "테스트 담당자", null, IsAdmin: true);
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await portal.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.DisposeAsync();

    private async Task<TransitionResult> ActAsync(string receipt, Func<IPetitionWorkflow, PetitionRecord, Task<TransitionResult>> action)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var petition = await scope.ServiceProvider.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking().SingleAsync(p => p.ReceiptNumber == receipt);
        return await action(scope.ServiceProvider.GetRequiredService<IPetitionWorkflow>(), petition);
    }

    [Fact]
    public async Task SignedPetition_SupplementSignedAgainInTheBrowser_ThenTheIssuedDocumentIsOffered()
    {
        var citizen = portal.Demo.Citizens.Single(c => c.Id == "yessign-general");
        await _page.GotoAsync("/demo/certificates");
        var download = await _page.RunAndWaitForDownloadAsync(() => _page.Locator("tr[data-demo-citizen=\"yessign-general\"] a[download]").ClickAsync());
        var zip = Path.Combine(Path.GetTempPath(), $"npki-supplement-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(zip);

        // File and sign, as on step 6.
        var parts = citizen.ApplicantRrn.Split('-');
        var applicant = Applicant.Hong with { Name = citizen.Name, RrnFront = parts[0], RrnBack = parts[1], BirthDate = BirthDate(citizen.ApplicantRrn) };
        await Citizen.ChooseTypeAsync(_page, Citizen.WageArrears);
        await Citizen.SubmitApplicantAsync(_page, applicant);
        await Citizen.FillWageArrearsFormAsync(_page);
        await Citizen.SubmitFormAsync(_page);
        await Citizen.ChooseDeliveryAsync(_page, "온라인 열람·발급");
        await _page.Button("확인하고 다음").ClickAsync();
        await _page.Locator("label[for=\"Choice-HasCertificate\"]").ClickAsync();
        await _page.Locator("[data-npki-files]").SetInputFilesAsync(zip);
        await Expect(_page.Locator("[data-npki-list] input[type=radio]").First).ToBeAttachedAsync();
        await _page.Locator("[data-npki-next]").ClickAsync();
        await _page.Locator("#CertificatePassword").FillAsync(citizen.Password);
        await _page.Locator("[data-npki-sign]").ClickAsync();
        var receipt = await Citizen.ReceiptNumberAsync(_page);

        // The clerk asks for a supplement.
        Assert.Equal(TransitionOutcome.Done, (await ActAsync(receipt, (w, p) => w.StartProcessingAsync(p.Id, p.ConcurrencyStamp, Clerk))).Outcome);
        Assert.Equal(TransitionOutcome.Done, (await ActAsync(receipt, (w, p) => w.RequestSupplementAsync(p.Id, p.ConcurrencyStamp, Clerk, "근무 종료일을 퇴직증명서와 같게 고쳐 주세요."))).Outcome);

        // The citizen looks it up: PRG to the status page with the request and the form.
        await Citizen.TrackAsync(_page, receipt, applicant);
        await Expect(_page).ToHaveURLAsync(new Regex($"/track/{receipt}$"));
        await Expect(_page.Locator("[data-track-result] [data-status]")).ToHaveTextAsync("보완요청");
        await Expect(_page.Locator("[data-supplement-request]")).ToHaveTextAsync("근무 종료일을 퇴직증명서와 같게 고쳐 주세요.");
        await Expect(_page.Field("근무 종료일(퇴직일)")).ToHaveValueAsync("2026-06-30");
        await Artifacts.ScreenshotAsync(_page, "80-track-supplement-requested");
        await Accessibility.AssertNoSeriousViolationsAsync(_page, "track status with supplement form");

        // A required message is missing: the wizard's error summary, nothing typed lost.
        await _page.Field("근무 종료일(퇴직일)").FillAsync("2026-06-15");
        await _page.Button("다음 (전자서명)").ClickAsync();
        await Expect(_page.ErrorSummary()).ToContainTextAsync("보완 내용을 입력해 주세요.");
        await Expect(_page.Field("근무 종료일(퇴직일)")).ToHaveValueAsync("2026-06-15");

        await _page.Field("담당자에게 전할 보완 내용").FillAsync("퇴직증명서에 적힌 퇴직일(6월 15일)로 고쳤습니다.");
        await _page.Button("다음 (전자서명)").ClickAsync();

        // Sign the supplement document again, with the certificate chosen on step 5 (kept by this tab).
        await Expect(_page.Locator("[data-document]")).ToContainTextAsync("고용노동부 민원 보완 제출서");
        await Expect(_page.Locator("[data-document]")).ToContainTextAsync($"접수번호: {receipt}");
        await Expect(_page.Locator("[data-npki-selected-text]")).ToContainTextAsync(citizen.Name);
        await Artifacts.ScreenshotAsync(_page, "81-track-supplement-sign");
        await _page.Locator("#CertificatePassword").FillAsync(citizen.Password);
        await _page.Locator("[data-npki-sign]").ClickAsync();

        await Expect(_page).ToHaveURLAsync(new Regex($"/track/{receipt}\\?notice=supplemented$"));
        await Expect(_page.Locator("[data-track-notice]")).ToContainTextAsync("보완 서류가 제출되었습니다");
        await Expect(_page.Locator("[data-track-result] [data-status]")).ToHaveTextAsync("처리중");
        await Expect(_page.Locator("[data-track-history]")).ToContainTextAsync("공동인증서로 다시 서명");
        await Artifacts.ScreenshotAsync(_page, "82-track-supplement-submitted");

        // The clerk completes it: the status page offers the issued document.
        Assert.Equal(TransitionOutcome.Done, (await ActAsync(receipt, (w, p) => w.CompleteAsync(p.Id, p.ConcurrencyStamp, Clerk, new CompletionDetails(null)))).Outcome);
        await _page.GotoAsync($"/track/{receipt}");
        await Expect(_page.Locator("[data-track-result] [data-status]")).ToHaveTextAsync("처리완료");
        await Expect(_page.Locator("[data-document-number]")).ToHaveTextAsync(DocumentNumberFormat());
        var pdf = await _page.RunAndWaitForDownloadAsync(() => _page.Locator("[data-document-download]").ClickAsync());
        Assert.EndsWith(".pdf", pdf.SuggestedFilename, StringComparison.Ordinal);
        Assert.Contains((await _page.Locator("[data-document-number]").TextContentAsync())!.Trim(), pdf.SuggestedFilename, StringComparison.Ordinal);
        await Artifacts.ScreenshotAsync(_page, "83-track-completed-online");

        // 조회 종료: the status page asks for the name and date of birth again.
        await _page.Button("조회 종료").ClickAsync();
        await Expect(_page.Locator("[data-track-ended]")).ToBeVisibleAsync();
        await _page.GotoAsync($"/track/{receipt}");
        await Expect(_page.Locator("[data-track-access-needed]")).ToBeVisibleAsync();
        await Expect(_page.Field("접수번호")).ToHaveValueAsync(receipt);
        await Expect(_page.Locator("[data-track-result]")).ToHaveCountAsync(0);
    }

    /// <summary>yyyy-MM-dd from an RRN (century from the 7th digit).</summary>
    private static string BirthDate(string rrn)
    {
        var digits = rrn.Replace("-", string.Empty, StringComparison.Ordinal);
        var century = digits[6] is '1' or '2' or '5' or '6' ? "19" : "20";
        return $"{century}{digits[..2]}-{digits[2..4]}-{digits[4..6]}";
    }

    [GeneratedRegex("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
    private static partial Regex DocumentNumberFormat();
}
