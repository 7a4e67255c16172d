using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Payments;
using Petition.Infrastructure.Payments;
using Petition.Web.Features.Apply;
using Petition.Web.Infrastructure;

namespace Petition.Web.Features.Payment;

public sealed class PaymentStatusViewModel : WizardPageViewModel
{
    public required string OrderId { get; init; }

    public int Amount { get; init; }

    public required string StatusText { get; init; }

    public string? LastCheckedAt { get; init; }
}

public sealed class TossCheckoutViewModel : WizardPageViewModel
{
    public required IReadOnlyDictionary<string, string> Widget { get; init; }
}

public sealed class DemoPayViewModel
{
    public required string OrderId { get; init; }

    public required string OrderName { get; init; }

    public int Amount { get; init; }

    public string? CardNumber { get; set; }

    public string? Error { get; set; }
}

/// <summary>
/// The payment's way back from the gateway (untrusted: nothing on the URL is believed until our server-side
/// confirm says so), the "결제 확인 중" status page, and the embedded demo gateway's hosted page.
/// </summary>
[Route("payments")]
public sealed class PaymentController(
    IPaymentService payments,
    IDraftRepository drafts,
    IAuthorizationService authorization) : Controller
{
    public static string StatusUrl(string orderId) => $"/payments/{Uri.EscapeDataString(orderId)}/status";

    public static PaymentReturnUrls ReturnUrls(HttpRequest request)
    {
        var origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
        return new PaymentReturnUrls($"{origin}/payments/return", $"{origin}/payments/fail");
    }

    /// <summary>The Korean explanation of a payment that did not go through.</summary>
    public static (string? Problem, string? Detail) Explain(Core.Payments.Payment? payment) => payment?.Status switch
    {
        PaymentStatus.Declined => ("카드사에서 결제를 승인하지 않았습니다. 다른 카드로 다시 결제해 주세요. 결제된 금액은 없습니다.", payment.FailureMessage),
        PaymentStatus.Cancelled => ("결제를 취소하셨습니다. 결제된 금액은 없습니다. 다시 결제할 수 있습니다.", null),
        PaymentStatus.Failed => ("결제가 완료되지 않았습니다. 결제된 금액은 없습니다. 다시 결제해 주세요.", payment.FailureMessage),
        _ => (null, null),
    };

    public static TossCheckoutViewModel TossModel(Controller controller, PaymentCheckout checkout)
    {
        // The Toss window needs its own script and frames; everything else stays 'self'.
        controller.Response.Headers.ContentSecurityPolicy =
            "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self' https://*.tosspayments.com; connect-src 'self' https://*.tosspayments.com; "
            + "frame-src https://*.tosspayments.com; frame-ancestors 'none'; form-action 'self' https://*.tosspayments.com";
        return new TossCheckoutViewModel { Step = WizardStep.Payment, Widget = checkout.WidgetParameters };
    }

    [HttpGet("return")]
    public async Task<IActionResult> ReturnAsync(string? paymentKey, string? orderId, string? amount, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(orderId) || string.IsNullOrEmpty(paymentKey) || paymentKey.Length > 200)
        {
            return NotFound();
        }

        var draft = await OwnDraftAsync(orderId, cancellationToken);
        if (draft is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-cache, no-store";
        int? claimed = int.TryParse(amount, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var result = await payments.ConfirmAsync(orderId, paymentKey, claimed, cancellationToken);
        return AfterResult(draft, result);
    }

    [HttpGet("fail")]
    public async Task<IActionResult> FailAsync(string? code, string? message, string? orderId, CancellationToken cancellationToken)
    {
        var draft = string.IsNullOrEmpty(orderId) ? null : await OwnDraftAsync(orderId, cancellationToken);
        if (draft is null)
        {
            return NotFound();
        }

        var payment = await payments.RecordFailureAsync(orderId!, code, message, cancellationToken);
        return payment is { IsInDoubt: true } ? Redirect(StatusUrl(payment.OrderId)) : Redirect(ApplyController.StepUrl(draft.Id, WizardStep.Payment));
    }

    [HttpGet("{orderId}/status")]
    public async Task<IActionResult> StatusAsync(string orderId, CancellationToken cancellationToken)
    {
        var draft = await OwnDraftAsync(orderId, cancellationToken);
        var payment = draft is null ? null : await payments.FindByOrderIdAsync(orderId, cancellationToken);
        if (draft is null || payment is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-cache, no-store";
        if (!payment.IsInDoubt)
        {
            return Redirect(ApplyController.StepUrl(draft.Id, payment.Status is PaymentStatus.Approved or PaymentStatus.Refunded ? WizardStep.Complete : WizardStep.Payment));
        }

        return View("Status", new PaymentStatusViewModel
        {
            DraftId = draft.Id,
            Step = WizardStep.Payment,
            PetitionTypeName = draft.Published?.Name,
            OrderId = payment.OrderId,
            Amount = payment.Amount,
            StatusText = payment.Status == PaymentStatus.Confirming ? "결제 승인 요청 중" : "결제 결과 확인 중",
            LastCheckedAt = KoreanTime.Format(payment.UpdatedAtUtc),
        });
    }

    /// <summary>"지금 다시 확인": asks the gateway now instead of waiting for the background job.</summary>
    [HttpPost("{orderId}/status")]
    public async Task<IActionResult> RecheckAsync(string orderId, CancellationToken cancellationToken)
    {
        var draft = await OwnDraftAsync(orderId, cancellationToken);
        if (draft is null)
        {
            return NotFound();
        }

        var result = await payments.ReconcileAsync(orderId, cancellationToken);
        return AfterResult(draft, result);
    }

    [HttpGet("demo/{orderId}")]
    public async Task<IActionResult> DemoAsync(string orderId, [FromServices] IOptions<PaymentOptions> options, [FromServices] IServiceProvider services, CancellationToken cancellationToken)
    {
        if (options.Value.Provider != PaymentProvider.Demo)
        {
            return NotFound();
        }

        var order = await services.GetRequiredService<DemoCardGateway>().FindOrderAsync(orderId, cancellationToken);
        if (order is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-cache, no-store";
        return View("Demo", new DemoPayViewModel { OrderId = order.OrderId, OrderName = order.OrderName, Amount = order.Amount });
    }

    [HttpPost("demo/{orderId}")]
    public async Task<IActionResult> DemoAsync(
        string orderId, string? cardNumber, string? action, [FromServices] IOptions<PaymentOptions> options, [FromServices] IServiceProvider services, CancellationToken cancellationToken)
    {
        if (options.Value.Provider != PaymentProvider.Demo)
        {
            return NotFound();
        }

        var gateway = services.GetRequiredService<DemoCardGateway>();
        var result = await gateway.SubmitPageAsync(orderId, cardNumber, action == "cancel", cancellationToken);
        if (result.RedirectUrl is { } url)
        {
            return Redirect(url);
        }

        var order = await gateway.FindOrderAsync(orderId, cancellationToken);
        if (order is null)
        {
            return NotFound();
        }

        ModelState.AddModelError("CardNumber", result.Error ?? "결제하지 못했습니다.");
        return View("Demo", new DemoPayViewModel { OrderId = order.OrderId, OrderName = order.OrderName, Amount = order.Amount, CardNumber = cardNumber, Error = result.Error });
    }

    private IActionResult AfterResult(Draft draft, PaymentResult result) => result.Kind switch
    {
        PaymentResultKind.Received => Redirect(ApplyController.StepUrl(draft.Id, WizardStep.Complete)),
        PaymentResultKind.InDoubt => Redirect(StatusUrl(result.Payment!.OrderId)),
        PaymentResultKind.NotPaid or PaymentResultKind.Rejected => Redirect(ApplyController.StepUrl(draft.Id, WizardStep.Payment)),
        _ => Redirect(ApplyController.StepUrl(draft.Id, WizardStep.Payment)),
    };

    /// <summary>The order's draft when it belongs to this browser; a stranger's order does not exist for them.</summary>
    private async Task<Draft?> OwnDraftAsync(string orderId, CancellationToken cancellationToken)
    {
        var payment = await payments.FindByOrderIdAsync(orderId, cancellationToken);
        var draft = payment is null ? null : await drafts.GetAsync(payment.DraftId, cancellationToken);
        return draft is not null && (await authorization.AuthorizeAsync(User, draft, DraftOwnerHandler.Edit)).Succeeded ? draft : null;
    }
}
