using Microsoft.AspNetCore.Mvc;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Payments;
using Petition.Web.Features.Payment;

namespace Petition.Web.Features.Apply;

/// <summary>Step 7 (수수료 결제): the amount comes from the petition type; the payment itself is in PaymentController.</summary>
public sealed partial class ApplyController
{
    private const string PayAtCounter = "counter";

    [HttpGet("{id:guid}/payment")]
    public Task<IActionResult> PaymentAsync(Guid id, [FromServices] IPaymentService payments, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Payment, async draft =>
        {
            var payment = draft.PaysFeeOnline ? await payments.FindByDraftAsync(draft.Id, cancellationToken) : null;
            if (payment is { IsInDoubt: true })
            {
                return Redirect(PaymentController.StatusUrl(payment.OrderId));
            }

            return View("Payment", PaymentModel(draft, payment));
        }, cancellationToken);

    [HttpPost("{id:guid}/payment")]
    public Task<IActionResult> PaymentAsync(Guid id, string? method, [FromServices] IPaymentService payments, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Payment, async draft =>
        {
            var existing = await payments.FindByDraftAsync(draft.Id, cancellationToken);
            if (existing is { IsInDoubt: true })
            {
                return Redirect(PaymentController.StatusUrl(existing.OrderId));
            }

            if (!draft.PaysFeeOnline || method == PayAtCounter)
            {
                if (!draft.MayPayAtCounter)
                {
                    ModelState.AddModelError(string.Empty, "이 민원은 수수료를 온라인으로 결제해야 합니다.");
                    return View("Payment", PaymentModel(draft, existing));
                }

                return await SubmitAsync(draft, cancellationToken);
            }

            var (payment, checkout) = await payments.StartAsync(draft, PaymentController.ReturnUrls(Request), cancellationToken);
            return checkout switch
            {
                null => Redirect(PaymentController.StatusUrl(payment.OrderId)),
                { RedirectUrl: { } url } => Redirect(url),
                _ => View("~/Features/Payment/Views/TossCheckout.cshtml", PaymentController.TossModel(this, checkout)),
            };
        }, cancellationToken);

    private PaymentViewModel PaymentModel(Draft draft, Core.Payments.Payment? payment)
    {
        var (problem, detail) = PaymentController.Explain(payment);
        return Page(new PaymentViewModel
        {
            FeeKrw = draft.FeeKrw,
            Department = draft.Published!.Department,
            Delivery = draft.EffectiveDelivery?.KoreanName(),
            DeliverySwitched = draft.DeliverySwitchedToInPerson,
            PaysOnline = draft.PaysFeeOnline,
            MayPayAtCounter = draft.MayPayAtCounter,
            Problem = problem,
            ProblemDetail = detail,
            IsRetry = problem is not null,
        }, draft, WizardStep.Payment);
    }
}
