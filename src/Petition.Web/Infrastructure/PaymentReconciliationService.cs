using Microsoft.Extensions.Options;
using Petition.Core.Payments;
using Petition.Infrastructure.Payments;

namespace Petition.Web.Infrastructure;

/// <summary>
/// Settles payments in doubt on every node: a confirm that got no answer, or one whose node died mid-way.
/// It asks the gateway and receives the petition or marks the payment failed; the database claim makes
/// sure only one node works on a payment at a time. It also retries the refunds of rejected petitions whose
/// refund failed when they were rejected.
/// </summary>
public sealed partial class PaymentReconciliationService(
    IServiceScopeFactory scopes, IOptions<PaymentOptions> options, TimeProvider clock, ILogger<PaymentReconciliationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var settled = await scope.ServiceProvider.GetRequiredService<IPaymentService>().ReconcileDueAsync(stoppingToken);
                if (settled > 0)
                {
                    LogSettled(logger, settled);
                }

                // Refunds of rejected petitions whose gateway call failed (the petition stays "paid" until refunded).
                var refunded = await scope.ServiceProvider.GetRequiredService<Petition.Infrastructure.Workbench.IPendingRefunds>()
                    .RetryPendingRefundsAsync(cancellationToken: stoppingToken);
                if (refunded > 0)
                {
                    LogRefunded(logger, refunded);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled {Count} payments in doubt")]
    private static partial void LogSettled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refunded {Count} rejected petitions whose refund was pending")]
    private static partial void LogRefunded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment reconciliation failed; will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
