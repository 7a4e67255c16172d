using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.X509;
using Petition.Infrastructure.Persistence;
using Petition.Pki;
using Petition.Pki.Certificates;
using Petition.Pki.Validation;

namespace Petition.Infrastructure.Trust;

/// <summary>
/// The verifier's trust store, kept in the database (TrustCertificates, TrustCrls, TrustStoreState) so that every app
/// node validates against the same content. The snapshot (enabled certificates and the CRLs, with the administrator's
/// revocation settings) is cached; each read compares <see cref="TrustStoreState.Version"/> with one small query, so a
/// change made on any node takes effect on every node with the next validation, without a restart.
/// </summary>
public sealed partial class DbTrustStore(
    IServiceScopeFactory scopes, IEnumerable<ITrustStoreBootstrap> bootstraps, ILogger<DbTrustStore> logger) : ITrustStore
{
    private readonly ITrustStoreBootstrap[] _bootstraps = [.. bootstraps];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile TrustStoreSnapshot? _snapshot;

    public async ValueTask<TrustStoreSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        foreach (var bootstrap in _bootstraps)
        {
            await bootstrap.EnsureAsync(cancellationToken);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var version = await CurrentVersionAsync(db, cancellationToken);
        if (_snapshot is { } cached && cached.Version >= version)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } loadedMeanwhile && loadedMeanwhile.Version >= version)
            {
                return loadedMeanwhile;
            }

            var snapshot = await LoadAsync(db, cancellationToken);
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask AddCrlAsync(byte[] crlDer, CancellationToken cancellationToken = default) => AddCrlAsync(crlDer, null, cancellationToken);

    /// <summary>The verifier fetched a CRL from a distribution point: stored when an enabled CA signed it and it is newer.</summary>
    public async ValueTask AddCrlAsync(byte[] crlDer, Uri? distributionPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crlDer);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var admin = scope.ServiceProvider.GetRequiredService<TrustStoreAdmin>();
            var result = await admin.StoreFetchedCrlAsync(crlDer, distributionPoint?.ToString(), TrustActor.System, cancellationToken);
            if (!result.Succeeded)
            {
                LogFetchedCrlNotStored(logger, distributionPoint?.ToString() ?? "-", result.Message.ToString());
            }
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or PkiException)
        {
            // The verifier already used the CRL it fetched; storing it is an optimisation for the other nodes.
            LogFetchedCrlFailed(logger, e);
        }
    }

    internal static Task<long> CurrentVersionAsync(PetitionDbContext db, CancellationToken cancellationToken) =>
        db.TrustStoreStates.AsNoTracking().Where(s => s.Id == TrustStoreState.SingletonId).Select(s => s.Version).FirstOrDefaultAsync(cancellationToken);

    private async Task<TrustStoreSnapshot> LoadAsync(PetitionDbContext db, CancellationToken cancellationToken)
    {
        // The state first: the content read after it is at least as new as its version (a newer change only makes the
        // next read load again).
        var state = await db.TrustStoreStates.AsNoTracking().FirstOrDefaultAsync(s => s.Id == TrustStoreState.SingletonId, cancellationToken)
            ?? new TrustStoreState();
        var certificates = await db.TrustCertificates.AsNoTracking().Where(c => c.Enabled)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.Kind, c.Der }).ToListAsync(cancellationToken);
        var distrusted = await db.TrustCertificates.AsNoTracking().Where(c => !c.Enabled)
            .Select(c => c.Der).ToListAsync(cancellationToken);
        var crls = await db.TrustCrls.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Der }).ToListAsync(cancellationToken);

        var anchors = new List<X509Certificate>();
        var intermediates = new List<X509Certificate>();
        foreach (var row in certificates)
        {
            try
            {
                (row.Kind == TrustCertificateKind.Anchor ? anchors : intermediates).Add(PkiFiles.ParseCertificate(row.Der));
            }
            catch (PkiFormatException e)
            {
                LogUnreadable(logger, "certificate", row.Id, e);
            }
        }

        var crlList = new List<X509Crl>();
        foreach (var row in crls)
        {
            try
            {
                crlList.Add(PkiFiles.ParseCrl(row.Der));
            }
            catch (PkiFormatException e)
            {
                LogUnreadable(logger, "CRL", row.Id, e);
            }
        }

        var settings = new RevocationSettings
        {
            UseOcsp = state.OcspEnabled,
            OcspResponderUrl = state.OcspResponderUrl,
            FetchCrlsFromDistributionPoints = state.RefreshCrlsFromDistributionPoints,
        };
        LogLoaded(logger, state.Version, anchors.Count, intermediates.Count, crlList.Count);
        // Fingerprints of disabled certificates, computed from the DER itself: a chain through a disabled CA must fail
        // even when the signature embeds that CA's certificate.
        var distrustedFingerprints = distrusted.Select(der => Convert.ToHexString(SHA256.HashData(der))).ToList();
        return new TrustStoreSnapshot(state.Version, anchors, intermediates, crlList, settings, distrustedFingerprints);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trust store version {Version} loaded: {Anchors} anchors, {Intermediates} intermediates, {Crls} CRLs")]
    private static partial void LogLoaded(ILogger logger, long version, int anchors, int intermediates, int crls);

    [LoggerMessage(Level = LogLevel.Error, Message = "Trust store {What} {Id} is unreadable and left out")]
    private static partial void LogUnreadable(ILogger logger, string what, long id, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "A CRL fetched from {Url} was not stored: {Reason}")]
    private static partial void LogFetchedCrlNotStored(ILogger logger, string url, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A CRL fetched during validation could not be stored")]
    private static partial void LogFetchedCrlFailed(ILogger logger, Exception exception);
}
