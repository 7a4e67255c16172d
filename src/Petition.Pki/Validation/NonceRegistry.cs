using System.Collections.Concurrent;

namespace Petition.Pki.Validation;

/// <summary>One-time nonces embedded in the documents the portal asks citizens to sign. The web app backs it by the database.</summary>
public interface INonceRegistry
{
    /// <summary>Marks the nonce used; returns false if it was used before (a replay) or is unknown/expired.</summary>
    ValueTask<bool> TryConsumeAsync(string nonce, CancellationToken cancellationToken = default);
}

/// <summary>In-memory registry: every nonce can be consumed once (for tests and the CLI).</summary>
public sealed class InMemoryNonceRegistry : INonceRegistry
{
    private readonly ConcurrentDictionary<string, byte> _used = new(StringComparer.Ordinal);

    public ValueTask<bool> TryConsumeAsync(string nonce, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_used.TryAdd(nonce, 0));
}
