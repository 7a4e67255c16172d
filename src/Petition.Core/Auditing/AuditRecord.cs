namespace Petition.Core.Auditing;

/// <summary>
/// One append-only audit entry of a staff or security action. Never holds a plain RRN: the subject is
/// named by receipt number, user name or certificate serial.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    /// <summary>The acting user's id (null for anonymous: a failed sign-in, the system).</summary>
    public string? ActorId { get; set; }

    /// <summary>The actor as shown in the log (display name, user name or "system").</summary>
    public required string ActorName { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>What was acted on, e.g. "Petition".</summary>
    public string? TargetType { get; set; }

    /// <summary>Its identifier, e.g. a receipt number.</summary>
    public string? TargetId { get; set; }

    /// <summary>Status before (status changes).</summary>
    public string? From { get; set; }

    /// <summary>Status after (status changes).</summary>
    public string? To { get; set; }

    /// <summary>Why (the reason a clerk typed), when there is one.</summary>
    public string? Reason { get; set; }

    /// <summary>Client address of the request.</summary>
    public string? IpAddress { get; set; }
}

/// <summary>The audited actions (stable strings: they are stored and filtered on).</summary>
public static class AuditActions
{
    public const string RrnRevealed = "petition.rrn-revealed";
    public const string StatusChanged = "petition.status-changed";
    public const string SignatureReverified = "petition.signature-reverified";
    public const string DeliveryRecorded = "petition.delivery-recorded";
    public const string FeeRefunded = "petition.fee-refunded";
    public const string SignInSucceeded = "account.sign-in";
    public const string SignInFailed = "account.sign-in-failed";
    public const string SignedOut = "account.sign-out";
    public const string LockedOut = "account.locked-out";
}

/// <summary>Appends audit records. Callers inside a unit of work have them committed with it.</summary>
public interface IAuditLog
{
    /// <summary>Adds the record to the current unit of work and saves it (in the caller's transaction, if any).</summary>
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);
}
