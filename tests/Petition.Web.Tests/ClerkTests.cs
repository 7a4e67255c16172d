using System.Net;
using System.Text;
using Org.BouncyCastle.X509;
using Petition.Core.Auditing;
using Petition.Pki.Cms;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>
/// The clerk workbench through the real pipeline: petitions filed by citizens through the wizard, clerks signed in
/// through the sign-in form, every action posted with the stamp and antiforgery token the page rendered.
/// </summary>
public sealed class ClerkTests : IDisposable
{
    private const string WageType = "체불임금등·사업주확인서 발급";
    private const string ConsultType = "근로조건 자율점검 상담 신청";
    private const string ConsultDepartment = "근로기준정책과";

    private readonly PortalFactory _portal = new();

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private long Scalar(string sql, PortalFactory? portal = null)
    {
        using var db = (portal ?? _portal).OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private string Text(string sql)
    {
        using var db = _portal.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var text = new StringBuilder();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                text.Append(reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A wage-arrears petition without a certificate (delivery becomes in-person pickup, identity to check at the counter).</summary>
    private async Task<string> FileWageAsync(string name = Citizen.Name, string front = Citizen.RrnFront, string back = Citizen.RrnBack)
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync(WageType);
        await citizen.FillApplicantAsync(name, front, back);
        await citizen.FillWageArrearsFormAsync();
        await citizen.ChooseDeliveryAsync("Postal");
        await citizen.ConfirmReviewAsync();
        var receipt = await citizen.DeclareNoCertificateAsync();
        return Citizen.ReceiptNumber(receipt) ?? throw new InvalidOperationException("No receipt: " + receipt.Path);
    }

    /// <summary>A free consultation petition needing no identity check, delivered by post.</summary>
    private async Task<string> FileConsultByPostAsync()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync(ConsultType);
        await citizen.FillApplicantAsync("박상담", "850505", "1234567");
        var form = await citizen.OpenAsync("form");
        await form.PostAsync(citizen.Client, ("Answers[role]", "근로자"), ("Answers[topic]", "임금"), ("Answers[employees]", "12"), ("Answers[question]", "연장근로수당 계산 방법"));
        await citizen.ChooseDeliveryAsync("Postal");
        var receipt = await citizen.ConfirmReviewAsync();
        return Citizen.ReceiptNumber(receipt) ?? throw new InvalidOperationException("No receipt: " + receipt.Path);
    }

    [Fact]
    public async Task Queue_ClerkSeesOwnDepartmentOnly_AdminSeesAll()
    {
        var wage = await FileWageAsync();
        var consult = await FileConsultByPostAsync();
        await Staff.CreateClerkAsync(_portal, "clerk-wage");
        await Staff.CreateClerkAsync(_portal, "clerk-consult", ConsultDepartment);

        var wageQueue = await (await Staff.SignedInAsync(_portal, "clerk-wage")).QueueAsync();
        var consultQueue = await (await Staff.SignedInAsync(_portal, "clerk-consult")).QueueAsync();
        var adminQueue = await (await Staff.SignedInAdminAsync(_portal, "admin-1")).QueueAsync();

        static List<string> Rows(FormPage page) => page.Document.QuerySelectorAll("[data-queue-row]").Select(r => r.GetAttribute("data-queue-row")!).ToList();
        Assert.Equal([wage], Rows(wageQueue));
        Assert.Equal([consult], Rows(consultQueue));
        Assert.Equal([consult, wage], Rows(adminQueue)); // newest first
        var row = wageQueue.Document.QuerySelector($"[data-queue-row='{wage}']")!;
        Assert.Contains("900101-1******", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("1234567", wageQueue.Html, StringComparison.Ordinal); // the RRN is shown masked only
        Assert.NotNull(wageQueue.Document.QuerySelector("table caption"));
        Assert.All(wageQueue.Document.QuerySelectorAll("thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));
        Assert.All(wageQueue.Document.QuerySelectorAll("main form[method=get] select, main form[method=get] input"),
            control => Assert.NotNull(wageQueue.Document.QuerySelector($"label[for='{control.Id}']")));
    }

    [Fact]
    public async Task Queue_Filters_ReachTheQuery_FilteredPageShowsOnlyMatchingRows()
    {
        var kim = await FileWageAsync();
        var lee = await FileWageAsync("이서준", "920202", "1234567");
        await Staff.CreateClerkAsync(_portal, "clerk-wage");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-wage");
        var detail = await clerk.DetailAsync(await clerk.FindAsync(lee));
        await clerk.PostActionAsync(detail, "start");

        static List<string> Rows(FormPage page) => page.Document.QuerySelectorAll("[data-queue-row]").Select(r => r.GetAttribute("data-queue-row")!).ToList();
        var byName = await clerk.QueueAsync("?name=" + Uri.EscapeDataString("이서"));
        var byStatus = await clerk.QueueAsync("?status=Received");
        var inProgress = await clerk.QueueAsync("?status=InProgress&delivery=InPerson&verified=false");
        var none = await clerk.QueueAsync("?verified=true");
        var oldestFirst = await clerk.QueueAsync("?sort=ReceivedOldest");

        Assert.Equal([lee], Rows(byName));
        Assert.Equal("이서", byName.Value("Name"));
        Assert.Equal([kim], Rows(byStatus));
        Assert.Equal([lee], Rows(inProgress));
        Assert.Empty(Rows(none));
        Assert.NotNull(none.Document.QuerySelector("[data-empty]"));
        Assert.Equal([kim, lee], Rows(oldestFirst));
        var tabs = byName.Document.QuerySelectorAll("[data-status-tab]").ToDictionary(t => t.GetAttribute("data-status-tab")!, t => t.QuerySelector("[data-count]")!.TextContent.Trim());
        Assert.Equal("2", tabs["전체"]);
        Assert.Equal("1", tabs["접수"]);
        Assert.Equal("1", tabs["처리중"]);
        Assert.Equal("0", tabs["처리완료"]);
    }

    [Fact]
    public async Task Queue_Overdue_HighlightedWithBadgeTextAndFilterable()
    {
        var receipt = await FileWageAsync();
        await Staff.CreateClerkAsync(_portal, "clerk-wage");
        _portal.Clock.Advance(TimeSpan.FromDays(30)); // well past 10 working days
        var clerk = await Staff.SignedInAsync(_portal, "clerk-wage");

        var overdue = await clerk.QueueAsync("?overdue=true");
        var notOverdue = await clerk.QueueAsync("?overdue=false");

        var row = overdue.Document.QuerySelector($"[data-queue-row='{receipt}']")!;
        Assert.Equal("기한 초과", row.QuerySelector("[data-overdue]")!.TextContent.Trim());
        Assert.Empty(notOverdue.Document.QuerySelectorAll("[data-queue-row]"));
    }

    [Theory]
    [InlineData("?from=2026-13-45", "접수일 시작은 2026-12-01 형식으로 입력해 주세요.")]
    [InlineData("?from=2026-12-05&to=2026-12-01", "접수일 끝은 시작일과 같거나 뒤여야 합니다.")]
    [InlineData("?from=0001-01-01", "접수일 시작은 2000년부터 2100년 사이의 날짜로 입력해 주세요.")]
    [InlineData("?to=9999-12-31", "접수일 끝은 2000년부터 2100년 사이의 날짜로 입력해 주세요.")]
    [InlineData("?status=Nonsense", "처리 상태를 목록에서 골라 주세요.")]
    [InlineData("?type=abc", "민원 종류를 목록에서 골라 주세요.")]
    public async Task Queue_BadFilter_ErrorSummaryNot500(string query, string message)
    {
        await Staff.CreateClerkAsync(_portal, "clerk-wage");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-wage");

        var page = await clerk.QueueAsync(query);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.ErrorSummary);
    }

    [Fact]
    public async Task Detail_ClerkOfAnotherDepartment_Gets404_AlsoWhenPostingATransition()
    {
        var receipt = await FileWageAsync();
        await Staff.CreateClerkAsync(_portal, "clerk-wage");
        await Staff.CreateClerkAsync(_portal, "clerk-insurance", Staff.InsuranceDepartment);
        var own = await Staff.SignedInAsync(_portal, "clerk-wage");
        var id = await own.FindAsync(receipt);
        var ownDetail = await own.DetailAsync(id);
        var stamp = ownDetail.Document.QuerySelector("form[data-action=start] input[name=Stamp]")!.GetAttribute("value")!;
        var other = await Staff.SignedInAsync(_portal, "clerk-insurance");
        var otherQueue = await other.QueueAsync();

        var detail = await other.DetailAsync(id);
        var start = await otherQueue.PostToAsync(other.Client, $"/clerk/petitions/{id}/start", ("Stamp", stamp));
        var reject = await otherQueue.PostToAsync(other.Client, $"/clerk/petitions/{id}/reject", ("Stamp", stamp), ("RejectionReason", "권한 없는 반려"));
        var reveal = await otherQueue.PostToAsync(other.Client, $"/clerk/petitions/{id}/rrn", ("reason", "호기심"));

        Assert.Equal(HttpStatusCode.NotFound, detail.Status);
        Assert.Equal(HttpStatusCode.NotFound, start.Status);
        Assert.Equal(HttpStatusCode.NotFound, reject.Status);
        Assert.Equal(HttpStatusCode.NotFound, reveal.Status);
        Assert.DoesNotContain(receipt, detail.Html, StringComparison.Ordinal);
        Assert.Equal(0L, Scalar("SELECT Status FROM Petitions"));
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.RrnRevealed}'"));
        Assert.Equal(HttpStatusCode.NotFound, (await own.DetailAsync(id + 1000)).Status);
    }

    [Fact]
    public async Task Detail_ShowsApplicantMaskedAnswersWithFormLabelsAndHistory()
    {
        var receipt = await FileWageAsync();
        await Staff.CreateClerkAsync(_portal, "clerk-wage");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-wage");

        var detail = await clerk.DetailAsync(await clerk.FindAsync(receipt));

        Assert.Equal(receipt, detail.Document.QuerySelector("[data-receipt-number]")!.TextContent.Trim());
        Assert.Equal("900101-1******", detail.Document.QuerySelector("[data-rrn]")!.TextContent.Trim());
        Assert.DoesNotContain("900101-1234567", detail.Html, StringComparison.Ordinal);
        var answers = detail.Document.QuerySelector("[data-answers]")!.TextContent;
        Assert.Contains("한빛상사", answers, StringComparison.Ordinal);
        Assert.Contains("3,500,000", answers, StringComparison.Ordinal);
        Assert.Contains("방문 수령", detail.Document.QuerySelector("[data-delivery]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("창구에서 신분증으로 확인", detail.Document.QuerySelector("[data-identity]")!.TextContent, StringComparison.Ordinal);
        Assert.Single(detail.Document.QuerySelectorAll("[data-history-row]"));
        // From 접수 only 처리 시작 and 반려 are offered.
        Assert.Equal(["start", "reject"], detail.Document.QuerySelectorAll("form[data-action]").Select(f => f.GetAttribute("data-action")!).ToList());
    }

    [Fact]
    public async Task RevealRrn_RequiresReason_ThenShowsFullOnceAndWritesExactlyOneAuditWithoutPlainRrn()
    {
        var receipt = await FileWageAsync();
        await Staff.CreateClerkAsync(_portal, "clerk-wage");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-wage");
        var id = await clerk.FindAsync(receipt);
        var detail = await clerk.DetailAsync(id);

        var noReason = await detail.PostToAsync(clerk.Client, $"/clerk/petitions/{id}/rrn", ("reason", "   "));
        Assert.Equal(["주민등록번호 전체를 보려는 사유를 입력해 주세요."], noReason.ErrorSummary);
        Assert.Equal(["#RevealReason"], noReason.ErrorSummaryLinks);
        Assert.Equal("900101-1******", noReason.Document.QuerySelector("[data-rrn]")!.TextContent.Trim());
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.RrnRevealed}'"));

        var revealed = await detail.PostToAsync(clerk.Client, $"/clerk/petitions/{id}/rrn", ("reason", "창구 방문 민원인 본인 확인"));

        Assert.Equal("900101-1234567", revealed.Document.QuerySelector("[data-rrn]")!.TextContent.Trim());
        Assert.NotNull(revealed.Document.QuerySelector("[data-rrn-revealed]"));
        Assert.True(revealed.Response.Headers.CacheControl?.NoStore);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.RrnRevealed}'"));
        var audit = Text($"SELECT ActorName, TargetType, TargetId, Reason FROM AuditRecords WHERE Action = '{AuditActions.RrnRevealed}'");
        Assert.Equal($"clerk-wage 주무관|Petition|{receipt}|창구 방문 민원인 본인 확인|\n", audit);
        var everything = Text("SELECT * FROM AuditRecords");
        Assert.DoesNotContain("1234567", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(_portal.Logs.Lines, line => line.Contains("1234567", StringComparison.Ordinal));

        var again = await clerk.DetailAsync(id);
        Assert.Equal("900101-1******", again.Document.QuerySelector("[data-rrn]")!.TextContent.Trim());
    }

    [Fact]
    public async Task StartThenComplete_InPersonPickup_RequiresCounterCheck_ThenHistoryShowsIt()
    {
        var receipt = await FileWageAsync();
        await Staff.CreateClerkAsync(_portal, "clerk-wage");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-wage");
        var id = await clerk.FindAsync(receipt);

        var started = await clerk.PostActionAsync(await clerk.DetailAsync(id), "start");
        Assert.Equal($"/clerk/petitions/{id}", started.Path);
        Assert.Contains("처리를 시작했습니다", started.Document.QuerySelector("[data-notice]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("처리중", started.Document.QuerySelector(".pt-detail-head [data-status]")!.TextContent.Trim());
        Assert.Equal(["supplement", "complete", "reject"], started.Document.QuerySelectorAll("form[data-action]").Select(f => f.GetAttribute("data-action")!).ToList());

        var unchecked_ = await clerk.PostActionAsync(started, "complete", ("Note", "신분증을 지참해 주세요"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unchecked_.Status);
        Assert.Equal(["#CounterIdentityChecked"], unchecked_.ErrorSummaryLinks);
        Assert.Equal("신분증을 지참해 주세요", unchecked_.Value("Note")); // what the clerk typed is kept
        Assert.Equal(1L, Scalar("SELECT Status FROM Petitions"));

        var completed = await clerk.PostActionAsync(unchecked_, "complete", ("CounterIdentityChecked", "true"));

        Assert.Equal($"/clerk/petitions/{id}", completed.Path);
        Assert.Contains("처리를 완료했습니다", completed.Document.QuerySelector("[data-notice]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(completed.Document.QuerySelectorAll("form[data-action]"));
        var history = completed.Document.QuerySelectorAll("[data-history-row]").Select(r => r.TextContent).ToList();
        Assert.Equal(3, history.Count);
        Assert.Contains("창구에서 본인 확인 후", history[2], StringComparison.Ordinal);
        Assert.Contains("clerk-wage 주무관", history[2], StringComparison.Ordinal);
        Assert.Equal(3L, Scalar("SELECT Status FROM Petitions"));
        Assert.Equal(2, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.StatusChanged}'"));
    }

    [Fact]
    public async Task Complete_Postal_NeedsMailingDateAndTrackingNumber()
    {
        var receipt = await FileConsultByPostAsync();
        await Staff.CreateClerkAsync(_portal, "clerk-consult", ConsultDepartment);
        var clerk = await Staff.SignedInAsync(_portal, "clerk-consult");
        var id = await clerk.FindAsync(receipt);
        var started = await clerk.PostActionAsync(await clerk.DetailAsync(id), "start");

        var missing = await clerk.PostActionAsync(started, "complete", ("MailedOn", "2026-12-01"), ("TrackingNumber", "12-34"));
        Assert.Equal(["등기번호는 숫자 13자리로 입력해 주세요 (하이픈(-)은 넣어도 됩니다)."], missing.ErrorSummary);
        Assert.Equal("12-34", missing.Value("TrackingNumber"));

        var done = await clerk.PostActionAsync(missing, "complete", ("MailedOn", "2026-12-01"), ("TrackingNumber", "60123-4567-8901"));

        Assert.Contains("처리를 완료했습니다", done.Document.QuerySelector("[data-notice]")!.TextContent, StringComparison.Ordinal);
        var delivery = done.Document.QuerySelector("[data-delivery]")!.TextContent;
        Assert.Contains("60123-4567-8901", delivery, StringComparison.Ordinal);
        Assert.Contains("2026년 12월 1일", delivery, StringComparison.Ordinal);
        Assert.Contains("등기우편으로 발송", done.Document.QuerySelectorAll("[data-history-row]").Last().TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SupplementAndReject_RequireText()
    {
        var receipt = await FileWageAsync();
        await Staff.CreateClerkAsync(_portal, "clerk-wage");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-wage");
        var id = await clerk.FindAsync(receipt);
        var started = await clerk.PostActionAsync(await clerk.DetailAsync(id), "start");

        var empty = await clerk.PostActionAsync(started, "supplement", ("SupplementRequest", " "));
        Assert.Equal(["#SupplementRequest"], empty.ErrorSummaryLinks);
        var requested = await clerk.PostActionAsync(empty, "supplement", ("SupplementRequest", "근로계약서 사본을 첨부해 주세요."));
        Assert.Contains("보완을 요청했습니다", requested.Document.QuerySelector("[data-notice]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["reject"], requested.Document.QuerySelectorAll("form[data-action]").Select(f => f.GetAttribute("data-action")!).ToList());

        var noReason = await clerk.PostActionAsync(requested, "reject", ("RejectionReason", string.Empty));
        Assert.Equal(["#RejectionReason"], noReason.ErrorSummaryLinks);
        var rejected = await clerk.PostActionAsync(noReason, "reject", ("RejectionReason", "보완 기한 내 미제출"));

        Assert.Contains("반려했습니다", rejected.Document.QuerySelector("[data-notice]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(4L, Scalar("SELECT Status FROM Petitions"));
        Assert.Contains("반려 사유: 보완 기한 내 미제출", rejected.Document.QuerySelectorAll("[data-history-row]").Last().TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoClerksSameStamp_OneSucceeds_OtherPageSaysAnotherClerkChangedItFirst()
    {
        var receipt = await FileWageAsync();
        await Staff.CreateClerkAsync(_portal, "clerk-a");
        await Staff.CreateClerkAsync(_portal, "clerk-b");
        var a = await Staff.SignedInAsync(_portal, "clerk-a");
        var b = await Staff.SignedInAsync(_portal, "clerk-b");
        var id = await a.FindAsync(receipt);
        await a.PostActionAsync(await a.DetailAsync(id), "start");
        var pageA = await a.DetailAsync(id);
        var pageB = await b.DetailAsync(id);

        var winner = await a.PostActionAsync(pageA, "supplement", ("SupplementRequest", "A: 임금명세서를 제출해 주세요."));
        var loser = await b.PostActionAsync(pageB, "reject", ("RejectionReason", "B가 입력한 반려 사유"));

        Assert.Contains("보완을 요청했습니다", winner.Document.QuerySelector("[data-notice]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, loser.Status);
        Assert.Contains("다른 담당자가 먼저", loser.Document.QuerySelector("[data-conflict]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("보완요청", loser.Document.QuerySelector(".pt-detail-head [data-status]")!.TextContent.Trim()); // the current state
        Assert.Equal("B가 입력한 반려 사유", loser.Value("RejectionReason")); // kept for the clerk
        Assert.Equal(2L, Scalar("SELECT Status FROM Petitions"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM PetitionHistory WHERE ToStatus = 4"));

        // The refreshed stamp in the conflict page lets B act on the current state deliberately.
        var rejected = await b.PostActionAsync(loser, "reject", ("RejectionReason", "B가 입력한 반려 사유"));
        Assert.Contains("반려했습니다", rejected.Document.QuerySelector("[data-notice]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reverify_SignedPetition_StoresSecondReportAndKeepsTheFirst()
    {
        using var portal = new PortalFactory(clock: new TestClock(DateTimeOffset.UtcNow));
        portal.Settings["Demo:Enabled"] = "true";
        try
        {
            var receipt = await FileSignedAsync(portal);
            var clerk = await Staff.SignedInAsync(portal, "clerk-wage", Petition.Web.Features.Staff.DemoStaffSeeder.ClerkPassword);
            var id = await clerk.FindAsync(receipt);
            var detail = await clerk.DetailAsync(id);
            Assert.Single(detail.Document.QuerySelectorAll("[data-report]"));
            Assert.Contains("홍길동", detail.Document.QuerySelector("[data-signer]")!.TextContent, StringComparison.Ordinal);
            var original = OriginalReport(portal);

            var form = detail.Document.QuerySelector($"form[action='/clerk/petitions/{id}/reverify']")!;
            var after = await detail.PostToAsync(clerk.Client, form.GetAttribute("action")!);

            Assert.Equal($"/clerk/petitions/{id}", after.Path);
            Assert.NotNull(after.Document.QuerySelector("[data-notice]"));
            var reports = after.Document.QuerySelectorAll("[data-report]").ToList();
            Assert.Equal(["접수 시 검증", "다시 검증 1"], reports.Select(r => r.GetAttribute("data-report")!).ToList());
            Assert.All(reports, r => Assert.Equal("유효", r.QuerySelector("[data-indication]")!.TextContent.Trim()));
            Assert.Contains("바이트 단위로 같습니다", reports[1].QuerySelector("[data-content-checked]")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("정상", reports[1].QuerySelector("[data-revocation-status]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(original, OriginalReport(portal)); // the first report is kept as it was
            Assert.Equal(1, Scalar("SELECT COUNT(*) FROM SignatureVerifications WHERE Indication = 'TOTAL_PASSED'", portal));
            Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.SignatureReverified}' AND TargetId = '{receipt}'", portal));

            var again = await after.PostToAsync(clerk.Client, form.GetAttribute("action")!);
            Assert.Equal(3, again.Document.QuerySelectorAll("[data-report]").Length);
        }
        finally
        {
            portal.Dispose();
            PortalFactory.DeleteDatabase(portal.DatabaseFile);
        }
    }

    private static string OriginalReport(PortalFactory portal)
    {
        using var db = portal.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT SignatureReportJson FROM Petitions";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>The wage petition signed with 홍길동's demo certificate, as <see cref="SignatureTests"/> does.</summary>
    private static async Task<string> FileSignedAsync(PortalFactory portal)
    {
        var citizen = new Citizen(portal.CreatePortalClient());
        await citizen.StartAsync(WageType);
        await citizen.FillApplicantAsync("홍길동", "800101", "1234567");
        await citizen.FillWageArrearsFormAsync();
        await citizen.ChooseDeliveryAsync("Postal");
        var certificate = await citizen.ConfirmReviewAsync();
        var signature = await certificate.PostAsync(citizen.Client, ("choice", "HasCertificate"));
        var document = Encoding.UTF8.GetBytes(signature.Document.QuerySelector("[data-document]")!.TextContent);
        var nonce = signature.Document.QuerySelector("input[name=nonce]")!.GetAttribute("value")!;
        var demo = DemoPkiFiles.Citizen("yessign-general");
        var key = DemoPkiFiles.SignKey(demo);
        var cms = NpkiSigner.Sign(document, new X509CertificateParser().ReadCertificate(DemoPkiFiles.SignCert(demo)), key, DateTimeOffset.UtcNow);
        var r = RandomNumberEnvelope.Encrypt(key.RandomNum!, new X509CertificateParser().ReadCertificate(DemoPkiFiles.PortalKmCert));
        var receipt = await signature.PostAsync(citizen.Client, ("nonce", nonce), ("signedData", Convert.ToBase64String(cms)), ("encryptedR", Convert.ToBase64String(r)));
        return Citizen.ReceiptNumber(receipt) ?? throw new InvalidOperationException("Not received: " + receipt.Path);
    }
}
