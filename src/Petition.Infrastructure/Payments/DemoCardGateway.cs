using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Petition.Core.Payments;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Payments;

public enum DemoOrderStatus
{
    /// <summary>Waiting for the citizen on the hosted page.</summary>
    Ready = 0,

    /// <summary>The card was accepted on the hosted page; waiting for the merchant's confirm.</summary>
    Authorized = 1,

    /// <summary>Confirmed: the money moved.</summary>
    Done = 2,

    Declined = 3,

    Canceled = 4,
}

/// <summary>The demo gateway's own record of an order. Kept in the database, so any node can serve any step.</summary>
public sealed class DemoGatewayOrder
{
    public required string OrderId { get; set; }

    public required string OrderName { get; set; }

    public int Amount { get; set; }

    public DemoOrderStatus Status { get; set; }

    public string? PaymentKey { get; set; }

    public string? CardNumberMasked { get; set; }

    public string? ApprovalNumber { get; set; }

    /// <summary>The test card that makes the merchant's confirm time out after the charge.</summary>
    public bool TimesOutOnConfirm { get; set; }

    /// <summary>How many times money moved for this order (a demo-only counter the tests read).</summary>
    public int ChargeCount { get; set; }

    public required string SuccessUrl { get; set; }

    public required string FailUrl { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? ApprovedAtUtc { get; set; }

    public DateTime? CanceledAtUtc { get; set; }
}

/// <summary>What the hosted page does after the citizen submits a card.</summary>
public sealed record DemoPageResult(string? RedirectUrl, string? Error);

/// <summary>
/// The embedded demo card gateway: a hosted payment page inside the portal (<c>/payments/demo/{orderId}</c>)
/// that behaves like a real one: authorise on its page, redirect back with paymentKey / orderId / amount,
/// capture only on the merchant's server-side confirm, answer repeated confirms with the first result.
/// </summary>
public sealed class DemoCardGateway(PetitionDbContext db, TimeProvider clock) : IPaymentGateway
{
    public const string Name = "Demo";

    /// <summary>Approves.</summary>
    public const string ApproveCard = "4242424242424242";

    /// <summary>Declined on the payment page (잔액 부족).</summary>
    public const string DeclineCard = "4000000000000002";

    /// <summary>Charged, but the merchant's confirm gets no answer: reconciliation completes it.</summary>
    public const string TimeoutCard = "4000000000000119";

    public string Provider => Name;

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public async Task<PaymentCheckout> PrepareAsync(Payment payment, PaymentReturnUrls urls, CancellationToken cancellationToken = default)
    {
        var order = await db.DemoGatewayOrders.FirstOrDefaultAsync(o => o.OrderId == payment.OrderId, cancellationToken);
        if (order is null)
        {
            db.DemoGatewayOrders.Add(new DemoGatewayOrder
            {
                OrderId = payment.OrderId,
                OrderName = payment.OrderName,
                Amount = payment.Amount,
                Status = DemoOrderStatus.Ready,
                SuccessUrl = urls.SuccessUrl,
                FailUrl = urls.FailUrl,
                CreatedAtUtc = UtcNow,
            });
        }
        else if (order.Status is DemoOrderStatus.Ready or DemoOrderStatus.Declined or DemoOrderStatus.Canceled)
        {
            // A new attempt on the same order after a decline or a cancel.
            order.Status = DemoOrderStatus.Ready;
            order.Amount = payment.Amount;
            order.PaymentKey = null;
            order.TimesOutOnConfirm = false;
            order.SuccessUrl = urls.SuccessUrl;
            order.FailUrl = urls.FailUrl;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A parallel request registered the order first; theirs is as good as ours.
            foreach (var entry in db.ChangeTracker.Entries<DemoGatewayOrder>().ToList())
            {
                entry.State = EntityState.Detached;
            }
        }

        return new PaymentCheckout($"/payments/demo/{Uri.EscapeDataString(payment.OrderId)}", new Dictionary<string, string>());
    }

    public Task<DemoGatewayOrder?> FindOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        db.DemoGatewayOrders.AsNoTracking().FirstOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);

    /// <summary>The hosted page's "결제" (pay) or "취소" (cancel) button. Double clicks settle on the first answer.</summary>
    public async Task<DemoPageResult> SubmitPageAsync(string orderId, string? cardNumber, bool cancel, CancellationToken cancellationToken = default)
    {
        var order = await FindOrderAsync(orderId, cancellationToken);
        if (order is null)
        {
            return new DemoPageResult(null, "결제 정보를 찾을 수 없습니다.");
        }

        if (order.Status is not DemoOrderStatus.Ready)
        {
            return AnswerFor(order);
        }

        var digits = new string((cardNumber ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (!cancel && digits.Length != 16)
        {
            return new DemoPageResult(null, "카드 번호 16자리를 입력해 주세요.");
        }

        if (!cancel && digits is not (ApproveCard or TimeoutCard or DeclineCard))
        {
            return new DemoPageResult(null, "데모 결제에서는 안내된 테스트 카드 번호만 사용할 수 있습니다.");
        }

        var ready = db.DemoGatewayOrders.Where(o => o.OrderId == orderId && o.Status == DemoOrderStatus.Ready);
        if (cancel || digits == DeclineCard)
        {
            var status = cancel ? DemoOrderStatus.Canceled : DemoOrderStatus.Declined;
            await ready.ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, status), cancellationToken);
        }
        else
        {
            // Only one click authorises: the update applies to a Ready order once.
            var key = "demo_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var masked = string.Concat(digits.AsSpan(0, 4), "-****-****-", digits.AsSpan(12));
            var timesOut = digits == TimeoutCard;
            await ready.ExecuteUpdateAsync(u => u
                .SetProperty(o => o.Status, DemoOrderStatus.Authorized)
                .SetProperty(o => o.PaymentKey, key)
                .SetProperty(o => o.CardNumberMasked, masked)
                .SetProperty(o => o.TimesOutOnConfirm, timesOut), cancellationToken);
        }

        return AnswerFor((await FindOrderAsync(orderId, cancellationToken))!);
    }

    private static DemoPageResult AnswerFor(DemoGatewayOrder order) => order.Status switch
    {
        DemoOrderStatus.Authorized or DemoOrderStatus.Done => new DemoPageResult(SuccessRedirect(order), null),
        DemoOrderStatus.Canceled => new DemoPageResult(FailRedirect(order, "PAY_PROCESS_CANCELED", "사용자가 결제를 취소하였습니다."), null),
        DemoOrderStatus.Declined => new DemoPageResult(FailRedirect(order, "REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족으로 결제에 실패했습니다."), null),
        DemoOrderStatus.Ready => new DemoPageResult(null, "결제하지 못했습니다. 다시 시도해 주세요."),
        _ => new DemoPageResult(null, "결제하지 못했습니다."),
    };

    public async Task<GatewayPayment> ConfirmAsync(string paymentKey, string orderId, int amount, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var order = await db.DemoGatewayOrders.AsNoTracking().FirstOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        if (order is null || order.PaymentKey != paymentKey)
        {
            return GatewayPayment.Failure(GatewayOutcome.Declined, "NOT_FOUND_PAYMENT_SESSION", "결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.");
        }

        if (order.Amount != amount)
        {
            return GatewayPayment.Failure(GatewayOutcome.Declined, "INVALID_REQUEST", "결제 금액이 일치하지 않습니다.");
        }

        if (order.Status == DemoOrderStatus.Authorized)
        {
            // Capture exactly once: only the request that moves Authorized -> Done charges.
            var approval = RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
            var now = UtcNow;
            await db.DemoGatewayOrders
                .Where(o => o.OrderId == orderId && o.Status == DemoOrderStatus.Authorized)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(o => o.Status, DemoOrderStatus.Done)
                    .SetProperty(o => o.ApprovalNumber, approval)
                    .SetProperty(o => o.ApprovedAtUtc, now)
                    .SetProperty(o => o.ChargeCount, o => o.ChargeCount + 1), cancellationToken);
            order = await db.DemoGatewayOrders.AsNoTracking().FirstAsync(o => o.OrderId == orderId, cancellationToken);
            if (order.TimesOutOnConfirm)
            {
                return GatewayPayment.Failure(GatewayOutcome.Unknown, "TIMEOUT", "결제 승인 응답을 받지 못했습니다.");
            }
        }

        return Describe(order);
    }

    public async Task<GatewayPayment> GetStatusAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var order = await db.DemoGatewayOrders.AsNoTracking().FirstOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        return order is null
            ? GatewayPayment.Failure(GatewayOutcome.NotFound, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")
            : Describe(order);
    }

    public async Task<GatewayPayment> RefundAsync(string paymentKey, int amount, string reason, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var now = UtcNow;
        await db.DemoGatewayOrders
            .Where(o => o.PaymentKey == paymentKey && o.Status == DemoOrderStatus.Done && o.Amount == amount)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, DemoOrderStatus.Canceled).SetProperty(o => o.CanceledAtUtc, now), cancellationToken);
        var order = await db.DemoGatewayOrders.AsNoTracking().FirstOrDefaultAsync(o => o.PaymentKey == paymentKey, cancellationToken);
        return order?.Status == DemoOrderStatus.Canceled
            ? Describe(order)
            : GatewayPayment.Failure(GatewayOutcome.Declined, "NOT_CANCELABLE_PAYMENT", "취소 할 수 없는 결제 입니다.");
    }

    private static GatewayPayment Describe(DemoGatewayOrder order) => order.Status switch
    {
        DemoOrderStatus.Done => new GatewayPayment(GatewayOutcome.Approved, order.PaymentKey, order.Amount, "카드", order.ApprovalNumber, order.CardNumberMasked, order.ApprovedAtUtc),
        DemoOrderStatus.Canceled when order.ApprovedAtUtc is not null =>
            new GatewayPayment(GatewayOutcome.Cancelled, order.PaymentKey, order.Amount, "카드", order.ApprovalNumber, order.CardNumberMasked, order.ApprovedAtUtc, "CANCELED", "취소된 결제입니다."),
        DemoOrderStatus.Canceled => GatewayPayment.Failure(GatewayOutcome.Cancelled, "PAY_PROCESS_CANCELED", "사용자가 결제를 취소하였습니다."),
        DemoOrderStatus.Declined => GatewayPayment.Failure(GatewayOutcome.Declined, "REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족으로 결제에 실패했습니다."),
        DemoOrderStatus.Ready or DemoOrderStatus.Authorized => new GatewayPayment(GatewayOutcome.Pending, order.PaymentKey, order.Amount),
        _ => GatewayPayment.Failure(GatewayOutcome.Unknown, "UNKNOWN", order.Status.ToString()),
    };

    private static string SuccessRedirect(DemoGatewayOrder order) =>
        AppendQuery(order.SuccessUrl, ("paymentKey", order.PaymentKey!), ("orderId", order.OrderId), ("amount", order.Amount.ToString(CultureInfo.InvariantCulture)));

    private static string FailRedirect(DemoGatewayOrder order, string code, string message) =>
        AppendQuery(order.FailUrl, ("code", code), ("message", message), ("orderId", order.OrderId));

    private static string AppendQuery(string url, params (string Key, string Value)[] query) =>
        url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?")
            + string.Join("&", query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}"));
}
