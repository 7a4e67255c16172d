using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Petition.E2E.Tests;

/// <summary>The citizen's path in a real browser: select, applicant, form, delivery, review, certificate, (payment), receipt, tracking.</summary>
[Collection(PortalCollection.Name)]
public sealed class CitizenJourneyTests(PortalFixture portal) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await portal.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.DisposeAsync();

    [Fact]
    public async Task Apply_FreeIdentityPetitionWithoutCertificate_GetsReceiptAndTracksItAsReceived()
    {
        var page = _page;
        var applicant = Applicant.Hong;

        // Step 1, by keyboard: the skip link comes first, then choose the card with Space and submit with Enter.
        await page.GotoAsync("/apply");
        await Expect(page).ToHaveTitleAsync("민원 선택 | 고용노동부 민원마당");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "본문 바로가기" })).ToBeFocusedAsync();
        await Artifacts.ScreenshotAsync(page, "01-select-type");
        var wageCard = page.Field(Citizen.WageArrears);
        await wageCard.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(wageCard).ToBeCheckedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Button("다음")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        // Step 2: type into each field, Tab between them, Enter submits.
        await Expect(page).ToHaveURLAsync(Citizen.ApplicantUrl());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("신청인 기본사항");
        await page.Field("성명").FocusAsync();
        await page.Keyboard.TypeAsync(applicant.Name);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Field("주민등록번호 앞 6자리")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(applicant.RrnFront);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Field("주민등록번호 뒤 7자리")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(applicant.RrnBack);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(applicant.PostalCode);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(applicant.Address);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(applicant.AddressDetail);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(applicant.Phone);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Field("전자우편")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(applicant.Email);
        await Expect(page.Field("우편번호")).ToHaveValueAsync(applicant.PostalCode);
        await Expect(page.Field("주소")).ToHaveValueAsync(applicant.Address);
        await Artifacts.ScreenshotAsync(page, "02-applicant");
        await page.Keyboard.PressAsync("Enter");

        // Step 3: the type's own form.
        await Expect(page).ToHaveURLAsync(Citizen.FormUrl());
        await Citizen.FillWageArrearsFormAsync(page);
        await Artifacts.ScreenshotAsync(page, "03-form");
        await Citizen.SubmitFormAsync(page);

        // Step 4: online delivery (it will switch to in-person without a certificate; the page says so).
        await Expect(page.GetByText("본인 확인이 필요한 민원입니다")).ToBeVisibleAsync();
        await page.TickAsync("온라인 열람·발급");
        await Artifacts.ScreenshotAsync(page, "04-delivery");
        await page.Button("다음").ClickAsync();

        // Check your answers.
        await Expect(page).ToHaveURLAsync(Citizen.ReviewUrl());
        await Expect(page.SummaryValue("민원명")).ToHaveTextAsync(Citizen.WageArrears);
        await Expect(page.SummaryValue("성명")).ToHaveTextAsync(applicant.Name);
        await Expect(page.SummaryValue("주민등록번호")).ToHaveTextAsync("900101-1******");
        await Expect(page.SummaryValue("사업장명")).ToHaveTextAsync("가나다물산 주식회사");
        await Expect(page.SummaryValue("체불 금품 총액(원)")).ToHaveTextAsync("3,500,000");
        await Expect(page.SummaryValue("수령 방법")).ToHaveTextAsync("온라인 열람·발급");
        await Expect(page.Locator("body")).Not.ToContainTextAsync(applicant.RrnBack);
        await Artifacts.ScreenshotAsync(page, "05-review");
        await page.Button("확인하고 다음").ClickAsync();

        // Certificate check: signing is not available yet, so only "no certificate" can be chosen.
        await Expect(page).ToHaveURLAsync(Citizen.CertificateUrl());
        await Expect(page.Field("공동인증서가 있습니다")).ToBeDisabledAsync();
        await Expect(page.GetByText("선택한 수령 방법(온라인 열람·발급)이 방문 수령으로 바뀝니다.")).ToBeVisibleAsync();
        await page.TickAsync("공동인증서가 없습니다 (방문 수령)");
        await Artifacts.ScreenshotAsync(page, "06-certificate");
        await page.Button("선택하고 제출").ClickAsync();

        // Receipt.
        var receiptNumber = await Citizen.ReceiptNumberAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "민원 신청이 접수되었습니다" })).ToBeVisibleAsync();
        await Expect(page.SummaryValue("신청인")).ToHaveTextAsync($"{applicant.Name} (900101-1******)");
        await Expect(page.SummaryValue("수령 방법")).ToHaveTextAsync("방문 수령");
        await Expect(page.SummaryValue("본인 확인")).ToHaveTextAsync("미확인 (서류 수령 시 창구에서 확인)");
        await Expect(page.GetByText("처리가 끝나면 신분증을 가지고 근로개선지도과 창구를 방문하여")).ToContainTextAsync("수령 방법이 방문 수령으로 바뀌었습니다");
        await Artifacts.ScreenshotAsync(page, "07-receipt");

        // Tracking, from the receipt's own link.
        await page.GetByRole(AriaRole.Link, new() { Name = "신청조회로 이동" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/track$"));
        await Artifacts.ScreenshotAsync(page, "08-track-empty");
        await Citizen.TrackAsync(page, receiptNumber, applicant);
        var result = page.Locator("[data-track-result]");
        await Expect(result).ToBeVisibleAsync();
        await Expect(result.Locator("[data-status]")).ToHaveTextAsync("접수");
        await Expect(page.SummaryValue("접수번호")).ToHaveTextAsync(receiptNumber);
        await Expect(page.SummaryValue("수령 방법")).ToHaveTextAsync("방문 수령");
        await Expect(page.SummaryValue("본인 확인")).ToHaveTextAsync("미확인 · 방문 수령 시 창구에서 신분증으로 확인");
        await Expect(result.GetByRole(AriaRole.Table)).ToContainTextAsync("접수");
        await Artifacts.ScreenshotAsync(page, "09-track-result");
    }

    [Fact]
    public async Task Apply_FeePetitionWithoutCertificate_PassesPaymentPageToReceipt()
    {
        var page = _page;
        var applicant = Applicant.Kim;
        await Citizen.ChooseTypeAsync(page, Citizen.AttorneyReissue);
        await Citizen.SubmitApplicantAsync(page, applicant);
        await Citizen.FillAttorneyReissueFormAsync(page);
        await Citizen.SubmitFormAsync(page);

        // This type offers postal and in-person delivery only.
        await Expect(page.Locator("input[name=Method]")).ToHaveCountAsync(2);
        await Expect(page.Field("온라인 열람·발급")).ToHaveCountAsync(0);
        await Expect(page.Field("신청인 주소로 받겠습니다")).ToBeCheckedAsync();
        await Citizen.ChooseDeliveryAsync(page, "우편 수령");
        await Expect(page.SummaryValue("수수료")).ToHaveTextAsync("2,000원");
        await Expect(page.SummaryValue("우편 받을 주소")).ToHaveTextAsync($"({applicant.PostalCode}) {applicant.Address} {applicant.AddressDetail}");
        await page.Button("확인하고 다음").ClickAsync();

        await Expect(page).ToHaveURLAsync(Citizen.CertificateUrl());
        await Expect(page.GetByText("수수료 2,000원은 다음 단계에서 안내합니다.")).ToBeVisibleAsync();
        await Citizen.ChooseNoCertificateAsync(page, "다음");

        await Expect(page).ToHaveURLAsync(Citizen.PaymentUrl());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("수수료 결제");
        await Expect(page.SummaryValue("수수료")).ToHaveTextAsync("2,000원");
        await Expect(page.SummaryValue("수령 방법")).ToHaveTextAsync("방문 수령");
        await Expect(page.GetByText("수령 방법이 방문 수령으로 바뀌었습니다.")).ToBeVisibleAsync();
        await Artifacts.ScreenshotAsync(page, "20-fee-payment");
        await page.Button("신청서 제출").ClickAsync();

        var receiptNumber = await Citizen.ReceiptNumberAsync(page);
        await Expect(page.SummaryValue("민원명")).ToHaveTextAsync(Citizen.AttorneyReissue);
        await Expect(page.SummaryValue("수수료")).ToHaveTextAsync("2,000원 (창구에서 납부)");
        await Expect(page.GetByText("수수료 2,000원은 서류를 받을 때 창구에서 납부합니다.")).ToBeVisibleAsync();
        await Artifacts.ScreenshotAsync(page, "21-fee-receipt");

        // Submitting again (back to the payment page) cannot file a second petition: the draft shows its receipt.
        await page.GotoAsync(page.Url.Replace("/receipt", "/payment", StringComparison.Ordinal));
        await Expect(page).ToHaveURLAsync(Citizen.ReceiptUrl());
        await Expect(page.Locator("[data-receipt-number]")).ToHaveTextAsync(receiptNumber);
    }

    [Fact]
    public async Task Apply_NoIdentityFreePetition_SubmitsFromReviewPage()
    {
        var page = _page;
        var applicant = Applicant.Kim;
        await Citizen.ChooseTypeAsync(page, Citizen.WorkingConditionsConsult);
        await Citizen.SubmitApplicantAsync(page, applicant);
        await Citizen.FillConsultFormAsync(page);
        await Citizen.SubmitFormAsync(page);

        await Expect(page.GetByText("본인 확인이 필요한 민원입니다")).ToHaveCountAsync(0);
        await Citizen.ChooseDeliveryAsync(page, "온라인 열람·발급");
        await Expect(page.SummaryValue("상담 분야")).ToHaveTextAsync("근로시간·휴게");
        await Expect(page.SummaryValue("상시 근로자 수")).ToHaveTextAsync("12");
        await Expect(page.GetByText("이 민원은 본인 확인과 수수료가 필요하지 않습니다.")).ToBeVisibleAsync();
        await Expect(page.Button("확인하고 다음")).ToHaveCountAsync(0);
        await Artifacts.ScreenshotAsync(page, "30-consult-review");
        await page.Button("신청서 제출").ClickAsync();

        var receiptNumber = await Citizen.ReceiptNumberAsync(page);
        await Expect(page.SummaryValue("본인 확인")).ToHaveTextAsync("필요 없음");
        await Expect(page.SummaryValue("수령 방법")).ToHaveTextAsync("온라인 열람·발급");
        await Artifacts.ScreenshotAsync(page, "31-consult-receipt");

        await Citizen.TrackAsync(page, receiptNumber, applicant);
        await Expect(page.Locator("[data-track-result] [data-status]")).ToHaveTextAsync("접수");
        await Expect(page.SummaryValue("본인 확인")).ToHaveTextAsync("본인 확인이 필요 없는 민원");
    }

    [Fact]
    public async Task ApplicantStep_SubmittedEmpty_FocusesErrorSummaryLinkingEachFieldAndKeepsTypedValues()
    {
        var page = _page;
        await Citizen.ChooseTypeAsync(page, Citizen.WageArrears);
        await page.Button("다음").ClickAsync();

        var summary = page.ErrorSummary();
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToBeFocusedAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement?.hasAttribute('data-pt-error-summary') === true"));
        await Expect(page).ToHaveTitleAsync(new Regex("^신청인 기본사항"));
        await Expect(summary.GetByRole(AriaRole.Heading)).ToHaveTextAsync("입력 내용을 확인해 주세요");
        // One message per missing required field, each linking to that field. (The summary's order is
        // ModelState's, not the page's: reported to the app owner, so it is not asserted here.)
        var expected = new Dictionary<string, string>
        {
            ["성명을 입력해 주세요."] = "Name",
            ["주민등록번호를 입력해 주세요."] = "RrnFront",
            ["주소의 우편번호를 입력해 주세요."] = "PostalCode",
            ["주소를 입력해 주세요."] = "Address",
        };
        var links = summary.GetByRole(AriaRole.Link);
        await Expect(links).ToHaveCountAsync(expected.Count);
        await Artifacts.ScreenshotAsync(page, "40-applicant-errors");

        // Following a link puts the cursor in that field.
        foreach (var (message, fieldId) in expected)
        {
            var link = summary.GetByRole(AriaRole.Link, new() { Name = message, Exact = true });
            await Expect(link).ToHaveAttributeAsync("href", "#" + fieldId);
            var field = page.Locator("#" + fieldId);
            await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
            await link.ClickAsync();
            await Expect(field).ToBeFocusedAsync();
        }

        // Each invalid field names its error for screen readers.
        await Expect(page.Field("성명")).ToHaveAccessibleDescriptionAsync(new Regex("성명을 입력해 주세요"));
        await Expect(page.Field("주민등록번호 앞 6자리")).ToBeVisibleAsync();

        // Fix some, get others wrong: what was typed stays; the RRN's back half (a secret) is not sent back.
        await page.Field("성명").FillAsync("홍길동");
        await page.Field("주민등록번호 앞 6자리").FillAsync("900101");
        await page.Field("주민등록번호 뒤 7자리").FillAsync("1234567");
        await page.Field("주소").FillAsync("세종특별자치시 한누리대로 422");
        await page.Field("우편번호").FillAsync("301");
        await page.Field("전자우편").FillAsync("hong-at-example");
        await page.Button("다음").ClickAsync();

        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary.GetByRole(AriaRole.Link)).ToHaveCountAsync(2);
        await Expect(summary.GetByRole(AriaRole.Link, new() { Name = "우편번호는 숫자 5자리로 입력해 주세요. (예: 30117)" })).ToHaveAttributeAsync("href", "#PostalCode");
        await Expect(summary.GetByRole(AriaRole.Link, new() { Name = "전자우편 주소 형식이 올바르지 않습니다. (예: hong@example.kr)" })).ToHaveAttributeAsync("href", "#Email");
        await Expect(page.Field("성명")).ToHaveValueAsync("홍길동");
        await Expect(page.Field("주민등록번호 앞 6자리")).ToHaveValueAsync("900101");
        await Expect(page.Field("주민등록번호 뒤 7자리")).ToHaveValueAsync(string.Empty);
        await Expect(page.Field("주소")).ToHaveValueAsync("세종특별자치시 한누리대로 422");
        await Expect(page.Field("우편번호")).ToHaveValueAsync("301");
        await Expect(page.Field("전자우편")).ToHaveValueAsync("hong-at-example");
        await Expect(page.Field("성명")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Field("우편번호")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.Field("우편번호").FillAsync("30117");
        await page.Field("전자우편").FillAsync("hong@example.kr");
        await page.Field("주민등록번호 뒤 7자리").FillAsync("1234567");
        await page.Button("다음").ClickAsync();
        await Expect(page).ToHaveURLAsync(Citizen.FormUrl());
        await Expect(page.ErrorSummary()).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task BrowserBack_FromFormToApplicant_ShowsSavedValues()
    {
        var page = _page;
        var applicant = Applicant.Hong;
        await Citizen.ChooseTypeAsync(page, Citizen.WageArrears);
        await Citizen.SubmitApplicantAsync(page, applicant);

        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(Citizen.ApplicantUrl());
        await Expect(page.Field("성명")).ToHaveValueAsync(applicant.Name);
        await Expect(page.Field("우편번호")).ToHaveValueAsync(applicant.PostalCode);
        await Expect(page.Field("주소")).ToHaveValueAsync(applicant.Address);
        await Expect(page.Field("상세 주소")).ToHaveValueAsync(applicant.AddressDetail);
        await Expect(page.Field("연락처")).ToHaveValueAsync(applicant.Phone);
        await Expect(page.Field("전자우편")).ToHaveValueAsync(applicant.Email);
        // The number itself never comes back to the browser; the page says a masked one is stored.
        await Expect(page.Field("주민등록번호 앞 6자리")).ToHaveValueAsync(string.Empty);
        await Expect(page.Locator("#Rrn-hint")).ToContainTextAsync("900101-1******");
        await Artifacts.ScreenshotAsync(page, "41-applicant-after-back");

        // Leaving the number blank keeps the stored one; forward again, and the form page's 이전 link comes back here too.
        await page.Button("다음").ClickAsync();
        await Expect(page).ToHaveURLAsync(Citizen.FormUrl());
        await page.GetByRole(AriaRole.Link, new() { Name = "이전", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Citizen.ApplicantUrl());
        await Expect(page.Field("성명")).ToHaveValueAsync(applicant.Name);
    }

    [Fact]
    public async Task ReviewChangeLink_EditApplicantAndAnswer_ReturnsToReviewWithNewValues()
    {
        var page = _page;
        await Citizen.ChooseTypeAsync(page, Citizen.WageArrears);
        await Citizen.SubmitApplicantAsync(page, Applicant.Hong);
        await Citizen.FillWageArrearsFormAsync(page);
        await Citizen.SubmitFormAsync(page);
        await Citizen.ChooseDeliveryAsync(page, "방문 수령");

        // Change the name: the applicant page opens with the saved values, saving returns to the review.
        await page.GetByRole(AriaRole.Link, new() { Name = "변경 성명" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/applicant\?returnTo=review$"));
        await Expect(page.Field("성명")).ToHaveValueAsync(Applicant.Hong.Name);
        await page.Field("성명").FillAsync("홍길순");
        await page.Button("저장하고 확인 화면으로").ClickAsync();
        await Expect(page).ToHaveURLAsync(Citizen.ReviewUrl());
        await Expect(page.SummaryValue("성명")).ToHaveTextAsync("홍길순");
        await Expect(page.SummaryValue("주민등록번호")).ToHaveTextAsync("900101-1******");

        // Change one answer of the form.
        await page.GetByRole(AriaRole.Link, new() { Name = "변경 사업장명" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/form\?returnTo=review#Answers_businessName_$"));
        await Expect(page.Field("사업장명")).ToHaveValueAsync("가나다물산 주식회사");
        await Expect(page.Field("근무 시작일")).ToHaveValueAsync("2024-03-02");
        await page.Field("사업장명").FillAsync("라마바건설 주식회사");
        await page.Button("저장하고 확인 화면으로").ClickAsync();
        await Expect(page).ToHaveURLAsync(Citizen.ReviewUrl());
        await Expect(page.SummaryValue("사업장명")).ToHaveTextAsync("라마바건설 주식회사");
        await Expect(page.SummaryValue("성명")).ToHaveTextAsync("홍길순");
        await Expect(page.SummaryValue("수령 방법")).ToHaveTextAsync("방문 수령");
    }
}
