using Petition.Core.Abstractions;
using Petition.Pki.Validation;

namespace Petition.Web.Features.Signing;

/// <summary>The verifier's replay guard, backed by the signing challenges table (one atomic update, every node).</summary>
public sealed class DatabaseNonceRegistry(IServiceScopeFactory scopes, TimeProvider clock) : INonceRegistry
{
    public async ValueTask<bool> TryConsumeAsync(string nonce, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISigningChallengeRepository>()
            .TryConsumeAsync(nonce, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }
}
