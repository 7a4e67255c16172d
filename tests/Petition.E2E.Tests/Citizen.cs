using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Petition.E2E.Tests;

/// <summary>A fictitious applicant (the RRN is invented; 900101-1… means born 1990-01-01).</summary>
public sealed record Applicant(
    string Name, string RrnFront, string RrnBack, string BirthDate, string PostalCode, string Address, string AddressDetail, string Phone, string Email)
{
    public static Applicant Hong { get; } = new("홍길동", "900101", "1234567", "1990-01-01", "30117", "세종특별자치시 한누리대로 422", "정부세종청사 11동 101호", "010-1234-5678", "hong@example.kr");

    public static Applicant Kim { get; } = new("김민지", "920315", "2345678", "1992-03-15", "04520", "서울특별시 중구 세종대로 110", "3층", "010-9876-5432", "minji@example.kr");
}

/// <summary>What a citizen does on each page, the way they do it: by labels and button names.</summary>
public static partial class Citizen
{
    public const string WageArrears = "체불임금등·사업주확인서 발급";
    public const string AttorneyReissue = "공인노무사 자격증 재발급";
    public const string WorkingConditionsConsult = "근로조건 자율점검 상담 신청";

    [GeneratedRegex(@"/apply/[0-9a-f-]{36}/applicant$")]
    public static partial Regex ApplicantUrl();

    [GeneratedRegex(@"/apply/[0-9a-f-]{36}/form$")]
    public static partial Regex FormUrl();

    [GeneratedRegex(@"/apply/[0-9a-f-]{36}/delivery$")]
    public static partial Regex DeliveryUrl();

    [GeneratedRegex(@"/apply/[0-9a-f-]{36}/review$")]
    public static partial Regex ReviewUrl();

    [GeneratedRegex(@"/apply/[0-9a-f-]{36}/certificate$")]
    public static partial Regex CertificateUrl();

    [GeneratedRegex(@"/apply/[0-9a-f-]{36}/payment$")]
    public static partial Regex PaymentUrl();

    [GeneratedRegex(@"/apply/[0-9a-f-]{36}/receipt$")]
    public static partial Regex ReceiptUrl();

    [GeneratedRegex(@"^\d{8}-\d{6}$")]
    public static partial Regex ReceiptNumberFormat();

    public static ILocator Button(this IPage page, string name) =>
        page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator ErrorSummary(this IPage page) => page.Locator("[data-pt-error-summary]");

    /// <summary>
    /// The form control labelled <paramref name="label"/>, ignoring the "(필수)"/"(선택)" marker that
    /// the labels carry for screen readers.
    /// </summary>
    public static ILocator Field(this IPage page, string label) =>
        page.GetByLabel(new Regex("^" + Regex.Escape(label) + @"\s*\*?\s*(\(필수\)|\(선택\))?$"));

    /// <summary>
    /// Ticks (or unticks) a radio button or checkbox by clicking its label, as a citizen does: KRDS hides
    /// the native control and draws it on the label.
    /// </summary>
    public static async Task TickAsync(this IPage page, string label, bool on = true)
    {
        var control = page.Field(label);
        if (await control.IsCheckedAsync() != on)
        {
            var id = await control.GetAttributeAsync("id");
            await page.Locator($"label[for=\"{id}\"]").ClickAsync();
        }

        await Expect(control).ToBeCheckedAsync(new() { Checked = on });
    }

    public static async Task ChooseTypeAsync(IPage page, string typeName)
    {
        await page.GotoAsync("/apply");
        await page.TickAsync(typeName);
        await page.Button("다음").ClickAsync();
        await Expect(page).ToHaveURLAsync(ApplicantUrl());
    }

    public static async Task FillApplicantAsync(IPage page, Applicant applicant)
    {
        await page.Field("성명").FillAsync(applicant.Name);
        await page.Field("주민등록번호 앞 6자리").FillAsync(applicant.RrnFront);
        await page.Field("주민등록번호 뒤 7자리").FillAsync(applicant.RrnBack);
        await page.Field("우편번호").FillAsync(applicant.PostalCode);
        await page.Field("주소").FillAsync(applicant.Address);
        await page.Field("상세 주소").FillAsync(applicant.AddressDetail);
        await page.Field("연락처").FillAsync(applicant.Phone);
        await page.Field("전자우편").FillAsync(applicant.Email);
    }

    public static async Task SubmitApplicantAsync(IPage page, Applicant applicant)
    {
        await FillApplicantAsync(page, applicant);
        await page.Button("다음").ClickAsync();
        await Expect(page).ToHaveURLAsync(FormUrl());
    }

    public static async Task FillWageArrearsFormAsync(IPage page)
    {
        await page.Field("사업장명").FillAsync("가나다물산 주식회사");
        await page.Field("사업자등록번호").FillAsync("123-45-67890");
        await page.Field("근무 시작일").FillAsync("2024-03-02");
        await page.Field("근무 종료일(퇴직일)").FillAsync("2026-06-30");
        await page.Field("체불 금품 총액(원)").FillAsync("3500000");
        await page.Field("사용 목적").SelectOptionAsync("대지급금 청구");
        await page.Field("체불 내용").FillAsync("2026년 4월부터 6월까지 3개월분 임금과 퇴직금을 받지 못했습니다.");
        await page.TickAsync("기재한 내용이 사실과 다름없음을 확인합니다");
    }

    public static async Task FillAttorneyReissueFormAsync(IPage page)
    {
        await page.Field("자격증 번호").FillAsync("2015-0123");
        await page.Field("최종 합격 연도").FillAsync("2015");
        await page.Field("재발급 사유").SelectOptionAsync("분실");
        await page.Field("사유 상세").FillAsync("이사 중 자격증을 분실했습니다.");
        await page.TickAsync("기재한 내용이 사실과 다름없음을 확인합니다");
    }

    public static async Task FillConsultFormAsync(IPage page)
    {
        await page.Field("신청인 구분").SelectOptionAsync("사업주");
        await page.Field("상담 분야").SelectOptionAsync("근로시간·휴게");
        await page.Field("상시 근로자 수").FillAsync("12");
        await page.Field("상담 내용").FillAsync("주 52시간제에 맞게 교대 근무표를 짜는 방법을 상담받고 싶습니다.");
    }

    public static async Task SubmitFormAsync(IPage page)
    {
        await page.Button("다음").ClickAsync();
        await Expect(page).ToHaveURLAsync(DeliveryUrl());
    }

    public static async Task ChooseDeliveryAsync(IPage page, string methodLabel)
    {
        await page.TickAsync(methodLabel);
        await page.Button("다음").ClickAsync();
        await Expect(page).ToHaveURLAsync(ReviewUrl());
    }

    public static async Task ChooseNoCertificateAsync(IPage page, string buttonName)
    {
        await page.TickAsync("공동인증서가 없습니다 (방문 수령)");
        await page.Button(buttonName).ClickAsync();
    }

    /// <summary>Reads the receipt number after checking its format (yyyyMMdd-NNNNNN).</summary>
    public static async Task<string> ReceiptNumberAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(ReceiptUrl());
        var number = page.Locator("[data-receipt-number]");
        await Expect(number).ToHaveTextAsync(ReceiptNumberFormat());
        return (await number.TextContentAsync())!.Trim();
    }

    public static async Task TrackAsync(IPage page, string receiptNumber, Applicant applicant)
    {
        await page.GotoAsync("/track");
        await page.Field("접수번호").FillAsync(receiptNumber);
        await page.Field("신청인 성명").FillAsync(applicant.Name);
        await page.Field("생년월일").FillAsync(applicant.BirthDate);
        await page.Button("조회").ClickAsync();
    }

    /// <summary>The value in the summary list row whose term is <paramref name="term"/>.</summary>
    public static ILocator SummaryValue(this IPage page, string term) =>
        page.Locator(".pt-summary-row").Filter(new() { Has = page.Locator("dt", new() { HasTextRegex = new Regex("^" + Regex.Escape(term) + "$") }) }).Locator("dd.pt-summary-value");
}
