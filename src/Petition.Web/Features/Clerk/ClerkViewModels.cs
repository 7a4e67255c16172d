using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Workbench;

namespace Petition.Web.Features.Clerk;

/// <summary>The queue's GET form, exactly as the query string carries it (parsed by the controller with Korean errors).</summary>
public sealed class QueueQuery
{
    public string? Type { get; set; }

    public string? Status { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public string? Overdue { get; set; }

    public string? Verified { get; set; }

    public string? Delivery { get; set; }

    public string? Paid { get; set; }

    public string? Name { get; set; }

    public string? Sort { get; set; }

    public string? Cursor { get; set; }

    /// <summary>The query string of these filters (no cursor), with <paramref name="change"/> applied.</summary>
    public string ToQueryString(Action<Dictionary<string, string?>>? change = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["type"] = Type,
            ["status"] = Status,
            ["from"] = From,
            ["to"] = To,
            ["overdue"] = Overdue,
            ["verified"] = Verified,
            ["delivery"] = Delivery,
            ["paid"] = Paid,
            ["name"] = Name,
            ["sort"] = Sort,
        };
        change?.Invoke(values);
        var parts = values.Where(v => !string.IsNullOrEmpty(v.Value))
            .Select(v => $"{Uri.EscapeDataString(v.Key)}={Uri.EscapeDataString(v.Value!)}");
        var query = string.Join('&', parts);
        return query.Length == 0 ? string.Empty : "?" + query;
    }
}

public sealed record Choice(string Value, string Text);

public sealed record StatusTab(string Text, int Count, string Url, bool Current);

public sealed record QueueRowView(
    long Id, string ReceiptNumber, string PetitionTypeName, string ApplicantName, string RrnMasked, PetitionStatus Status,
    string ReceivedAt, string DueDate, bool Overdue, string Delivery, string Identity, string Fee);

public sealed class QueueViewModel
{
    public required QueueQuery Query { get; init; }

    public required IReadOnlyList<Choice> Types { get; init; }

    public required IReadOnlyList<StatusTab> Tabs { get; init; }

    public IReadOnlyList<QueueRowView> Rows { get; init; } = [];

    public string? NextUrl { get; init; }

    public string? PreviousUrl { get; init; }

    public string Scope { get; init; } = string.Empty;

    public static IReadOnlyList<Choice> Statuses { get; } =
        [.. Enum.GetValues<PetitionStatus>().Select(s => new Choice(s.ToString(), s.KoreanName()))];

    public static IReadOnlyList<Choice> Deliveries { get; } =
        [.. Enum.GetValues<DeliveryMethod>().Select(d => new Choice(d.ToString(), d.KoreanName()))];

    public static IReadOnlyList<Choice> Sorts { get; } =
    [
        new(nameof(QueueSort.ReceivedNewest), "접수일 최신순"),
        new(nameof(QueueSort.ReceivedOldest), "접수일 오래된순"),
        new(nameof(QueueSort.DueSoonest), "처리 기한 임박순"),
    ];
}

public sealed record SummaryRow(string Label, string? Value);

public sealed record AnswerRow(string Label, string Value);

public sealed record HistoryRow(string At, string? From, string To, string Actor, string? Note);

/// <summary>One validation report made readable: ETSI indication, Korean explanation, chain and revocation evidence.</summary>
public sealed record ReportView(
    string Title, string At, string? Actor, string Indication, string? SubIndication, string Outcome, bool Passed, string MessageKo,
    string? SigningTime, string? Signer, string? Identity, IReadOnlyList<ChainRow> Chain, IReadOnlyList<RevocationRow> Revocation,
    IReadOnlyList<string> Details, string? ContentChecked);

public sealed record ChainRow(string Role, string Subject, string Serial, string Validity);

public sealed record RevocationRow(string Subject, string Serial, string Status, string Kind, string Source, string? Updates, string? Revoked);

public sealed record SupplementView(string At, string Request, string Message, IReadOnlyList<AnswerRow> Changes, string? Signer);

/// <summary>What the clerk typed into the action forms (kept on a conflict or an error).</summary>
public sealed class ActionInput
{
    public Guid Stamp { get; set; }

    public string? SupplementRequest { get; set; }

    public string? RejectionReason { get; set; }

    public string? Note { get; set; }

    public string? MailedOn { get; set; }

    public string? TrackingNumber { get; set; }

    public bool CounterIdentityChecked { get; set; }
}

public sealed class DetailViewModel
{
    public required PetitionRecord Petition { get; init; }

    public required IReadOnlyList<SummaryRow> Applicant { get; init; }

    public required IReadOnlyList<AnswerRow> Answers { get; init; }

    public required IReadOnlyList<SummaryRow> Delivery { get; init; }

    public required IReadOnlyList<SummaryRow> Payment { get; init; }

    public required string Identity { get; init; }

    public required IReadOnlyList<HistoryRow> History { get; init; }

    public required IReadOnlyList<SupplementView> Supplements { get; init; }

    public ReportView? OriginalReport { get; init; }

    public IReadOnlyList<ReportView> Reverifications { get; init; } = [];

    public IReadOnlyList<string> IssuedDocuments { get; init; } = [];

    public required IReadOnlyList<PetitionStatus> Actions { get; init; }

    public bool Overdue { get; init; }

    public string ReceivedAt { get; init; } = string.Empty;

    public string DueDate { get; init; } = string.Empty;

    public string Today { get; init; } = string.Empty;

    public ActionInput Input { get; set; } = new();

    /// <summary>Which form the input and errors belong to ("start", "supplement", "complete", "reject", "rrn").</summary>
    public string? ActiveForm { get; set; }

    public string? Notice { get; set; }

    /// <summary>Another clerk changed the petition first; the page shows the current state.</summary>
    public bool Conflict { get; set; }

    /// <summary>The typed text quoted in the conflict notice when its form is no longer offered.</summary>
    public string? ConflictTyped { get; set; }

    /// <summary>The full RRN, shown once right after an audited reveal.</summary>
    public string? RevealedRrn { get; set; }

    public string? RevealReason { get; set; }

    public bool CanReverify => Petition.SignatureCms is { Length: > 0 };
}
