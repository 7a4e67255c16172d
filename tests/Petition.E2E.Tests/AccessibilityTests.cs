using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Petition.E2E.Tests;

/// <summary>
/// axe-core on every page a citizen meets, and on the error state of each kind of form (text fields, radio
/// groups, the tracking form): no serious or critical violation. One axe run costs about 2 s on this
/// machine, so pages whose markup another run already covers (the step 1 error, a second form, the
/// "not found" tracking message) are walked and asserted but not scanned again.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AccessibilityTests(PortalFixture portal) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await portal.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.DisposeAsync();

    [Fact]
    public async Task Axe_HomeAndNotFoundPages_HaveNoSeriousViolations()
    {
        var page = _page;
        var home = await page.GotoAsync("/");
        Assert.Equal(200, home!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Artifacts.ScreenshotAsync(page, "50-home");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "home");

        var missing = await page.GotoAsync("/no-such-page");
        Assert.Equal(404, missing!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("페이지를 찾을 수 없습니다");
        await Artifacts.ScreenshotAsync(page, "51-not-found");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "404");
    }

    [Fact]
    public async Task Axe_EveryWizardPageAndErrorState_HasNoSeriousViolations()
    {
        var page = _page;

        await page.GotoAsync("/apply");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "select type");
        await page.Button("다음").ClickAsync();
        await Expect(page.ErrorSummary()).ToBeVisibleAsync();
        await Artifacts.ScreenshotAsync(page, "60-select-type-error");

        // The wage form has date fields; check it, then walk the fee type, which has every step.
        await page.TickAsync(Citizen.WageArrears);
        await page.Button("다음").ClickAsync();
        await Expect(page).ToHaveURLAsync(Citizen.ApplicantUrl());
        await Citizen.SubmitApplicantAsync(page, Applicant.Hong);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "form (wage arrears, with dates)");
        await page.Button("다음").ClickAsync();
        await Expect(page.ErrorSummary()).ToBeVisibleAsync();
        await Artifacts.ScreenshotAsync(page, "61-form-errors");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "form with errors");

        await Citizen.ChooseTypeAsync(page, Citizen.AttorneyReissue);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "applicant");
        await page.Button("다음").ClickAsync();
        await Expect(page.ErrorSummary()).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "applicant with errors");
        await Citizen.SubmitApplicantAsync(page, Applicant.Kim);

        await Citizen.FillAttorneyReissueFormAsync(page);
        await Citizen.SubmitFormAsync(page);

        await Accessibility.AssertNoSeriousViolationsAsync(page, "delivery");
        await page.TickAsync("신청인 주소로 받겠습니다", on: false);
        await page.TickAsync("우편 수령");
        await page.Button("다음").ClickAsync();
        await Expect(page.ErrorSummary()).ToBeVisibleAsync();
        await Artifacts.ScreenshotAsync(page, "62-delivery-errors");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "delivery with errors");
        await page.TickAsync("신청인 주소로 받겠습니다");
        await page.Button("다음").ClickAsync();
        await Expect(page).ToHaveURLAsync(Citizen.ReviewUrl());

        await Accessibility.AssertNoSeriousViolationsAsync(page, "review");
        await page.Button("확인하고 다음").ClickAsync();
        await Expect(page).ToHaveURLAsync(Citizen.CertificateUrl());
        await Accessibility.AssertNoSeriousViolationsAsync(page, "certificate");
        await page.Button("다음").ClickAsync();
        await Expect(page.ErrorSummary()).ToBeVisibleAsync();
        await Artifacts.ScreenshotAsync(page, "63-certificate-error");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "certificate with error");

        await Citizen.ChooseNoCertificateAsync(page, "다음");
        await Expect(page).ToHaveURLAsync(Citizen.PaymentUrl());
        await Accessibility.AssertNoSeriousViolationsAsync(page, "payment");
        await page.Button("신청서 제출").ClickAsync();

        var receiptNumber = await Citizen.ReceiptNumberAsync(page);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "receipt");

        await page.GotoAsync("/track");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "track (empty)");
        await page.Button("조회").ClickAsync();
        await Expect(page.ErrorSummary()).ToBeVisibleAsync();
        await Artifacts.ScreenshotAsync(page, "64-track-errors");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "track with errors");

        await Citizen.TrackAsync(page, receiptNumber, Applicant.Hong);
        await Expect(page.ErrorSummary()).ToContainTextAsync("일치하는 신청 내역이 없습니다");

        await Citizen.TrackAsync(page, receiptNumber, Applicant.Kim);
        await Expect(page.Locator("[data-track-result] [data-status]")).ToHaveTextAsync("접수");
        await Expect(page).ToHaveURLAsync(new Regex(@"/track/\d{8}-\d{6}$"));
        await Accessibility.AssertNoSeriousViolationsAsync(page, "track with result");
    }
}
