using Petition.Core.Auditing;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Auditing;

/// <summary>
/// Appends audit records through the request's <see cref="PetitionDbContext"/>: when the caller has a
/// transaction open on that context, the record is committed (or rolled back) with the change it describes.
/// </summary>
internal sealed class AuditLog(PetitionDbContext db) : IAuditLog
{
    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.Reason = Truncate(record.Reason, 2000);
        record.ActorName = Truncate(record.ActorName, 256) ?? "system";
        db.AuditRecords.Add(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
