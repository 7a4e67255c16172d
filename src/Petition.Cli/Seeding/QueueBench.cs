using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Applications;
using Petition.Core.Workbench;
using Petition.Infrastructure.Persistence;

namespace Petition.Cli.Seeding;

/// <summary>One measured case: p50 and p95 over the iterations, and the ratio to the baseline's p50/p95.</summary>
internal sealed record BenchCase(string Name, double P50Ms, double P95Ms, double MaxMs, int Rows);

/// <summary>
/// Measures the clerks' queue the way a request meets it: each call in a fresh DI scope (a new DbContext from the
/// pool-less registration, a pooled SQLite connection), through <see cref="IPetitionQueue"/>. The baselines run in
/// the same process and database: a bare <c>SELECT 1</c> on the connection, and a primary-key lookup through EF.
/// </summary>
internal static class QueueBench
{
    public static async Task<IReadOnlyList<BenchCase>> RunAsync(
        IServiceProvider services, string? department, int iterations, DateOnly today, Action<string> log, CancellationToken cancellationToken)
    {
        long rows;
        string dept;
        long maxId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            rows = await db.Petitions.LongCountAsync(cancellationToken);
            if (rows == 0)
            {
                throw new InvalidOperationException("The database has no petitions: run `petition seed --petitions N` first.");
            }

            maxId = await db.Petitions.MaxAsync(p => p.Id, cancellationToken);
            dept = department ?? await db.PetitionTypes.OrderBy(t => t.SortOrder).Select(t => t.Department).FirstAsync(cancellationToken);
        }

        log(string.Create(CultureInfo.InvariantCulture, $"{rows:N0} petitions; department scope '{dept}'; {iterations} iterations per case (after warm-up)."));
        var typeId = await FirstTypeIdAsync(services, dept, cancellationToken);
        var deepCursor = await CursorAtPageAsync(services, new QueueFilter { Department = dept }, 50, today, cancellationToken);
        var random = new Random(7);

        var cases = new List<(string Name, Func<IServiceProvider, Task<int>> Run)>
        {
            ("baseline: SELECT 1", async s =>
            {
                var db = s.GetRequiredService<PetitionDbContext>();
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(cancellationToken);
                return 1;
            }),
            ("baseline: PK lookup (EF)", async s =>
            {
                var id = random.NextInt64(1, maxId + 1);
                var db = s.GetRequiredService<PetitionDbContext>();
                var found = await db.Petitions.AsNoTracking().Where(p => p.Id == id).Select(p => p.ReceiptNumber).FirstOrDefaultAsync(cancellationToken);
                return found is null ? 0 : 1;
            }),
            ("first page, dept, newest", s => PageAsync(s, new QueueFilter { Department = dept }, null, today, cancellationToken)),
            ("first page, dept, due soonest", s => PageAsync(s, new QueueFilter { Department = dept, Sort = QueueSort.DueSoonest }, null, today, cancellationToken)),
            ("page 51 via cursor, dept", s => PageAsync(s, new QueueFilter { Department = dept }, deepCursor, today, cancellationToken)),
            ("filter status=접수 + overdue + type", s => PageAsync(s, new QueueFilter { Department = dept, Status = PetitionStatus.Received, Overdue = true, PetitionTypeId = typeId }, null, today, cancellationToken)),
            ("filter open+unverified+in-person, due", s => PageAsync(s, new QueueFilter { Department = dept, Status = PetitionStatus.InProgress, IdentityVerified = false, Delivery = Core.Catalog.DeliveryMethod.InPerson, Sort = QueueSort.DueSoonest }, null, today, cancellationToken)),
            ("filter received last 7 days", s => PageAsync(s, new QueueFilter { Department = dept, ReceivedFrom = today.AddDays(-6), ReceivedTo = today }, null, today, cancellationToken)),
            ("name prefix '김' (surname)", s => PageAsync(s, new QueueFilter { Department = dept, ApplicantName = "김" }, null, today, cancellationToken)),
            ("name prefix '김민준' (full name)", s => PageAsync(s, new QueueFilter { Department = dept, ApplicantName = "김민준" }, null, today, cancellationToken)),
            ("admin first page (all depts)", s => PageAsync(s, new QueueFilter(), null, today, cancellationToken)),
            ("counts by status, dept", async s => (await s.GetRequiredService<IPetitionQueue>().CountByStatusAsync(dept, cancellationToken)).Count),
            ("counts by status, all depts", async s => (await s.GetRequiredService<IPetitionQueue>().CountByStatusAsync(null, cancellationToken)).Count),
        };

        var results = new List<BenchCase>();
        foreach (var (name, run) in cases)
        {
            var warmUp = Math.Max(3, iterations / 10);
            var samples = new double[iterations];
            var lastRows = 0;
            for (var i = -warmUp; i < iterations; i++)
            {
                await using var scope = services.CreateAsyncScope();
                var watch = Stopwatch.StartNew();
                lastRows = await run(scope.ServiceProvider);
                watch.Stop();
                if (i >= 0)
                {
                    samples[i] = watch.Elapsed.TotalMilliseconds;
                }
            }

            Array.Sort(samples);
            var result = new BenchCase(name, Percentile(samples, 0.50), Percentile(samples, 0.95), samples[^1], lastRows);
            results.Add(result);
            log(string.Create(CultureInfo.InvariantCulture, $"  {name,-40} p50 {result.P50Ms,8:F3} ms  p95 {result.P95Ms,8:F3} ms  ({result.Rows} rows)"));
        }

        return results;
    }

    public static string Table(IReadOnlyList<BenchCase> results)
    {
        var baseline = results.First(r => r.Name.StartsWith("baseline: PK", StringComparison.Ordinal));
        var lines = new List<string>
        {
            "| case | p50 (ms) | p95 (ms) | max (ms) | p50 / PK lookup | p95 / PK lookup | rows |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        };
        lines.AddRange(results.Select(r => string.Create(
            CultureInfo.InvariantCulture,
            $"| {r.Name} | {r.P50Ms:F3} | {r.P95Ms:F3} | {r.MaxMs:F3} | {r.P50Ms / baseline.P50Ms:F1}x | {r.P95Ms / baseline.P95Ms:F1}x | {r.Rows} |")));
        return string.Join(Environment.NewLine, lines);
    }

    private static async Task<int> PageAsync(IServiceProvider services, QueueFilter filter, string? cursor, DateOnly today, CancellationToken cancellationToken)
    {
        var page = await services.GetRequiredService<IPetitionQueue>().GetPageAsync(filter, cursor, 20, today, cancellationToken);
        return page.Rows.Count;
    }

    private static async Task<int> FirstTypeIdAsync(IServiceProvider services, string department, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        return await db.PetitionTypes.Where(t => t.Department == department).OrderBy(t => t.SortOrder).Select(t => t.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private static async Task<string?> CursorAtPageAsync(IServiceProvider services, QueueFilter filter, int pages, DateOnly today, CancellationToken cancellationToken)
    {
        string? cursor = null;
        for (var i = 0; i < pages; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var page = await scope.ServiceProvider.GetRequiredService<IPetitionQueue>().GetPageAsync(filter, cursor, 20, today, cancellationToken);
            if (page.NextCursor is null)
            {
                break;
            }

            cursor = page.NextCursor;
        }

        return cursor;
    }

    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
