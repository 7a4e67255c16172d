using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;
using Petition.Infrastructure.Persistence;
using Petition.Pki;
using Petition.Pki.Certificates;
using Petition.Pki.Validation;

namespace Petition.Infrastructure.Trust;

/// <summary>What one refresh run did.</summary>
public sealed record CrlRefreshSummary(bool Enabled, int Checked, int Updated, int Failed);

/// <summary>
/// Refreshes CRLs from their http(s) distribution points when the administrator turned it on
/// (<see cref="TrustStoreState.RefreshCrlsFromDistributionPoints"/>): for each enabled CA whose CRL is missing or
/// near or past its nextUpdate, downloads it through <see cref="ICrlDownloader"/>, verifies it with the CA's key and
/// stores it (bumping the version), and records the attempt and its failure reason on the CA's CRL row.
/// </summary>
public sealed partial class CrlRefresher(
    PetitionDbContext db, TrustStoreAdmin admin, ICrlDownloader downloader, TimeProvider clock, IOptions<TrustStoreOptions> options, ILogger<CrlRefresher> logger)
{
    public const string DownloadFailed = "배포지점에서 CRL을 받지 못했습니다(연결 실패, 시간 초과 또는 HTTP 오류).";
    public const string NotCrl = "배포지점에서 받은 파일이 CRL이 아닙니다.";
    public const string NotSigned = "배포지점에서 받은 CRL이 인증기관의 키로 검증되지 않습니다.";
    public const string StillStale = "배포지점의 CRL도 다음 갱신 시각이 지났습니다.";

    /// <summary>One run; nothing is fetched when refreshing is off.</summary>
    public async Task<CrlRefreshSummary> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var state = await db.TrustStoreStates.AsNoTracking().FirstOrDefaultAsync(s => s.Id == TrustStoreState.SingletonId, cancellationToken);
        if (state is not { RefreshCrlsFromDistributionPoints: true })
        {
            return new CrlRefreshSummary(false, 0, 0, 0);
        }

        var settings = options.Value;
        var now = clock.GetUtcNow();
        var certificates = await db.TrustCertificates.AsNoTracking().Where(c => c.Enabled).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var crls = await db.TrustCrls.AsNoTracking().ToListAsync(cancellationToken);
        var parsed = certificates.Select(c => (Row: c, Certificate: TryParse(c.Der))).Where(c => c.Certificate is not null).ToList();
        int checkedCount = 0, updated = 0, failed = 0;
        foreach (var (ca, certificate) in parsed)
        {
            var crl = crls.Where(c => c.IssuerCertificateId == ca.Id).OrderByDescending(c => c.ThisUpdateUtc).FirstOrDefault();
            var due = crl?.NextUpdateUtc is not { } next || new DateTimeOffset(next, TimeSpan.Zero) - settings.RefreshAhead <= now;
            var backingOff = crl is { LastFetchError: not null, LastFetchAttemptUtc: { } attempt } && new DateTimeOffset(attempt, TimeSpan.Zero) + settings.RetryAfter > now;
            if (!due || backingOff)
            {
                continue;
            }

            // Where this CA publishes: the URL its CRL came from, else the distribution points of the certificates it issued.
            var urls = new List<string>();
            if (crl?.DistributionPointUrl is { } known)
            {
                urls.Add(known);
            }

            urls.AddRange(parsed
                .Where(p => p.Row.Id != ca.Id && p.Certificate!.IssuerDN.Equivalent(certificate!.SubjectDN, true))
                .SelectMany(p => p.Row.CrlDistributionPoints));
            urls = [.. urls.Where(RevocationSettings.IsHttpUrl).Distinct(StringComparer.Ordinal)];
            if (urls.Count == 0)
            {
                continue;
            }

            checkedCount++;
            string? error = null;
            foreach (var url in urls)
            {
                error = await TryFetchAsync(ca, url, now, cancellationToken);
                if (error is null)
                {
                    updated++;
                    break;
                }
            }

            if (error is not null)
            {
                failed++;
                await admin.RecordFetchAsync(ca.Id, urls[0], error, cancellationToken);
                LogFetchFailed(logger, ca.SubjectDn, error);
            }
        }

        return new CrlRefreshSummary(true, checkedCount, updated, failed);
    }

    private async Task<string?> TryFetchAsync(TrustCertificate ca, string url, DateTimeOffset now, CancellationToken cancellationToken)
    {
        byte[]? der;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.DownloadTimeout);
            der = await downloader.DownloadAsync(new Uri(url), timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            der = null;
        }

        if (der is null)
        {
            return DownloadFailed;
        }

        CrlDescription crl;
        try
        {
            var read = CrlDescription.Read(der);
            if (read.Count != 1 || read[0].IsDelta)
            {
                return NotCrl;
            }

            crl = read[0];
        }
        catch (PkiFormatException)
        {
            return NotCrl;
        }

        if (!crl.IsSignedBy(ca.Der))
        {
            return NotSigned;
        }

        // A CRL that is not newer than the stored one is no failure of the distribution point.
        await admin.StoreFetchedCrlAsync(der, url, TrustActor.System, cancellationToken);
        if (crl.IsStaleAt(now))
        {
            return StillStale;
        }

        await admin.RecordFetchAsync(ca.Id, url, null, cancellationToken);
        return null;
    }

    private static X509Certificate? TryParse(byte[] der)
    {
        try
        {
            return PkiFiles.ParseCertificate(der);
        }
        catch (PkiFormatException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CRL refresh for {Issuer} failed: {Error}")]
    private static partial void LogFetchFailed(ILogger logger, string issuer, string error);
}

/// <summary>Runs <see cref="CrlRefresher"/> every <see cref="TrustStoreOptions.RefreshInterval"/> (it does nothing while refreshing is off).</summary>
public sealed partial class CrlRefreshService(IServiceScopeFactory scopes, IOptions<TrustStoreOptions> options, ILogger<CrlRefreshService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<CrlRefresher>().RefreshAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRunFailed(logger, e);
                }

                await Task.Delay(options.Value.RefreshInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The CRL refresh run failed; it is tried again at the next interval")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
