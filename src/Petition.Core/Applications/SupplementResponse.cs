namespace Petition.Core.Applications;

/// <summary>
/// The citizen's answer to one supplement request (보완 제출): what they wrote, the form answers before and
/// after, and the new signature when the petition was signed. Kept as evidence beside the original.
/// </summary>
public sealed class SupplementResponse
{
    public long Id { get; set; }

    public long PetitionId { get; set; }

    public DateTime AtUtc { get; set; }

    /// <summary>The clerk's request this answers.</summary>
    public required string Request { get; set; }

    public required string Message { get; set; }

    /// <summary>The answers before the citizen changed them.</summary>
    public Dictionary<string, string> PreviousAnswers { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Answers { get; set; } = new(StringComparer.Ordinal);

    public byte[]? SignatureCms { get; set; }

    public string? SignatureReportJson { get; set; }

    public string? SignerSummary { get; set; }
}

/// <summary>One re-validation of a petition's stored signature against the trust store and CRLs of that moment.</summary>
public sealed class SignatureVerification
{
    public long Id { get; set; }

    public long PetitionId { get; set; }

    public DateTime AtUtc { get; set; }

    /// <summary>Who asked (staff display name).</summary>
    public required string Actor { get; set; }

    /// <summary>TOTAL_PASSED, TOTAL_FAILED or INDETERMINATE.</summary>
    public required string Indication { get; set; }

    public string? SubIndication { get; set; }

    public required string ReportJson { get; set; }
}
