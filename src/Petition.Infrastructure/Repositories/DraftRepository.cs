using Microsoft.EntityFrameworkCore;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Payments;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Repositories;

internal sealed class DraftRepository(PetitionDbContext db) : IDraftRepository
{
    public async Task<Draft?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var draft = await db.Drafts.Include(d => d.PetitionType).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (draft is not null)
        {
            await LoadPublishedVersionsAsync([draft], cancellationToken);
        }

        return draft;
    }

    public async Task<IReadOnlyList<Draft>> ListOpenByOwnerAsync(
        string ownerTokenHash, DateTime nowUtc, int max, CancellationToken cancellationToken = default)
    {
        var mine = await db.Drafts.AsNoTracking()
            .Include(d => d.PetitionType)
            .Where(d => d.OwnerTokenHash == ownerTokenHash && d.SubmittedPetitionId == null && d.ExpiresAtUtc > nowUtc)
            .OrderByDescending(d => d.UpdatedAtUtc)
            .Take(max)
            .ToListAsync(cancellationToken);
        await LoadPublishedVersionsAsync(mine, cancellationToken);
        return mine;
    }

    /// <summary>
    /// Gives each draft begun on an older version of its type that version's snapshot (<see cref="Draft.Published"/>),
    /// so a later edit of the catalog changes neither its fee, nor its delivery, identity or certificate rules.
    /// A draft on the type's current version follows the live row, which is that version (both change together).
    /// </summary>
    private async Task LoadPublishedVersionsAsync(IReadOnlyList<Draft> loaded, CancellationToken cancellationToken)
    {
        foreach (var draft in loaded.Where(d => d.PetitionType is { } live && live.Version != d.PetitionTypeVersion))
        {
            var version = await db.PetitionTypeVersions.AsNoTracking()
                .FirstOrDefaultAsync(v => v.PetitionTypeId == draft.PetitionTypeId && v.Version == draft.PetitionTypeVersion, cancellationToken);
            if (version is not null)
            {
                draft.Published = version.AsPetitionType(draft.PetitionType!);
            }
        }
    }

    public async Task AddAsync(Draft draft, CancellationToken cancellationToken = default)
    {
        db.Drafts.Add(draft);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <exception cref="DbUpdateConcurrencyException">Another request saved the draft since it was loaded.</exception>
    public async Task SaveAsync(Draft draft, CancellationToken cancellationToken = default)
    {
        draft.ConcurrencyStamp = Guid.NewGuid();
        if (db.Entry(draft).State == EntityState.Detached)
        {
            db.Drafts.Update(draft);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> ReloadAsync(Draft draft, CancellationToken cancellationToken = default)
    {
        var entry = db.Entry(draft);
        await entry.ReloadAsync(cancellationToken);
        return entry.State != EntityState.Detached; // EF detaches an entity whose row is gone
    }

    public Task<int> DeleteExpiredAsync(DateTime nowUtc, CancellationToken cancellationToken = default) =>
        db.Drafts
            .Where(d => d.SubmittedPetitionId == null && d.ExpiresAtUtc <= nowUtc)
            // A draft whose fee may have been taken is kept until its payment settles (reconciliation finds it).
            .Where(d => !db.Payments.Any(p => p.DraftId == d.Id
                && (p.Status == PaymentStatus.Confirming || p.Status == PaymentStatus.NeedsReconciliation || p.Status == PaymentStatus.Approved)))
            .ExecuteDeleteAsync(cancellationToken);
}
