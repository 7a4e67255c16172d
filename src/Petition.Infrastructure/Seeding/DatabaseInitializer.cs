using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Petition.Core.Catalog;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Seeding;

/// <summary>Creates and migrates the database on start and seeds the catalog when it is empty.</summary>
public sealed partial class DatabaseInitializer(
    PetitionDbContext db, IOptions<DatabaseOptions> options, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (settings.MigrateOnStartup)
        {
            if (db.Database.IsSqlite())
            {
                SqliteFiles.EnsureDirectoryFor(db.Database.GetConnectionString());
            }

            await db.Database.MigrateAsync(cancellationToken);
            if (db.Database.IsSqlite())
            {
                // Readers never block the writer; the busy timeout queues concurrent writers.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }

        if (settings.SeedCatalog && !await db.PetitionTypes.AnyAsync(cancellationToken))
        {
            db.PetitionTypes.AddRange(CatalogSeed.Types());
            await db.SaveChangesAsync(cancellationToken);
            LogSeeded(logger, CatalogSeed.Types().Count);
        }

        // Only when the portal manages the database at start-up: with both switches off it does not touch it here.
        if (settings.MigrateOnStartup || settings.SeedCatalog)
        {
            await BackfillVersionsAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Makes sure every type's current version is published as a <see cref="PetitionTypeVersion"/> row (databases made
    /// before versioning have none; the seeded catalog is version 1): drafts and petitions find the snapshot of the
    /// version they began with, and the administrator's next edit starts a new one beside it. Idempotent, and safe when
    /// two nodes start at once (the unique index on type and version lets one of them win).
    /// </summary>
    private async Task BackfillVersionsAsync(CancellationToken cancellationToken)
    {
        var missing = await db.PetitionTypes.AsNoTracking()
            .Where(t => !db.PetitionTypeVersions.Any(v => v.PetitionTypeId == t.Id && v.Version == t.Version))
            .ToListAsync(cancellationToken);
        if (missing.Count == 0)
        {
            return;
        }

        var now = DateTime.UtcNow;
        db.PetitionTypeVersions.AddRange(missing.Select(t => PetitionTypeVersion.Snapshot(t, now, CatalogSeed.SystemActor, CatalogSeed.BackfillNote)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            LogBackfilled(logger, missing.Count);
        }
        catch (DbUpdateException)
        {
            // Another node published the same rows first.
            db.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {Count} petition type versions missing from the catalog history")]
    private static partial void LogBackfilled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} petition types")]
    private static partial void LogSeeded(ILogger logger, int count);
}
