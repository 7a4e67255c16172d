using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Petition.Infrastructure;

namespace Petition.Cli.Seeding;

/// <summary>
/// Which database a data command works on, and the portal's own services over it (EF Core, the Data Protection key
/// ring in that database, the RRN protector), wired by <see cref="DependencyInjection.AddPetitionInfrastructure"/>
/// exactly as the web app wires them.
/// </summary>
internal sealed record PortalDatabase(string ConnectionString, string ContentRoot)
{
    /// <summary>
    /// <paramref name="database"/> (a file path), or <paramref name="connection"/> (a SQLite connection string), or by
    /// default the web app's own database: <c>Database:ConnectionString</c> of src/Petition.Web's appsettings
    /// (Development), resolved against that project, i.e. src/Petition.Web/data/petition.db.
    /// </summary>
    public static PortalDatabase Resolve(string? database, string? connection)
    {
        if (database is not null && connection is not null)
        {
            throw new ArgumentException("Give either --database or --connection, not both.");
        }

        if (database is not null)
        {
            if (string.IsNullOrWhiteSpace(database))
            {
                throw new ArgumentException("--database needs a file path.");
            }

            var builder = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(database) };
            return new PortalDatabase(builder.ToString(), Directory.GetCurrentDirectory());
        }

        if (connection is not null)
        {
            SqliteConnectionStringBuilder parsed;
            try
            {
                parsed = new SqliteConnectionStringBuilder(connection);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
            {
                throw new ArgumentException($"--connection is not a SQLite connection string: {e.Message}", e);
            }

            if (string.IsNullOrWhiteSpace(parsed.DataSource))
            {
                throw new ArgumentException("--connection needs a Data Source (e.g. \"Data Source=/tmp/petition.db\").");
            }

            return new PortalDatabase(connection, Directory.GetCurrentDirectory());
        }

        var web = FindWebProject()
            ?? throw new ArgumentException("Cannot find src/Petition.Web (run from the repository, or pass --database <path>).");
        var settings = new ConfigurationBuilder()
            .SetBasePath(web)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile("appsettings.Development.json", optional: true)
            .Build();
        if (!string.Equals(settings["Database:Provider"] ?? "Sqlite", "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The web app is configured for SQL Server; petition seed writes to SQLite only (pass --database).");
        }

        return new PortalDatabase(settings["Database:ConnectionString"] ?? "Data Source=data/petition.db", web);
    }

    /// <summary>The file behind the connection string (relative paths resolved as the portal resolves them).</summary>
    public string DataSource
    {
        get
        {
            var source = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            return Path.IsPathRooted(source) || source == ":memory:" ? source : Path.GetFullPath(Path.Combine(ContentRoot, source));
        }
    }

    public ServiceProvider BuildServices()
    {
        // Environment variables (e.g. DataProtection__CertificatePath, as on the portal's nodes) first; the
        // database chosen here wins over any Database__* variable.
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:ConnectionString"] = ConnectionString,
                ["Database:MigrateOnStartup"] = "true",
                ["Database:SeedCatalog"] = "true",
            })
            .Build();
        var environment = new HostingEnvironment
        {
            ApplicationName = "Petition.Web",
            ContentRootPath = ContentRoot,
            EnvironmentName = Environments.Development,
        };
        return new ServiceCollection()
            .AddLogging()
            .AddPetitionInfrastructure(configuration, environment)
            .BuildServiceProvider(validateScopes: true);
    }

    private static string? FindWebProject()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "src", "Petition.Web");
                if (File.Exists(Path.Combine(candidate, "Petition.Web.csproj")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
