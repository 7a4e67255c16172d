using Petition.Core.Applications;

namespace Petition.Core.Workbench;

public enum TransitionOutcome
{
    /// <summary>The transition happened (or had already happened: a repeated post changes nothing).</summary>
    Done = 0,

    /// <summary>Someone else changed the petition first (the stamp the clerk saw is stale).</summary>
    Conflict = 1,

    /// <summary>Not allowed from the petition's current status.</summary>
    NotAllowed = 2,

    /// <summary>No such petition, or not in the actor's department (shown as 404).</summary>
    NotFound = 3,

    /// <summary>Input missing or invalid (a reason, a tracking number, ...); <see cref="TransitionResult.Message"/> says which.</summary>
    Invalid = 4,
}

/// <summary>The result of a workbench action; <see cref="Message"/> is Korean, for the page.</summary>
public sealed record TransitionResult(TransitionOutcome Outcome, string? Message = null, PetitionRecord? Petition = null);

/// <summary>What a clerk records when completing a petition, by delivery method.</summary>
/// <param name="Note">An optional note for the citizen.</param>
/// <param name="MailedOn">Postal delivery: the mailing date (Korean calendar day).</param>
/// <param name="PostalTrackingNumber">Postal delivery: the registered mail number (등기번호).</param>
/// <param name="CounterIdentityChecked">In-person pickup: the applicant's identity was checked at the counter.</param>
public sealed record CompletionDetails(string? Note, DateOnly? MailedOn = null, string? PostalTrackingNumber = null, bool CounterIdentityChecked = false);

/// <summary>The citizen's answer to a supplement request (보완 제출), possibly signed again.</summary>
/// <param name="Answers">The form answers after the citizen's changes (the whole set).</param>
/// <param name="Message">What the citizen wrote to the clerk.</param>
/// <param name="SignatureCms">CMS SignedData over the supplemented petition document, when the petition was signed.</param>
/// <param name="SignatureReportJson">Its validation report.</param>
/// <param name="SignerSummary">Who signed, as shown to clerks.</param>
public sealed record SupplementAnswer(
    IReadOnlyDictionary<string, string> Answers, string Message, byte[]? SignatureCms = null, string? SignatureReportJson = null, string? SignerSummary = null);

/// <summary>
/// The status workflow: 접수 → 처리중 → 보완요청 → (citizen answers) 처리중 → 처리완료 | 반려. Every
/// transition is one transaction with its history entry, audit record and, where it concerns the
/// citizen, an outbox e-mail; the expected concurrency stamp makes two clerks' simultaneous actions
/// resolve to one winner (the other gets <see cref="TransitionOutcome.Conflict"/>).
/// </summary>
public interface IPetitionWorkflow
{
    /// <summary>접수 → 처리중.</summary>
    Task<TransitionResult> StartProcessingAsync(long petitionId, Guid expectedStamp, StaffActor actor, CancellationToken cancellationToken = default);

    /// <summary>처리중 → 보완요청 with what is needed; the citizen is notified.</summary>
    Task<TransitionResult> RequestSupplementAsync(long petitionId, Guid expectedStamp, StaffActor actor, string request, CancellationToken cancellationToken = default);

    /// <summary>처리중 → 처리완료: issues the document (online), or records mailing / counter pickup.</summary>
    Task<TransitionResult> CompleteAsync(long petitionId, Guid expectedStamp, StaffActor actor, CompletionDetails details, CancellationToken cancellationToken = default);

    /// <summary>접수 | 처리중 | 보완요청 → 반려 with a reason; a fee paid online is refunded.</summary>
    Task<TransitionResult> RejectAsync(long petitionId, Guid expectedStamp, StaffActor actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>보완요청 → 처리중: the citizen's answer from tracking.</summary>
    Task<TransitionResult> RespondToSupplementAsync(long petitionId, Guid expectedStamp, SupplementAnswer answer, CancellationToken cancellationToken = default);
}
