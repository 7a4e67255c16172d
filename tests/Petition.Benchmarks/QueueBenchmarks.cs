using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Petition.Core.Applications;
using Petition.Core.Workbench;
using Petition.Infrastructure;
using Petition.Infrastructure.Persistence;

namespace Petition.Benchmarks;

/// <summary>
/// The clerks' queue at scale, against a database seeded beforehand
/// (<c>petition seed --petitions 1000000 --database /tmp/queue-bench/petition-1m.db</c>; another file through
/// <c>PETITION_QUEUE_DB</c>). Each call runs in a fresh DI scope, as a request would; the baseline is a
/// primary-key lookup through the same EF Core stack, so the Ratio column reads "times a PK lookup".
/// Run: <c>dotnet run -c Release --project tests/Petition.Benchmarks -- --filter *QueueBenchmarks*</c>.
/// </summary>
[Config(typeof(QueueConfig))]
public class QueueBenchmarks
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    private ServiceProvider _services = null!;
    private string _department = null!;
    private int _typeId;
    private long _maxId;
    private long _nextId;
    private string? _deepCursor;

    [GlobalSetup]
    public void Setup()
    {
        var file = Environment.GetEnvironmentVariable("PETITION_QUEUE_DB") ?? "/tmp/queue-bench/petition-1m.db";
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"No database at {file}: seed one with `petition seed --petitions 1000000 --database {file}`.");
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={file}",
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddPetitionInfrastructure(configuration, new HostingEnvironment { ContentRootPath = Path.GetTempPath(), EnvironmentName = Environments.Production })
            .BuildServiceProvider();
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var type = db.PetitionTypes.OrderBy(t => t.SortOrder).First();
        _department = type.Department;
        _typeId = type.Id;
        _maxId = db.Petitions.Max(p => p.Id);
        string? cursor = null;
        for (var i = 0; i < 50; i++)
        {
            cursor = Queue(scope.ServiceProvider).GetPageAsync(new QueueFilter { Department = _department }, cursor, 20, Today).GetAwaiter().GetResult().NextCursor;
        }

        _deepCursor = cursor;
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "PK lookup (EF)")]
    public async Task<string?> PrimaryKeyLookup()
    {
        await using var scope = _services.CreateAsyncScope();
        var id = (_nextId++ % _maxId) + 1;
        return await scope.ServiceProvider.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking()
            .Where(p => p.Id == id).Select(p => p.ReceiptNumber).FirstOrDefaultAsync();
    }

    [Benchmark(Description = "first page, dept, newest")]
    public Task<int> FirstPage() => PageAsync(new QueueFilter { Department = _department }, null);

    [Benchmark(Description = "page 51 via cursor")]
    public Task<int> DeepPage() => PageAsync(new QueueFilter { Department = _department }, _deepCursor);

    [Benchmark(Description = "status=접수 + overdue + type")]
    public Task<int> FilteredPage() =>
        PageAsync(new QueueFilter { Department = _department, Status = PetitionStatus.Received, Overdue = true, PetitionTypeId = _typeId }, null);

    [Benchmark(Description = "name prefix '김'")]
    public Task<int> NamePrefix() => PageAsync(new QueueFilter { Department = _department, ApplicantName = "김" }, null);

    [Benchmark(Description = "counts by status, dept")]
    public async Task<int> CountsByStatus()
    {
        await using var scope = _services.CreateAsyncScope();
        return (await Queue(scope.ServiceProvider).CountByStatusAsync(_department)).Count;
    }

    private static IPetitionQueue Queue(IServiceProvider services) => services.GetRequiredService<IPetitionQueue>();

    private async Task<int> PageAsync(QueueFilter filter, string? cursor)
    {
        await using var scope = _services.CreateAsyncScope();
        return (await Queue(scope.ServiceProvider).GetPageAsync(filter, cursor, 20, Today)).Rows.Count;
    }

    private sealed class QueueConfig : ManualConfig
    {
        public QueueConfig()
        {
            AddColumn(StatisticColumn.P50, StatisticColumn.P95);
        }
    }
}
