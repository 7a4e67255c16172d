using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Petition.Core.Applications;

namespace Petition.Infrastructure.Persistence;

/// <summary>
/// How many petitions of one department are in one status: the queue's status tabs read these rows instead of
/// counting a million petitions on every page view.
/// </summary>
public sealed class PetitionStatusCount
{
    public required string Department { get; set; }

    public PetitionStatus Status { get; set; }

    public int Total { get; set; }
}

/// <summary>
/// Keeps <see cref="PetitionStatusCount"/> in step with the petitions. <see cref="PetitionDbContext"/> collects
/// the changes of every save (a petition added, its status changed, deleted) and applies them with atomic
/// increments in the same transaction, so no write path can forget them. Bulk writers that bypass EF (the seed
/// command) call <see cref="RebuildAsync"/> afterwards.
/// </summary>
internal static class PetitionStatusCounter
{
    internal const string TableName = "PetitionStatusCounts";

    /// <summary>The SQL that recomputes every row from the petitions (also run by the migration).</summary>
    internal const string RebuildSql =
        "DELETE FROM PetitionStatusCounts; " +
        "INSERT INTO PetitionStatusCounts (Department, Status, Total) SELECT Department, Status, COUNT(*) FROM Petitions GROUP BY Department, Status;";

    public static Dictionary<(string Department, PetitionStatus Status), int> Collect(ChangeTracker tracker)
    {
        var deltas = new Dictionary<(string, PetitionStatus), int>();
        foreach (var entry in tracker.Entries<PetitionRecord>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    Add(deltas, entry.Entity.Department, entry.Entity.Status, +1);
                    break;
                case EntityState.Deleted:
                    Add(deltas, Original(entry, p => p.Department), Original(entry, p => p.Status), -1);
                    break;
                case EntityState.Modified:
                    var department = entry.Property(p => p.Department);
                    var status = entry.Property(p => p.Status);
                    if (department.IsModified || status.IsModified)
                    {
                        Add(deltas, department.OriginalValue, status.OriginalValue, -1);
                        Add(deltas, entry.Entity.Department, entry.Entity.Status, +1);
                    }

                    break;
                case EntityState.Detached:
                case EntityState.Unchanged:
                    break;
            }
        }

        foreach (var key in deltas.Where(d => d.Value == 0).Select(d => d.Key).ToList())
        {
            deltas.Remove(key);
        }

        return deltas;
    }

    /// <summary>Applies the changes with one atomic upsert per row (inside the caller's transaction).</summary>
    public static async Task ApplyAsync(PetitionDbContext db, Dictionary<(string Department, PetitionStatus Status), int> deltas, CancellationToken cancellationToken)
    {
        // A fixed order (department, then status) so two transactions never lock the same rows in opposite order.
        foreach (var ((department, status), delta) in deltas.OrderBy(d => d.Key.Department, StringComparer.Ordinal).ThenBy(d => d.Key.Status))
        {
            var code = (int)status;
            if (db.Database.IsSqlServer())
            {
                await db.Database.ExecuteSqlAsync(
                    $"""
                    MERGE PetitionStatusCounts WITH (HOLDLOCK) AS t
                    USING (SELECT {department} AS Department, {code} AS Status) AS s
                    ON t.Department = s.Department AND t.Status = s.Status
                    WHEN MATCHED THEN UPDATE SET Total = t.Total + {delta}
                    WHEN NOT MATCHED THEN INSERT (Department, Status, Total) VALUES ({department}, {code}, {delta});
                    """,
                    cancellationToken);
            }
            else
            {
                await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO PetitionStatusCounts (Department, Status, Total) VALUES ({department}, {code}, {delta})
                    ON CONFLICT (Department, Status) DO UPDATE SET Total = Total + excluded.Total;
                    """,
                    cancellationToken);
            }
        }
    }

    /// <summary>Recomputes every row from the petitions, in one transaction.</summary>
    public static Task RebuildAsync(PetitionDbContext db, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(RebuildSql, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });

    private static void Add(Dictionary<(string, PetitionStatus), int> deltas, string department, PetitionStatus status, int delta) =>
        deltas[(department, status)] = deltas.GetValueOrDefault((department, status)) + delta;

    private static T Original<T>(EntityEntry<PetitionRecord> entry, System.Linq.Expressions.Expression<Func<PetitionRecord, T>> property) =>
        entry.Property(property).OriginalValue;
}
