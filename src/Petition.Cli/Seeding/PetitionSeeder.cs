using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Infrastructure.Persistence;
using Petition.Infrastructure.Seeding;

namespace Petition.Cli.Seeding;

/// <summary>What <c>petition seed</c> was asked for.</summary>
internal sealed record SeedRequest(int Petitions, ulong RandomSeed, DateTime NowUtc, int Days = 730, int BatchSize = 20_000);

/// <summary>What it did.</summary>
internal sealed record SeedResult(int Inserted, long FirstId, long LastId, int Days, TimeSpan Elapsed, string DataSource, TimeSpan WaitingForGeneration);

/// <summary>
/// Seeds synthetic petitions into the portal's SQLite database: creates and migrates it (the portal's own
/// <see cref="DatabaseInitializer"/>, which also seeds the catalog), then writes petitions, one history entry
/// each and the receipt counters in batched transactions with prepared commands built from the EF model.
/// RRNs are protected with the portal's <see cref="IRrnProtector"/> and its Data Protection key ring in the
/// same database, so a clerk can reveal them in the portal.
/// </summary>
internal static class PetitionSeeder
{
    public static async Task<SeedResult> SeedAsync(
        IServiceProvider services, SeedRequest request, IProgress<int> progress, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        var db = provider.GetRequiredService<PetitionDbContext>();
        if (!db.Database.IsSqlite())
        {
            throw new NotSupportedException("petition seed writes to SQLite only.");
        }

        var types = await db.PetitionTypes.AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.SortOrder).ToListAsync(cancellationToken);
        if (types.Count == 0)
        {
            throw new InvalidOperationException("The catalog is empty: enable Database:SeedCatalog or add petition types first.");
        }

        // The first Protect creates the Data Protection key (in the database) if the ring is empty: do it
        // before this connection holds the write lock.
        var protector = provider.GetRequiredService<IRrnProtector>();
        _ = protector.Protect(Core.Identity.Rrn.Parse("900101-1000008"));

        var counters = await db.ReceiptCounters.AsNoTracking().ToDictionaryAsync(c => c.Day, c => c.LastValue, cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            Execute(connection, "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA synchronous = NORMAL;");
            var firstId = Scalar(connection, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Petitions\"") + 1;

            using var petitions = TableWriter<PetitionRecord>.Create(db, connection, includeKey: true);
            using var history = TableWriter<PetitionHistoryEntry>.Create(db, connection, includeKey: false);
            using var counterWriter = TableWriter<ReceiptCounter>.Create(db, connection, includeKey: true, upsertKeyColumn: "Day");

            var times = SyntheticPetitions.ReceiptTimes(request.Petitions, request.NowUtc, request.Days, request.RandomSeed);
            var generator = new SyntheticPetitions(types, request.NowUtc, request.RandomSeed);
            var days = new HashSet<DateOnly>();
            var done = 0;

            // Generation (and RRN encryption) of the next batch runs on the other cores while this one writes.
            Task<PetitionRecord[]>? pending = request.Petitions > 0
                ? Task.Run(() => Generate(generator, protector, times, 0, Math.Min(request.BatchSize, request.Petitions)), cancellationToken)
                : null;
            var waiting = new System.Diagnostics.Stopwatch();
            while (pending is not null)
            {
                waiting.Start();
                var batch = await pending;
                waiting.Stop();
                var next = done + batch.Length;
                pending = next < request.Petitions
                    ? Task.Run(() => Generate(generator, protector, times, next, Math.Min(request.BatchSize, request.Petitions - next)), cancellationToken)
                    : null;

                cancellationToken.ThrowIfCancellationRequested();
                using (var transaction = connection.BeginTransaction())
                {
                    var touched = new Dictionary<DateOnly, int>();
                    for (var i = 0; i < batch.Length; i++)
                    {
                        var record = batch[i];
                        var day = KoreanTime.Day(record.ReceivedAtUtc);
                        var sequence = (counters.TryGetValue(day, out var last) ? last : 0) + 1;
                        counters[day] = sequence;
                        touched[day] = sequence;
                        record.Id = firstId + done + i;
                        record.ReceiptNumber = ReceiptNumber.Format(day, sequence);
                        petitions.Write(record, transaction);
                        foreach (var entry in record.History)
                        {
                            entry.PetitionId = record.Id;
                            history.Write(entry, transaction);
                        }
                    }

                    foreach (var (day, value) in touched)
                    {
                        counterWriter.Write(new ReceiptCounter { Day = day, LastValue = value, Stamp = Guid.NewGuid() }, transaction);
                        days.Add(day);
                    }

                    transaction.Commit();
                }

                done = next;
                progress.Report(done);
            }

            // Refresh the planner's view of the new indexes only if the database already keeps statistics.
            if (Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'") > 0)
            {
                Execute(connection, "ANALYZE;");
            }

            return new SeedResult(done, firstId, firstId + done - 1, days.Count, started.Elapsed, connection.DataSource, waiting.Elapsed);
        }
        finally
        {
            // The rows bypassed EF, which keeps the per-status counts on every save: recompute them once, also
            // after an interrupted run (its committed batches stay).
            await db.RebuildStatusCountsAsync(CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static PetitionRecord[] Generate(SyntheticPetitions generator, IRrnProtector protector, long[] times, int start, int count)
    {
        var batch = new PetitionRecord[count];
        Parallel.For(0, count, i =>
        {
            var index = start + i;
            var (record, rrn) = generator.Create(index, new DateTime(times[index], DateTimeKind.Utc));
            record.RrnProtected = protector.Protect(rrn);
            batch[i] = record;
        });
        return batch;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
