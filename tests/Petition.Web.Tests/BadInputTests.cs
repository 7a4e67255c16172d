using System.Net;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

public sealed class BadInputTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    [Fact]
    public async Task ApplicantPage_PostedEmpty_NamesEachErrorInSummaryAndNextToItsField()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        var page = await citizen.StartAsync("체불임금등·사업주확인서 발급");

        var result = await page.PostAsync(citizen.Client, ("Name", ""), ("RrnFront", ""), ("RrnBack", ""), ("PostalCode", ""), ("Address", ""));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.EndsWith("/applicant", result.Path, StringComparison.Ordinal);
        Assert.Equal("입력 내용을 확인해 주세요", result.Document.QuerySelector("[data-pt-error-summary] h2")!.TextContent.Trim());
        Assert.Contains("성명을 입력해 주세요.", result.ErrorSummary);
        Assert.Contains("주민등록번호를 입력해 주세요.", result.ErrorSummary);
        Assert.Contains("주소의 우편번호를 입력해 주세요.", result.ErrorSummary);
        Assert.Contains("주소를 입력해 주세요.", result.ErrorSummary);
        Assert.Contains("#Name", result.ErrorSummaryLinks);
        Assert.Contains("#RrnFront", result.ErrorSummaryLinks);
        Assert.Contains("#PostalCode", result.ErrorSummaryLinks);
        Assert.Equal("성명을 입력해 주세요.", result.InlineError("Name"));
        Assert.Equal("true", result.Document.GetElementById("Name")!.GetAttribute("aria-invalid"));
    }

    [Theory]
    [InlineData("900230", "1234567", "주민등록번호 앞자리의 생년월일이 올바른 날짜가 아닙니다.")]
    [InlineData("900101", "123456", "주민등록번호는 숫자 13자리(예: 900101-1234567)로 입력해 주세요.")]
    [InlineData("900101", "a234567", "주민등록번호는 숫자 13자리(예: 900101-1234567)로 입력해 주세요.")]
    public async Task ApplicantPage_BadRrn_SaysWhatIsWrongAndKeepsOtherAnswers(string front, string back, string message)
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        var page = await citizen.StartAsync("체불임금등·사업주확인서 발급");

        var result = await page.PostAsync(citizen.Client, ("Name", "김민원"), ("RrnFront", front), ("RrnBack", back), ("PostalCode", "30117"), ("Address", "세종특별자치시 한누리대로 422"));

        Assert.Equal([message], result.ErrorSummary);
        Assert.Equal("김민원", result.Value("Name"));
        Assert.Equal("30117", result.Value("PostalCode"));
        Assert.Equal(front, result.Value("RrnFront"));
        Assert.Equal("", result.Value("RrnBack") ?? ""); // the secret half is never echoed back
    }

    [Fact]
    public async Task FormPage_MissingAndMalformedAnswers_GetFieldErrorsAndNothingIsSaved()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        await citizen.FillApplicantAsync();
        var form = await citizen.OpenAsync("form");

        var result = await form.PostAsync(citizen.Client,
            ("Answers[businessName]", "한빛상사"), ("Answers[businessNumber]", "12-345"), ("Answers[employedFrom]", "2024-02-30"),
            ("Answers[unpaidAmount]", "많음"), ("Answers[purpose]", "없는 목적"));

        Assert.EndsWith("/form", result.Path, StringComparison.Ordinal);
        Assert.Contains("사업자등록번호는 123-45-67890 형식으로 입력해 주세요.", result.ErrorSummary);
        Assert.Contains("'근무 시작일'은(는) 올바른 날짜(예: 2026-01-31)로 입력해 주세요.", result.ErrorSummary);
        Assert.Contains("'근무 종료일(퇴직일)'을(를) 입력해 주세요.", result.ErrorSummary);
        Assert.Contains("'체불 금품 총액(원)'은(는) 숫자로 입력해 주세요.", result.ErrorSummary);
        Assert.Contains("'사용 목적'은(는) 목록에 있는 항목 중에서 선택해 주세요.", result.ErrorSummary);
        Assert.Contains("'기재한 내용이 사실과 다름없음을 확인합니다'에 동의(체크)해 주세요.", result.ErrorSummary);
        Assert.Contains("#Answers_employedTo_", result.ErrorSummaryLinks);
        Assert.Equal("한빛상사", result.Value("Answers_businessName_"));

        // Nothing was saved: the delivery step is still closed.
        Assert.EndsWith("/form", (await citizen.OpenAsync("delivery")).Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliveryPage_PostalToOtherAddressWithoutIt_AsksForTheAddress()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        await citizen.FillApplicantAsync();
        await citizen.FillWageArrearsFormAsync();
        var delivery = await citizen.OpenAsync("delivery");

        var none = await delivery.PostAsync(citizen.Client);
        Assert.Equal(["수령 방법을 선택해 주세요."], none.ErrorSummary);

        var noAddress = await delivery.PostAsync(citizen.Client, ("Method", "Postal"), ("MailSameAsApplicant", "false"), ("MailPostalCode", "123"));
        Assert.Contains("우편번호는 숫자 5자리로 입력해 주세요. (예: 30117)", noAddress.ErrorSummary);
        Assert.Contains("우편 받을 주소를 입력해 주세요.", noAddress.ErrorSummary);
        Assert.Contains("#MailPostalCode", noAddress.ErrorSummaryLinks);

        var forged = await delivery.PostAsync(citizen.Client, ("Method", "Teleport"));
        Assert.Equal(["수령 방법을 선택해 주세요."], forged.ErrorSummary);
    }

    [Fact]
    public async Task SelectPage_NoChoice_AsksToChoose()
    {
        var client = _portal.CreatePortalClient();
        var page = await FormPage.GetAsync(client, "/apply");
        var result = await page.PostAsync(client);
        Assert.Equal(["신청할 민원을 선택해 주세요."], result.ErrorSummary);
        var forged = await page.PostAsync(client, ("PetitionTypeId", "99999"));
        Assert.Equal(["신청할 민원을 선택해 주세요."], forged.ErrorSummary);
    }

    [Fact]
    public async Task OversizedPost_IsRefusedWithAKoreanPage_AndTheDraftKeepsItsAnswers()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        await citizen.FillApplicantAsync();
        var form = await citizen.OpenAsync("form");

        var huge = await form.PostAsync(citizen.Client, ("Answers[details]", new string('가', 40_000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.Status);
        Assert.Contains("입력한 내용이 너무 큽니다", huge.Text, StringComparison.Ordinal);

        var tooBig = await form.PostAsync(citizen.Client, ("Answers[details]", new string('a', 2 * 1024 * 1024)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.Status);

        Assert.Equal(Citizen.Name, (await citizen.OpenAsync("applicant")).Value("Name"));
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_IsRefusedWithAKoreanPage()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("체불임금등·사업주확인서 발급");

        var response = await citizen.Client.PostAsync($"/apply/{citizen.DraftId}/applicant", new FormUrlEncodedContent([new("Name", "누군가")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("요청을 처리할 수 없습니다", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomeoneElsesDraft_Is404ForReadingAndWriting()
    {
        var owner = new Citizen(_portal.CreatePortalClient());
        await owner.StartAsync("체불임금등·사업주확인서 발급");
        await owner.FillApplicantAsync();

        var stranger = _portal.CreatePortalClient();
        var read = await FormPage.GetAsync(stranger, $"/apply/{owner.DraftId}/applicant");
        Assert.Equal(HttpStatusCode.NotFound, read.Status);
        Assert.Contains("페이지를 찾을 수 없습니다", read.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Citizen.Name, read.Html, StringComparison.Ordinal);

        var strangerPage = await FormPage.GetAsync(stranger, "/track");
        var write = await strangerPage.PostToAsync(stranger, $"/apply/{owner.DraftId}/applicant", ("Name", "가로채기"));
        Assert.Equal(HttpStatusCode.NotFound, write.Status);
        Assert.Equal(Citizen.Name, (await owner.OpenAsync("applicant")).Value("Name"));

        Assert.Equal(HttpStatusCode.NotFound, (await FormPage.GetAsync(stranger, $"/apply/{Guid.NewGuid()}/form")).Status);
    }

    [Fact]
    public async Task ExpiredDraft_SaysWhenItExpiredInsteadOfLoadingIt()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        var applicant = await citizen.StartAsync("체불임금등·사업주확인서 발급");
        Assert.Contains("2026년 12월 8일 10:00", applicant.Text, StringComparison.Ordinal); // 7 days, Korean time

        _portal.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var expired = await citizen.OpenAsync("applicant");

        Assert.Equal(HttpStatusCode.Gone, expired.Status);
        Assert.Contains("보관 기간이 지난 신청서입니다", expired.Text, StringComparison.Ordinal);
        Assert.Contains("2026년 12월 8일 10:00", expired.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPage_GivesTheKorean404Page()
    {
        var response = await _portal.CreatePortalClient().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("페이지를 찾을 수 없습니다", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
