using System.CommandLine;
using System.Globalization;
using Petition.Cli.Seeding;
using Petition.Core.Applications;
using Spectre.Console;

namespace Petition.Cli;

/// <summary><c>petition seed</c> and <c>petition bench queue</c>: data commands over the portal's SQLite database.</summary>
internal static class DataCommands
{
    public const int MaxPetitions = 5_000_000;

    public static Command BuildSeed(TextWriter output)
    {
        var petitions = new Option<int>("--petitions", "-n")
        {
            Description = $"How many synthetic petitions to add (1 to {MaxPetitions:N0}).",
            Required = true,
        };
        InRange(petitions, 1, MaxPetitions);
        var seed = new Option<ulong?>("--random-seed") { Description = "Seed of the generator: the same seed (and --now) gives the same petitions. Default: random, printed." };
        var now = new Option<string?>("--now") { Description = "The 'current' time the petitions are dated back from (ISO 8601); default: now." };
        var days = new Option<int>("--days") { Description = "Spread the receipt dates over this many days before --now.", DefaultValueFactory = _ => 730 };
        InRange(days, 1, 3650);
        var (database, connection) = DatabaseOptions();
        var command = new Command(
            "seed",
            "Add synthetic petitions (fictitious names, valid-checksum RRNs encrypted with the portal's key ring, receipts, history) "
            + "to the portal's SQLite database, creating and migrating it first. Default database: the web app's (src/Petition.Web/data/petition.db).")
        {
            petitions, seed, now, days, database, connection,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = PortalDatabase.Resolve(parse.GetValue(database), parse.GetValue(connection));
            var randomSeed = parse.GetValue(seed) ?? (ulong)Random.Shared.NextInt64(1, long.MaxValue);
            var request = new SeedRequest(
                parse.GetValue(petitions),
                randomSeed,
                ParseNow(parse.GetValue(now)) ?? DateTime.UtcNow,
                parse.GetValue(days));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Seeding {request.Petitions:N0} petitions into {target.DataSource} (random seed {randomSeed})")).ConfigureAwait(false);
            await using var services = target.BuildServices();
            var result = await WithProgressAsync(output, request.Petitions, "Seeding petitions", progress =>
                PetitionSeeder.SeedAsync(services, request, progress, cancellationToken)).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Added {result.Inserted:N0} petitions (ids {result.FirstId}-{result.LastId}) over {result.Days} receipt days in {result.Elapsed.TotalSeconds:F1} s ({result.Inserted / Math.Max(0.001, result.Elapsed.TotalSeconds):N0}/s; {result.WaitingForGeneration.TotalSeconds:F1} s of it waiting for generation).")).ConfigureAwait(false);
            return CliApp.ExitOk;
        });
        return command;
    }

    public static Command BuildBench(TextWriter output)
    {
        var department = new Option<string?>("--department") { Description = "The clerk's department scope; default: that of the first catalog type." };
        var iterations = new Option<int>("--iterations") { Description = "Measured calls per case (after a warm-up).", DefaultValueFactory = _ => 200 };
        InRange(iterations, 1, 100_000);
        var today = new Option<string?>("--today") { Description = "The Korean calendar day the overdue filter counts from (yyyy-MM-dd); default: today in KST." };
        var (database, connection) = DatabaseOptions();
        var queue = new Command("queue", "Measure the clerks' queue (first page, filtered pages, counts) against baselines in the same run; prints p50/p95 and ratios.")
        {
            department, iterations, today, database, connection,
        };
        queue.SetAction(async (parse, cancellationToken) =>
        {
            var target = PortalDatabase.Resolve(parse.GetValue(database), parse.GetValue(connection));
            if (!File.Exists(target.DataSource))
            {
                throw new IOException($"No database at {target.DataSource}: run `petition seed --petitions N` first.");
            }

            var day = parse.GetValue(today) is { } text
                ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                    ? parsed
                    : throw new FormatException($"Cannot read the day '{text}' (use yyyy-MM-dd).")
                : KoreanTime.Day(DateTime.UtcNow);
            await using var services = target.BuildServices();
            var results = await QueueBench.RunAsync(services, parse.GetValue(department), parse.GetValue(iterations), day, line => output.WriteLine(line), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(QueueBench.Table(results)).ConfigureAwait(false);
            return CliApp.ExitOk;
        });
        var bench = new Command("bench", "Measurements against a seeded database.");
        bench.Subcommands.Add(queue);
        return bench;
    }

    /// <summary>A range check that leaves unreadable values to the parser's own error.</summary>
    private static void InRange(Option<int> option, int min, int max) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1
                && int.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                && (value < min || value > max))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be between {min:N0} and {max:N0} (got {value:N0})."));
            }
        });

    private static (Option<string?> Database, Option<string?> Connection) DatabaseOptions() =>
        (new Option<string?>("--database") { Description = "SQLite database file (created if missing)." },
         new Option<string?>("--connection") { Description = "SQLite connection string, e.g. \"Data Source=/tmp/petition.db\"." });

    private static DateTime? ParseNow(string? value) =>
        value is null ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.UtcDateTime
        : throw new FormatException($"Cannot read the time '{value}' (use ISO 8601, e.g. 2026-12-01T09:00:00Z).");

    /// <summary>A Spectre.Console progress bar on an interactive console; otherwise a line every tenth.</summary>
    private static async Task<T> WithProgressAsync<T>(TextWriter output, int total, string title, Func<IProgress<int>, Task<T>> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (console.Profile.Capabilities.Interactive && ReferenceEquals(output, Console.Out))
        {
            return await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(title, maxValue: total);
                    return await work(new InlineProgress(done => task.Value = done)).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }

        var step = Math.Max(1, total / 10);
        var next = step;
        return await work(new InlineProgress(done =>
        {
            if (done >= next || done == total)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {done:N0} / {total:N0}"));
                next = done + step;
            }
        })).ConfigureAwait(false);
    }

    private sealed class InlineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
