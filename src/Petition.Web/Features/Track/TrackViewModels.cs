using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Web.Features.Apply;

namespace Petition.Web.Features.Track;

/// <summary>The lookup form (신청 조회): receipt number, name and date of birth.</summary>
public sealed class TrackViewModel
{
    public string? ReceiptNumber { get; set; }

    public string? Name { get; set; }

    /// <summary>Date of birth, yyyy-MM-dd (the date input's value).</summary>
    public string? BirthDate { get; set; }

    /// <summary>The form is shown because a status page was opened without (or after the end of) access.</summary>
    public bool AccessNeeded { get; set; }

    /// <summary>The citizen just ended the lookup (조회 종료).</summary>
    public bool Ended { get; set; }

    /// <summary>The access lifetime in minutes, for the page's explanation.</summary>
    public int AccessMinutes { get; set; }
}

public sealed record TrackHistoryRow(string At, string Status, string Actor, string? Note);

/// <summary>The issued document of an online petition, as the status page lists it.</summary>
public sealed record TrackDocument(string DocumentNumber, string Title, string IssuedAt, string Url, string DownloadUrl);

/// <summary>What happens to a fee of a rejected petition.</summary>
public enum TrackRefund
{
    /// <summary>No fee was paid online (free, or to be paid at the counter).</summary>
    None = 0,

    /// <summary>Paid online; the refund is still being made.</summary>
    Pending = 1,

    /// <summary>Refunded.</summary>
    Refunded = 2,
}

/// <summary>The open supplement request and the citizen's answer form (보완 제출).</summary>
public sealed class SupplementFormModel
{
    public required string Request { get; init; }

    public string? RequestedAt { get; init; }

    public IReadOnlyList<FormFieldViewModel> Fields { get; init; } = [];

    public string? Message { get; init; }

    public Guid Stamp { get; init; }

    /// <summary>The petition was signed with a certificate: the answer is signed again.</summary>
    public bool RequiresSignature { get; init; }

    /// <summary>The signed path is offered (the portal's PKI is configured).</summary>
    public bool SigningAvailable { get; init; } = true;
}

/// <summary>The status page (GET /track/{접수번호}).</summary>
public sealed class TrackStatusViewModel
{
    public required string ReceiptNumber { get; init; }

    public required string PetitionTypeName { get; init; }

    public required string Department { get; init; }

    public PetitionStatus Status { get; init; }

    public string StatusName => Status.KoreanName();

    /// <summary>KRDS badge colour of the status.</summary>
    public string StatusBadge => Status switch
    {
        PetitionStatus.Completed => "bg-success",
        PetitionStatus.Rejected => "bg-danger",
        PetitionStatus.SupplementRequested => "bg-warning",
        PetitionStatus.InProgress => "bg-primary",
        PetitionStatus.Received => "bg-secondary",
        _ => "bg-primary",
    };

    /// <summary>One sentence on where the petition stands.</summary>
    public string StatusExplanation => Status switch
    {
        PetitionStatus.Received => "신청이 접수되어 담당자 배정을 기다리고 있습니다.",
        PetitionStatus.InProgress => "담당자가 신청 내용을 검토하고 있습니다.",
        PetitionStatus.SupplementRequested => "담당자가 보완을 요청했습니다. 아래 요청 내용을 확인하고 보완 서류를 제출해 주세요. 보완 서류를 제출하면 처리가 다시 진행됩니다.",
        PetitionStatus.Completed => "민원 처리가 완료되었습니다.",
        PetitionStatus.Rejected => "민원이 반려되었습니다. 아래 반려 사유를 확인해 주세요.",
        _ => string.Empty,
    };

    public required string ReceivedAt { get; init; }

    public required string DueDate { get; init; }

    public DeliveryMethod Delivery { get; init; }

    public required string DeliveryName { get; init; }

    public required string Fee { get; init; }

    public required string Identity { get; init; }

    public IdentityVerification IdentityCode { get; init; }

    public IReadOnlyList<TrackHistoryRow> History { get; init; } = [];

    public string? CompletedAt { get; init; }

    /// <summary>Online issuance: the issued document (null while there is none).</summary>
    public TrackDocument? Document { get; init; }

    /// <summary>Postal delivery: the mailing day.</summary>
    public string? MailedOn { get; init; }

    /// <summary>Postal delivery: the registered mail number, grouped.</summary>
    public string? PostalTrackingNumber { get; init; }

    public string? MailingAddress { get; init; }

    /// <summary>In-person pickup: when identity was checked at the counter (null when not recorded).</summary>
    public string? CounterIdentityCheckedAt { get; init; }

    public bool PayAtCounter { get; init; }

    public string? RejectionReason { get; init; }

    public TrackRefund Refund { get; init; }

    public string? FeeAmount { get; init; }

    /// <summary>While 보완요청: the request and the answer form.</summary>
    public SupplementFormModel? Supplement { get; init; }

    /// <summary>A success notice (e.g. the supplement was received).</summary>
    public string? Notice { get; init; }

    public int AccessMinutes { get; init; }
}

/// <summary>The signing page of a supplement of a signed petition (보완 제출서 전자서명).</summary>
public sealed class SupplementSignViewModel
{
    public required string ReceiptNumber { get; init; }

    public required string PetitionTypeName { get; init; }

    public bool Available { get; init; }

    public string? Failure { get; init; }

    public string? Document { get; init; }

    public string? Nonce { get; init; }

    public string? KmCertificate { get; init; }

    public IReadOnlyList<string> AcceptedPolicyOids { get; init; } = [];

    /// <summary>The answers and message being signed, posted again with the signature.</summary>
    public IReadOnlyDictionary<string, string> Answers { get; init; } = new Dictionary<string, string>();

    public string Message { get; init; } = string.Empty;

    public Guid Stamp { get; init; }
}
