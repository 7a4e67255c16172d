using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Payments;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Payments;

/// <summary>
/// The fee payment flow over <see cref="IPaymentGateway"/>. Only one request at a time confirms an order
/// (an atomic claim in the database); the petition is received in the same transaction that marks the
/// payment approved; a confirm without an answer is left for reconciliation, never forgotten.
/// </summary>
internal sealed partial class PaymentService(
    IPaymentRepository payments,
    IDraftRepository drafts,
    IPetitionRepository petitions,
    IPaymentGateway gateway,
    PetitionDbContext db,
    IOptions<PaymentOptions> options,
    TimeProvider clock,
    ILogger<PaymentService> logger) : IPaymentService
{

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    private DateTime StaleBefore => UtcNow - options.Value.ConfirmStaleAfter;

    public Task<Payment?> FindByOrderIdAsync(string orderId, CancellationToken cancellationToken = default) =>
        payments.GetByOrderIdAsync(orderId, cancellationToken);

    public Task<Payment?> FindByDraftAsync(Guid draftId, CancellationToken cancellationToken = default) =>
        payments.GetByDraftIdAsync(draftId, cancellationToken);

    public async Task<(Payment Payment, PaymentCheckout? Checkout)> StartAsync(Draft draft, PaymentReturnUrls urls, CancellationToken cancellationToken = default)
    {
        if (!draft.PaysFeeOnline || draft.IsSubmitted)
        {
            throw new InvalidOperationException("This draft has no online fee to pay.");
        }

        var type = draft.Published!;
        var payment = await payments.GetByDraftIdAsync(draft.Id, cancellationToken)
            ?? await payments.AddOrGetAsync(Payment.Create(draft.Id, type.Name, type.FeeKrw, gateway.Provider, UtcNow), cancellationToken);
        if (!payment.CanStartAttempt)
        {
            return (payment, null);
        }

        if (payment.Status != PaymentStatus.Pending || payment.Amount != type.FeeKrw)
        {
            payment.Status = PaymentStatus.Pending;
            payment.Amount = type.FeeKrw; // always the type's fee, never anything the browser said
            payment.FailureCode = payment.FailureMessage = null;
            payment.Touch(UtcNow);
            try
            {
                await payments.SaveAsync(payment, cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                await db.Entry(payment).ReloadAsync(cancellationToken);
                return (payment, payment.CanStartAttempt ? await gateway.PrepareAsync(payment, urls, cancellationToken) : null);
            }
        }

        return (payment, await gateway.PrepareAsync(payment, urls, cancellationToken));
    }

    public async Task<PaymentResult> ConfirmAsync(string orderId, string paymentKey, int? claimedAmount, CancellationToken cancellationToken = default)
    {
        var payment = await payments.GetByOrderIdAsync(orderId, cancellationToken);
        if (payment is null)
        {
            return new PaymentResult(PaymentResultKind.Rejected, null);
        }

        if (payment.Status is PaymentStatus.Approved or PaymentStatus.Refunded)
        {
            return await ReceivedAsync(payment, cancellationToken);
        }

        if (claimedAmount != payment.Amount)
        {
            // The return URL is the browser's word; a different amount means it was altered. Do not confirm.
            LogAmountMismatch(logger, orderId, claimedAmount, payment.Amount);
            return new PaymentResult(PaymentResultKind.Rejected, payment);
        }

        if (!payment.IsInDoubt && !await StillPayableAsync(payment, cancellationToken))
        {
            // Submitted meanwhile (at the counter, in another tab) or changed since the order was made:
            // never confirm, so nothing is charged for a petition that no longer matches.
            LogNotPayable(logger, orderId);
            return new PaymentResult(PaymentResultKind.Rejected, payment);
        }

        // A payment already in doubt keeps the key it was confirmed with; a new key cannot turn it into a decline.
        var key = payment.IsInDoubt && payment.PaymentKey is { } stored ? stored : paymentKey;
        if (!await payments.TryClaimConfirmAsync(payment.Id, key, UtcNow, StaleBefore, cancellationToken))
        {
            // Another request (a double click, a refresh, another node) is confirming right now.
            await db.Entry(payment).ReloadAsync(cancellationToken);
            return payment.Status == PaymentStatus.Approved
                ? await ReceivedAsync(payment, cancellationToken)
                : new PaymentResult(PaymentResultKind.InDoubt, payment);
        }

        await db.Entry(payment).ReloadAsync(cancellationToken);
        var result = await CallAsync(() => gateway.ConfirmAsync(key, orderId, payment.Amount, ConfirmKey(payment, key), cancellationToken));
        return await SettleAsync(payment, result, cancellationToken);
    }

    public async Task<Payment?> RecordFailureAsync(string orderId, string? code, string? message, CancellationToken cancellationToken = default)
    {
        var payment = await payments.GetByOrderIdAsync(orderId, cancellationToken);
        if (payment is null || payment.Status != PaymentStatus.Pending)
        {
            return payment; // a late or forged failure never touches a payment that moved on
        }

        var cancelled = code is "PAY_PROCESS_CANCELED" or "USER_CANCEL";
        payment.MarkFailed(cancelled ? PaymentStatus.Cancelled : PaymentStatus.Declined, Truncate(code, 100), Truncate(message, 500), UtcNow);
        try
        {
            await payments.SaveAsync(payment, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await db.Entry(payment).ReloadAsync(cancellationToken);
        }

        return payment;
    }

    public async Task<PaymentResult> ReconcileAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var payment = await payments.GetByOrderIdAsync(orderId, cancellationToken);
        if (payment is null)
        {
            return new PaymentResult(PaymentResultKind.Rejected, null);
        }

        var due = payment.Status == PaymentStatus.NeedsReconciliation
            || (payment.Status == PaymentStatus.Confirming && payment.ConfirmStartedAtUtc < StaleBefore);
        if (!due)
        {
            return await CurrentAsync(payment, cancellationToken);
        }

        if (payment.PaymentKey is not { } key || !await payments.TryClaimConfirmAsync(payment.Id, key, UtcNow, StaleBefore, cancellationToken))
        {
            await db.Entry(payment).ReloadAsync(cancellationToken);
            return await CurrentAsync(payment, cancellationToken);
        }

        await db.Entry(payment).ReloadAsync(cancellationToken);
        var status = await CallAsync(() => gateway.GetStatusAsync(orderId, cancellationToken));
        if (status.Outcome == GatewayOutcome.Pending)
        {
            // Authorised at the gateway but never confirmed: confirm now, with the same idempotency key.
            status = await CallAsync(() => gateway.ConfirmAsync(key, orderId, payment.Amount, ConfirmKey(payment, key), cancellationToken));
        }
        else if (status.Outcome is GatewayOutcome.Declined or GatewayOutcome.Cancelled or GatewayOutcome.NotFound)
        {
            status = status with { Outcome = GatewayOutcome.NotFound };
        }

        var settled = await SettleAsync(payment, status, cancellationToken);
        LogReconciled(logger, orderId, payment.Status.ToString());
        return settled;
    }

    public async Task<int> ReconcileDueAsync(CancellationToken cancellationToken = default)
    {
        var due = await payments.ListInDoubtAsync(StaleBefore, 50, cancellationToken);
        var settled = 0;
        foreach (var orderId in due)
        {
            try
            {
                var result = await ReconcileAsync(orderId, cancellationToken);
                if (result.Kind != PaymentResultKind.InDoubt)
                {
                    settled++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReconcileFailed(logger, orderId, ex);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return settled;
    }

    public async Task<Payment> RefundAsync(long petitionId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var payment = await payments.GetByPetitionIdAsync(petitionId, cancellationToken)
            ?? throw new InvalidOperationException("The petition's fee was not paid online.");
        if (payment.Status == PaymentStatus.Refunded)
        {
            return payment;
        }

        if (payment.Status != PaymentStatus.Approved || payment.PaymentKey is null)
        {
            throw new InvalidOperationException($"A payment in status {payment.Status} cannot be refunded.");
        }

        var result = await CallAsync(() => gateway.RefundAsync(payment.PaymentKey, payment.Amount, reason, "refund-" + payment.Id.ToString("N"), cancellationToken));
        if (result.Outcome != GatewayOutcome.Cancelled)
        {
            throw new PaymentRefundException($"환불하지 못했습니다: {result.Message} ({result.Code})");
        }

        await db.Database.CreateExecutionStrategy().ExecuteAsync(() => RecordRefundAsync(payment, petitionId, reason, actor, cancellationToken));
        return payment;
    }

    private async Task RecordRefundAsync(Payment payment, long petitionId, string reason, string actor, CancellationToken cancellationToken)
    {
        var now = UtcNow;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var petition = await db.Petitions.FirstAsync(p => p.Id == petitionId, cancellationToken);
        payment.Status = PaymentStatus.Refunded;
        payment.RefundedAtUtc = now;
        payment.RefundReason = Truncate(reason, 500);
        payment.Touch(now);
        petition.FeeStatus = FeeStatus.Refunded;
        petition.ConcurrencyStamp = Guid.NewGuid();
        db.PetitionHistory.Add(new PetitionHistoryEntry
        {
            PetitionId = petition.Id,
            AtUtc = now,
            FromStatus = petition.Status,
            ToStatus = petition.Status,
            Actor = actor,
            Note = Truncate(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"수수료 {payment.Amount:N0}원 환불: {reason}"), 1000),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<PaymentResult> SettleAsync(Payment payment, GatewayPayment result, CancellationToken cancellationToken)
    {
        var now = UtcNow;
        switch (result.Outcome)
        {
            case GatewayOutcome.Approved when result.Amount is null || result.Amount == payment.Amount:
                return await CompleteAsync(payment, result, cancellationToken);
            case GatewayOutcome.Declined:
                payment.MarkFailed(PaymentStatus.Declined, result.Code, result.Message, now);
                break;
            case GatewayOutcome.Cancelled:
                payment.MarkFailed(PaymentStatus.Cancelled, result.Code, result.Message, now);
                break;
            case GatewayOutcome.NotFound:
                payment.MarkFailed(PaymentStatus.Failed, result.Code, result.Message ?? "결제가 완료되지 않았습니다.", now);
                break;
            case GatewayOutcome.Approved:
            case GatewayOutcome.Pending:
            case GatewayOutcome.Unknown:
                payment.MarkFailed(PaymentStatus.NeedsReconciliation, result.Code, result.Message, now);
                payment.ReconcileAttempts++;
                break;
        }

        await payments.SaveAsync(payment, cancellationToken);
        return new PaymentResult(payment.Status == PaymentStatus.NeedsReconciliation ? PaymentResultKind.InDoubt : PaymentResultKind.NotPaid, payment);
    }

    /// <summary>The gateway approved: receive the petition and mark the payment approved in one transaction.</summary>
    private async Task<PaymentResult> CompleteAsync(Payment payment, GatewayPayment result, CancellationToken cancellationToken)
    {
        var now = UtcNow;
        var draft = await drafts.GetAsync(payment.DraftId, cancellationToken);
        if (draft?.Published is null)
        {
            LogDraftMissing(logger, payment.OrderId);
            payment.MarkFailed(PaymentStatus.NeedsReconciliation, "DRAFT_MISSING", "결제는 완료되었으나 신청서를 찾을 수 없습니다.", now);
            await payments.SaveAsync(payment, cancellationToken);
            return new PaymentResult(PaymentResultKind.InDoubt, payment);
        }

        var type = draft.Published;
        var day = KoreanTime.Day(now);
        var record = await petitions.SubmitAsync(
            draft,
            () =>
            {
                var built = PetitionRecord.FromDraft(draft, type, now, day);
                built.RecordPayment(payment.OrderId, payment.Amount, result, now);
                return built;
            },
            day,
            petition => payment.MarkApproved(result, petition.Id, now),
            cancellationToken);
        return new PaymentResult(PaymentResultKind.Received, payment, record.ReceiptNumber);
    }

    /// <summary>
    /// One idempotency key per (order, payment attempt): a retried confirm of the same attempt is the same
    /// request, while a new attempt after a decline is a new one the gateway must not answer from memory.
    /// </summary>
    private static string ConfirmKey(Payment payment, string paymentKey) =>
        $"{payment.IdempotencyKey}-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(paymentKey)))[..16]}";

    /// <summary>The draft still waits for this payment: not submitted, every earlier step done, the same fee.</summary>
    private async Task<bool> StillPayableAsync(Payment payment, CancellationToken cancellationToken)
    {
        var draft = await drafts.GetAsync(payment.DraftId, cancellationToken);
        return draft?.Published is { } type && !draft.IsSubmitted && type.FeeKrw == payment.Amount
            && WizardFlow.CanOpen(draft, WizardStep.Payment);
    }

    private async Task<PaymentResult> ReceivedAsync(Payment payment, CancellationToken cancellationToken)
    {
        var number = await db.Petitions.AsNoTracking().Where(p => p.Id == payment.PetitionId).Select(p => p.ReceiptNumber).FirstOrDefaultAsync(cancellationToken);
        return new PaymentResult(PaymentResultKind.Received, payment, number);
    }

    private async Task<PaymentResult> CurrentAsync(Payment payment, CancellationToken cancellationToken) => payment.Status switch
    {
        PaymentStatus.Approved or PaymentStatus.Refunded => await ReceivedAsync(payment, cancellationToken),
        PaymentStatus.Confirming or PaymentStatus.NeedsReconciliation => new PaymentResult(PaymentResultKind.InDoubt, payment),
        PaymentStatus.Pending or PaymentStatus.Declined or PaymentStatus.Cancelled or PaymentStatus.Failed => new PaymentResult(PaymentResultKind.NotPaid, payment),
        _ => new PaymentResult(PaymentResultKind.NotPaid, payment),
    };

    /// <summary>A gateway that throws is a gateway that did not answer.</summary>
    private async Task<GatewayPayment> CallAsync(Func<Task<GatewayPayment>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException or IOException)
        {
            LogGatewayThrew(logger, ex);
            return GatewayPayment.Failure(GatewayOutcome.Unknown, "GATEWAY_ERROR", "결제사와 통신하지 못했습니다.");
        }
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment return for {OrderId} claimed amount {Claimed}, stored {Stored}: not confirmed")]
    private static partial void LogAmountMismatch(ILogger logger, string orderId, int? claimed, int stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment return for {OrderId}: the draft was submitted or changed since the order; not confirmed")]
    private static partial void LogNotPayable(ILogger logger, string orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled payment {OrderId}: {Status}")]
    private static partial void LogReconciled(ILogger logger, string orderId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling payment {OrderId} failed; will retry")]
    private static partial void LogReconcileFailed(ILogger logger, string orderId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Payment {OrderId} approved but its draft is gone; needs a refund by hand")]
    private static partial void LogDraftMissing(ILogger logger, string orderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment gateway call failed without an answer")]
    private static partial void LogGatewayThrew(ILogger logger, Exception exception);
}
