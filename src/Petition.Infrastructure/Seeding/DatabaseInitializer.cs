using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} petition types")]
    private static partial void LogSeeded(ILogger logger, int count);
}
