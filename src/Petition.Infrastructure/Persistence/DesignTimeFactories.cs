using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Petition.Infrastructure.Persistence;

/// <summary>Used by <c>dotnet ef migrations add ... --context SqlitePetitionDbContext</c>.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePetitionDbContext>
{
    public SqlitePetitionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePetitionDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Used by <c>dotnet ef migrations add ... --context SqlServerPetitionDbContext</c>; never connects.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerPetitionDbContext>
{
    public SqlServerPetitionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerPetitionDbContext>()
            .UseSqlServer("Server=localhost;Database=Petition;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
