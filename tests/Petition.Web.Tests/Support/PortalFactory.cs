using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog.Core;

namespace Petition.Web.Tests.Support;

/// <summary>
/// The real portal on a real SQLite file of its own. Two factories given the same file are two app
/// nodes sharing one database. Only the clock is replaced.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public PortalFactory(string? databaseFile = null, TestClock? clock = null)
    {
        DatabaseFile = databaseFile ?? Path.Combine(Path.GetTempPath(), "petition-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(DatabaseFile)!);
        Clock = clock ?? new TestClock(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
    }

    public string DatabaseFile { get; }

    public TestClock Clock { get; }

    public CapturingSink Logs { get; } = new();

    public Dictionary<string, string?> Settings { get; } = new();

    public string Environment { get; set; } = "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabaseFile}");
        builder.UseSetting("Logging:FilePath", string.Empty);
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Demo:PkiDirectory", DemoPkiFiles.Directory);

        // E-mail written as .eml files beside this test's database, never into the source tree.
        builder.UseSetting("Notifications:PickupDirectory", Path.ChangeExtension(DatabaseFile, ".mail"));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ILogEventSink>(Logs);
        });
    }

    /// <summary>A browser: follows redirects and keeps cookies in <paramref name="jar"/> (share it to move the browser between nodes).</summary>
    public HttpClient CreatePortalClient(CookieContainer? jar = null)
    {
        var cookies = new CookieContainerHandler(jar ?? new CookieContainer());
        return CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler(), cookies);
    }

    /// <summary>Opens the portal's database directly, as a DBA would.</summary>
    public SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection($"Data Source={DatabaseFile}");
        connection.Open();
        return connection;
    }

    public static void DeleteDatabase(string file)
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }
}
