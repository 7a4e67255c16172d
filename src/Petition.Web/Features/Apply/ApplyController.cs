using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Payments;
using Petition.Web.Features.Shared;
using Petition.Web.Features.Signing;
using Petition.Web.Infrastructure;

namespace Petition.Web.Features.Apply;

/// <summary>The citizen's eight steps (민원 신청). Every answer is saved to the draft on each post.</summary>
[Route("apply")]
public sealed partial class ApplyController(
    IPetitionTypeRepository types,
    IDraftRepository drafts,
    IPetitionRepository petitions,
    IRrnProtector rrnProtector,
    IAuthorizationService authorization,
    DraftOwnerCookie owner,
    IOptions<DraftOptions> draftOptions,
    PortalPki portalPki,
    IPaymentService payments,
    IOptions<PortalPkiOptions> portalOptions,
    TimeProvider clock) : Controller
{
    private const string ReturnToReview = "review";

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    [HttpGet("")]
    public async Task<IActionResult> IndexAsync(CancellationToken cancellationToken)
    {
        var model = new SelectTypeViewModel
        {
            Step = WizardStep.SelectType,
            Types = await CardsAsync(cancellationToken),
            Resumable = await ResumableAsync(cancellationToken),
        };
        return View("SelectType", model);
    }

    [HttpPost("")]
    public async Task<IActionResult> StartAsync(int? petitionTypeId, [FromServices] Members.MemberDrafts memberDrafts, CancellationToken cancellationToken)
    {
        var type = petitionTypeId is { } id ? await types.GetAsync(id, cancellationToken) : null;
        if (type is null || !type.IsActive)
        {
            this.AddOrderedModelError("PetitionTypeId", "신청할 민원을 선택해 주세요.");
            return View("SelectType", new SelectTypeViewModel
            {
                Step = WizardStep.SelectType,
                Types = await CardsAsync(cancellationToken),
                Resumable = await ResumableAsync(cancellationToken),
            });
        }

        var lifetime = draftOptions.Value.Lifetime;
        var draft = Draft.Start(type, owner.EnsureHash(lifetime), UtcNow, lifetime);
        await memberDrafts.AttachAsync(draft); // a signed-in member's draft: 나의 민원, step 2 from the profile
        await drafts.AddAsync(draft, cancellationToken);
        return RedirectToStep(draft, WizardFlow.Next(draft, WizardStep.SelectType));
    }

    [HttpGet("{id:guid}")]
    public Task<IActionResult> Resume(Guid id, CancellationToken cancellationToken) =>
        WithDraftAsync(id, null, draft => Task.FromResult<IActionResult>(RedirectToStep(draft, WizardFlow.FirstOpen(draft))), cancellationToken);

    [HttpGet("{id:guid}/type")]
    public Task<IActionResult> SelectType(Guid id, string? returnTo, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.SelectType, async draft => View("SelectType", await SelectTypeModelAsync(draft, draft.PetitionTypeId, returnTo, cancellationToken)), cancellationToken);

    [HttpPost("{id:guid}/type")]
    public Task<IActionResult> SelectType(Guid id, int? petitionTypeId, string? returnTo, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.SelectType, async draft =>
        {
            var type = petitionTypeId is { } typeId ? await types.GetAsync(typeId, cancellationToken) : null;
            var changed = type is not null && type.Id != draft.PetitionTypeId;
            if (type is null || (changed && !type.IsActive))
            {
                this.AddOrderedModelError("PetitionTypeId", "신청할 민원을 선택해 주세요.");
                return View("SelectType", await SelectTypeModelAsync(draft, null, returnTo, cancellationToken));
            }

            // The same type again keeps the version the draft began with (even when it was edited or retired since).
            if (changed)
            {
                draft.ChangeType(type);
            }

            await SaveAsync(draft, cancellationToken);
            return changed ? RedirectToStep(draft, WizardStep.Applicant) : AfterSave(draft, WizardStep.SelectType, returnTo);
        }, cancellationToken);

    [HttpGet("{id:guid}/applicant")]
    public Task<IActionResult> Applicant(Guid id, string? returnTo, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Applicant, draft => Task.FromResult<IActionResult>(View(Page(new ApplicantViewModel
        {
            Name = draft.ApplicantName,
            StoredRrnMasked = draft.RrnMasked,
            PostalCode = draft.PostalCode,
            Address = draft.Address,
            AddressDetail = draft.AddressDetail,
            Phone = draft.Phone,
            Email = draft.Email,
            ReturnTo = returnTo,
        }, draft, WizardStep.Applicant))), cancellationToken);

    [HttpPost("{id:guid}/applicant")]
    public Task<IActionResult> Applicant(Guid id, ApplicantViewModel input, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Applicant, async draft =>
        {
            ModelState.Clear();
            var front = input.RrnFront?.Trim() ?? string.Empty;
            var back = input.RrnBack?.Trim() ?? string.Empty;
            var keepStored = front.Length == 0 && back.Length == 0 && draft.RrnProtected is not null;
            var rrnText = keepStored ? TryUnprotect(draft)?.Digits ?? string.Empty : front + back;
            var applicant = new ApplicantInput(input.Name, rrnText, input.PostalCode, input.Address, input.AddressDetail, input.Phone, input.Email);
            var errors = ApplicantValidator.Validate(applicant, out var rrn);
            foreach (var error in errors)
            {
                this.AddOrderedModelError(error.Key == "Rrn" ? (front.Length == 6 ? "RrnBack" : "RrnFront") : error.Key, error.Message);
            }

            if (errors.Count > 0)
            {
                input.RrnBack = null;
                input.StoredRrnMasked = draft.RrnMasked;
                return View(Page(input, draft, WizardStep.Applicant));
            }

            draft.SetApplicant(applicant, rrn!, rrnProtector);
            await SaveAsync(draft, cancellationToken);
            return AfterSave(draft, WizardStep.Applicant, input.ReturnTo);
        }, cancellationToken);

    [HttpGet("{id:guid}/form")]
    public Task<IActionResult> Form(Guid id, string? returnTo, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Form, draft => Task.FromResult<IActionResult>(
            View(FormModel(draft, draft.Answers.ToDictionary(a => a.Key, a => (string?)a.Value), returnTo))), cancellationToken);

    [HttpPost("{id:guid}/form")]
    public Task<IActionResult> Form(Guid id, [FromForm] Dictionary<string, string?>? answers, string? returnTo, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Form, async draft =>
        {
            ModelState.Clear();
            var submitted = answers ?? [];
            var (normalized, errors) = FormValidator.Validate(draft.Form, submitted);
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    this.AddOrderedModelError($"Answers[{error.Key}]", error.Message);
                }

                return View(FormModel(draft, submitted, returnTo));
            }

            draft.SetAnswers(normalized);
            await SaveAsync(draft, cancellationToken);
            return AfterSave(draft, WizardStep.Form, returnTo);
        }, cancellationToken);

    [HttpGet("{id:guid}/delivery")]
    public Task<IActionResult> Delivery(Guid id, string? returnTo, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Delivery, draft => Task.FromResult<IActionResult>(View(DeliveryModel(draft, new DeliveryViewModel
        {
            Method = draft.ChosenDelivery,
            MailSameAsApplicant = draft.MailSameAsApplicant,
            MailPostalCode = draft.MailPostalCode,
            MailAddress = draft.MailAddress,
            MailAddressDetail = draft.MailAddressDetail,
            ReturnTo = returnTo,
        }))), cancellationToken);

    [HttpPost("{id:guid}/delivery")]
    public Task<IActionResult> Delivery(Guid id, DeliveryViewModel input, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Delivery, async draft =>
        {
            ModelState.Clear();
            var allowed = draft.Published!.AllowedDeliveryMethods;
            if (input.Method is not { } method || !Enum.IsDefined(method) || !allowed.Allows(method))
            {
                this.AddOrderedModelError("Method", "수령 방법을 선택해 주세요.");
            }
            else if (method == DeliveryMethod.Postal && !input.MailSameAsApplicant)
            {
                var errors = new List<FieldError>();
                ApplicantValidator.AddAddressErrors(errors, input.MailPostalCode, input.MailAddress, input.MailAddressDetail, "Mail", "우편 받을 주소");
                foreach (var error in errors)
                {
                    this.AddOrderedModelError(error.Key, error.Message);
                }
            }

            if (!ModelState.IsValid)
            {
                return View(DeliveryModel(draft, input));
            }

            draft.SetDelivery(input.Method!.Value, input.MailSameAsApplicant, input.MailPostalCode, input.MailAddress, input.MailAddressDetail);
            await SaveAsync(draft, cancellationToken);
            return RedirectToStep(draft, WizardStep.Review);
        }, cancellationToken);

    [HttpGet("{id:guid}/review")]
    public Task<IActionResult> Review(Guid id, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Review, draft => Task.FromResult<IActionResult>(View(ReviewModel(draft))), cancellationToken);

    [HttpPost("{id:guid}/review")]
    public Task<IActionResult> ConfirmReview(Guid id, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Review, async draft =>
        {
            draft.ConfirmReview(UtcNow);
            await SaveAsync(draft, cancellationToken);
            return WizardFlow.SubmitStep(draft) == WizardStep.Review
                ? await SubmitAsync(draft, cancellationToken)
                : RedirectToStep(draft, WizardFlow.Next(draft, WizardStep.Review));
        }, cancellationToken);

    [HttpGet("{id:guid}/certificate")]
    public Task<IActionResult> Certificate(Guid id, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Certificate, draft => Task.FromResult<IActionResult>(View(CertificateModel(draft, draft.CertificateChoice))), cancellationToken);

    [HttpPost("{id:guid}/certificate")]
    public Task<IActionResult> Certificate(Guid id, CertificateChoice? choice, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Certificate, async draft =>
        {
            if (choice is not (CertificateChoice.NoCertificate or CertificateChoice.HasCertificate))
            {
                this.AddOrderedModelError("Choice", "공동인증서가 있는지 선택해 주세요.");
                return View(CertificateModel(draft, null));
            }

            if (choice == CertificateChoice.HasCertificate && !SigningAvailable)
            {
                this.AddOrderedModelError("Choice", "전자서명 신청은 아직 준비 중입니다. 공동인증서 없이 신청하고 창구에서 본인 확인을 받아 주세요.");
                return View(CertificateModel(draft, null));
            }

            draft.ChooseCertificate(choice.Value);
            try
            {
                await SaveAsync(draft, cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // A double click: another request stored this draft first. When it stored the same answer (or has
                // submitted it already), carry on with the stored draft: the submission below is idempotent, so
                // every click ends on the same receipt. Anything else shows the latest state (WithDraftAsync).
                if (!await drafts.ReloadAsync(draft, cancellationToken) || (!draft.IsSubmitted && draft.CertificateChoice != choice.Value))
                {
                    throw;
                }
            }

            return WizardFlow.SubmitStep(draft) == WizardStep.Certificate
                ? await SubmitAsync(draft, cancellationToken)
                : RedirectToStep(draft, WizardFlow.Next(draft, WizardStep.Certificate));
        }, cancellationToken);

    [HttpGet("{id:guid}/receipt")]
    public Task<IActionResult> Receipt(Guid id, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Complete, async draft =>
        {
            var petition = await petitions.GetByReceiptNumberAsync(draft.SubmittedReceiptNumber!, cancellationToken);
            if (petition is null)
            {
                return NotFound();
            }

            return View(Page(new ReceiptViewModel
            {
                ReceiptNumber = petition.ReceiptNumber,
                ReceivedAt = KoreanTime.Format(petition.ReceivedAtUtc),
                DueDate = KoreanTime.Format(petition.DueDate),
                Department = petition.Department,
                Delivery = petition.Delivery.KoreanName(),
                ApplicantName = petition.ApplicantName,
                RrnMasked = petition.RrnMasked,
                Identity = petition.Identity,
                FeeKrw = petition.FeeKrw,
                FeeStatus = petition.FeeStatus,
                DeliverySwitched = petition.Delivery != petition.ChosenDelivery,
                ProcessingDays = draft.Published?.ProcessingDays ?? 0,
                PaymentMethod = petition.PaymentMethod,
                ApprovalNumber = petition.PaymentApprovalNumber,
                PaidAt = petition.PaidAtUtc is { } paidAt ? KoreanTime.Format(paidAt) : null,
            }, draft, WizardStep.Complete));
        }, cancellationToken);

    private async Task<IActionResult> SubmitAsync(Draft draft, CancellationToken cancellationToken)
    {
        if (!draft.IsSubmitted)
        {
            var type = draft.Published!;
            var now = UtcNow;
            var today = KoreanTime.Day(now);
            await petitions.SubmitAsync(draft, () => PetitionRecord.FromDraft(draft, type, now, today), today, cancellationToken);
        }

        return RedirectToStep(draft, WizardStep.Complete);
    }

    /// <summary>
    /// Loads the draft, refuses anyone but its owner (404: an id that is not yours does not exist for you),
    /// explains expiry, and keeps the citizen on the steps they may open.
    /// </summary>
    private async Task<IActionResult> WithDraftAsync(Guid id, WizardStep? step, Func<Draft, Task<IActionResult>> action, CancellationToken cancellationToken)
    {
        var draft = await drafts.GetAsync(id, cancellationToken);
        if (draft is null || !(await authorization.AuthorizeAsync(User, draft, DraftOwnerHandler.Edit)).Succeeded)
        {
            return NotFound();
        }

        if (draft.IsExpired(UtcNow))
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return View("Expired", KoreanTime.Format(draft.ExpiresAtUtc));
        }

        // GET pages always come fresh from the draft; a re-rendered POST (validation errors) may be kept
        // by the browser so Back does not ask to resubmit the form.
        Response.Headers.CacheControl = HttpMethods.IsGet(Request.Method) ? "no-cache, no-store" : "private, no-cache";
        if (step is { } wanted && !WizardFlow.CanOpen(draft, wanted))
        {
            // Submitted drafts show their receipt; otherwise the first step still open.
            var target = WizardFlow.FirstOpen(draft);
            if (target == wanted)
            {
                return NotFound();
            }

            return RedirectToStep(draft, target);
        }

        if (!HttpMethods.IsGet(Request.Method) && step < WizardStep.Payment
            && await payments.FindByDraftAsync(draft.Id, cancellationToken) is { IsInDoubt: true } open)
        {
            // A payment is being confirmed for this petition as it stands: no edits until it settles.
            return Redirect(Payment.PaymentController.StatusUrl(open.OrderId));
        }

        try
        {
            return await action(draft);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another tab or node saved this draft first: show the latest state rather than overwrite it.
            return Redirect(StepUrl(draft.Id, step ?? WizardStep.SelectType) + "?changed=1");
        }
    }

    /// <summary>The stored RRN, or null when it can no longer be decrypted (the citizen types it again).</summary>
    private Petition.Core.Identity.Rrn? TryUnprotect(Draft draft)
    {
        try
        {
            return draft.RrnProtected is null ? null : rrnProtector.Unprotect(draft.RrnProtected);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private async Task SaveAsync(Draft draft, CancellationToken cancellationToken)
    {
        draft.UpdatedAtUtc = UtcNow;
        await drafts.SaveAsync(draft, cancellationToken);
    }

    private IActionResult AfterSave(Draft draft, WizardStep step, string? returnTo) =>
        returnTo == ReturnToReview && WizardFlow.CanOpen(draft, WizardStep.Review)
            ? RedirectToStep(draft, WizardStep.Review)
            : RedirectToStep(draft, WizardFlow.Next(draft, step));

    private RedirectResult RedirectToStep(Draft draft, WizardStep step) => Redirect(StepUrl(draft.Id, step));

    public static string StepUrl(Guid id, WizardStep step, string? returnTo = null)
    {
        var path = step switch
        {
            WizardStep.SelectType => "type",
            WizardStep.Applicant => "applicant",
            WizardStep.Form => "form",
            WizardStep.Delivery => "delivery",
            WizardStep.Review => "review",
            WizardStep.Certificate => "certificate",
            WizardStep.Signature => "signature",
            WizardStep.Payment => "payment",
            WizardStep.Complete => "receipt",
        };
        var url = $"/apply/{id}/{path}";
        return returnTo is null ? url : $"{url}?returnTo={Uri.EscapeDataString(returnTo)}";
    }

    private static string? PreviousUrl(Draft draft, WizardStep step)
    {
        if (step is WizardStep.SelectType or WizardStep.Complete)
        {
            return null;
        }

        var previous = step - 1;
        while (previous > WizardStep.SelectType && WizardFlow.IsSkipped(draft, previous))
        {
            previous--;
        }

        return StepUrl(draft.Id, previous);
    }

    private T Page<T>(T model, Draft draft, WizardStep step)
        where T : WizardPageViewModel
    {
        model.DraftId = draft.Id;
        model.Step = step;
        model.ExpiresAt = KoreanTime.Format(draft.ExpiresAtUtc);
        model.PetitionTypeName = draft.Published?.Name;
        model.BackUrl = PreviousUrl(draft, step);
        model.SkippedSteps = WizardFlow.Indicator(draft, step)
            .Select((state, index) => (state, number: index + 1))
            .Where(x => x.state == StepState.Skipped)
            .Select(x => x.number)
            .ToHashSet();
        return model;
    }

    private FormPageViewModel FormModel(Draft draft, IReadOnlyDictionary<string, string?> values, string? returnTo) =>
        Page(new FormPageViewModel
        {
            Fields = draft.Form.Fields.Select(f => new FormFieldViewModel { Definition = f, Value = values.GetValueOrDefault(f.Key) }).ToList(),
            ReturnTo = returnTo,
        }, draft, WizardStep.Form);

    private DeliveryViewModel DeliveryModel(Draft draft, DeliveryViewModel model)
    {
        model.Allowed = draft.Published!.AllowedDeliveryMethods.Each().ToList();
        model.ApplicantAddress = draft.ApplicantAddress?.OneLine;
        model.RequiresIdentityVerification = draft.NeedsIdentityVerification;
        return Page(model, draft, WizardStep.Delivery);
    }

    private CertificateViewModel CertificateModel(Draft draft, CertificateChoice? choice) =>
        Page(new CertificateViewModel
        {
            Choice = choice is CertificateChoice.Unanswered ? null : choice,
            SigningAvailable = SigningAvailable,
            AcceptedPolicyOids = draft.Published is null ? [] : AcceptedPolicies(draft),
            ChosenDelivery = draft.ChosenDelivery?.KoreanName(),
            ChosenInPerson = draft.ChosenDelivery == DeliveryMethod.InPerson,
            SubmitsHere = draft.FeeKrw == 0,
            FeeKrw = draft.FeeKrw,
            Department = draft.Published?.Department,
        }, draft, WizardStep.Certificate);

    private ReviewViewModel ReviewModel(Draft draft)
    {
        var type = draft.Published!;
        var review = ReturnToReview;
        var applicant = new List<SummaryRow>
        {
            new("성명", draft.ApplicantName ?? string.Empty, StepUrl(draft.Id, WizardStep.Applicant, review), "성명 변경"),
            new("주민등록번호", draft.RrnMasked ?? string.Empty, StepUrl(draft.Id, WizardStep.Applicant, review), "주민등록번호 변경"),
            new("주소", draft.ApplicantAddress?.OneLine ?? string.Empty, StepUrl(draft.Id, WizardStep.Applicant, review), "주소 변경"),
        };
        if (draft.Phone is not null)
        {
            applicant.Add(new("연락처", draft.Phone, StepUrl(draft.Id, WizardStep.Applicant, review), "연락처 변경"));
        }

        if (draft.Email is not null)
        {
            applicant.Add(new("전자우편", draft.Email, StepUrl(draft.Id, WizardStep.Applicant, review), "전자우편 변경"));
        }

        var answers = draft.Form.Fields
            .Select(f => new SummaryRow(f.Label, AnswerText(f, draft.Answers.GetValueOrDefault(f.Key)), StepUrl(draft.Id, WizardStep.Form, review) + "#" + $"Answers_{f.Key}_", $"{f.Label} 변경"))
            .ToList();
        var delivery = new List<SummaryRow>
        {
            new("수령 방법", draft.ChosenDelivery?.KoreanName() ?? string.Empty, StepUrl(draft.Id, WizardStep.Delivery, review), "수령 방법 변경"),
        };
        if (draft.ChosenMailingAddress is { } mailing)
        {
            delivery.Add(new("우편 받을 주소", mailing.OneLine, StepUrl(draft.Id, WizardStep.Delivery, review), "우편 받을 주소 변경"));
        }

        return Page(new ReviewViewModel
        {
            Sections =
            [
                new("신청 민원", [new("민원명", type.Name, StepUrl(draft.Id, WizardStep.SelectType, review), "민원 변경"),
                    new("수수료", FeeText(type.FeeKrw), null, null),
                    new("처리 기간", $"{type.ProcessingDays}일 (근무일 기준)", null, null)], null),
                new("신청인 기본사항", applicant, null),
                new("신청 내용", answers, null),
                new("수령 방법", delivery, null),
            ],
            SubmitsHere = WizardFlow.SubmitStep(draft) == WizardStep.Review,
            RequiresIdentityVerification = draft.NeedsIdentityVerification,
            FeeKrw = type.FeeKrw,
        }, draft, WizardStep.Review);
    }

    public static string FeeText(int feeKrw) =>
        feeKrw == 0 ? "없음 (무료)" : string.Create(CultureInfo.InvariantCulture, $"{feeKrw:N0}원");

    public static string AnswerText(FieldDefinition field, string? value) => field.Type switch
    {
        FieldType.Checkbox => value == FormValidator.CheckboxChecked ? "예" : "아니요",
        FieldType.Number when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) =>
            n.ToString("N0", CultureInfo.InvariantCulture),
        FieldType.Text or FieldType.MultilineText or FieldType.Number or FieldType.Date or FieldType.Select =>
            string.IsNullOrEmpty(value) ? "(입력하지 않음)" : value,
        _ => value ?? string.Empty,
    };

    private async Task<SelectTypeViewModel> SelectTypeModelAsync(Draft draft, int? selected, string? returnTo, CancellationToken cancellationToken) =>
        Page(new SelectTypeViewModel
        {
            Types = WithOwnVersion(await CardsAsync(cancellationToken), draft),
            PetitionTypeId = selected,
            ReturnTo = returnTo,
        }, draft, WizardStep.SelectType);

    private async Task<IReadOnlyList<PetitionTypeCard>> CardsAsync(CancellationToken cancellationToken) =>
        (await types.ListActiveAsync(cancellationToken)).Select(Card).ToList();

    private static PetitionTypeCard Card(PetitionType t) =>
        new(t.Id, t.Code, t.Name, t.Description, t.Department, t.FeeKrw, t.ProcessingDays,
            t.RequiresIdentityVerification, t.AllowedDeliveryMethods.Each().Select(m => m.KoreanName()).ToList());

    /// <summary>The draft's own type as the version it began with (listed even when retired since); the others as they are now.</summary>
    private static List<PetitionTypeCard> WithOwnVersion(IReadOnlyList<PetitionTypeCard> cards, Draft draft)
    {
        var list = cards.ToList();
        if (draft.Published is not { } own)
        {
            return list;
        }

        var at = list.FindIndex(c => c.Id == own.Id);
        if (at >= 0)
        {
            list[at] = Card(own);
        }
        else
        {
            list.Add(Card(own));
        }

        return list;
    }

    private async Task<IReadOnlyList<ResumableDraft>> ResumableAsync(CancellationToken cancellationToken)
    {
        if (owner.CurrentHash() is not { } hash)
        {
            return [];
        }

        var mine = await drafts.ListOpenByOwnerAsync(hash, UtcNow, 5, cancellationToken);
        return mine.Select(d => new ResumableDraft(d.Id, d.Published?.Name ?? string.Empty, KoreanTime.Format(d.UpdatedAtUtc), KoreanTime.Format(d.ExpiresAtUtc))).ToList();
    }
}
