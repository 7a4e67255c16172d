using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Repositories;

internal sealed partial class PetitionRepository(PetitionDbContext db, ILogger<PetitionRepository> logger) : IPetitionRepository
{
    private const int MaxAttempts = 8;

    public Task<PetitionRecord?> GetByReceiptNumberAsync(string receiptNumber, CancellationToken cancellationToken = default) =>
        db.Petitions.AsNoTracking()
            .Include(p => p.History.OrderBy(h => h.AtUtc).ThenBy(h => h.Id))
            .FirstOrDefaultAsync(p => p.ReceiptNumber == receiptNumber, cancellationToken);

    public Task<PetitionRecord> SubmitAsync(
        Draft draft, Func<PetitionRecord> build, DateOnly receiptDay, CancellationToken cancellationToken = default) =>
        SubmitAsync(draft, build, receiptDay, static _ => { }, cancellationToken);

    public Task<PetitionRecord> SubmitAsync(
        Draft draft, Func<PetitionRecord> build, DateOnly receiptDay, Action<PetitionRecord> inTransaction, CancellationToken cancellationToken = default) =>
        // User transactions run inside the provider's execution strategy (SQL Server retries transient faults).
        db.Database.CreateExecutionStrategy().ExecuteAsync(() => SubmitCoreAsync(draft, build, receiptDay, inTransaction, cancellationToken));

    private async Task<PetitionRecord> SubmitCoreAsync(
        Draft draft, Func<PetitionRecord> build, DateOnly receiptDay, Action<PetitionRecord> inTransaction, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // On SQLite this is BEGIN IMMEDIATE: concurrent submissions queue on the write lock.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var existing = await db.Petitions.AsNoTracking()
                    .Include(p => p.History)
                    .FirstOrDefaultAsync(p => p.DraftId == draft.Id, cancellationToken);
                if (existing is not null)
                {
                    await db.Entry(draft).ReloadAsync(cancellationToken);
                    if (!draft.IsSubmitted)
                    {
                        draft.MarkSubmitted(existing.Id, existing.ReceiptNumber);
                    }

                    inTransaction(existing);
                    await db.SaveChangesAsync(cancellationToken);

                    await transaction.CommitAsync(cancellationToken);
                    return existing;
                }

                var sequence = await NextSequenceAsync(receiptDay, cancellationToken);
                var record = build();
                record.ReceiptNumber = ReceiptNumber.Format(receiptDay, sequence);
                record.MemberId ??= draft.MemberId; // a member's draft files a member's petition (나의 민원)
                db.Petitions.Add(record);
                await db.SaveChangesAsync(cancellationToken);

                draft.MarkSubmitted(record.Id, record.ReceiptNumber);
                inTransaction(record);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return record;
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts)
            {
                // Another node took the same sequence, or submitted this draft first: start again.
                await transaction.RollbackAsync(cancellationToken);
                DetachSubmissionEntities(draft);
                await db.Entry(draft).ReloadAsync(cancellationToken); // another request may have changed or submitted it
                LogSubmitRetry(logger, attempt, ex.GetType().Name);
            }
        }
    }

    private async Task<int> NextSequenceAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var counter = await db.ReceiptCounters.FirstOrDefaultAsync(c => c.Day == day, cancellationToken);
        if (counter is null)
        {
            counter = new ReceiptCounter { Day = day, LastValue = 0, Stamp = Guid.NewGuid() };
            db.ReceiptCounters.Add(counter);
        }

        counter.LastValue++;
        counter.Stamp = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
        return counter.LastValue;
    }

    private void DetachSubmissionEntities(Draft draft)
    {
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is PetitionRecord or PetitionHistoryEntry or ReceiptCounter)
            {
                entry.State = EntityState.Detached;
            }
        }

        db.Entry(draft).State = EntityState.Unchanged;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Submission attempt {Attempt} conflicted ({Error}); retrying")]
    private static partial void LogSubmitRetry(ILogger logger, int attempt, string error);
}
