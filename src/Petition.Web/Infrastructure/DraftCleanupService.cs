using Microsoft.Extensions.Options;
using Petition.Core.Abstractions;

namespace Petition.Web.Infrastructure;

/// <summary>Deletes drafts and signing challenges past their expiry, on every node; the deletes are idempotent.</summary>
public sealed partial class DraftCleanupService(
    IServiceScopeFactory scopes, IOptions<DraftOptions> options, TimeProvider clock, ILogger<DraftCleanupService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var drafts = scope.ServiceProvider.GetRequiredService<IDraftRepository>();
                var now = clock.GetUtcNow().UtcDateTime;
                var removed = await drafts.DeleteExpiredAsync(now, stoppingToken);

                // Signing challenges hold the applicant's details as text: kept only while signable.
                removed += await scope.ServiceProvider.GetRequiredService<ISigningChallengeRepository>().DeleteExpiredAsync(now, stoppingToken);
                if (removed > 0)
                {
                    LogRemoved(logger, removed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} expired drafts and signing challenges")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Draft cleanup failed; will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
