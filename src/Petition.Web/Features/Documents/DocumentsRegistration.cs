using System.Threading.RateLimiting;
using Petition.Core.Documents;
using Petition.Infrastructure.Documents;

namespace Petition.Web.Features.Documents;

public static class DocumentsRegistration
{
    /// <summary>The rate limit of the public authenticity check, per client address.</summary>
    public const string VerifyRateLimit = "document-verify";

    /// <summary>Document issuance (<see cref="IDocumentIssuer"/>), the authenticity check and its rate limit.</summary>
    public static IServiceCollection AddPetitionDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DocumentOptions>().Bind(configuration.GetSection(DocumentOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IInstitutionKeySource, PortalInstitutionKeySource>();
        services.AddSingleton<IDocumentIssuer, DocumentIssuer>();
        services.AddScoped<DocumentVerifier>();
        services.AddRateLimiter(o => o.AddPolicy(VerifyRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return services;
    }
}
