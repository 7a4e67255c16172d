using System.ComponentModel.DataAnnotations;

namespace Petition.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Connection string; for SQLite a relative <c>Data Source</c> is resolved against the content root.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/petition.db";

    /// <summary>Apply pending migrations on start (the embedded default). Turn off where a DBA runs the script.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Seed the catalog of petition types on start when it is empty.</summary>
    public bool SeedCatalog { get; set; } = true;
}
