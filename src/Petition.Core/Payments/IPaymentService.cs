using Petition.Core.Applications;

namespace Petition.Core.Payments;

/// <summary>What the citizen sees after a confirm or a reconciliation.</summary>
public enum PaymentResultKind
{
    /// <summary>Paid, and the petition is received: show the receipt.</summary>
    Received,

    /// <summary>Not paid; the citizen may try again (declined, cancelled, failed).</summary>
    NotPaid,

    /// <summary>Not known yet: show "결제 확인 중".</summary>
    InDoubt,

    /// <summary>The return URL does not match the order (tampered amount, unknown order).</summary>
    Rejected,
}

public sealed record PaymentResult(PaymentResultKind Kind, Payment? Payment, string? ReceiptNumber = null);

/// <summary>
/// The fee payment flow: one order per draft, server-side confirmation with the stored amount, the
/// petition received in the same transaction as the approval, reconciliation of payments in doubt,
/// and refunds, all through <see cref="IPaymentGateway"/>.
/// </summary>
public interface IPaymentService
{
    /// <summary>Gets or creates the draft's order and prepares a new attempt at the gateway.</summary>
    Task<(Payment Payment, PaymentCheckout? Checkout)> StartAsync(Draft draft, PaymentReturnUrls urls, CancellationToken cancellationToken = default);

    Task<Payment?> FindByOrderIdAsync(string orderId, CancellationToken cancellationToken = default);

    Task<Payment?> FindByDraftAsync(Guid draftId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Handles the gateway's success redirect. The query is untrusted: the amount must equal the stored
    /// one, and only the gateway's answer to our confirm counts. Safe to call any number of times.
    /// </summary>
    Task<PaymentResult> ConfirmAsync(string orderId, string paymentKey, int? claimedAmount, CancellationToken cancellationToken = default);

    /// <summary>Records a failure redirect (decline, cancel) for a payment still pending.</summary>
    Task<Payment?> RecordFailureAsync(string orderId, string? code, string? message, CancellationToken cancellationToken = default);

    /// <summary>Asks the gateway about one payment in doubt and completes or fails it.</summary>
    Task<PaymentResult> ReconcileAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>Reconciles every payment in doubt (and stale confirms); returns how many were settled.</summary>
    Task<int> ReconcileDueAsync(CancellationToken cancellationToken = default);

    /// <summary>Refunds the fee of a received petition (a clerk's rejection), once; records it on both.</summary>
    Task<Payment> RefundAsync(long petitionId, string reason, string actor, CancellationToken cancellationToken = default);
}

/// <summary>A gateway refused or could not complete a refund.</summary>
public sealed class PaymentRefundException(string message) : Exception(message);
