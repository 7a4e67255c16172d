using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Petition.Core.Auditing;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Auditing;

/// <summary>
/// What the audit log view filters on. Every field is optional; dates are Korean calendar days (KST, UTC+9),
/// both ends inclusive.
/// </summary>
public sealed record AuditFilter
{
    /// <summary>Part of the actor's name (display name or user name), matched anywhere.</summary>
    public string? ActorContains { get; init; }

    /// <summary>One of <see cref="AuditActions"/>, matched exactly.</summary>
    public string? Action { get; init; }

    /// <summary>The target's id (receipt number, user name, serial), matched exactly.</summary>
    public string? Target { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }
}

/// <summary>One row of the audit log view (the record as stored: it never holds a plain RRN).</summary>
public sealed record AuditRow(
    long Id, DateTime AtUtc, string ActorName, string Action, string? TargetType, string? TargetId, string? From, string? To, string? Reason, string? IpAddress);

/// <summary>A page of the log, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, string? NextCursor);

/// <summary>
/// Reads <see cref="PetitionDbContext.AuditRecords"/> for the administrators' audit log view: newest first by
/// (AtUtc, Id), keyset pages (the cursor is the last row's instant and id), every filter a SQL predicate. The
/// action filter walks the (Action, AtUtc) index, the date range the AtUtc index; the actor filter is a
/// substring match (LIKE '%…%'), which no index serves but which the other predicates narrow. Read-only: the log
/// has no update or delete anywhere in the portal.
/// </summary>
public sealed class AuditQuery(PetitionDbContext db)
{
    /// <summary>The largest page served.</summary>
    public const int MaxPageSize = 200;

    private static readonly TimeSpan KstOffset = TimeSpan.FromHours(9);

    public async Task<AuditPage> GetPageAsync(AuditFilter filter, string? cursor, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var query = Filtered(filter);
        if (ReadCursor(cursor) is { } after)
        {
            var (at, id) = after;
            query = query.Where(a => a.AtUtc < at || (a.AtUtc == at && a.Id < id));
        }

        var rows = await Newest(query).Take(pageSize + 1).Select(Projection).ToListAsync(cancellationToken);
        var more = rows.Count > pageSize;
        if (more)
        {
            rows.RemoveAt(pageSize);
        }

        return new AuditPage(rows, more ? WriteCursor(rows[^1]) : null);
    }

    /// <summary>Every row of the filter, newest first, streamed (the CSV export), at most <paramref name="max"/>.</summary>
    public IAsyncEnumerable<AuditRow> StreamAsync(AuditFilter filter, int max)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Newest(Filtered(filter)).Take(max).Select(Projection).AsAsyncEnumerable();
    }

    /// <summary>
    /// The last successful sign-in of each given user (from the audit log), for the staff list. One grouped query over
    /// the (Action, AtUtc) index.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DateTime>> LastSignInsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return new Dictionary<string, DateTime>();
        }

        var rows = await db.AuditRecords.AsNoTracking()
            .Where(a => a.Action == AuditActions.SignInSucceeded && a.ActorId != null && userIds.Contains(a.ActorId))
            .GroupBy(a => a.ActorId!)
            .Select(g => new { UserId = g.Key, Last = g.Max(a => a.AtUtc) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.UserId, r => r.Last, StringComparer.Ordinal);
    }

    /// <summary>The SQL of one page (for the docs).</summary>
    public string ToQueryString(AuditFilter filter, int pageSize) =>
        Newest(Filtered(filter)).Take(pageSize + 1).Select(Projection).ToQueryString();

    /// <summary>The UTC instant a Korean calendar day starts.</summary>
    public static DateTime StartOfKoreanDayUtc(DateOnly day) =>
        DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - KstOffset, DateTimeKind.Utc);

    private IQueryable<AuditRecord> Filtered(AuditFilter filter)
    {
        var q = db.AuditRecords.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            q = q.Where(a => a.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(filter.Target))
        {
            var target = filter.Target.Trim();
            q = q.Where(a => a.TargetId == target);
        }

        if (filter.From is { } from)
        {
            var fromUtc = StartOfKoreanDayUtc(from);
            q = q.Where(a => a.AtUtc >= fromUtc);
        }

        if (filter.To is { } to)
        {
            var untilUtc = StartOfKoreanDayUtc(to.AddDays(1));
            q = q.Where(a => a.AtUtc < untilUtc);
        }

        if (!string.IsNullOrWhiteSpace(filter.ActorContains))
        {
            // LIKE with the wildcards of the search text escaped, so "50%" finds "50%" only.
            var pattern = "%" + EscapeLike(filter.ActorContains.Trim()) + "%";
            q = q.Where(a => EF.Functions.Like(a.ActorName, pattern, "\\"));
        }

        return q;
    }

    private static IQueryable<AuditRecord> Newest(IQueryable<AuditRecord> q) => q.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id);

    private static readonly System.Linq.Expressions.Expression<Func<AuditRecord, AuditRow>> Projection = a =>
        new AuditRow(a.Id, a.AtUtc, a.ActorName, a.Action, a.TargetType, a.TargetId, a.From, a.To, a.Reason, a.IpAddress);

    private static string EscapeLike(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>"ticks.id" of the last row; anything else (tampered, stale) reads as no cursor: the first page.</summary>
    private static (DateTime At, long Id)? ReadCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64)
        {
            return null;
        }

        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0
            || !long.TryParse(cursor.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(cursor.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || ticks > DateTime.MaxValue.Ticks)
        {
            return null;
        }

        return (new DateTime(ticks, DateTimeKind.Utc), id);
    }

    private static string WriteCursor(AuditRow row) =>
        string.Create(CultureInfo.InvariantCulture, $"{row.AtUtc.Ticks}.{row.Id}");
}
