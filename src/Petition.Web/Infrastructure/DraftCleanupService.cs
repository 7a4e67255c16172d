using Microsoft.Extensions.Options;
using Petition.Core.Abstractions;

namespace Petition.Web.Infrastructure;

/// <summary>Deletes drafts that have passed their expiry, on every node; the delete is idempotent.</summary>
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
                var removed = await drafts.DeleteExpiredAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} expired drafts")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Draft cleanup failed; will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
