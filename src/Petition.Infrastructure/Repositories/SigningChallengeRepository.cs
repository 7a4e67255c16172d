using Microsoft.EntityFrameworkCore;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Repositories;

internal sealed class SigningChallengeRepository(PetitionDbContext db) : ISigningChallengeRepository
{
    public async Task AddAsync(SigningChallenge challenge, CancellationToken cancellationToken = default)
    {
        db.SigningChallenges.Add(challenge);
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<SigningChallenge?> GetAsync(string nonce, CancellationToken cancellationToken = default) =>
        db.SigningChallenges.AsNoTracking().FirstOrDefaultAsync(c => c.Nonce == nonce, cancellationToken);

    public Task<SigningChallenge?> FindOpenAsync(Guid draftId, DateTime nowUtc, CancellationToken cancellationToken = default) =>
        db.SigningChallenges.AsNoTracking()
            .Where(c => c.DraftId == draftId && c.ConsumedAtUtc == null && c.ExpiresAtUtc > nowUtc)
            .OrderByDescending(c => c.IssuedAtUtc)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTime nowUtc, CancellationToken cancellationToken = default) =>
        db.SigningChallenges.Where(c => c.ExpiresAtUtc <= nowUtc).ExecuteDeleteAsync(cancellationToken);

    public async Task<bool> TryConsumeAsync(string nonce, DateTime nowUtc, CancellationToken cancellationToken = default) =>
        await db.SigningChallenges
            .Where(c => c.Nonce == nonce && c.ConsumedAtUtc == null && c.ExpiresAtUtc > nowUtc)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.ConsumedAtUtc, nowUtc), cancellationToken) == 1;
}
