using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Petition.Pki.Validation;

namespace Petition.Pki;

/// <summary>Registers the PKI services.</summary>
public static class DependencyInjection
{
    /// <summary>
    /// Binds <see cref="PkiOptions"/> from the "Pki" section and registers <see cref="SubmissionVerifier"/> (singleton),
    /// <see cref="TimeProvider"/>, and an <see cref="InMemoryTrustStore"/> (loaded from Pki:TrustDirectory) and
    /// <see cref="InMemoryNonceRegistry"/> unless the application registered its own <see cref="ITrustStore"/> /
    /// <see cref="INonceRegistry"/> (register yours before or after; TryAdd keeps the first).
    /// </summary>
    public static IServiceCollection AddPetitionPki(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PkiOptions>()
            .Bind(configuration.GetSection(PkiOptions.SectionName))
            .Validate(o => o.MaxSubmissionBytes > 0 && o.MaxEmbeddedCertificates > 0, "Pki: limits must be positive.")
            .Validate(o => o.TrustDirectory is null || Directory.Exists(o.TrustDirectory), "Pki:TrustDirectory does not exist.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITrustStore>(sp =>
        {
            var store = new InMemoryTrustStore();
            var directory = sp.GetRequiredService<IOptions<PkiOptions>>().Value.TrustDirectory;
            if (!string.IsNullOrEmpty(directory))
            {
                store.AddDirectory(directory);
            }

            return store;
        });
        services.TryAddSingleton<INonceRegistry, InMemoryNonceRegistry>();
        services.TryAddSingleton(sp => new SubmissionVerifier(
            sp.GetRequiredService<ITrustStore>(),
            sp.GetRequiredService<INonceRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PkiOptions>>(),
            sp.GetService<ICrlDownloader>(),
            sp.GetService<IOcspClient>()));
        return services;
    }
}
