using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Auditing;
using Petition.Core.Catalog;
using Petition.Core.Workbench;
using Petition.Pki.Validation;
using Petition.Web.Features.Apply;
using Petition.Web.Features.Shared;
using Petition.Web.Features.Staff;

namespace Petition.Web.Features.Clerk;

/// <summary>
/// 민원 처리 업무 (clerk workbench): the queue of the clerk's department, a petition's detail with its evidence, the
/// audited RRN reveal, signature re-verification and the status transitions. Another department's petition is 404,
/// on every page and every post.
/// </summary>
[Route("clerk")]
[Authorize(Policy = StaffPolicies.Clerk)]
public sealed partial class ClerkController(
    IPetitionQueue queue,
    IPetitionWorkflow workflow,
    IPetitionTypeRepository types,
    ClerkPetitionReader reader,
    IAuthorizationService authorization,
    TimeProvider clock) : Controller
{
    public const int PageSize = 20;

    private const int RrnRevealMaxLength = 200;

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    private DateOnly Today => KoreanTime.Day(UtcNow);

    private StaffActor Actor => User.ToStaffActor(HttpContext.Connection.RemoteIpAddress?.ToString())
        ?? throw new InvalidOperationException("The Clerk policy admits staff only.");

    [HttpGet("")]
    public async Task<IActionResult> QueueAsync([FromQuery] QueueQuery query, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var actor = Actor;
        var filter = ParseFilter(query, actor);
        var visibleTypes = (await types.ListActiveAsync(cancellationToken))
            .Where(t => actor.MayAccess(t.Department))
            .Select(t => new Choice(t.Id.ToString(CultureInfo.InvariantCulture), t.Name))
            .ToList();
        var counts = await queue.CountByStatusAsync(actor.Scope, cancellationToken);
        var tabs = new List<StatusTab>
        {
            new("전체", counts.Values.Sum(), Url.Content("~/clerk") + query.ToQueryString(v => v["status"] = null), string.IsNullOrEmpty(query.Status)),
        };
        tabs.AddRange(Enum.GetValues<PetitionStatus>().Select(s => new StatusTab(
            s.KoreanName(), counts.GetValueOrDefault(s), "/clerk" + query.ToQueryString(v => v["status"] = s.ToString()),
            string.Equals(query.Status, s.ToString(), StringComparison.Ordinal))));

        Response.Headers.CacheControl = "no-store";
        if (!ModelState.IsValid || filter is null)
        {
            return View("Queue", new QueueViewModel { Query = query, Types = visibleTypes, Tabs = tabs, Scope = ScopeText(actor) });
        }

        var today = Today;
        var page = await queue.GetPageAsync(filter, string.IsNullOrEmpty(query.Cursor) ? null : query.Cursor, PageSize, today, cancellationToken);
        string? PageUrl(string? cursor) => cursor is null ? null : "/clerk" + query.ToQueryString(v => v["cursor"] = cursor);
        return View("Queue", new QueueViewModel
        {
            Query = query,
            Types = visibleTypes,
            Tabs = tabs,
            Scope = ScopeText(actor),
            Rows = page.Rows.Select(r => new QueueRowView(
                r.Id, r.ReceiptNumber, r.PetitionTypeName, r.ApplicantName, r.RrnMasked, r.Status,
                KoreanTime.Format(r.ReceivedAtUtc), KoreanTime.Format(r.DueDate), r.IsOverdue(today), r.Delivery.KoreanName(),
                IdentityShort(r.Identity), FeeShort(r.FeeKrw, r.FeeStatus))).ToList(),
            NextUrl = PageUrl(page.NextCursor),
            PreviousUrl = PageUrl(page.PreviousCursor),
        });
    }

    [HttpGet("petitions/{id:long}")]
    public async Task<IActionResult> DetailAsync(long id, string? notice, CancellationToken cancellationToken)
    {
        if (await AuthorizedAsync(id, cancellationToken) is not { } petition)
        {
            return NotFound();
        }

        var model = await DetailModelAsync(petition, cancellationToken);
        model.Notice = notice switch
        {
            "started" => "처리를 시작했습니다. 상태가 '처리중'으로 바뀌었습니다.",
            "supplement" => "보완을 요청했습니다. 민원인에게 안내가 발송됩니다.",
            "completed" => "처리를 완료했습니다.",
            "rejected" => "민원을 반려했습니다.",
            "reverified" => "전자서명을 지금 시점의 신뢰 목록과 폐지 목록으로 다시 검증했습니다. 결과는 아래 '전자서명 검증'에 있습니다.",
            _ => null,
        };
        return DetailView(model);
    }

    [HttpPost("petitions/{id:long}/rrn")]
    public async Task<IActionResult> RevealRrnAsync(long id, string? reason, [FromServices] IRrnProtector protector, [FromServices] IAuditLog audit, CancellationToken cancellationToken)
    {
        if (await AuthorizedAsync(id, cancellationToken) is not { } petition)
        {
            return NotFound();
        }

        ModelState.Clear();
        var actor = Actor;
        var trimmed = reason?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            this.AddOrderedModelError("RevealReason", "주민등록번호 전체를 보려는 사유를 입력해 주세요.");
        }
        else if (trimmed.Length > RrnRevealMaxLength)
        {
            this.AddOrderedModelError("RevealReason", string.Create(CultureInfo.InvariantCulture, $"열람 사유는 {RrnRevealMaxLength}자 이내로 입력해 주세요."));
        }

        var model = await DetailModelAsync(petition, cancellationToken);
        model.ActiveForm = "rrn";
        model.RevealReason = reason;
        if (!ModelState.IsValid)
        {
            return DetailView(model);
        }

        string digits;
        try
        {
            digits = protector.Unprotect(petition.RrnProtected).Digits;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            this.AddOrderedModelError(string.Empty, "저장된 주민등록번호를 복호화할 수 없습니다. 관리자에게 문의해 주세요.");
            return DetailView(model);
        }

        // The audit record is committed before the page carrying the full number is written.
        await audit.AppendAsync(new AuditRecord
        {
            AtUtc = UtcNow,
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            Action = AuditActions.RrnRevealed,
            TargetType = "Petition",
            TargetId = petition.ReceiptNumber,
            Reason = trimmed,
            IpAddress = actor.IpAddress,
        }, cancellationToken);
        model.RevealedRrn = $"{digits[..6]}-{digits[6..]}";
        model.RevealReason = null;
        return DetailView(model);
    }

    [HttpPost("petitions/{id:long}/reverify")]
    public async Task<IActionResult> ReverifyAsync(long id, [FromServices] SignatureReverifier reverifier, CancellationToken cancellationToken)
    {
        if (await AuthorizedAsync(id, cancellationToken) is not { } petition)
        {
            return NotFound();
        }

        if (await reverifier.ReverifyAsync(petition, Actor, cancellationToken) is null)
        {
            ModelState.Clear();
            this.AddOrderedModelError(string.Empty, "전자서명 없이 접수된 민원이어서 다시 검증할 서명이 없습니다.");
            return DetailView(await DetailModelAsync(petition, cancellationToken));
        }

        return Redirect($"/clerk/petitions/{id}?notice=reverified#signature");
    }

    [HttpPost("petitions/{id:long}/start")]
    public Task<IActionResult> StartAsync(long id, ActionInput input, CancellationToken cancellationToken) =>
        TransitionAsync(id, input, "start", "started", _ => null,
            (petition, actor) => workflow.StartProcessingAsync(petition.Id, input.Stamp, actor, cancellationToken), cancellationToken);

    [HttpPost("petitions/{id:long}/supplement")]
    public Task<IActionResult> SupplementAsync(long id, ActionInput input, CancellationToken cancellationToken) =>
        TransitionAsync(id, input, "supplement", "supplement",
            _ => StatusRules.RequiredText(input.SupplementRequest, "보완 요청 내용").Error is { } error ? [(nameof(input.SupplementRequest), error)] : null,
            (petition, actor) => workflow.RequestSupplementAsync(petition.Id, input.Stamp, actor, input.SupplementRequest ?? string.Empty, cancellationToken), cancellationToken);

    [HttpPost("petitions/{id:long}/reject")]
    public Task<IActionResult> RejectAsync(long id, ActionInput input, CancellationToken cancellationToken) =>
        TransitionAsync(id, input, "reject", "rejected",
            _ => StatusRules.RequiredText(input.RejectionReason, "반려 사유").Error is { } error ? [(nameof(input.RejectionReason), error)] : null,
            (petition, actor) => workflow.RejectAsync(petition.Id, input.Stamp, actor, input.RejectionReason ?? string.Empty, cancellationToken), cancellationToken);

    [HttpPost("petitions/{id:long}/complete")]
    public Task<IActionResult> CompleteAsync(long id, ActionInput input, CancellationToken cancellationToken)
    {
        DateOnly? mailedOn = null;
        return TransitionAsync(id, input, "complete", "completed", petition =>
        {
            var errors = new List<(string, string)>();
            if (StatusRules.OptionalNote(input.Note).Error is { } noteError)
            {
                errors.Add((nameof(input.Note), noteError));
            }

            if (petition.Delivery == DeliveryMethod.Postal)
            {
                if (!string.IsNullOrWhiteSpace(input.MailedOn))
                {
                    if (DateOnly.TryParseExact(input.MailedOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    {
                        mailedOn = day;
                    }
                    else
                    {
                        errors.Add((nameof(input.MailedOn), "우편 발송일은 2026-12-01 형식으로 입력해 주세요."));
                    }
                }

                if (string.IsNullOrWhiteSpace(input.MailedOn) || mailedOn is not null)
                {
                    if (StatusRules.MailedOnError(mailedOn, Today, KoreanTime.Day(petition.ReceivedAtUtc)) is { } dayError)
                    {
                        errors.Add((nameof(input.MailedOn), dayError));
                    }
                }

                if (StatusRules.PostalTrackingNumber(input.TrackingNumber).Error is { } trackingError)
                {
                    errors.Add((nameof(input.TrackingNumber), trackingError));
                }
            }
            else if (petition.Delivery == DeliveryMethod.InPerson
                && StatusRules.CounterIdentityError(petition.Identity, input.CounterIdentityChecked) is { } counterError)
            {
                errors.Add((nameof(input.CounterIdentityChecked), counterError));
            }

            return errors.Count == 0 ? null : errors;
        }, (petition, actor) => workflow.CompleteAsync(petition.Id, input.Stamp, actor, new CompletionDetails(
            input.Note,
            petition.Delivery == DeliveryMethod.Postal ? mailedOn : null,
            petition.Delivery == DeliveryMethod.Postal ? input.TrackingNumber : null,
            petition.Delivery == DeliveryMethod.InPerson && input.CounterIdentityChecked), cancellationToken), cancellationToken);
    }

    private async Task<IActionResult> TransitionAsync(
        long id, ActionInput input, string form, string notice,
        Func<PetitionRecord, List<(string Key, string Message)>?> validate,
        Func<PetitionRecord, StaffActor, Task<TransitionResult>> run,
        CancellationToken cancellationToken)
    {
        if (await AuthorizedAsync(id, cancellationToken) is not { } petition)
        {
            return NotFound();
        }

        ModelState.Clear();
        if (validate(petition) is { Count: > 0 } errors)
        {
            foreach (var (key, message) in errors)
            {
                this.AddOrderedModelError(key, message);
            }

            return await InputViewAsync(petition, input, form, cancellationToken);
        }

        var result = await run(petition, Actor);
        switch (result.Outcome)
        {
            case TransitionOutcome.Done:
                return Redirect($"/clerk/petitions/{id}?notice={notice}");
            case TransitionOutcome.NotFound:
                return NotFound();
            case TransitionOutcome.Conflict:
                return await ConflictViewAsync(await reader.FindAsync(id, cancellationToken) ?? petition, input, form, cancellationToken);
            case TransitionOutcome.NotAllowed:
            case TransitionOutcome.Invalid:
            default:
                this.AddOrderedModelError(string.Empty, result.Message ?? "이 처리를 할 수 없습니다.");
                return await InputViewAsync(await reader.FindAsync(id, cancellationToken) ?? petition, input, form, cancellationToken);
        }
    }

    private async Task<IActionResult> InputViewAsync(PetitionRecord petition, ActionInput input, string form, CancellationToken cancellationToken)
    {
        var model = await DetailModelAsync(petition, cancellationToken);
        input.Stamp = petition.ConcurrencyStamp;
        model.Input = input;
        model.ActiveForm = form;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return DetailView(model);
    }

    private async Task<IActionResult> ConflictViewAsync(PetitionRecord current, ActionInput input, string form, CancellationToken cancellationToken)
    {
        var model = await DetailModelAsync(current, cancellationToken);
        var typed = form switch
        {
            "supplement" => input.SupplementRequest,
            "reject" => input.RejectionReason,
            "complete" => string.Join(" · ", new[] { input.MailedOn, input.TrackingNumber, input.Note }.Where(v => !string.IsNullOrWhiteSpace(v))),
            _ => null,
        };
        input.Stamp = current.ConcurrencyStamp;
        model.Input = input;
        model.ActiveForm = form;
        model.Conflict = true;
        model.ConflictTyped = string.IsNullOrWhiteSpace(typed) ? null : typed;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return DetailView(model);
    }

    private ViewResult DetailView(DetailViewModel model)
    {
        Response.Headers.CacheControl = "no-store";
        return View("Detail", model);
    }

    /// <summary>The petition when it exists and the signed-in staff member may handle it (else null: 404).</summary>
    private async Task<PetitionRecord?> AuthorizedAsync(long id, CancellationToken cancellationToken)
    {
        var petition = await reader.FindAsync(id, cancellationToken);
        if (petition is null)
        {
            return null;
        }

        var allowed = await authorization.AuthorizeAsync(User, petition, PetitionDepartmentHandler.Handle);
        return allowed.Succeeded ? petition : null;
    }

    private QueueFilter? ParseFilter(QueueQuery query, StaffActor actor)
    {
        var filter = new QueueFilter { Department = actor.Scope };
        if (!string.IsNullOrEmpty(query.Type))
        {
            if (int.TryParse(query.Type, NumberStyles.None, CultureInfo.InvariantCulture, out var typeId))
            {
                filter = filter with { PetitionTypeId = typeId };
            }
            else
            {
                this.AddOrderedModelError("Type", "민원 종류를 목록에서 골라 주세요.");
            }
        }

        if (!string.IsNullOrEmpty(query.Status))
        {
            if (Enum.TryParse<PetitionStatus>(query.Status, ignoreCase: false, out var status) && Enum.IsDefined(status) && !char.IsAsciiDigit(query.Status[0]))
            {
                filter = filter with { Status = status };
            }
            else
            {
                this.AddOrderedModelError("Status", "처리 상태를 목록에서 골라 주세요.");
            }
        }

        DateOnly? Day(string? value, string key, string label)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                // Petitions exist only in this range; far-off years would also overflow the UTC bounds of a day.
                if (day.Year is >= 2000 and <= 2100)
                {
                    return day;
                }

                this.AddOrderedModelError(key, $"{label}은 2000년부터 2100년 사이의 날짜로 입력해 주세요.");
                return null;
            }

            this.AddOrderedModelError(key, $"{label}은 2026-12-01 형식으로 입력해 주세요.");
            return null;
        }

        var from = Day(query.From, "From", "접수일 시작");
        var to = Day(query.To, "To", "접수일 끝");
        if (from is not null && to is not null && from > to)
        {
            this.AddOrderedModelError("To", "접수일 끝은 시작일과 같거나 뒤여야 합니다.");
        }

        filter = filter with { ReceivedFrom = from, ReceivedTo = to };

        bool? YesNo(string? value, string key, string label)
        {
            switch (value)
            {
                case null or "":
                    return null;
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    this.AddOrderedModelError(key, $"{label}을(를) 목록에서 골라 주세요.");
                    return null;
            }
        }

        filter = filter with
        {
            Overdue = YesNo(query.Overdue, "Overdue", "처리 기한"),
            IdentityVerified = YesNo(query.Verified, "Verified", "본인 확인"),
            Paid = YesNo(query.Paid, "Paid", "수수료 결제"),
        };

        if (!string.IsNullOrEmpty(query.Delivery))
        {
            if (Enum.TryParse<DeliveryMethod>(query.Delivery, ignoreCase: false, out var delivery) && Enum.IsDefined(delivery) && !char.IsAsciiDigit(query.Delivery[0]))
            {
                filter = filter with { Delivery = delivery };
            }
            else
            {
                this.AddOrderedModelError("Delivery", "수령 방법을 목록에서 골라 주세요.");
            }
        }

        var name = query.Name?.Trim();
        if (!string.IsNullOrEmpty(name))
        {
            if (name.Length > 50)
            {
                this.AddOrderedModelError("Name", "신청인 성명은 50자 이내로 입력해 주세요.");
            }
            else
            {
                filter = filter with { ApplicantName = name };
            }
        }

        if (!string.IsNullOrEmpty(query.Sort))
        {
            if (Enum.TryParse<QueueSort>(query.Sort, ignoreCase: false, out var sort) && Enum.IsDefined(sort) && !char.IsAsciiDigit(query.Sort[0]))
            {
                filter = filter with { Sort = sort };
            }
            else
            {
                this.AddOrderedModelError("Sort", "정렬 순서를 목록에서 골라 주세요.");
            }
        }

        return ModelState.IsValid ? filter : null;
    }

    private async Task<DetailViewModel> DetailModelAsync(PetitionRecord petition, CancellationToken cancellationToken)
    {
        var today = Today;
        var mailing = petition.MailingAddress;
        var delivery = new List<SummaryRow> { new("수령 방법", petition.Delivery.KoreanName()) };
        if (petition.ChosenDelivery != petition.Delivery)
        {
            delivery.Add(new("처음 선택한 수령 방법", $"{petition.ChosenDelivery.KoreanName()} (공동인증서가 없어 방문 수령으로 바뀜)"));
        }

        if (mailing is not null)
        {
            delivery.Add(new("우편 받을 주소", mailing.OneLine));
        }

        if (petition.MailedOn is { } mailedOn)
        {
            delivery.Add(new("우편 발송일", KoreanTime.Format(mailedOn)));
        }

        if (petition.PostalTrackingNumber is not null)
        {
            delivery.Add(new("등기번호", StatusRules.FormatTrackingNumber(petition.PostalTrackingNumber)));
        }

        if (petition.CounterIdentityCheckedAtUtc is { } checkedAt)
        {
            delivery.Add(new("창구 본인 확인", $"{KoreanTime.Format(checkedAt)} · {petition.CounterIdentityCheckedBy}"));
        }

        if (petition.CompletedAtUtc is { } completedAt)
        {
            delivery.Add(new("처리 완료 일시", KoreanTime.Format(completedAt)));
        }

        var payment = new List<SummaryRow>
        {
            new("수수료", ApplyController.FeeText(petition.FeeKrw)),
            new("결제 상태", petition.FeeStatus switch
            {
                FeeStatus.NotRequired => "수수료 없음",
                FeeStatus.Paid => "온라인 결제 완료",
                FeeStatus.PayAtCounter => "창구에서 납부 예정 (미납)",
                FeeStatus.Refunded => "환불됨",
                _ => petition.FeeStatus.ToString(),
            }),
        };
        if (petition.PaymentMethod is not null)
        {
            payment.Add(new("결제 수단", petition.PaymentMethod));
        }

        if (petition.PaymentApprovalNumber is not null)
        {
            payment.Add(new("승인번호", petition.PaymentApprovalNumber));
        }

        if (petition.PaidAtUtc is { } paidAt)
        {
            payment.Add(new("결제 일시", KoreanTime.Format(paidAt)));
        }

        var address = petition.AddressDetail is null ? $"({petition.PostalCode}) {petition.Address}" : $"({petition.PostalCode}) {petition.Address} {petition.AddressDetail}";
        return new DetailViewModel
        {
            Petition = petition,
            Applicant =
            [
                new("성명", petition.ApplicantName),
                new("생년월일", petition.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                new("주소", address),
                new("연락처", petition.Phone ?? "(입력하지 않음)"),
                new("전자우편", petition.Email ?? "(입력하지 않음)"),
            ],
            Answers = [.. petition.Form.Fields.Select(f => new AnswerRow(f.Label, ApplyController.AnswerText(f, petition.Answers.GetValueOrDefault(f.Key))))],
            Delivery = delivery,
            Payment = payment,
            Identity = petition.Identity switch
            {
                IdentityVerification.NotRequired => "본인 확인이 필요 없는 민원",
                IdentityVerification.VerifiedBySignature => "공동인증서 전자서명으로 확인됨",
                IdentityVerification.CheckAtCounter => "미확인 · 방문 수령 시 창구에서 신분증으로 확인해야 함",
                _ => petition.Identity.ToString(),
            },
            History = [.. petition.History.OrderBy(h => h.AtUtc).ThenBy(h => h.Id)
                .Select(h => new HistoryRow(KoreanTime.Format(h.AtUtc), h.FromStatus?.KoreanName(), h.ToStatus.KoreanName(), h.Actor, h.Note))],
            Supplements = [.. petition.SupplementResponses.OrderBy(s => s.AtUtc).Select(s => new SupplementView(
                KoreanTime.Format(s.AtUtc), s.Request, s.Message,
                [.. petition.Form.Fields
                    .Where(f => !string.Equals(s.PreviousAnswers.GetValueOrDefault(f.Key), s.Answers.GetValueOrDefault(f.Key), StringComparison.Ordinal))
                    .Select(f => new AnswerRow(f.Label, $"{ApplyController.AnswerText(f, s.PreviousAnswers.GetValueOrDefault(f.Key))} → {ApplyController.AnswerText(f, s.Answers.GetValueOrDefault(f.Key))}"))],
                s.SignerSummary))],
            OriginalReport = petition.SignatureReportJson is { } json ? ReportViews.From("접수 시 검증", petition.ReceivedAtUtc, null, json) : null,
            Reverifications = [.. petition.Reverifications.OrderBy(v => v.AtUtc).ThenBy(v => v.Id)
                .Select((v, i) => ReportViews.From($"다시 검증 {i + 1}", v.AtUtc, v.Actor, v.ReportJson))],
            IssuedDocuments = await reader.IssuedDocumentsAsync(petition.Id, cancellationToken),
            Actions = [.. StatusRules.AllowedTargets(petition.Status).Where(to => !StatusRules.IsCitizenTransition(petition.Status, to))],
            Overdue = PetitionStatuses.IsOpen(petition.Status) && petition.DueDate < today,
            ReceivedAt = KoreanTime.Format(petition.ReceivedAtUtc),
            DueDate = KoreanTime.Format(petition.DueDate),
            Today = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Input = new ActionInput { Stamp = petition.ConcurrencyStamp },
        };
    }

    private static string ScopeText(StaffActor actor) => actor.IsAdmin ? "전체 부서" : actor.Department ?? "(부서 없음)";

    private static string IdentityShort(IdentityVerification identity) => identity switch
    {
        IdentityVerification.NotRequired => "불필요",
        IdentityVerification.VerifiedBySignature => "전자서명 확인",
        IdentityVerification.CheckAtCounter => "창구 확인 필요",
        _ => identity.ToString(),
    };

    private static string FeeShort(int fee, FeeStatus status) => status switch
    {
        FeeStatus.NotRequired => "없음",
        FeeStatus.Paid => string.Create(CultureInfo.InvariantCulture, $"{fee:N0}원 결제"),
        FeeStatus.PayAtCounter => string.Create(CultureInfo.InvariantCulture, $"{fee:N0}원 미납"),
        FeeStatus.Refunded => string.Create(CultureInfo.InvariantCulture, $"{fee:N0}원 환불"),
        _ => status.ToString(),
    };
}

/// <summary>Turns stored validation report JSON into what the detail page shows.</summary>
public static class ReportViews
{
    public static ReportView From(string title, DateTime atUtc, string? actor, string json)
    {
        ValidationReport report;
        try
        {
            report = ValidationReport.FromJson(json);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or Petition.Pki.PkiException or NotSupportedException)
        {
            return new ReportView(title, KoreanTime.Format(atUtc), actor, "UNKNOWN", null, "UNKNOWN", false,
                "저장된 검증 보고서를 읽을 수 없습니다.", null, null, null, [], [], [], null);
        }

        var reverified = report.Details.Contains(SignatureReverifier.IdentityNote);
        var message = reverified && report.Indication == Indication.TotalPassed
            ? "전자서명과 인증서 체인, 폐지 여부가 지금 시점의 신뢰 목록과 폐지 목록(CRL)으로 다시 확인되었습니다. 본인 확인(VID)은 접수 때의 결과를 따릅니다."
            : report.MessageKo;
        var content = report.Details.Contains(SignatureReverifier.RebuiltNote)
            ? "서명된 내용이 저장된 신청 기록으로 다시 만든 신청서와 바이트 단위로 같습니다."
            : report.Details.Contains(SignatureReverifier.OwnContentNote)
                ? "저장된 기록으로 원래 신청서를 똑같이 다시 만들 수 없어, 서명에 담긴 내용 자체에 대해 서명을 검증했습니다."
                : null;
        var identity = report.Identity is { } id
            ? $"{id.Result switch
            {
                Petition.Pki.Npki.VidCheckResult.Match => "일치 (서명자가 신청인 본인)",
                Petition.Pki.Npki.VidCheckResult.Mismatch => "불일치",
                _ => id.Result.ToString(),
            }}{(id.MaskedRrn is null ? string.Empty : $" · {id.MaskedRrn}")}"
            : reverified ? "다시 확인하지 않음 (R 값을 보관하지 않음)" : null;
        static string Time(DateTimeOffset t) => KoreanTime.Format(t.UtcDateTime);
        return new ReportView(
            title,
            KoreanTime.Format(atUtc),
            actor,
            report.Indication.ToEtsiName(),
            report.SubIndication?.ToEtsiName(),
            report.Outcome.ToEtsiName(),
            report.Accepted,
            message,
            report.SigningTime is { } signed ? Time(signed) : null,
            report.Signer is { } s ? $"{s.OwnerName} · {s.CaName} · {s.UsageKorean}" : null,
            identity,
            [.. report.Chain.Select(c => new ChainRow(
                c.Role switch { "SIGNER" => "서명자", "CA" => "인증기관", "TRUST_ANCHOR" => "최상위 인증기관", _ => c.Role },
                c.Subject, c.SerialNumber, $"{Time(c.NotBefore)} ~ {Time(c.NotAfter)}"))],
            [.. report.Revocation.Select(r => new RevocationRow(
                r.Subject, r.SerialNumber,
                r.Status switch { "GOOD" => "정상 (폐지되지 않음)", "REVOKED" => "폐지됨", "UNKNOWN" => "확인 불가", _ => r.Status },
                r.Kind, r.Source == "trust store" ? "포털 신뢰 목록" : r.Source,
                r.ThisUpdate is { } tu ? $"{Time(tu)} 발행{(r.NextUpdate is { } nu ? $", 다음 갱신 {Time(nu)}" : string.Empty)}" : null,
                r.RevocationTime is { } rt ? Time(rt) : null))],
            report.Details,
            content);
    }
}
