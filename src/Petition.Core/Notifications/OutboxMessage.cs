namespace Petition.Core.Notifications;

/// <summary>
/// An e-mail waiting to go out (transactional outbox). Written in the same transaction as the change it
/// reports; a background sender delivers it, retrying with back-off, and marks it sent exactly once.
/// <see cref="DeduplicationKey"/> is unique, so a retried transition cannot queue a second copy.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>Unique per notification, e.g. "petition-history:123".</summary>
    public required string DeduplicationKey { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string ToAddress { get; set; }

    public string? ToName { get; set; }

    public required string Subject { get; set; }

    public required string BodyText { get; set; }

    public int Attempts { get; set; }

    /// <summary>Not tried again before this time (back-off after a failure).</summary>
    public DateTime NextAttemptAtUtc { get; set; }

    /// <summary>A sender has claimed the message until this time (so two nodes never send it both).</summary>
    public DateTime? LockedUntilUtc { get; set; }

    public DateTime? SentAtUtc { get; set; }

    /// <summary>Given up after too many attempts (left for an operator).</summary>
    public DateTime? FailedAtUtc { get; set; }

    public string? LastError { get; set; }

    /// <summary>Optimistic concurrency token, renewed on every change.</summary>
    public Guid Stamp { get; set; } = Guid.NewGuid();
}
