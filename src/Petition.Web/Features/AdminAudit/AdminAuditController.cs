using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Petition.Core.Applications;
using Petition.Core.Auditing;
using Petition.Infrastructure.Auditing;
using Petition.Web.Features.Shared;
using Petition.Web.Features.Staff;

namespace Petition.Web.Features.AdminAudit;

/// <summary>The audit log's GET form, as the query string carries it.</summary>
public sealed class AuditLogQuery
{
    public string? Actor { get; set; }

    public string? Action { get; set; }

    public string? Target { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public string? Cursor { get; set; }

    /// <summary>The query string of these filters (no cursor).</summary>
    public string ToQueryString(string? cursor = null)
    {
        var values = new (string Key, string? Value)[]
        {
            ("actor", Actor), ("action", Action), ("target", Target), ("from", From), ("to", To), ("cursor", cursor),
        };
        var query = string.Join('&', values.Where(v => !string.IsNullOrEmpty(v.Value))
            .Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
        return query.Length == 0 ? string.Empty : "?" + query;
    }
}

/// <summary>One row as the page shows it.</summary>
public sealed record AuditRowView(long Id, string At, string ActorName, string Action, string ActionLabel, string? Target, string? Change, string? Reason, string? IpAddress);

public sealed class AuditLogViewModel
{
    public AuditLogQuery Query { get; init; } = new();

    public IReadOnlyList<(string Value, string Text)> Actions { get; init; } = [];

    public IReadOnlyList<AuditRowView> Rows { get; init; } = [];

    public string? NextUrl { get; init; }

    /// <summary>The first page of this filter, when this is a later page.</summary>
    public string? FirstUrl { get; init; }

    public string ExportUrl { get; init; } = "/admin/audit/export";

    public bool Searched { get; init; }
}

/// <summary>
/// 감사 기록: the append-only audit log, newest first, filtered by actor (name contains), action, target and Korean
/// dates, in keyset pages; the CSV export of the current filter (UTF-8 with BOM, RFC 4180, formula cells defused) is
/// itself audited. There is no edit or delete: nothing in the portal updates or removes an audit record.
/// </summary>
[Route("admin/audit")]
[Authorize(Policy = StaffPolicies.Admin)]
public sealed class AdminAuditController(
    AuditQuery query, AuditActionLabels labels, IAuditLog audit, TimeProvider clock, IStringLocalizer<AdminAuditController> l) : Controller
{
    public const int PageSize = 50;

    /// <summary>The most rows one export writes (a larger range is narrowed by the dates).</summary>
    public const int MaxExportRows = 100_000;

    private static readonly DateOnly FirstDay = new(2000, 1, 1);
    private static readonly DateOnly LastDay = new(2100, 12, 31);

    [HttpGet("")]
    public async Task<IActionResult> IndexAsync([FromQuery] AuditLogQuery input, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        var filter = ParseFilter(input);
        if (filter is null)
        {
            return View("Index", Model(input, [], null, searched: false));
        }

        var page = await query.GetPageAsync(filter, string.IsNullOrEmpty(input.Cursor) ? null : input.Cursor, PageSize, cancellationToken);
        return View("Index", Model(input, page.Rows, page.NextCursor, searched: true));
    }

    [HttpGet("export")]
    public async Task<IActionResult> ExportAsync([FromQuery] AuditLogQuery input, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        input.Cursor = null;
        var filter = ParseFilter(input);
        if (filter is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", Model(input, [], null, searched: false));
        }

        var actor = User.ToStaffActor(HttpContext.Connection.RemoteIpAddress?.ToString());
        var now = clock.GetUtcNow().UtcDateTime;

        // The export is recorded before a row is written.
        await audit.AppendAsync(new AuditRecord
        {
            AtUtc = now,
            ActorId = actor?.UserId,
            ActorName = actor?.DisplayName ?? User.Identity?.Name ?? "admin",
            Action = AuditActions.AuditExported,
            TargetType = "AuditLog",
            TargetId = "csv",
            Reason = Describe(filter),
            IpAddress = actor?.IpAddress,
        }, cancellationToken);

        var fileName = string.Create(CultureInfo.InvariantCulture, $"audit-{KoreanTime.ToKst(now):yyyyMMdd-HHmmss}.csv");
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";

        // UTF-8 with a byte-order mark, so Excel reads the Hangul as UTF-8.
        await Response.Body.WriteAsync(AuditCsv.Utf8Bom, cancellationToken);
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024, leaveOpen: true);
        await AuditCsv.WriteAsync(writer, query.StreamAsync(filter, MaxExportRows), labels, Header(), cancellationToken);
        await writer.FlushAsync(cancellationToken);
        return new EmptyResult();
    }

    private string[] Header() =>
    [
        l["일시(한국 시간)"], l["행위자"], l["작업"], l["작업 코드"], l["대상 종류"], l["대상"], l["이전"], l["이후"], l["사유"], l["IP 주소"],
    ];

    private AuditLogViewModel Model(AuditLogQuery input, IReadOnlyList<AuditRow> rows, string? next, bool searched) => new()
    {
        Query = input,
        Actions = AuditActionLabels.All.Select(a => (a.Action, labels.Label(a.Action))).ToList(),
        Rows = rows.Select(r => new AuditRowView(
            r.Id,
            KoreanTime.ToKst(r.AtUtc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            r.ActorName,
            r.Action,
            labels.Label(r.Action),
            r.TargetId is null ? r.TargetType : $"{r.TargetId}",
            r.From is null && r.To is null ? null : $"{r.From} → {r.To}",
            r.Reason,
            r.IpAddress)).ToList(),
        NextUrl = next is null ? null : "/admin/audit" + input.ToQueryString(next),
        FirstUrl = string.IsNullOrEmpty(input.Cursor) ? null : "/admin/audit" + input.ToQueryString(),
        ExportUrl = "/admin/audit/export" + input.ToQueryString(),
        Searched = searched,
    };

    /// <summary>The filter, or null (with errors in the model state) when a field is not acceptable.</summary>
    private AuditFilter? ParseFilter(AuditLogQuery input)
    {
        var actor = input.Actor?.Trim();
        if (actor is { Length: > 100 })
        {
            this.AddOrderedModelError("Actor", l["행위자는 100자 이내로 입력해 주세요."]);
        }

        var action = string.IsNullOrWhiteSpace(input.Action) ? null : input.Action.Trim();
        if (action is not null && !AuditActionLabels.IsKnown(action))
        {
            this.AddOrderedModelError("Action", l["작업을 목록에서 골라 주세요."]);
        }

        var target = input.Target?.Trim();
        if (target is { Length: > 128 })
        {
            this.AddOrderedModelError("Target", l["대상은 128자 이내로 입력해 주세요."]);
        }

        var from = Day(input.From, "From", l["시작일"]);
        var to = Day(input.To, "To", l["종료일"]);
        if (from is not null && to is not null && to < from)
        {
            this.AddOrderedModelError("To", l["종료일은 시작일과 같거나 뒤여야 합니다."]);
        }

        if (!ModelState.IsValid)
        {
            return null;
        }

        return new AuditFilter
        {
            ActorContains = string.IsNullOrEmpty(actor) ? null : actor,
            Action = action,
            Target = string.IsNullOrEmpty(target) ? null : target,
            From = from,
            To = to,
        };
    }

    private DateOnly? Day(string? value, string key, string label)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            this.AddOrderedModelError(key, l["{0}은 2026-12-01 형식으로 입력해 주세요.", label]);
            return null;
        }

        if (day < FirstDay || day > LastDay)
        {
            this.AddOrderedModelError(key, l["{0}은 2000년 1월 1일부터 2100년 12월 31일 사이로 입력해 주세요.", label]);
            return null;
        }

        return day;
    }

    /// <summary>The export's filter in words (the export's audit reason).</summary>
    private static string Describe(AuditFilter filter)
    {
        var parts = new List<string>();
        if (filter.ActorContains is { } actor)
        {
            parts.Add($"행위자 '{actor}' 포함");
        }

        if (filter.Action is { } action)
        {
            parts.Add($"작업 {AuditActionLabels.KoreanLabel(action)}");
        }

        if (filter.Target is { } target)
        {
            parts.Add($"대상 {target}");
        }

        var range = (filter.From, filter.To) switch
        {
            ({ } from, { } to) => string.Create(CultureInfo.InvariantCulture, $"기간 {from:yyyy-MM-dd} ~ {to:yyyy-MM-dd}"),
            ({ } from, null) => string.Create(CultureInfo.InvariantCulture, $"기간 {from:yyyy-MM-dd}부터"),
            (null, { } to) => string.Create(CultureInfo.InvariantCulture, $"기간 {to:yyyy-MM-dd}까지"),
            _ => null,
        };
        if (range is not null)
        {
            parts.Add(range);
        }

        return parts.Count == 0 ? "CSV 내려받기: 전체" : "CSV 내려받기: " + string.Join(", ", parts);
    }
}
