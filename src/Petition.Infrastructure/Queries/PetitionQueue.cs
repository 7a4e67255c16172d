using System.Buffers.Text;
using System.Globalization;
using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Petition.Core.Applications;
using Petition.Core.Workbench;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Queries;

/// <summary>
/// The clerks' queue over <see cref="PetitionDbContext.Petitions"/>: every filter is a SQL predicate, rows are
/// projected (the JSON columns and the protected RRN are never read), and pages are keyset pages on
/// (sort key, Id) so page 5,000 costs what page 1 costs. See the QueueIndexes migration for the indexes.
/// </summary>
/// <remarks>
/// Filter meanings: <see cref="QueueFilter.Overdue"/> true = open status (접수, 처리중, 보완요청) and
/// <c>DueDate &lt; today</c>; false = the complement. <see cref="QueueFilter.Paid"/> true =
/// <see cref="FeeStatus.Paid"/>; false = a fee is owed and not paid online (<c>FeeKrw &gt; 0</c> and
/// <see cref="FeeStatus.PayAtCounter"/>); free petitions and refunded fees match neither.
/// <see cref="QueueFilter.IdentityVerified"/> true = <see cref="IdentityVerification.VerifiedBySignature"/>,
/// false = <see cref="IdentityVerification.CheckAtCounter"/>; types that need no verification match neither.
/// Received dates are Korean calendar days (KST, UTC+9), both ends inclusive.
/// </remarks>
internal sealed class PetitionQueue(PetitionDbContext db) : IPetitionQueue
{
    /// <summary>The largest page the queue serves.</summary>
    public const int MaxPageSize = 200;

    private static readonly TimeSpan KstOffset = TimeSpan.FromHours(9);

    /// <summary>The ten most common Korean surnames (together about 64% of the population).</summary>
    private static readonly HashSet<char> CommonSurnames = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임'];

    public async Task<QueuePage> GetPageAsync(
        QueueFilter filter, string? cursor, int pageSize, DateOnly today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var filtered = Filtered(filter, today);
        var position = QueueCursor.TryRead(cursor, filter);

        if (position is { Backward: true } before)
        {
            var earlier = await Ordered(After(filtered, filter.Sort, before, reverse: true), filter.Sort, reverse: true)
                .Take(pageSize + 1)
                .Select(Projection)
                .ToListAsync(cancellationToken);
            if (earlier.Count > pageSize)
            {
                earlier.RemoveAt(pageSize);
                earlier.Reverse();
                return new QueuePage(
                    earlier,
                    QueueCursor.Write(filter, earlier[^1], backward: false),
                    QueueCursor.Write(filter, earlier[0], backward: true));
            }

            // Back at the start: serve the real first page, so it is the same as a fresh visit.
            position = null;
        }

        var query = position is { } after ? After(filtered, filter.Sort, after, reverse: false) : filtered;
        var rows = await Ordered(query, filter.Sort, reverse: false)
            .Take(pageSize + 1)
            .Select(Projection)
            .ToListAsync(cancellationToken);
        var more = rows.Count > pageSize;
        if (more)
        {
            rows.RemoveAt(pageSize);
        }

        return new QueuePage(
            rows,
            more ? QueueCursor.Write(filter, rows[^1], backward: false) : null,
            position is not null && rows.Count > 0 ? QueueCursor.Write(filter, rows[0], backward: true) : null);
    }

    public async Task<IReadOnlyDictionary<PetitionStatus, int>> CountByStatusAsync(
        string? department, CancellationToken cancellationToken = default)
    {
        // Maintained with every save (PetitionStatusCounter): a few rows instead of a count over the petitions.
        var rows = db.PetitionStatusCounts.AsNoTracking();
        if (department is not null)
        {
            rows = rows.Where(c => c.Department == department);
        }

        var counts = await rows
            .GroupBy(c => c.Status)
            .Select(g => new { Status = g.Key, Count = g.Sum(c => c.Total) })
            .ToListAsync(cancellationToken);
        var result = Enum.GetValues<PetitionStatus>().ToDictionary(s => s, _ => 0);
        foreach (var count in counts)
        {
            result[count.Status] = count.Count;
        }

        return result;
    }

    /// <summary>The SQL of one page (for the docs and the query-plan test).</summary>
    internal string ToQueryString(QueueFilter filter, string? cursor, int pageSize, DateOnly today)
    {
        var filtered = Filtered(filter, today);
        var position = QueueCursor.TryRead(cursor, filter);
        var reverse = position?.Backward ?? false;
        var query = position is { } p ? After(filtered, filter.Sort, p, reverse) : filtered;
        return Ordered(query, filter.Sort, reverse).Take(pageSize + 1).Select(Projection).ToQueryString();
    }

    private static readonly Expression<Func<PetitionRecord, QueueRow>> Projection = p => new QueueRow(
        p.Id,
        p.ReceiptNumber,
        p.PetitionTypeId,
        p.PetitionTypeName,
        p.ApplicantName,
        p.RrnMasked,
        p.Status,
        p.ReceivedAtUtc,
        p.DueDate,
        p.Delivery,
        p.Identity,
        p.FeeKrw,
        p.FeeStatus);

    private IQueryable<PetitionRecord> Filtered(QueueFilter filter, DateOnly today)
    {
        var q = db.Petitions.AsNoTracking();
        if (filter.Department is { } department)
        {
            q = q.Where(p => p.Department == department);
        }

        if (filter.PetitionTypeId is { } typeId)
        {
            q = q.Where(p => p.PetitionTypeId == typeId);
        }

        if (filter.Status is { } status)
        {
            q = q.Where(p => p.Status == status);
        }

        if (filter.ReceivedFrom is { } from)
        {
            var fromUtc = StartOfKoreanDayUtc(from);
            q = q.Where(p => p.ReceivedAtUtc >= fromUtc);
        }

        if (filter.ReceivedTo is { } to)
        {
            var untilUtc = StartOfKoreanDayUtc(to.AddDays(1));
            q = q.Where(p => p.ReceivedAtUtc < untilUtc);
        }

        if (filter.Overdue is { } overdue)
        {
            // Sorted by receipt, SQLite's planner (no statistics) would take "DueDate < today" as a range on the due
            // index and then sort nearly the whole department. date(DueDate, '+0 days') is the same day but no range,
            // so the receipt-ordered index is walked and the test is made in the index. SQL Server plans by statistics.
            var shift = db.Database.IsSqlite() && filter.Sort != QueueSort.DueSoonest ? 0 : (int?)null;
            q = (overdue, shift) switch
            {
                (true, null) => q.Where(p => (p.Status == PetitionStatus.Received || p.Status == PetitionStatus.InProgress
                    || p.Status == PetitionStatus.SupplementRequested) && p.DueDate < today),
                (true, { } days) => q.Where(p => (p.Status == PetitionStatus.Received || p.Status == PetitionStatus.InProgress
                    || p.Status == PetitionStatus.SupplementRequested) && p.DueDate.AddDays(days) < today),
                (false, null) => q.Where(p => p.Status == PetitionStatus.Completed || p.Status == PetitionStatus.Rejected || p.DueDate >= today),
                (false, { } days) => q.Where(p => p.Status == PetitionStatus.Completed || p.Status == PetitionStatus.Rejected || p.DueDate.AddDays(days) >= today),
            };
        }

        if (filter.IdentityVerified is { } verified)
        {
            var identity = verified ? IdentityVerification.VerifiedBySignature : IdentityVerification.CheckAtCounter;
            q = q.Where(p => p.Identity == identity);
        }

        if (filter.Delivery is { } delivery)
        {
            q = q.Where(p => p.Delivery == delivery);
        }

        if (filter.Paid is { } paid)
        {
            q = paid
                ? q.Where(p => p.FeeStatus == FeeStatus.Paid)
                : q.Where(p => p.FeeKrw > 0 && p.FeeStatus == FeeStatus.PayAtCounter);
        }

        if (NamePrefix(filter.ApplicantName) is { } prefix)
        {
            q = WhereNameStartsWith(q, prefix, filter);
        }

        return q;
    }

    /// <summary>
    /// A name prefix as an index range. SQLite's LIKE is case-insensitive and cannot use a BINARY index, so
    /// there the prefix is the range [prefix, prefix with its last character incremented), which under
    /// BINARY (code point) order is exactly "starts with". SQL Server's LIKE 'prefix%' is already sargable.
    /// </summary>
    /// <remarks>
    /// A common surname alone (김 is about a fifth of all names) matches too many rows to sort: there the
    /// department's sort index is walked in order instead, testing the first letter in the index (it carries
    /// ApplicantName), and the page fills after a few dozen entries.
    /// </remarks>
    private IQueryable<PetitionRecord> WhereNameStartsWith(IQueryable<PetitionRecord> q, string prefix, QueueFilter filter)
    {
        var last = prefix[^1];
        if (!db.Database.IsSqlite() || char.IsSurrogate(last) || last == char.MaxValue)
        {
            return q.Where(p => p.ApplicantName.StartsWith(prefix));
        }

        if (prefix.Length == 1 && filter.Department is not null && CommonSurnames.Contains(prefix[0]))
        {
            return q.Where(p => p.ApplicantName.Substring(0, 1) == prefix);
        }

        var upper = string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(last + 1)).ToString());
        return q.Where(p => string.Compare(p.ApplicantName, prefix) >= 0 && string.Compare(p.ApplicantName, upper) < 0);
    }

    private static string? NamePrefix(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed[..Math.Min(trimmed.Length, ApplicantValidator.NameMaxLength)];
    }

    private static DateTime StartOfKoreanDayUtc(DateOnly day) =>
        DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - KstOffset, DateTimeKind.Utc);

    /// <summary>Rows strictly after (or, reversed, strictly before) the cursor in the sort's order.</summary>
    /// <remarks>
    /// Written as <c>key &lt;= k AND (key &lt; k OR Id &lt; id)</c> rather than the plain OR, so the first term
    /// bounds the index range on both providers and the second only drops the ties already shown.
    /// </remarks>
    private static IQueryable<PetitionRecord> After(IQueryable<PetitionRecord> q, QueueSort sort, QueueCursor cursor, bool reverse)
    {
        // Newest first walks the keys downwards; the other two sorts walk upwards. Reversing flips it.
        var downwards = (sort == QueueSort.ReceivedNewest) != reverse;
        switch (sort)
        {
            case QueueSort.DueSoonest:
                var due = DateOnly.FromDayNumber((int)cursor.Key);
                return downwards
                    ? q.Where(p => p.DueDate <= due && (p.DueDate < due || p.Id < cursor.Id))
                    : q.Where(p => p.DueDate >= due && (p.DueDate > due || p.Id > cursor.Id));
            case QueueSort.ReceivedNewest:
            case QueueSort.ReceivedOldest:
            default:
                var received = new DateTime(cursor.Key, DateTimeKind.Utc);
                return downwards
                    ? q.Where(p => p.ReceivedAtUtc <= received && (p.ReceivedAtUtc < received || p.Id < cursor.Id))
                    : q.Where(p => p.ReceivedAtUtc >= received && (p.ReceivedAtUtc > received || p.Id > cursor.Id));
        }
    }

    private static IQueryable<PetitionRecord> Ordered(IQueryable<PetitionRecord> q, QueueSort sort, bool reverse)
    {
        var downwards = (sort == QueueSort.ReceivedNewest) != reverse;
        return sort switch
        {
            QueueSort.DueSoonest => downwards
                ? q.OrderByDescending(p => p.DueDate).ThenByDescending(p => p.Id)
                : q.OrderBy(p => p.DueDate).ThenBy(p => p.Id),
            QueueSort.ReceivedNewest or QueueSort.ReceivedOldest or _ => downwards
                ? q.OrderByDescending(p => p.ReceivedAtUtc).ThenByDescending(p => p.Id)
                : q.OrderBy(p => p.ReceivedAtUtc).ThenBy(p => p.Id),
        };
    }

    /// <summary>
    /// A position in one filter's order: the sort key (UTC ticks or a day number), the id, the direction and a
    /// hash of the filter. Serialized as base64url text; anything unreadable, or made for another filter or
    /// sort, reads as "no cursor" (the first page).
    /// </summary>
    internal sealed record QueueCursor(long Key, long Id, bool Backward)
    {
        private const string Version = "q1";

        public static string Write(QueueFilter filter, QueueRow row, bool backward)
        {
            var key = filter.Sort == QueueSort.DueSoonest ? row.DueDate.DayNumber : row.ReceivedAtUtc.Ticks;
            var text = string.Join(
                '.',
                Version,
                backward ? "b" : "a",
                key.ToString(CultureInfo.InvariantCulture),
                row.Id.ToString(CultureInfo.InvariantCulture),
                FilterHash(filter));
            return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
        }

        public static QueueCursor? TryRead(string? cursor, QueueFilter filter)
        {
            if (string.IsNullOrWhiteSpace(cursor) || cursor.Length > 200 || !Base64Url.IsValid(cursor))
            {
                return null;
            }

            string text;
            try
            {
                text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            }
            catch (FormatException)
            {
                return null;
            }

            var parts = text.Split('.');
            if (parts.Length != 5 || parts[0] != Version || parts[1] is not ("a" or "b")
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var key)
                || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || !string.Equals(parts[4], FilterHash(filter), StringComparison.Ordinal))
            {
                return null;
            }

            var validKey = filter.Sort == QueueSort.DueSoonest
                ? key is >= 0 and <= 3_652_058 // DateOnly.MaxValue.DayNumber
                : key <= DateTime.MaxValue.Ticks;
            return validKey ? new QueueCursor(key, id, parts[1] == "b") : null;
        }

        /// <summary>A short hash of everything that shapes the result set and its order.</summary>
        private static string FilterHash(QueueFilter filter)
        {
            var canonical = string.Join(
                '\u001f',
                filter.Department ?? "\u0000",
                Text(filter.PetitionTypeId),
                Text((int?)filter.Status),
                filter.ReceivedFrom?.ToString("O", CultureInfo.InvariantCulture) ?? "-",
                filter.ReceivedTo?.ToString("O", CultureInfo.InvariantCulture) ?? "-",
                Text(filter.Overdue),
                Text(filter.IdentityVerified),
                Text((int?)filter.Delivery),
                Text(filter.Paid),
                NamePrefix(filter.ApplicantName) ?? "\u0000",
                ((int)filter.Sort).ToString(CultureInfo.InvariantCulture));
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
            return Convert.ToHexStringLower(hash.AsSpan(0, 8));
        }

        private static string Text<T>(T? value)
            where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture) ?? "-";

        private static string Text(bool? value) => value switch { true => "1", false => "0", null => "-" };
    }
}
