namespace Petition.Core.Payments;

/// <summary>Where a fee payment stands.</summary>
public enum PaymentStatus
{
    /// <summary>The order exists; the citizen has not paid (or is on the gateway's page).</summary>
    Pending = 0,

    /// <summary>One request has claimed the order and is confirming it with the gateway.</summary>
    Confirming = 1,

    /// <summary>Confirmed by the gateway; the petition was received in the same transaction.</summary>
    Approved = 2,

    /// <summary>The card was declined; the citizen may try again.</summary>
    Declined = 3,

    /// <summary>The citizen cancelled on the payment page; they may try again.</summary>
    Cancelled = 4,

    /// <summary>The gateway reports no payment after reconciliation; the citizen may try again.</summary>
    Failed = 5,

    /// <summary>Our confirm did not get an answer (timeout, 5xx): the reconciliation job asks the gateway.</summary>
    NeedsReconciliation = 6,

    /// <summary>Refunded after approval (a rejected petition).</summary>
    Refunded = 7,
}

/// <summary>When the result is collected in person, where the fee is paid (per petition type).</summary>
public enum InPersonFeePayment
{
    /// <summary>Paid online in step 7 before the petition is received.</summary>
    Online = 0,

    /// <summary>Paid at the counter when the documents are collected; step 7 only explains it.</summary>
    Counter = 1,

    /// <summary>Online by default; the citizen may instead choose to pay at the counter.</summary>
    OnlineOrCounter = 2,
}

/// <summary>
/// The fee payment of one draft (수수료 결제). One order id per draft, reused for retries after a
/// decline or cancel, so a retried confirm can never be a second charge. The amount is copied from
/// the petition type when the order is created; nothing the browser sends changes it.
/// </summary>
public sealed class Payment
{
    public Guid Id { get; set; }

    public Guid DraftId { get; set; }

    /// <summary>The order id given to the gateway; unique.</summary>
    public required string OrderId { get; set; }

    public required string OrderName { get; set; }

    public int Amount { get; set; }

    public PaymentStatus Status { get; set; }

    /// <summary>The gateway that handles the order (<c>Demo</c>, <c>Toss</c>).</summary>
    public required string Provider { get; set; }

    /// <summary>Sent with every confirm call, so the gateway answers a retry with the first result.</summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>The gateway's key for the payment, from the return URL (checked by confirming it).</summary>
    public string? PaymentKey { get; set; }

    /// <summary>결제 수단 as the gateway reports it, e.g. "카드".</summary>
    public string? Method { get; set; }

    /// <summary>승인번호.</summary>
    public string? ApprovalNumber { get; set; }

    public string? CardNumberMasked { get; set; }

    public string? FailureCode { get; set; }

    public string? FailureMessage { get; set; }

    public long? PetitionId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public DateTime? ConfirmStartedAtUtc { get; set; }

    public DateTime? ApprovedAtUtc { get; set; }

    public int ReconcileAttempts { get; set; }

    public DateTime? RefundedAtUtc { get; set; }

    public string? RefundReason { get; set; }

    /// <summary>Optimistic concurrency token, renewed on every change.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    /// <summary>Whether the citizen may (again) be sent to the gateway's payment page.</summary>
    public bool CanStartAttempt => Status is PaymentStatus.Pending or PaymentStatus.Declined or PaymentStatus.Cancelled or PaymentStatus.Failed;

    /// <summary>The outcome is not known yet: the citizen sees "결제 확인 중".</summary>
    public bool IsInDoubt => Status is PaymentStatus.Confirming or PaymentStatus.NeedsReconciliation;

    public static Payment Create(Guid draftId, string orderName, int amount, string provider, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        DraftId = draftId,
        OrderId = "PT" + draftId.ToString("N"),
        OrderName = orderName,
        Amount = amount,
        Status = PaymentStatus.Pending,
        Provider = provider,
        IdempotencyKey = "confirm-" + draftId.ToString("N"),
        CreatedAtUtc = nowUtc,
        UpdatedAtUtc = nowUtc,
    };

    public void MarkApproved(GatewayPayment result, long petitionId, DateTime nowUtc)
    {
        Status = PaymentStatus.Approved;
        PaymentKey = result.PaymentKey ?? PaymentKey;
        Method = result.Method;
        ApprovalNumber = result.ApprovalNumber;
        CardNumberMasked = result.CardNumberMasked;
        ApprovedAtUtc = result.ApprovedAtUtc ?? nowUtc;
        FailureCode = FailureMessage = null;
        PetitionId = petitionId;
        Touch(nowUtc);
    }

    public void MarkFailed(PaymentStatus status, string? code, string? message, DateTime nowUtc)
    {
        Status = status;
        FailureCode = code;
        FailureMessage = message;
        Touch(nowUtc);
    }

    public void Touch(DateTime nowUtc)
    {
        UpdatedAtUtc = nowUtc;
        ConcurrencyStamp = Guid.NewGuid();
    }
}
