using System.Globalization;
using Microsoft.Extensions.Options;
using Petition.Infrastructure.Trust;
using Petition.Pki.Demo;
using Petition.Pki.Npki;

namespace Petition.Web.Features.Signing;

/// <summary>
/// The portal's PKI files: its key-management key pair, the institution key, and where the trust-store content comes
/// from (the demo PKI's trust directory, or a configured one). The trust store itself lives in the database
/// (<see cref="Petition.Infrastructure.Trust.DbTrustStore"/>); <see cref="PortalTrustBootstrap"/> loads these files into it.
/// </summary>
public sealed class PortalPkiMaterial(
    string? trustDirectory, byte[] kmCertificateDer, NpkiPrivateKey kmKey, DemoManifest? demo, string? demoDirectory,
    byte[]? institutionCertificateDer = null, NpkiPrivateKey? institutionKey = null)
{
    /// <summary>The trust directory (demo mode: the demo PKI's; otherwise Portal:TrustDirectory, optional).</summary>
    public string? TrustDirectory { get; } = trustDirectory;

    public byte[] KmCertificateDer { get; } = kmCertificateDer;

    public NpkiPrivateKey KmKey { get; } = kmKey;

    /// <summary>The demo PKI's manifest (demo mode only).</summary>
    public DemoManifest? Demo { get; } = demo;

    public string? DemoDirectory { get; } = demoDirectory;

    /// <summary>The institution signing certificate that signs issued documents (demo mode: the demo PKI's).</summary>
    public byte[]? InstitutionCertificateDer { get; } = institutionCertificateDer;

    public NpkiPrivateKey? InstitutionKey { get; } = institutionKey;
}

/// <summary>
/// Loads the portal's PKI once per node: in demo mode it first makes sure a demo PKI exists (generated
/// under a file lock, so nodes and test hosts sharing the folder generate it once).
/// </summary>
public sealed partial class PortalPki(
    IOptions<DemoOptions> demoOptions, IOptions<PortalPkiOptions> portalOptions, IHostEnvironment environment, ILogger<PortalPki> logger)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private Task<PortalPkiMaterial?>? _material;
    private DateTimeOffset _loadedAt;

    /// <summary>Whether the signed path can be offered at all (demo mode, or a configured km certificate).</summary>
    public bool IsConfigured => demoOptions.Value.Enabled || !string.IsNullOrEmpty(portalOptions.Value.KmCertificate);

    /// <summary>Whether the portal runs in demo mode (Demo:Enabled).</summary>
    public bool IsDemo => demoOptions.Value.Enabled;

    /// <summary>
    /// The material, loaded once and shared. A failed load is tried again after a minute (not cached for the
    /// life of the process), and a demo PKI is renewed when it reaches its regeneration age, before its CRLs
    /// go stale.
    /// </summary>
    public Task<PortalPkiMaterial?> GetAsync()
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            var stale = _material is { IsCompleted: true } done
                && (done.Result is null ? now - _loadedAt > RetryAfter
                    : done.Result.Demo is { } demo && now - demo.GeneratedAt >= demoOptions.Value.RegenerateAfter);
            if (_material is null || stale)
            {
                _loadedAt = now;
                _material = Task.Run(() => Load(demoOptions.Value, portalOptions.Value, environment, logger));
            }

            return _material;
        }
    }

    private static PortalPkiMaterial? Load(DemoOptions demo, PortalPkiOptions portal, IHostEnvironment environment, ILogger logger)
    {
        string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path);
        try
        {
            if (demo.Enabled)
            {
                var directory = Resolve(demo.PkiDirectory);
                var manifest = EnsureDemoPki(directory, demo.RegenerateAfter, logger);
                var trustDirectory = Path.Combine(directory, manifest.TrustDirectory);
                var kmCert = File.ReadAllBytes(Path.Combine(directory, manifest.Portal.KmCertificate));
                var kmKey = NpkiKeyFile.Decrypt(File.ReadAllBytes(Path.Combine(directory, manifest.Portal.KmPrivateKey)), manifest.Portal.KmPassword);
                // The institution key signs issued documents; the signed path does not depend on it.
                var institutionCertPath = Path.Combine(directory, manifest.Portal.InstitutionCertificate);
                var institutionKeyPath = Path.Combine(directory, manifest.Portal.InstitutionPrivateKey);
                var hasInstitution = manifest.Portal.InstitutionCertificate.Length > 0 && File.Exists(institutionCertPath) && File.Exists(institutionKeyPath);
                return new PortalPkiMaterial(
                    trustDirectory, kmCert, kmKey, manifest, directory,
                    hasInstitution ? File.ReadAllBytes(institutionCertPath) : null,
                    hasInstitution ? NpkiKeyFile.Decrypt(File.ReadAllBytes(institutionKeyPath), manifest.Portal.InstitutionPassword) : null);
            }

            if (string.IsNullOrEmpty(portal.KmCertificate) || string.IsNullOrEmpty(portal.KmPrivateKey))
            {
                return null;
            }

            // The trust store is administered at /admin/trust; a configured directory is only imported once.
            var trust = string.IsNullOrEmpty(portal.TrustDirectory) ? null : Resolve(portal.TrustDirectory);
            var certificate = File.ReadAllBytes(Resolve(portal.KmCertificate));
            var key = NpkiKeyFile.Decrypt(File.ReadAllBytes(Resolve(portal.KmPrivateKey)), portal.KmPassword ?? string.Empty);
            return new PortalPkiMaterial(trust, certificate, key, null, null);
        }
        catch (Exception ex)
        {
            // Whatever went wrong (files, a half-written manifest, a key that does not decrypt), the signed
            // path is unavailable for now and the pages say so; GetAsync tries again later.
            LogLoadFailed(logger, ex);
            return null;
        }
    }

    private static DemoManifest EnsureDemoPki(string directory, TimeSpan regenerateAfter, ILogger logger)
    {
        var manifestPath = Path.Combine(directory, DemoPkiGenerator.ManifestFileName);
        if (TryReadFresh(manifestPath, regenerateAfter) is { } fresh)
        {
            return fresh;
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(directory))!;
        Directory.CreateDirectory(parent);
        using var gate = AcquireLock(directory + ".lock");
        if (TryReadFresh(manifestPath, regenerateAfter) is { } madeMeanwhile)
        {
            return madeMeanwhile;
        }

        LogGenerating(logger, directory);
        var staging = directory + ".staging-" + Guid.NewGuid().ToString("N");
        DemoPkiGenerator.Write(DemoPkiGenerator.Generate(new DemoPkiOptions { Now = DateTimeOffset.UtcNow }), staging);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.Move(staging, directory);
        return DemoPkiGenerator.ReadManifest(manifestPath);
    }

    private static DemoManifest? TryReadFresh(string manifestPath, TimeSpan regenerateAfter)
    {
        if (!File.Exists(manifestPath))
        {
            return null;
        }

        var manifest = DemoPkiGenerator.ReadManifest(manifestPath);
        return DateTimeOffset.UtcNow - manifest.GeneratedAt < regenerateAfter ? manifest : null;
    }

    private static FileStream AcquireLock(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                Thread.Sleep(200);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generating the demo PKI in {Directory}")]
    private static partial void LogGenerating(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Error, Message = "The portal PKI could not be loaded; the signed path is unavailable")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Puts the portal's configured trust content into the database trust store before it is first read: in demo mode the
/// demo PKI (again whenever it was regenerated: its manifest's generatedAt differs from the store's); otherwise a
/// configured Portal:TrustDirectory, imported once as uploads when the store has no entries of its own. Outside demo mode
/// it first disables, once per process, every enabled demo certificate a former demo run left in the database (their
/// citizen keys are public). Cheap when done.
/// </summary>
public sealed partial class PortalTrustBootstrap(PortalPki pki, IServiceScopeFactory scopes, ILogger<PortalTrustBootstrap> logger) : ITrustStoreBootstrap
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile string? _done;
    private volatile bool _demoRetired;

    public async ValueTask EnsureAsync(CancellationToken cancellationToken = default)
    {
        if (!pki.IsDemo && !_demoRetired)
        {
            await RetireDemoAsync(cancellationToken);
        }

        if (!pki.IsConfigured || await pki.GetAsync() is not { TrustDirectory: { } directory } material)
        {
            return;
        }

        var key = material.Demo is { } demo ? "demo:" + demo.GeneratedAt.ToString("O", CultureInfo.InvariantCulture) : "directory:" + directory;
        if (_done == key)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_done == key)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var admin = scope.ServiceProvider.GetRequiredService<TrustStoreAdmin>();
            if (material.Demo is { } manifest)
            {
                await admin.SyncDemoAsync(manifest.GeneratedAt.ToString("O", CultureInfo.InvariantCulture), directory, cancellationToken);
            }
            else
            {
                await admin.ImportDirectoryOnceAsync(directory, cancellationToken);
            }

            _done = key;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Tried again with the next validation; until then the store serves what the database holds.
            LogBootstrapFailed(logger, directory, e);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Demo mode is off: demo certificates left by a former demo run must not be trusted (tried again until it succeeds).</summary>
    private async Task RetireDemoAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_demoRetired)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TrustStoreAdmin>().DisableDemoAsync(cancellationToken);
            _demoRetired = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRetireDemoFailed(logger, e);
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The demo trust certificates could not be disabled; tried again with the next validation")]
    private static partial void LogRetireDemoFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The trust directory {Directory} could not be loaded into the database trust store")]
    private static partial void LogBootstrapFailed(ILogger logger, string directory, Exception exception);
}
