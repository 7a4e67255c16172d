using Microsoft.EntityFrameworkCore;
using Petition.Core.Abstractions;
using Petition.Core.Catalog;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Repositories;

internal sealed class PetitionTypeRepository(PetitionDbContext db) : IPetitionTypeRepository
{
    public async Task<IReadOnlyList<PetitionType>> ListActiveAsync(CancellationToken cancellationToken = default) =>
        await db.PetitionTypes.AsNoTracking()
            .Where(t => t.IsActive)
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);

    public Task<PetitionType?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        db.PetitionTypes.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    public async Task<IReadOnlyList<PetitionType>> ListAllAsync(CancellationToken cancellationToken = default) =>
        await db.PetitionTypes.AsNoTracking()
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);

    public Task<PetitionTypeVersion?> GetVersionAsync(int petitionTypeId, int version, CancellationToken cancellationToken = default) =>
        db.PetitionTypeVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.PetitionTypeId == petitionTypeId && v.Version == version, cancellationToken);

    public async Task<IReadOnlyList<PetitionTypeVersion>> ListVersionsAsync(int petitionTypeId, CancellationToken cancellationToken = default) =>
        await db.PetitionTypeVersions.AsNoTracking()
            .Where(v => v.PetitionTypeId == petitionTypeId)
            .OrderByDescending(v => v.Version)
            .ToListAsync(cancellationToken);
}
