using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Petition.Core.Applications;
using Petition.Core.Auditing;
using Petition.Core.Catalog;
using Petition.Core.Documents;
using Petition.Core.Payments;
using Petition.Core.Workbench;
using Petition.Infrastructure.Notifications;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Workbench;

/// <summary>Retries the refunds of rejected petitions whose online fee is still recorded as paid.</summary>
public interface IPendingRefunds
{
    /// <summary>Refunds up to <paramref name="max"/> rejected petitions still marked paid; returns how many were refunded.</summary>
    Task<int> RetryPendingRefundsAsync(int max = 20, CancellationToken cancellationToken = default);
}

/// <summary>
/// The status workflow over <see cref="PetitionDbContext"/>. Each transition is one transaction (inside the
/// provider's execution strategy) holding the status change, its history entry, its audit record and, for the
/// citizen-facing outcomes, the outbox e-mail. The clerk's <c>expectedStamp</c> and the petition's concurrency
/// token decide between two simultaneous actions; a repeated post of the action this actor just did answers
/// <see cref="TransitionOutcome.Done"/> without writing anything again.
/// </summary>
internal sealed partial class PetitionWorkflow(
    PetitionDbContext db,
    IAuditLog audit,
    PetitionEmailComposer composer,
    IPaymentService payments,
    IEnumerable<IDocumentIssuer> issuers,
    TimeProvider clock,
    ILogger<PetitionWorkflow> logger) : IPetitionWorkflow, IPendingRefunds
{
    /// <summary>The actor of automatic retries in history and audit.</summary>
    internal const string SystemActor = "민원마당 시스템";

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public Task<TransitionResult> StartProcessingAsync(long petitionId, Guid expectedStamp, StaffActor actor, CancellationToken cancellationToken = default) =>
        ResultOfAsync(RunAsync(petitionId, expectedStamp, Staff(actor), PetitionStatus.InProgress, (_, _) =>
            new Change(StatusRules.StartedNote, null), cancellationToken));

    public Task<TransitionResult> RequestSupplementAsync(long petitionId, Guid expectedStamp, StaffActor actor, string request, CancellationToken cancellationToken = default) =>
        ResultOfAsync(RunAsync(petitionId, expectedStamp, Staff(actor), PetitionStatus.SupplementRequested, (petition, now) =>
        {
            var (text, error) = StatusRules.RequiredText(request, "보완 요청 내용");
            if (error is not null)
            {
                return Change.Invalid(error);
            }

            petition.SupplementRequest = text;
            petition.SupplementRequestedAtUtc = now;
            return new Change(StatusRules.SupplementRequestedNote(text!), text);
        }, cancellationToken));

    public Task<TransitionResult> CompleteAsync(long petitionId, Guid expectedStamp, StaffActor actor, CompletionDetails details, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(details);
        return ResultOfAsync(RunAsync(
            petitionId, expectedStamp, Staff(actor), PetitionStatus.Completed, (petition, now) => Complete(petition, actor, details, now), cancellationToken));
    }

    public async Task<TransitionResult> RejectAsync(long petitionId, Guid expectedStamp, StaffActor actor, string reason, CancellationToken cancellationToken = default)
    {
        var (result, changed) = await RunAsync(petitionId, expectedStamp, Staff(actor), PetitionStatus.Rejected, (petition, now) =>
        {
            var (text, error) = StatusRules.RequiredText(reason, "반려 사유");
            if (error is not null)
            {
                return Change.Invalid(error);
            }

            petition.RejectionReason = text;
            return new Change(StatusRules.RejectedNote(text!), text);
        }, cancellationToken);

        // The refund runs after the rejection committed: a gateway that fails cannot undo the rejection.
        // A repeated post changes nothing; a refund still pending is the retry job's.
        if (changed && result.Petition is { FeeStatus: FeeStatus.Paid } rejected)
        {
            return await RefundAfterRejectionAsync(rejected, actor.DisplayName, actor.UserId, cancellationToken);
        }

        return result;
    }

    public Task<TransitionResult> RespondToSupplementAsync(long petitionId, Guid expectedStamp, SupplementAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return ResultOfAsync(RunAsync(petitionId, expectedStamp, Citizen, PetitionStatus.InProgress, (petition, now) =>
        {
            var (message, error) = StatusRules.RequiredText(answer.Message, "보완 내용", StatusRules.CitizenMessageMaxLength);
            if (error is not null)
            {
                return Change.Invalid(error);
            }

            var signed = petition.SignatureCms is not null || petition.Identity == IdentityVerification.VerifiedBySignature;
            if (signed && answer.SignatureCms is not { Length: > 0 })
            {
                return Change.Invalid("공동인증서로 서명해 접수한 민원입니다. 보완 내용도 공동인증서로 다시 서명해 제출해 주세요.");
            }

            var submitted = answer.Answers.ToDictionary(a => a.Key, a => (string?)a.Value, StringComparer.Ordinal);
            var (answers, errors) = FormValidator.Validate(petition.Form, submitted);
            if (errors.Count > 0)
            {
                return Change.Invalid(errors[0].Message);
            }

            db.SupplementResponses.Add(new SupplementResponse
            {
                PetitionId = petition.Id,
                AtUtc = now,
                Request = petition.SupplementRequest ?? string.Empty,
                Message = message!,
                PreviousAnswers = new Dictionary<string, string>(petition.Answers, StringComparer.Ordinal),
                Answers = answers,
                SignatureCms = answer.SignatureCms is { Length: > 0 } ? answer.SignatureCms : null,
                SignatureReportJson = answer.SignatureReportJson,
                SignerSummary = Truncate(answer.SignerSummary, 200),
            });
            petition.Answers = answers;
            return new Change(StatusRules.SupplementAnsweredNote(answer.SignatureCms is { Length: > 0 }), message);
        }, cancellationToken));
    }

    public async Task<int> RetryPendingRefundsAsync(int max = 20, CancellationToken cancellationToken = default)
    {
        var pending = await db.Petitions.AsNoTracking()
            .Where(p => p.Status == PetitionStatus.Rejected && p.FeeStatus == FeeStatus.Paid)
            .OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.RejectionReason })
            .Take(max)
            .ToListAsync(cancellationToken);
        var refunded = 0;
        foreach (var petition in pending)
        {
            try
            {
                await RefundAsync(petition.Id, petition.RejectionReason, SystemActor, null, cancellationToken);
                refunded++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefundRetryFailed(logger, petition.Id, ex);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return refunded;
    }

    private static Actor Staff(StaffActor actor) => new(actor.UserId, actor.DisplayName, actor.IpAddress, actor);

    private static Actor Citizen => new(null, StatusRules.CitizenActor, null, null);

    private Change Complete(PetitionRecord petition, StaffActor actor, CompletionDetails details, DateTime now)
    {
        var today = KoreanTime.Day(now);
        var (note, noteError) = StatusRules.OptionalNote(details.Note);
        var error = StatusRules.CompletionError(petition, details, today) ?? noteError;
        if (error is not null)
        {
            return Change.Invalid(error);
        }

        string? documentNumber = null;
        string reason;
        switch (petition.Delivery)
        {
            case DeliveryMethod.Online:
                if (issuers.LastOrDefault() is not { } issuer)
                {
                    return Change.Invalid("온라인 발급 기능이 설정되지 않아 문서를 발급할 수 없습니다. 관리자에게 문의해 주세요.");
                }

                documentNumber = DocumentNumber.New();
                IssuedDocument issued;
                try
                {
                    issued = issuer.Issue(petition, documentNumber, now);
                }
                catch (InvalidOperationException)
                {
                    // No institution key configured or loadable: the clerk is told, nothing is changed.
                    return Change.Invalid("기관 인증서를 불러올 수 없어 문서를 발급하지 못했습니다. 관리자에게 문의해 주세요.");
                }

                db.IssuedDocuments.Add(issued);
                reason = $"온라인 발급 (발급번호 {documentNumber})";
                break;
            case DeliveryMethod.Postal:
                petition.MailedOn = details.MailedOn;
                petition.PostalTrackingNumber = StatusRules.PostalTrackingNumber(details.PostalTrackingNumber).Digits;
                reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"우편 발송 {details.MailedOn:yyyy-MM-dd}, 등기번호 {petition.PostalTrackingNumber}");
                break;
            case DeliveryMethod.InPerson:
                if (details.CounterIdentityChecked)
                {
                    petition.CounterIdentityCheckedAtUtc = now;
                    petition.CounterIdentityCheckedBy = Truncate(actor.DisplayName, 100);
                }

                reason = details.CounterIdentityChecked ? "방문 수령, 창구 본인 확인" : "방문 수령";
                break;
            default:
                return Change.Invalid("수령 방법을 알 수 없는 민원입니다.");
        }

        petition.CompletedAtUtc = now;
        return new Change(StatusRules.CompletedNote(petition, documentNumber, note), note is null ? reason : $"{reason} / {note}")
        {
            DocumentNumber = documentNumber,
            ClerkNote = note,
        };
    }

    /// <summary>
    /// One transition in one transaction: load, scope, stamp, rule, the change itself, history, audit, outbox.
    /// </summary>
    private static async Task<TransitionResult> ResultOfAsync(Task<(TransitionResult Result, bool Changed)> run) => (await run).Result;

    /// <summary>
    /// One transition in one transaction; <c>Changed</c> is true only when this call wrote it (not for a
    /// repeated post or a refusal).
    /// </summary>
    private async Task<(TransitionResult Result, bool Changed)> RunAsync(
        long petitionId, Guid expectedStamp, Actor actor, PetitionStatus target, Func<PetitionRecord, DateTime, Change> apply, CancellationToken cancellationToken)
    {
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear(); // a retried attempt starts from what the database holds
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var petition = await db.Petitions.FirstOrDefaultAsync(p => p.Id == petitionId, ct);
                if (petition is null || (actor.Staff is { } staff && !staff.MayAccess(petition.Department)))
                {
                    return (new TransitionResult(TransitionOutcome.NotFound, StatusRules.NotFoundMessage), false);
                }

                if (petition.ConcurrencyStamp != expectedStamp)
                {
                    return (await AlreadyDoneAsync(petition, actor, target, ct)
                        ? new TransitionResult(TransitionOutcome.Done, null, petition)
                        : new TransitionResult(TransitionOutcome.Conflict, StatusRules.ConflictMessage, petition), false);
                }

                var from = petition.Status;
                var byCitizen = StatusRules.IsCitizenTransition(from, target);
                if (!StatusRules.CanTransition(from, target) || byCitizen != (actor.Staff is null))
                {
                    return (new TransitionResult(
                        TransitionOutcome.NotAllowed,
                        actor.Staff is null ? StatusRules.SupplementNotOpenMessage : StatusRules.NotAllowedMessage(from, target),
                        petition), false);
                }

                var now = UtcNow;
                var change = apply(petition, now);
                if (change.Error is not null)
                {
                    return (new TransitionResult(TransitionOutcome.Invalid, change.Error, petition), false);
                }

                petition.Status = target;
                petition.ConcurrencyStamp = Guid.NewGuid();
                var entry = new PetitionHistoryEntry
                {
                    PetitionId = petition.Id,
                    AtUtc = now,
                    FromStatus = from,
                    ToStatus = target,
                    Actor = Truncate(actor.Name, 100)!,
                    Note = Truncate(change.Note, 1000),
                };
                db.PetitionHistory.Add(entry);
                await db.SaveChangesAsync(ct); // the entry's id names the e-mail below

                await audit.AppendAsync(new AuditRecord
                {
                    AtUtc = now,
                    ActorId = actor.Id,
                    ActorName = actor.Name,
                    Action = AuditActions.StatusChanged,
                    TargetType = "Petition",
                    TargetId = petition.ReceiptNumber,
                    From = from.ToString(),
                    To = target.ToString(),
                    Reason = change.Reason,
                    IpAddress = actor.IpAddress,
                }, ct);

                if (composer.Compose(petition, entry, now, change.DocumentNumber, change.ClerkNote) is { } message)
                {
                    db.OutboxMessages.Add(message);
                    await db.SaveChangesAsync(ct);
                }

                await transaction.CommitAsync(ct);
                LogTransition(logger, petition.ReceiptNumber, from, target, actor.Name);
                return (new TransitionResult(TransitionOutcome.Done, null, petition), true);
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node's change won between our read and our write.
            db.ChangeTracker.Clear();
            return (new TransitionResult(TransitionOutcome.Conflict, StatusRules.ConflictMessage), false);
        }
    }

    /// <summary>
    /// Whether the stale stamp comes from this very actor's own earlier post of the same transition (a double
    /// click, a retried request): the petition is in the target status and the last status change was theirs.
    /// </summary>
    private async Task<bool> AlreadyDoneAsync(PetitionRecord petition, Actor actor, PetitionStatus target, CancellationToken cancellationToken)
    {
        if (petition.Status != target)
        {
            return false;
        }

        var last = await db.AuditRecords.AsNoTracking()
            .Where(a => a.Action == AuditActions.StatusChanged && a.TargetType == "Petition" && a.TargetId == petition.ReceiptNumber)
            .OrderByDescending(a => a.Id)
            .Select(a => new { a.To, a.ActorId, a.ActorName })
            .FirstOrDefaultAsync(cancellationToken);
        return last is not null && last.To == target.ToString() && last.ActorId == actor.Id
            && (actor.Id is not null || last.ActorName == actor.Name);
    }

    private async Task<TransitionResult> RefundAfterRejectionAsync(PetitionRecord rejected, string actorName, string actorId, CancellationToken cancellationToken)
    {
        try
        {
            var petition = await RefundAsync(rejected.Id, rejected.RejectionReason, actorName, actorId, cancellationToken);
            return new TransitionResult(TransitionOutcome.Done, null, petition ?? rejected);
        }
        catch (Exception ex)
        {
            // The rejection stands; the refund is retried by the reconciliation job (the petition stays "paid").
            LogRefundFailed(logger, rejected.ReceiptNumber, ex);
            db.ChangeTracker.Clear();
            db.PetitionHistory.Add(new PetitionHistoryEntry
            {
                PetitionId = rejected.Id,
                AtUtc = UtcNow,
                FromStatus = PetitionStatus.Rejected,
                ToStatus = PetitionStatus.Rejected,
                Actor = Truncate(actorName, 100)!,
                Note = StatusRules.RefundPendingNote(rejected.FeeKrw),
            });
            await db.SaveChangesAsync(CancellationToken.None);
            var current = await db.Petitions.AsNoTracking().FirstAsync(p => p.Id == rejected.Id, CancellationToken.None);
            return new TransitionResult(TransitionOutcome.Done, "반려했습니다. 수수료 환불은 결제사 응답이 없어 자동으로 다시 시도합니다.", current);
        }
    }

    /// <summary>The gateway refund (its own transaction in <see cref="IPaymentService"/>), then its audit record.</summary>
    private async Task<PetitionRecord?> RefundAsync(long petitionId, string? reason, string actorName, string? actorId, CancellationToken cancellationToken)
    {
        var payment = await payments.RefundAsync(petitionId, reason ?? "반려", actorName, cancellationToken);
        var petition = await db.Petitions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == petitionId, cancellationToken);
        await audit.AppendAsync(new AuditRecord
        {
            AtUtc = UtcNow,
            ActorId = actorId,
            ActorName = actorName,
            Action = AuditActions.FeeRefunded,
            TargetType = "Petition",
            TargetId = petition?.ReceiptNumber,
            Reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{payment.Amount:N0}원 환불 (주문번호 {payment.OrderId})"),
        }, cancellationToken);
        return petition;
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    /// <summary>Who acts: a staff member (<see cref="Staff"/> set) or the citizen.</summary>
    private sealed record Actor(string? Id, string Name, string? IpAddress, StaffActor? Staff);

    /// <summary>What a transition changed besides the status: the history note, the audit reason, e-mail details.</summary>
    private sealed record Change(string? Note, string? Reason)
    {
        public string? Error { get; init; }

        public string? DocumentNumber { get; init; }

        public string? ClerkNote { get; init; }

        public static Change Invalid(string error) => new(null, null) { Error = error };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Petition {ReceiptNumber}: {From} -> {To} by {Actor}")]
    private static partial void LogTransition(ILogger logger, string receiptNumber, PetitionStatus from, PetitionStatus to, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refund of rejected petition {ReceiptNumber} failed; left for the retry job")]
    private static partial void LogRefundFailed(ILogger logger, string receiptNumber, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying the refund of rejected petition {PetitionId} failed; will retry")]
    private static partial void LogRefundRetryFailed(ILogger logger, long petitionId, Exception exception);
}
