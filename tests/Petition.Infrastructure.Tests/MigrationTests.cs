using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Tests;

public sealed class MigrationTests
{
    private static SqlServerPetitionDbContext SqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerPetitionDbContext>()
            .UseSqlServer("Server=unused.invalid;Database=Petition;Trusted_Connection=True;TrustServerCertificate=True")
            .Options);

    [Fact]
    public async Task SqliteMigrations_MatchTheModel_NoPendingChanges()
    {
        await using var database = await SqliteDatabase.CreateAsync(seed: false);
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        Assert.IsType<SqlitePetitionDbContext>(db);
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(db.Database.GetAppliedMigrations());
    }

    [Fact]
    public void SqlServerMigrations_MatchTheModel_NoPendingChanges()
    {
        using var db = SqlServerContext();
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void SqlServerMigrations_ScriptGenerates_WithTheExpectedSchema()
    {
        using var db = SqlServerContext();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Petitions]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [Drafts]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [DataProtectionKeys]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Petitions_ReceiptNumber]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Petitions_DraftId]", script, StringComparison.Ordinal);
        Assert.Contains("[RrnProtected] nvarchar(1000) NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
        Assert.DoesNotContain("TEXT", script, StringComparison.Ordinal); // no SQLite types leaked
    }

    [Fact]
    public void BothProviders_HaveTheSameMigrationNames()
    {
        using var sqlServer = SqlServerContext();
        using var sqlite = new SqlitePetitionDbContext(new DbContextOptionsBuilder<SqlitePetitionDbContext>().UseSqlite("Data Source=:memory:").Options);
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(Names(sqlite), Names(sqlServer));
    }
}
