namespace Petition.Core.Payments;

/// <summary>What a gateway call concluded.</summary>
public enum GatewayOutcome
{
    /// <summary>The payment is done (confirmed, captured).</summary>
    Approved,

    /// <summary>The gateway refused: card declined, limit, invalid card, and so on. Nothing was charged.</summary>
    Declined,

    /// <summary>The payment was cancelled or refunded at the gateway.</summary>
    Cancelled,

    /// <summary>The gateway knows the order but it is not confirmed yet (the citizen is still paying).</summary>
    Pending,

    /// <summary>The gateway has no payment for the order.</summary>
    NotFound,

    /// <summary>No trustworthy answer (timeout, network, 5xx): the money may or may not have moved.</summary>
    Unknown,
}

/// <summary>The gateway's view of one payment.</summary>
public sealed record GatewayPayment(
    GatewayOutcome Outcome,
    string? PaymentKey = null,
    int? Amount = null,
    string? Method = null,
    string? ApprovalNumber = null,
    string? CardNumberMasked = null,
    DateTime? ApprovedAtUtc = null,
    string? Code = null,
    string? Message = null)
{
    public static GatewayPayment Failure(GatewayOutcome outcome, string code, string message) => new(outcome, Code: code, Message: message);
}

/// <summary>How the browser is sent to pay: a redirect (hosted page) or a client widget with its parameters.</summary>
public sealed record PaymentCheckout(string? RedirectUrl, IReadOnlyDictionary<string, string> WidgetParameters);

/// <summary>Where the gateway sends the browser back. Nothing on these URLs is trusted.</summary>
public sealed record PaymentReturnUrls(string SuccessUrl, string FailUrl);

/// <summary>
/// A card payment gateway. Implementations: the embedded demo gateway and the Toss Payments adapter.
/// Every call is safe to repeat: confirm and refund carry idempotency keys.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>The name stored with each payment (<c>Demo</c>, <c>Toss</c>).</summary>
    string Provider { get; }

    /// <summary>Registers the order (amount from our server) and says how the browser pays.</summary>
    Task<PaymentCheckout> PrepareAsync(Payment payment, PaymentReturnUrls urls, CancellationToken cancellationToken = default);

    /// <summary>Confirms (captures) the payment the browser authorised, for the amount we stored.</summary>
    Task<GatewayPayment> ConfirmAsync(string paymentKey, string orderId, int amount, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>What the gateway knows about the order: used by reconciliation.</summary>
    Task<GatewayPayment> GetStatusAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>Refunds the whole payment.</summary>
    Task<GatewayPayment> RefundAsync(string paymentKey, int amount, string reason, string idempotencyKey, CancellationToken cancellationToken = default);
}
