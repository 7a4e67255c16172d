using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Petition.Pki.Validation;

namespace Petition.Infrastructure.Trust;

public static class TrustStoreRegistration
{
    /// <summary>
    /// The database trust store as the verifier's <see cref="ITrustStore"/> (singleton, cached per version), its
    /// administration service, the CRL refresh job, and the HTTP clients for CRL downloads and OCSP (used only when the
    /// administrator turns them on). Register before <c>AddPetitionPki</c> (which keeps the first ITrustStore).
    /// </summary>
    public static IServiceCollection AddPetitionTrustStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrustStoreOptions>()
            .Bind(configuration.GetSection(TrustStoreOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.RefreshInterval > TimeSpan.Zero && o.DownloadTimeout > TimeSpan.Zero && o.RetryAfter >= TimeSpan.Zero, "TrustStore: intervals must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DbTrustStore>();
        services.RemoveAll<ITrustStore>();
        services.AddSingleton<ITrustStore>(provider => provider.GetRequiredService<DbTrustStore>());
        services.AddScoped<TrustStoreAdmin>();
        services.AddScoped<CrlRefresher>();
        services.AddHttpClient<ICrlDownloader, HttpCrlDownloader>((provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<TrustStoreOptions>>().Value.DownloadTimeout);
        services.AddHttpClient<IOcspClient, HttpOcspClient>((provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<TrustStoreOptions>>().Value.DownloadTimeout);
        services.AddHostedService<CrlRefreshService>();
        return services;
    }
}
