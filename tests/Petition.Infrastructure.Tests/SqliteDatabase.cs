using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Petition.Infrastructure.Seeding;

namespace Petition.Infrastructure.Tests;

/// <summary>A real SQLite file with the Infrastructure services wired as the portal wires them.</summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private SqliteDatabase(string file, ServiceProvider services)
    {
        File = file;
        Services = services;
    }

    public string File { get; }

    public ServiceProvider Services { get; }

    public static async Task<SqliteDatabase> CreateAsync(string? file = null, bool seed = true)
    {
        file ??= Path.Combine(Path.GetTempPath(), "petition-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={file}",
            ["Database:SeedCatalog"] = seed ? "true" : "false",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddPetitionInfrastructure(configuration, new HostingEnvironment { ContentRootPath = Path.GetTempPath(), EnvironmentName = Environments.Development })
            .BuildServiceProvider(validateScopes: true);
        var database = new SqliteDatabase(file, services);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return database;
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { File, File + "-wal", File + "-shm" })
        {
            if (System.IO.File.Exists(path))
            {
                System.IO.File.Delete(path);
            }
        }
    }
}
