using Petition.Core.Catalog;
using Petition.Core.Payments;

namespace Petition.Core.Applications;

/// <summary>Where a received petition stands (처리 상태).</summary>
public enum PetitionStatus
{
    /// <summary>접수.</summary>
    Received = 0,

    /// <summary>처리중.</summary>
    InProgress = 1,

    /// <summary>보완요청.</summary>
    SupplementRequested = 2,

    /// <summary>처리완료.</summary>
    Completed = 3,

    /// <summary>반려.</summary>
    Rejected = 4,
}

public static class PetitionStatusExtensions
{
    public static string KoreanName(this PetitionStatus status) => status switch
    {
        PetitionStatus.Received => "접수",
        PetitionStatus.InProgress => "처리중",
        PetitionStatus.SupplementRequested => "보완요청",
        PetitionStatus.Completed => "처리완료",
        PetitionStatus.Rejected => "반려",
        _ => status.ToString(),
    };
}

public static class PetitionStatuses
{
    /// <summary>Still being handled: neither completed nor rejected.</summary>
    public static bool IsOpen(PetitionStatus status) => status is not (PetitionStatus.Completed or PetitionStatus.Rejected);
}

/// <summary>One entry of a petition's history, shown to the citizen in tracking.</summary>
public sealed class PetitionHistoryEntry
{
    public long Id { get; set; }

    public long PetitionId { get; set; }

    public DateTime AtUtc { get; set; }

    public PetitionStatus? FromStatus { get; set; }

    public PetitionStatus ToStatus { get; set; }

    /// <summary>Who acted: "민원인" for the citizen, a staff member's name otherwise.</summary>
    public required string Actor { get; set; }

    public string? Note { get; set; }

    /// <summary>The first entry of every petition: received from the citizen, saying how identity was established.</summary>
    public static PetitionHistoryEntry Received(DateTime atUtc, IdentityVerification identity) => new()
    {
        AtUtc = atUtc,
        FromStatus = null,
        ToStatus = PetitionStatus.Received,
        Actor = "민원인",
        Note = identity switch
        {
            IdentityVerification.CheckAtCounter => "공동인증서 없이 신청: 방문 수령 시 창구에서 본인 확인",
            IdentityVerification.VerifiedBySignature => "공동인증서 전자서명으로 본인 확인 후 접수",
            _ => "온라인 신청 접수",
        },
    };
}

/// <summary>
/// A received petition (접수된 민원). Keeps a snapshot of the type's name, form and fee as the citizen
/// saw them, so later edits of the catalog never change what was filed.
/// </summary>
public sealed class PetitionRecord
{
    public long Id { get; set; }

    public required string ReceiptNumber { get; set; }

    public Guid DraftId { get; set; }

    /// <summary>
    /// The member who filed it (나의 민원); null for a non-member, and set to null when the member deletes the account
    /// (the petition itself is kept, as the records law requires).
    /// </summary>
    public string? MemberId { get; set; }

    public int PetitionTypeId { get; set; }

    public int PetitionTypeVersion { get; set; }

    public required string PetitionTypeName { get; set; }

    public required string Department { get; set; }

    public FormDefinition Form { get; set; } = new();

    public Dictionary<string, string> Answers { get; set; } = new(StringComparer.Ordinal);

    public required string ApplicantName { get; set; }

    public required string RrnProtected { get; set; }

    public required string RrnMasked { get; set; }

    public DateOnly BirthDate { get; set; }

    public required string PostalCode { get; set; }

    public required string Address { get; set; }

    public string? AddressDetail { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public DeliveryMethod Delivery { get; set; }

    /// <summary>What the citizen chose before the certificate check switched it (if it did).</summary>
    public DeliveryMethod ChosenDelivery { get; set; }

    public string? MailPostalCode { get; set; }

    public string? MailAddress { get; set; }

    public string? MailAddressDetail { get; set; }

    public IdentityVerification Identity { get; set; }

    public int FeeKrw { get; set; }

    public FeeStatus FeeStatus { get; set; }

    /// <summary>The gateway order the fee was paid with (online payment only).</summary>
    public string? PaymentOrderId { get; set; }

    /// <summary>결제 수단, e.g. "카드".</summary>
    public string? PaymentMethod { get; set; }

    /// <summary>승인번호.</summary>
    public string? PaymentApprovalNumber { get; set; }

    public DateTime? PaidAtUtc { get; set; }

    public PetitionStatus Status { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    /// <summary>Processing deadline (처리 기한), in Korean local date.</summary>
    public DateOnly DueDate { get; set; }

    /// <summary>The applicant's CMS SignedData over the petition document, kept as evidence.</summary>
    public byte[]? SignatureCms { get; set; }

    /// <summary>The validation report (ETSI EN 319 102-1 style JSON) made when the signature was received.</summary>
    public string? SignatureReportJson { get; set; }

    public string? SignerSummary { get; set; }

    /// <summary>What the clerk asked for in the open (or last) supplement request (보완요청 내용).</summary>
    public string? SupplementRequest { get; set; }

    public DateTime? SupplementRequestedAtUtc { get; set; }

    /// <summary>The reason given when the petition was rejected (반려 사유).</summary>
    public string? RejectionReason { get; set; }

    public DateTime? CompletedAtUtc { get; set; }

    /// <summary>Postal delivery: the day the result was mailed (Korean calendar day).</summary>
    public DateOnly? MailedOn { get; set; }

    /// <summary>Postal delivery: the registered mail number (등기번호).</summary>
    public string? PostalTrackingNumber { get; set; }

    /// <summary>In-person pickup: when the applicant's identity was checked at the counter.</summary>
    public DateTime? CounterIdentityCheckedAtUtc { get; set; }

    /// <summary>In-person pickup: who checked it.</summary>
    public string? CounterIdentityCheckedBy { get; set; }

    /// <summary>Optimistic concurrency token, renewed on every change.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<PetitionHistoryEntry> History { get; set; } = [];

    /// <summary>The citizen's answers to supplement requests, oldest first.</summary>
    public List<SupplementResponse> SupplementResponses { get; set; } = [];

    /// <summary>Later validations of the stored signature ("re-verify now"); the original report stays as it was.</summary>
    public List<SignatureVerification> Reverifications { get; set; } = [];

    /// <summary>The fee was paid online: the record keeps amount, method and approval number for the receipt.</summary>
    public void RecordPayment(string orderId, int amount, GatewayPayment paid, DateTime nowUtc)
    {
        FeeStatus = FeeStatus.Paid;
        PaymentOrderId = orderId;
        PaymentMethod = paid.Method;
        PaymentApprovalNumber = paid.ApprovalNumber;
        PaidAtUtc = paid.ApprovedAtUtc ?? nowUtc;
        if (History.FirstOrDefault() is { } first)
        {
            var note = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"수수료 {amount:N0}원 온라인 결제 (승인번호 {paid.ApprovalNumber})");
            first.Note = first.Note is { } before ? $"{before} / {note}" : note;
        }
    }

    public PostalAddress? MailingAddress =>
        MailPostalCode is null || MailAddress is null ? null : new PostalAddress(MailPostalCode, MailAddress, MailAddressDetail);

    /// <summary>Builds the record from a draft that is ready to submit; the receipt number is given later.</summary>
    public static PetitionRecord FromDraft(Draft draft, PetitionType type, DateTime nowUtc, DateOnly receivedLocalDate)
    {
        if (draft.ApplicantName is null || draft.RrnProtected is null || draft.RrnMasked is null
            || draft.BirthDate is null || draft.PostalCode is null || draft.Address is null
            || draft.EffectiveDelivery is not { } delivery || draft.ChosenDelivery is not { } chosen)
        {
            throw new InvalidOperationException("The draft is not complete.");
        }

        var mailing = draft.MailingAddress;
        var identity = !type.RequiresIdentityVerification ? IdentityVerification.NotRequired
            : draft.IsSigned ? IdentityVerification.VerifiedBySignature
            : IdentityVerification.CheckAtCounter;
        var record = new PetitionRecord
        {
            ReceiptNumber = string.Empty,
            DraftId = draft.Id,
            PetitionTypeId = type.Id,
            PetitionTypeVersion = draft.PetitionTypeVersion,
            PetitionTypeName = type.Name,
            Department = type.Department,
            Form = draft.Form,
            Answers = new Dictionary<string, string>(draft.Answers, StringComparer.Ordinal),
            ApplicantName = draft.ApplicantName,
            RrnProtected = draft.RrnProtected,
            RrnMasked = draft.RrnMasked,
            BirthDate = draft.BirthDate.Value,
            PostalCode = draft.PostalCode,
            Address = draft.Address,
            AddressDetail = draft.AddressDetail,
            Phone = draft.Phone,
            Email = draft.Email,
            Delivery = delivery,
            ChosenDelivery = chosen,
            MailPostalCode = mailing?.PostalCode,
            MailAddress = mailing?.Address,
            MailAddressDetail = mailing?.Detail,
            Identity = identity,
            FeeKrw = type.FeeKrw,
            FeeStatus = type.FeeKrw == 0 ? FeeStatus.NotRequired : FeeStatus.PayAtCounter,
            Status = PetitionStatus.Received,
            ReceivedAtUtc = nowUtc,
            DueDate = WorkingDays.Add(receivedLocalDate, type.ProcessingDays),
            SignatureCms = draft.SignatureCms,
            SignatureReportJson = draft.SignatureReportJson,
            SignerSummary = draft.SignerSummary,
        };
        record.History.Add(PetitionHistoryEntry.Received(nowUtc, identity));
        return record;
    }
}
