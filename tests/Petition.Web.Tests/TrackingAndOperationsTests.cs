using System.Net;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

public sealed class TrackingAndOperationsTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private async Task<(HttpClient Client, string Receipt)> FiledAsync()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        var receipt = await citizen.FileWageArrearsWithoutCertificateAsync();
        return (citizen.Client, Citizen.ReceiptNumber(receipt)!);
    }

    [Fact]
    public async Task Track_ReceiptNameAndBirthDate_ShowStatusAndHistory()
    {
        var (_, receipt) = await FiledAsync();
        var anotherBrowser = _portal.CreatePortalClient();
        var page = await FormPage.GetAsync(anotherBrowser, "/track");

        var result = await page.PostAsync(anotherBrowser, ("ReceiptNumber", receipt.Replace("-", "", StringComparison.Ordinal)), ("Name", Citizen.Name), ("BirthDate", "1990-01-01"));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var section = result.Document.QuerySelector("[data-track-result]");
        Assert.NotNull(section);
        Assert.Equal("접수", section.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Contains("체불임금등·사업주확인서 발급", section.TextContent, StringComparison.Ordinal);
        Assert.Contains("방문 수령", section.TextContent, StringComparison.Ordinal);
        Assert.Contains("창구에서 본인 확인", section.TextContent, StringComparison.Ordinal);
        Assert.Single(section.QuerySelectorAll("tbody tr"));
        Assert.DoesNotContain(Citizen.RrnBack, result.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("홍길동", "1990-01-01")]
    [InlineData(Citizen.Name, "1990-01-02")]
    public async Task Track_WrongNameOrBirthDate_SaysNothingMatchesWithoutSayingWhich(string name, string birthDate)
    {
        var (_, receipt) = await FiledAsync();
        var client = _portal.CreatePortalClient();
        var page = await FormPage.GetAsync(client, "/track");

        var result = await page.PostAsync(client, ("ReceiptNumber", receipt), ("Name", name), ("BirthDate", birthDate));

        Assert.Null(result.Document.QuerySelector("[data-track-result]"));
        Assert.Equal(["입력하신 정보와 일치하는 신청 내역이 없습니다. 접수번호, 성명, 생년월일을 다시 확인해 주세요."], result.ErrorSummary);
    }

    [Fact]
    public async Task Track_MalformedInput_GetsFieldErrors()
    {
        var client = _portal.CreatePortalClient();
        var page = await FormPage.GetAsync(client, "/track");

        var result = await page.PostAsync(client, ("ReceiptNumber", "12345"), ("Name", ""), ("BirthDate", "1990-13-01"));

        Assert.Contains("접수번호는 20261201-000001 형식으로 입력해 주세요.", result.ErrorSummary);
        Assert.Contains("신청인 성명을 입력해 주세요.", result.ErrorSummary);
        Assert.Contains("생년월일은 1990-01-31 형식으로 입력해 주세요.", result.ErrorSummary);
        Assert.Equal("12345", result.Value("ReceiptNumber"));
    }

    [Fact]
    public async Task Track_ManyLookupsFromOneAddress_AreRateLimitedWithAKoreanPage()
    {
        var client = _portal.CreatePortalClient();
        var page = await FormPage.GetAsync(client, "/track");
        HttpStatusCode last = HttpStatusCode.OK;
        FormPage? refused = null;
        for (var i = 0; i < 25 && last != HttpStatusCode.TooManyRequests; i++)
        {
            refused = await page.PostAsync(client, ("ReceiptNumber", "20261201-000999"), ("Name", "없음"), ("BirthDate", "1990-01-01"));
            last = refused.Status;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        Assert.Contains("요청이 너무 많습니다", refused!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_LiveAndReady_Answer200()
    {
        var client = _portal.CreatePortalClient();
        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_ReadyWithUnreachableDatabase_Answers503_LiveStays200()
    {
        using var broken = new PortalFactory(Path.Combine(Path.GetTempPath(), "petition-tests", $"{Guid.NewGuid():N}", "missing", "db.sqlite"));
        broken.Settings["Database:MigrateOnStartup"] = "false";
        broken.Settings["Database:SeedCatalog"] = "false";
        broken.Settings["Database:ConnectionString"] = "Data Source=/proc/petition-no-such-dir/db.sqlite;Mode=ReadOnly";
        var client = broken.CreatePortalClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task HomeAndCatalog_ListTheSixSeededTypes()
    {
        var client = _portal.CreatePortalClient();
        var page = await FormPage.GetAsync(client, "/apply");
        var names = page.Document.QuerySelectorAll(".pt-choice-list label").Select(l => l.TextContent.Trim()).ToList();
        Assert.Equal(6, names.Count);
        Assert.Contains("고용보험 피보험자격 이력내역서 발급", names);
        Assert.Contains("퇴직금 관련 확인 신청", names);
        Assert.Contains("8단계", page.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Pages_CarrySecurityHeaders()
    {
        var response = await _portal.CreatePortalClient().GetAsync("/apply");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoCertificatesPage_OffOutsideDemoMode_Is404()
    {
        var response = await _portal.CreatePortalClient().GetAsync("/demo/certificates");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var zip = await _portal.CreatePortalClient().GetAsync("/demo/certificates/yessign-general.zip");
        Assert.Equal(HttpStatusCode.NotFound, zip.StatusCode);
    }

    [Fact]
    public void Startup_DemoCardGatewayInProduction_IsRefused()
    {
        using var production = new PortalFactory();
        production.Settings["Demo:Enabled"] = "false";
        production.Settings["Payments:Provider"] = "Demo";
        production.Environment = "Production";

        var error = Assert.ThrowsAny<Exception>(() => production.CreatePortalClient());
        Assert.Contains("Payments:Provider is Demo", error.ToString(), StringComparison.Ordinal);
    }
}
