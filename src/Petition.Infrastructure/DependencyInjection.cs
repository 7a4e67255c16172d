using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Petition.Core.Abstractions;
using Petition.Core.Payments;
using Petition.Infrastructure.Payments;
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

        // Registered before Data Protection, whose hosted service reads the key ring from the database:
        // hosted services start in registration order, so the tables exist by then.
        services.AddScoped<DatabaseInitializer>();
        services.AddHostedService<DatabaseStartup>();

        var dataProtection = services.AddDataProtection()
            .SetApplicationName("Petition")
            .PersistKeysToDbContext<PetitionDbContext>();

        // In production the key ring is encrypted with a certificate kept outside the database (the same
        // one on every node), so a database dump alone cannot decrypt the RRNs. See docs/security.md.
        var keyCertificate = configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(keyCertificate))
        {
            dataProtection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                keyCertificate, configuration["DataProtection:CertificatePassword"]));
        }

        services.AddScoped<IRrnProtector, DataProtectionRrnProtector>();
        services.AddScoped<IPetitionTypeRepository, PetitionTypeRepository>();
        services.AddScoped<IDraftRepository, DraftRepository>();
        services.AddScoped<IPetitionRepository, PetitionRepository>();
        services.AddScoped<ISigningChallengeRepository, SigningChallengeRepository>();
        services.AddScoped<IPaymentRepository, PaymentRepository>();
        services.AddScoped<Petition.Core.Workbench.IPetitionQueue, Queries.PetitionQueue>();
        services.AddPetitionPayments(configuration, environment);
        Workbench.WorkbenchServices.AddPetitionWorkflow(services, configuration, environment);
        return services;
    }

    /// <summary>
    /// The payment gateway chosen by <c>Payments:Provider</c> (Demo | Toss), validated on start, and the
    /// payment flow over it.
    /// </summary>
    private static void AddPetitionPayments(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<PaymentOptions>()
            .Bind(configuration.GetSection(PaymentOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Provider != PaymentProvider.Toss
                || (!string.IsNullOrWhiteSpace(o.Toss.SecretKey) && !string.IsNullOrWhiteSpace(o.Toss.ClientKey)),
                "Payments:Toss:SecretKey and Payments:Toss:ClientKey are required when Payments:Provider is Toss.")
            .Validate(o => o.Toss.Timeout > TimeSpan.Zero && o.Toss.BaseUrl.IsAbsoluteUri, "Payments:Toss:BaseUrl must be absolute and Timeout positive.")
            .Validate(
                o => o.Provider != PaymentProvider.Demo || environment.IsDevelopment()
                    || configuration.GetValue<bool>("Demo:Enabled"),
                "Payments:Provider is Demo (test cards that move no money) outside Development and demo mode: configure Toss.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<DemoCardGateway>();
        services.AddHttpClient<TossPaymentsGateway>((provider, client) =>
            TossPaymentsGateway.Configure(client, provider.GetRequiredService<IOptions<PaymentOptions>>().Value.Toss));
        services.AddScoped<IPaymentGateway>(provider =>
            provider.GetRequiredService<IOptions<PaymentOptions>>().Value.Provider switch
            {
                PaymentProvider.Toss => provider.GetRequiredService<TossPaymentsGateway>(),
                _ => provider.GetRequiredService<DemoCardGateway>(),
            });
        services.AddScoped<IPaymentService, PaymentService>();
    }
}
