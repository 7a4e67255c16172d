using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Petition.Core.Auditing;
using Petition.Core.Catalog;
using Petition.Core.Workbench;
using Petition.Infrastructure.Persistence;

namespace Petition.Web.Features.AdminTypes;

public enum CatalogChange
{
    /// <summary>A new version was published.</summary>
    Published,

    /// <summary>Nothing differed from the current version: no version, no audit record.</summary>
    Unchanged,

    /// <summary>Another administrator published a newer version since the editor was opened.</summary>
    Conflict,

    NotFound,

    /// <summary>A new type's code is already used (found at commit time).</summary>
    DuplicateCode,
}

public sealed record CatalogResult(CatalogChange Change, int Id, int Version);

/// <summary>
/// The administrator's writes to the catalog. Every change publishes a new version: the type's
/// <see cref="PetitionType.Version"/> is bumped, a <see cref="PetitionTypeVersion"/> snapshot is added and an audit
/// record written, in one transaction. The bump is a conditional update on the version the editor was opened on, so of
/// two administrators saving the same version only the first succeeds; the second is told, and keeps what they typed.
/// </summary>
public sealed class PetitionTypeCatalog(PetitionDbContext db, IAuditLog audit, TimeProvider clock)
{
    public const string AuditTarget = "PetitionType";

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public Task<bool> CodeTakenAsync(string code, CancellationToken cancellationToken) =>
        db.PetitionTypes.AnyAsync(t => t.Code == code, cancellationToken);

    /// <summary>Departments named by types and staff accounts, for the editor's suggestions.</summary>
    public async Task<IReadOnlyList<string>> DepartmentsAsync(CancellationToken cancellationToken)
    {
        var fromTypes = await db.PetitionTypes.AsNoTracking().Select(t => t.Department).Distinct().ToListAsync(cancellationToken);
        var fromStaff = await db.Users.AsNoTracking().Where(u => u.Department != null).Select(u => u.Department!).Distinct().ToListAsync(cancellationToken);
        return [.. fromTypes.Concat(fromStaff).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public Task<CatalogResult> CreateAsync(string code, TypeDefinition definition, StaffActor actor, string? note, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            if (await CodeTakenAsync(code, cancellationToken))
            {
                return new CatalogResult(CatalogChange.DuplicateCode, 0, 0);
            }

            var order = await db.PetitionTypes.Select(t => (int?)t.SortOrder).MaxAsync(cancellationToken) ?? 0;
            var type = new PetitionType
            {
                Code = code,
                Name = definition.Name,
                Description = definition.Description,
                Department = definition.Department,
                Version = 1,
                IsActive = true,
                SortOrder = order + 10,
            };
            definition.ApplyTo(type);
            db.PetitionTypes.Add(type);
            await db.SaveChangesAsync(cancellationToken);
            await PublishAsync(type, actor, note, AuditActions.PetitionTypeCreated, null, cancellationToken);
            return new CatalogResult(CatalogChange.Published, type.Id, type.Version);
        }, cancellationToken);

    public Task<CatalogResult> UpdateAsync(int id, int expectedVersion, TypeDefinition definition, StaffActor actor, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(id, expectedVersion, actor, note, AuditActions.PetitionTypeEdited,
            type => definition.Matches(type) ? false : Apply(definition, type), cancellationToken);

    public Task<CatalogResult> SetActiveAsync(int id, int expectedVersion, bool active, StaffActor actor, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(id, expectedVersion, actor, note, active ? AuditActions.PetitionTypeRestored : AuditActions.PetitionTypeRetired,
            type =>
            {
                if (type.IsActive == active)
                {
                    return false;
                }

                type.IsActive = active;
                return true;
            }, cancellationToken);

    private static bool Apply(TypeDefinition definition, PetitionType type)
    {
        definition.ApplyTo(type);
        return true;
    }

    /// <summary>
    /// Claims the next version with one conditional update (the row lock, or SQLite's write lock, is taken first, so a
    /// concurrent save waits and then finds the version moved), applies <paramref name="change"/> and publishes it.
    /// </summary>
    private Task<CatalogResult> ChangeAsync(
        int id, int expectedVersion, StaffActor actor, string? note, string action, Func<PetitionType, bool> change, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            var next = expectedVersion + 1;
            var claimed = await db.PetitionTypes
                .Where(t => t.Id == id && t.Version == expectedVersion)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Version, next), cancellationToken);
            if (claimed == 0)
            {
                var current = await db.PetitionTypes.AsNoTracking().Where(t => t.Id == id).Select(t => (int?)t.Version).FirstOrDefaultAsync(cancellationToken);
                return current is { } version
                    ? new CatalogResult(CatalogChange.Conflict, id, version)
                    : new CatalogResult(CatalogChange.NotFound, id, 0);
            }

            var type = await db.PetitionTypes.FirstAsync(t => t.Id == id, cancellationToken);
            if (!change(type))
            {
                return new CatalogResult(CatalogChange.Unchanged, id, expectedVersion);
            }

            await db.SaveChangesAsync(cancellationToken);
            await PublishAsync(type, actor, note, action, expectedVersion, cancellationToken);
            return new CatalogResult(CatalogChange.Published, id, type.Version);
        }, cancellationToken);

    private async Task PublishAsync(PetitionType type, StaffActor actor, string? note, string action, int? fromVersion, CancellationToken cancellationToken)
    {
        var now = UtcNow;
        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        db.PetitionTypeVersions.Add(PetitionTypeVersion.Snapshot(type, now, actor.DisplayName, trimmed));
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord
        {
            AtUtc = now,
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            Action = action,
            TargetType = AuditTarget,
            TargetId = type.Code,
            From = fromVersion is { } from ? string.Create(CultureInfo.InvariantCulture, $"v{from}") : null,
            To = string.Create(CultureInfo.InvariantCulture, $"v{type.Version}"),
            Reason = trimmed,
            IpAddress = actor.IpAddress,
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, committed only when it published something.</summary>
    private Task<CatalogResult> InTransactionAsync(Func<Task<CatalogResult>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await work();
                if (result.Change == CatalogChange.Published)
                {
                    await transaction.CommitAsync(cancellationToken);
                }
                else
                {
                    await transaction.RollbackAsync(cancellationToken);
                }

                return result;
            }
            catch (DbUpdateException) when (db.ChangeTracker.Entries<PetitionType>().Any(e => e.State == EntityState.Added))
            {
                // The unique index on the code: another administrator created the same code at the same moment.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return new CatalogResult(CatalogChange.DuplicateCode, 0, 0);
            }
        });
}
