using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Auditing;
using Petition.Web.Features.AdminAudit;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>/admin/audit: filters, keyset paging, the CSV export (encoding, quoting, formula cells) and its own audit record.</summary>
public sealed class AuditLogTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private long Scalar(string sql)
    {
        using var db = _portal.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Appends records through the portal's own audit writer (as the actions that make them do).</summary>
    private async Task AppendAsync(params AuditRecord[] records)
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        foreach (var record in records)
        {
            await audit.AppendAsync(record);
        }
    }

    private static AuditRecord Record(string actor, string action, DateTime atUtc, string? target = null, string? reason = null) => new()
    {
        AtUtc = atUtc,
        ActorName = actor,
        Action = action,
        TargetType = "Petition",
        TargetId = target,
        Reason = reason,
    };

    private static IReadOnlyList<string> Rows(FormPage page, string selector = "[data-actor]") =>
        page.Document.QuerySelectorAll($"[data-audit-row] {selector}").Select(e => e.TextContent.Trim()).ToList();

    [Fact]
    public async Task Filters_ActorActionTargetAndKoreanDates_NarrowTheLogNewestFirst()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-audit");

        // 2026-11-30 23:30 KST is 14:30 UTC on the 30th; 2026-12-01 00:10 KST is 15:10 UTC on the 30th.
        await AppendAsync(
            Record("김근로 주무관", AuditActions.RrnRevealed, new DateTime(2026, 11, 30, 14, 30, 0, DateTimeKind.Utc), "20261130-000001", "본인 확인"),
            Record("김근로 주무관", AuditActions.StatusChanged, new DateTime(2026, 11, 30, 15, 10, 0, DateTimeKind.Utc), "20261130-000001"),
            Record("이보험 주무관", AuditActions.RrnRevealed, new DateTime(2026, 11, 30, 15, 20, 0, DateTimeKind.Utc), "20261130-000002", "창구 확인"),
            Record("박노사 50%_주무관", AuditActions.StatusChanged, new DateTime(2026, 11, 29, 1, 0, 0, DateTimeKind.Utc), "20261129-000001"));

        var byActor = await FormPage.GetAsync(admin.Client, "/admin/audit?actor=" + Uri.EscapeDataString("근로"));
        var byAction = await FormPage.GetAsync(admin.Client, $"/admin/audit?action={AuditActions.RrnRevealed}");
        var byTarget = await FormPage.GetAsync(admin.Client, "/admin/audit?target=20261130-000001");
        var byDay = await FormPage.GetAsync(admin.Client, "/admin/audit?from=2026-12-01&to=2026-12-01&actor=" + Uri.EscapeDataString("주무관"));
        var byNovember30 = await FormPage.GetAsync(admin.Client, "/admin/audit?from=2026-11-30&to=2026-11-30");
        var wildcard = await FormPage.GetAsync(admin.Client, "/admin/audit?actor=" + Uri.EscapeDataString("50%_"));
        var percentOnly = await FormPage.GetAsync(admin.Client, "/admin/audit?actor=" + Uri.EscapeDataString("%"));

        Assert.Equal(["김근로 주무관", "김근로 주무관"], Rows(byActor));
        Assert.Equal(["처리 상태 변경", "주민등록번호 열람"], byActor.Document.QuerySelectorAll("[data-audit-row] td:nth-child(3)").Select(e => e.TextContent.Trim()));
        Assert.Equal(["이보험 주무관", "김근로 주무관"], Rows(byAction));
        Assert.Equal(AuditActions.RrnRevealed, byAction.Value("Action"));
        Assert.Equal(["김근로 주무관", "김근로 주무관"], Rows(byTarget));
        Assert.Equal(["이보험 주무관", "김근로 주무관"], Rows(byDay));
        Assert.Equal(["김근로 주무관"], Rows(byNovember30));
        Assert.Equal(["박노사 50%_주무관"], Rows(wildcard));
        Assert.Equal(["박노사 50%_주무관"], Rows(percentOnly));
        Assert.Null(byActor.Document.QuerySelector("main form[method=post]"));
    }

    [Theory]
    [InlineData("from=2026-13-01", "#From", "시작일은 2026-12-01 형식으로 입력해 주세요.")]
    [InlineData("to=1999-12-31", "#To", "종료일은 2000년 1월 1일부터 2100년 12월 31일 사이로 입력해 주세요.")]
    [InlineData("from=9999-01-01", "#From", "시작일은 2000년 1월 1일부터 2100년 12월 31일 사이로 입력해 주세요.")]
    [InlineData("from=2026-12-02&to=2026-12-01", "#To", "종료일은 시작일과 같거나 뒤여야 합니다.")]
    [InlineData("action=petition.deleted", "#Action", "작업을 목록에서 골라 주세요.")]
    public async Task Filters_BadInput_ShowClearErrorNot500(string query, string link, string message)
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-typo");

        var page = await FormPage.GetAsync(admin.Client, "/admin/audit?" + query);
        var export = await FormPage.GetAsync(admin.Client, "/admin/audit/export?" + query);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal([message], page.ErrorSummary);
        Assert.Equal([link], page.ErrorSummaryLinks);
        Assert.Empty(page.Document.QuerySelectorAll("[data-audit-row]"));
        Assert.Equal(HttpStatusCode.BadRequest, export.Status);
        Assert.Equal([message], export.ErrorSummary);
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.AuditExported}'"));
    }

    [Fact]
    public async Task Paging_120Records_ThreeKeysetPagesNewestFirstWithoutOverlap()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-pages");
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

        // Two records share each instant: the id breaks the tie.
        await AppendAsync(Enumerable.Range(0, 120)
            .Select(i => Record($"직원{i:D3}", AuditActions.StatusChanged, start.AddMinutes(i / 2), $"T-{i:D3}"))
            .ToArray());

        var seen = new List<string>();
        var page = await FormPage.GetAsync(admin.Client, $"/admin/audit?action={AuditActions.StatusChanged}");
        var sizes = new List<int>();
        while (true)
        {
            var rows = Rows(page, "[data-target]");
            sizes.Add(rows.Count);
            seen.AddRange(rows);
            var next = page.Document.QuerySelector("[data-page-next]")?.GetAttribute("href");
            if (next is null)
            {
                break;
            }

            Assert.Contains($"action={AuditActions.StatusChanged}", next, StringComparison.Ordinal);
            page = await FormPage.GetAsync(admin.Client, next);
            Assert.NotNull(page.Document.QuerySelector("[data-page-first]"));
        }

        Assert.Equal([50, 50, 20], sizes);
        Assert.Equal(Enumerable.Range(0, 120).Reverse().Select(i => $"T-{i:D3}"), seen);
        var tampered = await FormPage.GetAsync(admin.Client, $"/admin/audit?action={AuditActions.StatusChanged}&cursor=not-a-cursor");
        Assert.Equal(HttpStatusCode.OK, tampered.Status);
        Assert.Equal("T-119", Rows(tampered, "[data-target]")[0]);
    }

    [Fact]
    public async Task Export_Csv_Utf8BomRfc4180QuotingFormulaGuardAndItselfAudited()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-export");
        await AppendAsync(
            Record("=HYPERLINK(\"http://evil\")", AuditActions.RrnRevealed, new DateTime(2026, 11, 30, 3, 0, 0, DateTimeKind.Utc), "20261130-000009", "사유, \"인용\"\n둘째 줄"),
            Record("@SUM(1)", AuditActions.RrnRevealed, new DateTime(2026, 11, 30, 2, 0, 0, DateTimeKind.Utc), "20261130-000008", "+1"),
            Record("김근로 주무관", AuditActions.StatusChanged, new DateTime(2026, 11, 30, 1, 0, 0, DateTimeKind.Utc), "20261130-000007", "-2"));
        var search = await FormPage.GetAsync(admin.Client, $"/admin/audit?action={AuditActions.RrnRevealed}&from=2026-11-30");
        var href = search.Document.QuerySelector("[data-export]")!.GetAttribute("href")!;

        var response = await admin.Client.GetAsync(new Uri(href, UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);

        Assert.Equal($"/admin/audit/export?action={AuditActions.RrnRevealed}&from=2026-11-30", href);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal(
            "일시(한국 시간),행위자,작업,작업 코드,대상 종류,대상,이전,이후,사유,IP 주소\r\n"
            + "2026-11-30 12:00:00,\"'=HYPERLINK(\"\"http://evil\"\")\",주민등록번호 열람,petition.rrn-revealed,Petition,20261130-000009,,,\"사유, \"\"인용\"\"\n둘째 줄\",\r\n"
            + "2026-11-30 11:00:00,'@SUM(1),주민등록번호 열람,petition.rrn-revealed,Petition,20261130-000008,,,'+1,\r\n",
            text);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.AuditExported}' AND ActorName = 'admin-export 관리자' AND Reason = 'CSV 내려받기: 작업 주민등록번호 열람, 기간 2026-11-30부터'"));
    }

    [Fact]
    public async Task Export_EveryFilteredRow_ExportAppearsInTheLog()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-all");

        var response = await admin.Client.GetAsync(new Uri("/admin/audit/export", UriKind.Relative));
        var csv = await response.Content.ReadAsStringAsync();
        var log = await FormPage.GetAsync(admin.Client, $"/admin/audit?action={AuditActions.AuditExported}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(",직원 로그인,account.sign-in,StaffAccount,admin-all,", csv, StringComparison.Ordinal);
        Assert.Equal(["admin-all 관리자"], Rows(log));
        Assert.Contains("CSV 내려받기: 전체", log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RrnReveal_RecordInViewAndCsv_HoldsReceiptNumberNeverTheRrn()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        var receipt = Citizen.ReceiptNumber(await citizen.FileWageArrearsWithoutCertificateAsync())!;
        await Staff.CreateClerkAsync(_portal, "clerk-reveal");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-reveal");
        var id = await clerk.FindAsync(receipt);
        var detail = await clerk.DetailAsync(id);
        var revealed = await detail.PostToAsync(clerk.Client, $"/clerk/petitions/{id}/rrn", ("reason", "창구 방문 본인 확인"));
        Assert.Contains(Citizen.RrnBack, revealed.Html, StringComparison.Ordinal);
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-reveal");

        var page = await FormPage.GetAsync(admin.Client, $"/admin/audit?action={AuditActions.RrnRevealed}");
        var csv = await admin.Client.GetStringAsync(new Uri($"/admin/audit/export?action={AuditActions.RrnRevealed}", UriKind.Relative));

        Assert.Equal([receipt], Rows(page, "[data-target]"));
        Assert.Equal(["clerk-reveal 주무관"], Rows(page));
        Assert.DoesNotContain(Citizen.RrnBack, page.Html, StringComparison.Ordinal);
        Assert.Contains(receipt, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(Citizen.RrnBack, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(Citizen.RrnFront + "-" + Citizen.RrnBack, csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_EveryAuditActionConstant_HasAKoreanLabelOnce()
    {
        var constants = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(constants.Order(StringComparer.Ordinal), AuditActionLabels.All.Select(a => a.Action).Order(StringComparer.Ordinal));
        Assert.All(AuditActionLabels.All, a => Assert.Matches("[가-힣]", a.Label));
        Assert.Equal(AuditActionLabels.All.Count, AuditActionLabels.All.Select(a => a.Label).Distinct().Count());
    }

    [Fact]
    public async Task ActionSelect_ListsEveryActionWithItsLabel()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-select");

        var page = await FormPage.GetAsync(admin.Client, "/admin/audit");

        var options = page.Document.QuerySelectorAll("#Action option").Skip(1).Select(o => (o.GetAttribute("value"), o.TextContent.Trim())).ToList();
        Assert.Equal(AuditActionLabels.All.Select(a => ((string?)a.Action, a.Label)), options);
    }
}
