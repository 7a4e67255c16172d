using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Web.Features.Shared;

namespace Petition.Web.Features.Apply;

/// <summary>What every wizard page shows around its form: the steps, the draft's expiry.</summary>
public abstract class WizardPageViewModel
{
    public Guid? DraftId { get; set; }

    public WizardStep Step { get; set; }

    public StepIndicatorViewModel Steps => new(Step.Number(), WizardStepExtensions.StepLabels, SkippedSteps);

    /// <summary>Numbers of the steps this draft skips (set from <see cref="WizardFlow.Indicator"/>).</summary>
    public IReadOnlySet<int>? SkippedSteps { get; set; }

    /// <summary>"2026년 12월 8일 09:00" in Korean time; null before a draft exists.</summary>
    public string? ExpiresAt { get; set; }

    public string? PetitionTypeName { get; set; }

    /// <summary>Where the citizen came from (the review page's change links bring them back).</summary>
    public string? ReturnTo { get; set; }

    public string? BackUrl { get; set; }
}

public sealed record PetitionTypeCard(
    int Id, string Code, string Name, string Description, string Department, int FeeKrw, int ProcessingDays,
    bool RequiresIdentityVerification, IReadOnlyList<string> DeliveryMethods);

public sealed record ResumableDraft(Guid Id, string PetitionTypeName, string UpdatedAt, string ExpiresAt);

public sealed class SelectTypeViewModel : WizardPageViewModel
{
    public IReadOnlyList<PetitionTypeCard> Types { get; set; } = [];

    public int? PetitionTypeId { get; set; }

    public IReadOnlyList<ResumableDraft> Resumable { get; set; } = [];
}

public sealed class ApplicantViewModel : WizardPageViewModel
{
    public string? Name { get; set; }

    public string? RrnFront { get; set; }

    public string? RrnBack { get; set; }

    /// <summary>The stored number, masked, when one was entered before (it is never sent back in full).</summary>
    public string? StoredRrnMasked { get; set; }

    public string? PostalCode { get; set; }

    public string? Address { get; set; }

    public string? AddressDetail { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }
}

public sealed class FormFieldViewModel
{
    public required FieldDefinition Definition { get; init; }

    public string? Value { get; init; }

    /// <summary>The input's name: <c>Answers[key]</c>; its id follows the tag-helper rule.</summary>
    public string Name => $"Answers[{Definition.Key}]";

    public string Id => $"Answers_{Definition.Key}_";
}

public sealed class FormPageViewModel : WizardPageViewModel
{
    public IReadOnlyList<FormFieldViewModel> Fields { get; set; } = [];
}

public sealed class DeliveryViewModel : WizardPageViewModel
{
    public DeliveryMethod? Method { get; set; }

    public IReadOnlyList<DeliveryMethod> Allowed { get; set; } = [];

    public bool MailSameAsApplicant { get; set; } = true;

    public string? MailPostalCode { get; set; }

    public string? MailAddress { get; set; }

    public string? MailAddressDetail { get; set; }

    public string? ApplicantAddress { get; set; }

    public bool RequiresIdentityVerification { get; set; }
}

public sealed record SummaryRow(string Label, string Value, string? ChangeUrl, string? ChangeLabel);

public sealed record SummarySection(string Title, IReadOnlyList<SummaryRow> Rows, string? ChangeUrl);

public sealed class ReviewViewModel : WizardPageViewModel
{
    public IReadOnlyList<SummarySection> Sections { get; set; } = [];

    /// <summary>The review's confirmation submits directly (no certificate check, no fee).</summary>
    public bool SubmitsHere { get; set; }

    public bool RequiresIdentityVerification { get; set; }

    public int FeeKrw { get; set; }
}

public sealed class CertificateViewModel : WizardPageViewModel
{
    public CertificateChoice? Choice { get; set; }

    public bool SigningAvailable { get; set; }

    /// <summary>The certificate policies this petition type accepts, for the browser's certificate list.</summary>
    public IReadOnlyList<string> AcceptedPolicyOids { get; set; } = [];

    public string? ChosenDelivery { get; set; }

    public bool ChosenInPerson { get; set; }

    /// <summary>Choosing "no certificate" submits directly (the petition has no fee).</summary>
    public bool SubmitsHere { get; set; }

    public int FeeKrw { get; set; }

    public string? Department { get; set; }
}

public sealed class PaymentViewModel : WizardPageViewModel
{
    public int FeeKrw { get; set; }

    public string? Department { get; set; }

    public string? Delivery { get; set; }

    public bool DeliverySwitched { get; set; }

    /// <summary>The fee is paid online here (otherwise at the counter).</summary>
    public bool PaysOnline { get; set; }

    /// <summary>The type lets the citizen pay at the counter instead (in-person pickup).</summary>
    public bool MayPayAtCounter { get; set; }

    /// <summary>Why the last attempt did not pay (decline, cancel, failure), in Korean; null when none.</summary>
    public string? Problem { get; set; }

    /// <summary>The gateway's own message, shown beside ours.</summary>
    public string? ProblemDetail { get; set; }

    public bool IsRetry { get; set; }
}

public sealed class ReceiptViewModel : WizardPageViewModel
{
    public required string ReceiptNumber { get; init; }

    public required string ReceivedAt { get; init; }

    public required string DueDate { get; init; }

    public required string Department { get; init; }

    public required string Delivery { get; init; }

    public required string ApplicantName { get; init; }

    public required string RrnMasked { get; init; }

    public required IdentityVerification Identity { get; init; }

    public required int FeeKrw { get; init; }

    public required FeeStatus FeeStatus { get; init; }

    public required bool DeliverySwitched { get; init; }

    public required int ProcessingDays { get; init; }

    /// <summary>결제 수단 when paid online, e.g. "카드".</summary>
    public string? PaymentMethod { get; init; }

    /// <summary>승인번호 when paid online.</summary>
    public string? ApprovalNumber { get; init; }

    public string? PaidAt { get; init; }
}

public sealed class SignatureViewModel : WizardPageViewModel
{
    public string? Document { get; set; }

    public string? Nonce { get; set; }

    /// <summary>The portal's key-management certificate (base64 DER): the browser encrypts R to it.</summary>
    public string? KmCertificate { get; set; }

    public IReadOnlyList<string> AcceptedPolicyOids { get; set; } = [];

    public bool Available { get; set; }

    public bool SubmitsHere { get; set; }

    public int FeeKrw { get; set; }

    /// <summary>Why the last signature was refused, in Korean.</summary>
    public string? Failure { get; set; }
}
