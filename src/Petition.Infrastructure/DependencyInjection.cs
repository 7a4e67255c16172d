using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Petition.Core.Abstractions;
using Petition.Infrastructure.Persistence;
using Petition.Infrastructure.Repositories;
using Petition.Infrastructure.Security;
using Petition.Infrastructure.Seeding;

namespace Petition.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// EF Core on the configured provider (<c>Database:Provider</c> = Sqlite | SqlServer), the repositories,
    /// Data Protection with its key ring in the database, and the RRN protector.
    /// </summary>
    public static IServiceCollection AddPetitionInfrastructure(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteFiles.Resolve(options.ConnectionString, environment.ContentRootPath);
                services.AddDbContext<PetitionDbContext, SqlitePetitionDbContext>(o => o.UseSqlite(sqlite));
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<PetitionDbContext, SqlServerPetitionDbContext>(o =>
                    o.UseSqlServer(options.ConnectionString, sql => sql.EnableRetryOnFailure()));
                break;
            default:
                throw new OptionsValidationException(
                    DatabaseOptions.SectionName, typeof(DatabaseOptions), [$"Unknown database provider '{options.Provider}'."]);
        }

        services.AddDataProtection()
            .SetApplicationName("Petition")
            .PersistKeysToDbContext<PetitionDbContext>();

        services.AddScoped<IRrnProtector, DataProtectionRrnProtector>();
        services.AddScoped<IPetitionTypeRepository, PetitionTypeRepository>();
        services.AddScoped<IDraftRepository, DraftRepository>();
        services.AddScoped<IPetitionRepository, PetitionRepository>();
        services.AddScoped<DatabaseInitializer>();
        return services;
    }
}
