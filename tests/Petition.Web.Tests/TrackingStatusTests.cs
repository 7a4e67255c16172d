using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Petition.Core.Applications;
using Petition.Core.Workbench;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>
/// Tracking (신청 조회) after a successful lookup: the short-lived access cookie, the status page (GET
/// /track/{접수번호}) for each status and delivery, and the issued document.
/// </summary>
public sealed class TrackingStatusTests : IDisposable
{
    private const string Counseling = "근로조건 자율점검 상담 신청";
    private readonly PortalFactory _portal = new();
    private readonly Clerk _clerk;

    public TrackingStatusTests() => _clerk = new Clerk(_portal);

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    /// <summary>The free counselling petition (no identity check needed): keeps postal or online delivery.</summary>
    private static async Task<string> FileCounselingAsync(Citizen citizen, string delivery)
    {
        await citizen.StartAsync(Counseling);
        await citizen.FillApplicantAsync();
        var form = await citizen.OpenAsync("form");
        await form.PostAsync(citizen.Client, ("Answers[role]", "근로자"), ("Answers[topic]", "임금"), ("Answers[employees]", "12"), ("Answers[question]", "연장근로수당 계산 방법을 알고 싶습니다."));
        await citizen.ChooseDeliveryAsync(delivery);
        var receipt = await citizen.ConfirmReviewAsync();
        return Citizen.ReceiptNumber(receipt) ?? throw new InvalidOperationException("No receipt: " + receipt.Path);
    }

    private async Task<(HttpClient Client, string Receipt)> FiledWithoutCertificateAsync()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        var receipt = await citizen.FileWageArrearsWithoutCertificateAsync();
        return (citizen.Client, Citizen.ReceiptNumber(receipt)!);
    }

    [Fact]
    public async Task Lookup_Match_RedirectsToStatusPageAndSetsStrictHttpOnlyAccessCookieForThatPetition()
    {
        var (_, receipt) = await FiledWithoutCertificateAsync();
        var jar = new CookieContainer();
        var browser = _portal.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar)); // does not follow redirects
        var form = await FormPage.GetAsync(browser, "/track");

        var response = await browser.PostAsync("/track", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ReceiptNumber"] = receipt,
            ["Name"] = Citizen.Name,
            ["BirthDate"] = "1990-01-01",
            ["__RequestVerificationToken"] = form.AntiforgeryToken,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/track/{receipt}", response.Headers.Location!.OriginalString);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith($"Petition.Track.{receipt}=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"path=/track/{receipt}", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=1800", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(receipt, setCookie[(setCookie.IndexOf('=', StringComparison.Ordinal) + 1)..].Split(';')[0], StringComparison.Ordinal); // the value is protected, not readable

        var status = await FormPage.GetAsync(browser, $"/track/{receipt}");
        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal("접수", status.Document.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Contains("no-store", status.Response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_OverHttps_TheAccessCookieIsSecure()
    {
        var (_, receipt) = await FiledWithoutCertificateAsync();
        var browser = _portal.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(new CookieContainer()));
        var form = await FormPage.GetAsync(browser, "/track");

        var response = await browser.PostAsync("/track", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ReceiptNumber"] = receipt,
            ["Name"] = Citizen.Name,
            ["BirthDate"] = "1990-01-01",
            ["__RequestVerificationToken"] = form.AntiforgeryToken,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith($"Petition.Track.{receipt}=", StringComparison.Ordinal));
        Assert.Contains("secure", setCookie.Split(';').Select(p => p.Trim().ToLowerInvariant()));
    }

    [Fact]
    public async Task StatusPage_WithoutAccess_ShowsTheLookupFormPrefilled_NeverThePetition()
    {
        var (_, receipt) = await FiledWithoutCertificateAsync();
        var stranger = _portal.CreatePortalClient();

        var page = await FormPage.GetAsync(stranger, $"/track/{receipt}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(page.Document.QuerySelector("[data-track-result]"));
        Assert.NotNull(page.Document.QuerySelector("[data-track-access-needed]"));
        Assert.Equal(receipt, page.Value("ReceiptNumber"));
        Assert.DoesNotContain("체불임금", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Citizen.Name, page.Html, StringComparison.Ordinal);

        // The prefilled form then opens it, with the name and date of birth.
        var opened = await page.PostAsync(stranger, ("ReceiptNumber", page.Value("ReceiptNumber")!), ("Name", Citizen.Name), ("BirthDate", "1990-01-01"));
        Assert.Equal($"/track/{receipt}", opened.Path);
        Assert.NotNull(opened.Document.QuerySelector("[data-track-result]"));
    }

    [Fact]
    public async Task Access_ExpiresAfterThirtyMinutes()
    {
        var (client, receipt) = await FiledWithoutCertificateAsync();
        var opened = await Tracking.LookUpAsync(client, receipt);
        Assert.NotNull(opened.Document.QuerySelector("[data-track-result]"));

        _portal.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull((await FormPage.GetAsync(client, $"/track/{receipt}")).Document.QuerySelector("[data-track-result]"));

        _portal.Clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await FormPage.GetAsync(client, $"/track/{receipt}");
        Assert.Null(expired.Document.QuerySelector("[data-track-result]"));
        Assert.NotNull(expired.Document.QuerySelector("[data-track-access-needed]"));
        Assert.Equal(receipt, expired.Value("ReceiptNumber"));
    }

    [Fact]
    public async Task End_ClearsTheAccess()
    {
        var (client, receipt) = await FiledWithoutCertificateAsync();
        var status = await Tracking.LookUpAsync(client, receipt);

        var ended = await status.PostToAsync(client, $"/track/{receipt}/end");

        Assert.Equal("/track", ended.Path);
        Assert.NotNull(ended.Document.QuerySelector("[data-track-ended]"));
        var again = await FormPage.GetAsync(client, $"/track/{receipt}");
        Assert.Null(again.Document.QuerySelector("[data-track-result]"));
    }

    [Fact]
    public async Task Access_SeveralPetitionsOpenAtOnce_EachCookieOpensOnlyItsOwnPetition()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        var first = Citizen.ReceiptNumber(await citizen.FileWageArrearsWithoutCertificateAsync())!;
        var second = await FileCounselingAsync(citizen, "Postal");

        await Tracking.LookUpAsync(citizen.Client, first);
        await Tracking.LookUpAsync(citizen.Client, second);

        Assert.Contains("체불임금", (await FormPage.GetAsync(citizen.Client, $"/track/{first}")).Document.QuerySelector("[data-track-result]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Counseling, (await FormPage.GetAsync(citizen.Client, $"/track/{second}")).Document.QuerySelector("[data-track-result]")!.TextContent, StringComparison.Ordinal);

        // The first petition's protected value, sent as if it were the second's, opens nothing.
        var jar = new CookieContainer();
        var forger = _portal.CreatePortalClient(jar);
        var opened = await Tracking.LookUpAsync(forger, first);
        Assert.Equal($"/track/{first}", opened.Path);
        var firstCookie = jar.GetCookies(new Uri($"http://localhost/track/{first}")).Single(c => c.Name == $"Petition.Track.{first}");
        jar.Add(new Uri("http://localhost"), new Cookie($"Petition.Track.{second}", firstCookie.Value, $"/track/{second}"));
        var forged = await FormPage.GetAsync(forger, $"/track/{second}");
        Assert.Null(forged.Document.QuerySelector("[data-track-result]"));
        Assert.NotNull(forged.Document.QuerySelector("[data-track-access-needed]"));
    }

    [Fact]
    public async Task Lookup_KeepsTheRateLimitAndTheNeverSayWhichFieldRule()
    {
        var (client, receipt) = await FiledWithoutCertificateAsync();
        var wrong = await Tracking.LookUpAsync(client, receipt, birthDate: "1990-01-02");
        Assert.Equal("/track", wrong.Path);
        Assert.Equal(["입력하신 정보와 일치하는 신청 내역이 없습니다. 접수번호, 성명, 생년월일을 다시 확인해 주세요."], wrong.ErrorSummary);
        Assert.Null(wrong.Document.QuerySelector("[data-track-result]"));
    }

    [Fact]
    public async Task StatusPage_InProgress_ShowsBadgeDeadlineAndTheClerksNoteInHistory()
    {
        var (client, receipt) = await FiledWithoutCertificateAsync();
        Assert.Equal(TransitionOutcome.Done, (await _clerk.StartAsync(receipt)).Outcome);

        var page = await Tracking.LookUpAsync(client, receipt);

        var result = page.Document.QuerySelector("[data-track-result]")!;
        Assert.Equal("처리중", result.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Contains("bg-", result.QuerySelector("[data-status]")!.ClassName, StringComparison.Ordinal);
        var petition = await _clerk.PetitionAsync(receipt);
        Assert.Equal(KoreanTime.Format(petition.DueDate), result.QuerySelector("[data-due-date]")!.TextContent.Trim());
        var rows = page.Document.QuerySelectorAll("[data-track-history] tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains(StatusRules.StartedNote, rows[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Clerk.Admin.DisplayName, page.Html, StringComparison.Ordinal); // staff names stay internal
        Assert.Null(page.Document.QuerySelector("[data-supplement]"));
    }

    [Fact]
    public async Task StatusPage_SupplementRequested_ShowsTheRequestAndTheFormWithCurrentAnswers()
    {
        var (client, receipt) = await FiledWithoutCertificateAsync();
        await _clerk.RequestSupplementAsync(receipt, "근무 종료일을 퇴직증명서와 같게 고쳐 주세요.");

        var page = await Tracking.LookUpAsync(client, receipt);

        Assert.Equal("보완요청", page.Document.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Equal("근무 종료일을 퇴직증명서와 같게 고쳐 주세요.", page.Document.QuerySelector("[data-supplement-request]")!.TextContent.Trim());
        Assert.Equal("한빛상사", page.Value("Answers_businessName_"));
        Assert.Equal("2026-10-31", page.Value("Answers_employedTo_"));
        Assert.Equal("대지급금 청구", page.Value("Answers_purpose_"));
        Assert.NotNull(page.Document.QuerySelector("textarea#Message"));
        Assert.Contains("보완 요청: 근무 종료일을", page.Document.QuerySelector("[data-track-history]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusPage_CompletedOnline_ShowsTheDocumentNumberAndServesThePdfOnlyWithAccess()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        var receipt = await FileCounselingAsync(citizen, "Online");
        await _clerk.CompleteAsync(receipt, new CompletionDetails("상담 결과를 첨부합니다."));

        var page = await Tracking.LookUpAsync(citizen.Client, receipt);

        Assert.Equal("처리완료", page.Document.QuerySelector("[data-status]")!.TextContent.Trim());
        var number = page.Document.QuerySelector("[data-document-number]")!.TextContent.Trim();
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", number);
        Assert.Equal("/verify", page.Document.QuerySelector("[data-verify-link]")!.GetAttribute("href"));
        Assert.Equal($"/track/{receipt}/document", page.Document.QuerySelector("[data-document-frame]")!.GetAttribute("src"));
        Assert.Contains("안내: 상담 결과를 첨부합니다.", page.Document.QuerySelector("[data-track-history]")!.TextContent, StringComparison.Ordinal);

        var download = await citizen.Client.GetAsync(page.Document.QuerySelector("[data-document-download]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.EndsWith($"{number}.pdf", disposition.FileNameStar, StringComparison.Ordinal);
        Assert.Contains("no-store", download.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var pdf = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var stored = await _clerk.PetitionAsync(receipt);
        Assert.Equal(PetitionStatus.Completed, stored.Status);

        var inline = await citizen.Client.GetAsync($"/track/{receipt}/document");
        Assert.Equal("inline", inline.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("SAMEORIGIN", inline.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal(pdf, await inline.Content.ReadAsByteArrayAsync());

        var stranger = _portal.CreatePortalClient();
        var refused = await stranger.GetAsync($"/track/{receipt}/document?download=true");
        Assert.NotEqual("application/pdf", refused.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(number, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        _portal.Clock.Advance(TimeSpan.FromMinutes(31));
        var late = await citizen.Client.GetAsync($"/track/{receipt}/document?download=true");
        Assert.NotEqual("application/pdf", late.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task StatusPage_CompletedPostal_ShowsMailingDateAndRegisteredMailNumber()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        var receipt = await FileCounselingAsync(citizen, "Postal");
        var today = KoreanTime.Day(_portal.Clock.GetUtcNow().UtcDateTime);
        await _clerk.CompleteAsync(receipt, new CompletionDetails(null, today, "6012345678901"));

        var page = await Tracking.LookUpAsync(citizen.Client, receipt);

        Assert.Equal("처리완료", page.Document.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Equal(KoreanTime.Format(today), page.Document.QuerySelector("[data-mailed-on]")!.TextContent.Trim());
        Assert.Equal("60123-4567-8901", page.Document.QuerySelector("[data-postal-tracking]")!.TextContent.Trim());
        Assert.Null(page.Document.QuerySelector("[data-track-document]"));
    }

    [Fact]
    public async Task StatusPage_CounterPickup_SaysWhatToBring_AndThatIdentityWasChecked()
    {
        var (client, receipt) = await FiledWithoutCertificateAsync();
        var before = await Tracking.LookUpAsync(client, receipt);
        var counter = before.Document.QuerySelector("[data-track-counter]")!;
        Assert.Contains("신분증", counter.TextContent, StringComparison.Ordinal);
        Assert.Null(before.Document.QuerySelector("[data-counter-identity-checked]"));

        await _clerk.CompleteAsync(receipt, new CompletionDetails(null, CounterIdentityChecked: true));
        var after = await FormPage.GetAsync(client, $"/track/{receipt}");

        Assert.Equal("처리완료", after.Document.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Contains("본인 확인을 마쳤습니다", after.Document.QuerySelector("[data-counter-identity-checked]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("창구에서 신분증으로 확인됨", after.Document.QuerySelector("[data-track-result]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusPage_RejectedFreePetition_ShowsTheReasonAndNoRefund()
    {
        var (client, receipt) = await FiledWithoutCertificateAsync();
        await _clerk.RejectAsync(receipt, "같은 사업장에 대한 신청이 이미 처리 중입니다.");

        var page = await Tracking.LookUpAsync(client, receipt);

        Assert.Equal("반려", page.Document.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Equal("같은 사업장에 대한 신청이 이미 처리 중입니다.", page.Document.QuerySelector("[data-rejection-reason]")!.TextContent.Trim());
        Assert.Null(page.Document.QuerySelector("[data-refund]"));
        Assert.Null(page.Document.QuerySelector("[data-track-counter]"));
    }

    [Fact]
    public async Task StatusPage_RejectedAfterOnlinePayment_SaysTheFeeWasRefunded()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("직업능력개발훈련 수료증명서 발급");
        await citizen.FillApplicantAsync();
        var form = await citizen.OpenAsync("form");
        await form.PostAsync(citizen.Client, ("Answers[courseName]", "빅데이터 분석 실무"), ("Answers[institution]", "한빛직업전문학교"), ("Answers[completedOn]", "2026-10-30"), ("Answers[copies]", "1"));
        await citizen.ChooseDeliveryAsync("Online");
        await citizen.ConfirmReviewAsync();
        await citizen.DeclareNoCertificateAsync();
        var step = await citizen.OpenAsync("payment");
        var hosted = await step.PostAsync(citizen.Client, ("method", "online"));
        var paid = await hosted.PostAsync(citizen.Client, ("cardNumber", "4242424242424242"), ("action", "pay"));
        var receipt = Citizen.ReceiptNumber(paid)!;
        Assert.Equal(FeeStatus.Paid, (await _clerk.PetitionAsync(receipt)).FeeStatus);

        await _clerk.RejectAsync(receipt, "훈련 기관의 수료 기록이 확인되지 않습니다.");
        var page = await Tracking.LookUpAsync(citizen.Client, receipt);

        Assert.Equal("반려", page.Document.QuerySelector("[data-status]")!.TextContent.Trim());
        var refund = page.Document.QuerySelector("[data-refund]")!;
        Assert.Equal("refunded", refund.GetAttribute("data-refund"));
        Assert.Contains("1,000원은 환불되었습니다", refund.TextContent, StringComparison.Ordinal);
    }
}
