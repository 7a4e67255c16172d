using Petition.Core.Applications;
using Petition.Core.Catalog;

namespace Petition.Core.Workbench;

/// <summary>Orders of the clerk's queue; each has a keyset (the sort key and the petition id).</summary>
public enum QueueSort
{
    /// <summary>Newest received first (the default).</summary>
    ReceivedNewest = 0,

    /// <summary>Oldest received first.</summary>
    ReceivedOldest = 1,

    /// <summary>Earliest processing deadline first.</summary>
    DueSoonest = 2,
}

/// <summary>
/// What the clerk asked the queue for. <see cref="Department"/> is the caller's scope (null: every
/// department, administrators only); the rest are optional filters. Dates are Korean calendar days.
/// </summary>
public sealed record QueueFilter
{
    public string? Department { get; init; }

    public int? PetitionTypeId { get; init; }

    public PetitionStatus? Status { get; init; }

    public DateOnly? ReceivedFrom { get; init; }

    public DateOnly? ReceivedTo { get; init; }

    /// <summary>true: only open petitions past their due date; false: only those not overdue.</summary>
    public bool? Overdue { get; init; }

    /// <summary>true: identity verified by signature; false: to be checked at the counter.</summary>
    public bool? IdentityVerified { get; init; }

    public DeliveryMethod? Delivery { get; init; }

    /// <summary>true: fee paid (online); false: a fee is owed and not paid online.</summary>
    public bool? Paid { get; init; }

    /// <summary>Applicant name prefix (never an RRN).</summary>
    public string? ApplicantName { get; init; }

    public QueueSort Sort { get; init; } = QueueSort.ReceivedNewest;
}

/// <summary>One row of the queue: no plain RRN, only the masked form.</summary>
public sealed record QueueRow(
    long Id,
    string ReceiptNumber,
    int PetitionTypeId,
    string PetitionTypeName,
    string ApplicantName,
    string RrnMasked,
    PetitionStatus Status,
    DateTime ReceivedAtUtc,
    DateOnly DueDate,
    DeliveryMethod Delivery,
    IdentityVerification Identity,
    int FeeKrw,
    FeeStatus FeeStatus)
{
    /// <summary>Open (not completed or rejected) and past its processing deadline.</summary>
    public bool IsOverdue(DateOnly today) => PetitionStatuses.IsOpen(Status) && DueDate < today;
}

/// <summary>One page of the queue; the cursors are opaque strings for the next and previous pages.</summary>
public sealed record QueuePage(IReadOnlyList<QueueRow> Rows, string? NextCursor, string? PreviousCursor);

/// <summary>The clerk's queue (접수 목록): filtered, sorted, keyset-paged.</summary>
public interface IPetitionQueue
{
    /// <summary>
    /// One page. <paramref name="cursor"/> is null for the first page or a cursor from an earlier page of
    /// the same filter; an unreadable or foreign cursor gives the first page.
    /// </summary>
    Task<QueuePage> GetPageAsync(QueueFilter filter, string? cursor, int pageSize, DateOnly today, CancellationToken cancellationToken = default);

    /// <summary>Petitions per status within <paramref name="department"/> (null: every department).</summary>
    Task<IReadOnlyDictionary<PetitionStatus, int>> CountByStatusAsync(string? department, CancellationToken cancellationToken = default);
}
