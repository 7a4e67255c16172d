using Petition.Core.Abstractions;
using Petition.Core.Catalog;
using Petition.Core.Identity;
using Petition.Core.Payments;

namespace Petition.Core.Applications;

/// <summary>
/// A petition being written (작성 중인 신청서). Lives in the database, addressed by an unguessable id
/// and owned by whoever holds the owner cookie whose hash it stores. Editing any of steps 1-4 clears
/// the review and the certificate answer, so the citizen confirms again what they will submit.
/// </summary>
public sealed class Draft
{
    private PetitionType? _published;

    public Guid Id { get; set; }

    public required string OwnerTokenHash { get; set; }

    /// <summary>The signed-in member who began it (listed under 나의 민원); null for a non-member's draft.</summary>
    public string? MemberId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public DateTime ExpiresAtUtc { get; set; }

    /// <summary>Optimistic concurrency: renewed on every save, so two tabs cannot overwrite each other unseen.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public int PetitionTypeId { get; set; }

    public PetitionType? PetitionType { get; set; }

    /// <summary>The type's version when the draft began; the form below is that version's.</summary>
    public int PetitionTypeVersion { get; set; }

    /// <summary>
    /// The petition type as published in <see cref="PetitionTypeVersion"/>, the version this draft began with: its name,
    /// fee, delivery methods, identity rule and accepted certificate policies are read from here, never from a later
    /// edit of the catalog. A detached copy built from that version's snapshot (not a column, never saved), set when the
    /// draft is loaded; the live <see cref="PetitionType"/> while the draft follows the type's current version.
    /// </summary>
    public PetitionType? Published
    {
        get => _published ?? PetitionType;
        set => _published = value;
    }

    public FormDefinition Form { get; set; } = new();

    public string? ApplicantName { get; set; }

    public string? RrnProtected { get; set; }

    public string? RrnMasked { get; set; }

    public DateOnly? BirthDate { get; set; }

    public string? PostalCode { get; set; }

    public string? Address { get; set; }

    public string? AddressDetail { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public bool FormCompleted { get; set; }

    public Dictionary<string, string> Answers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What the citizen chose on step 4.</summary>
    public DeliveryMethod? ChosenDelivery { get; set; }

    public bool MailSameAsApplicant { get; set; } = true;

    public string? MailPostalCode { get; set; }

    public string? MailAddress { get; set; }

    public string? MailAddressDetail { get; set; }

    public DateTime? ReviewedAtUtc { get; set; }

    public CertificateChoice CertificateChoice { get; set; }

    /// <summary>The verified signature over this draft's document (step 6), until something changes.</summary>
    public byte[]? SignatureCms { get; set; }

    public string? SignatureReportJson { get; set; }

    /// <summary>"김민원 · 금융결제원 · 범용", for the pages that follow.</summary>
    public string? SignerSummary { get; set; }

    public DateTime? SignedAtUtc { get; set; }

    public bool IsSigned => SignedAtUtc is not null && SignatureCms is not null;

    public long? SubmittedPetitionId { get; set; }

    public string? SubmittedReceiptNumber { get; set; }

    public bool HasApplicant => ApplicantName is not null && RrnProtected is not null && Address is not null;

    public bool IsSubmitted => SubmittedPetitionId is not null;

    public bool IsExpired(DateTime nowUtc) => !IsSubmitted && nowUtc >= ExpiresAtUtc;

    public bool NeedsIdentityVerification => Published?.RequiresIdentityVerification ?? true;

    /// <summary>The delivery that will be used: without a certificate, in-person pickup.</summary>
    public DeliveryMethod? EffectiveDelivery =>
        NeedsIdentityVerification && CertificateChoice == CertificateChoice.NoCertificate
            ? DeliveryMethod.InPerson
            : ChosenDelivery;

    public int FeeKrw => Published?.FeeKrw ?? 0;

    /// <summary>The fee is paid online in step 7 (not at the counter).</summary>
    public bool PaysFeeOnline => FeeKrw > 0
        && !(EffectiveDelivery == DeliveryMethod.InPerson && Published?.InPersonFeePayment == InPersonFeePayment.Counter);

    /// <summary>The citizen may pay at the counter instead (in-person pickup and a type that allows it).</summary>
    public bool MayPayAtCounter => FeeKrw > 0
        && EffectiveDelivery == DeliveryMethod.InPerson
        && Published?.InPersonFeePayment is InPersonFeePayment.Counter or InPersonFeePayment.OnlineOrCounter;

    public bool DeliverySwitchedToInPerson =>
        EffectiveDelivery == DeliveryMethod.InPerson && ChosenDelivery != DeliveryMethod.InPerson;

    public PostalAddress? ApplicantAddress =>
        PostalCode is null || Address is null ? null : new PostalAddress(PostalCode, Address, AddressDetail);

    /// <summary>The address the citizen gave for postal delivery on step 4.</summary>
    public PostalAddress? ChosenMailingAddress =>
        ChosenDelivery != DeliveryMethod.Postal
            ? null
            : MailSameAsApplicant
                ? ApplicantAddress
                : MailPostalCode is null || MailAddress is null ? null : new PostalAddress(MailPostalCode, MailAddress, MailAddressDetail);

    /// <summary>Where the result is mailed: only when postal delivery still applies.</summary>
    public PostalAddress? MailingAddress => EffectiveDelivery == DeliveryMethod.Postal ? ChosenMailingAddress : null;

    public static Draft Start(PetitionType type, string ownerTokenHash, DateTime nowUtc, TimeSpan lifetime) => new()
    {
        Id = Guid.NewGuid(),
        OwnerTokenHash = ownerTokenHash,
        CreatedAtUtc = nowUtc,
        UpdatedAtUtc = nowUtc,
        ExpiresAtUtc = nowUtc + lifetime,
        PetitionTypeId = type.Id,
        PetitionType = type,
        PetitionTypeVersion = type.Version,
        Form = type.Form,
    };

    /// <summary>Step 1 again: another type starts its form afresh; the applicant stays.</summary>
    public void ChangeType(PetitionType type)
    {
        if (type.Id == PetitionTypeId && type.Version == PetitionTypeVersion)
        {
            return;
        }

        PetitionTypeId = type.Id;
        PetitionType = type;
        _published = null;
        PetitionTypeVersion = type.Version;
        Form = type.Form;
        Answers = new(StringComparer.Ordinal);
        FormCompleted = false;
        if (ChosenDelivery is { } chosen && !type.AllowedDeliveryMethods.Allows(chosen))
        {
            ChosenDelivery = null;
        }

        InvalidateReview();
    }

    public void SetApplicant(ApplicantInput input, Rrn rrn, IRrnProtector protector)
    {
        ApplicantName = input.Name!.Trim();
        RrnProtected = protector.Protect(rrn);
        RrnMasked = rrn.Masked;
        BirthDate = rrn.BirthDate;
        PostalCode = input.PostalCode!.Trim();
        Address = input.Address!.Trim();
        AddressDetail = Blank(input.AddressDetail);
        Phone = Blank(input.Phone);
        Email = Blank(input.Email);
        InvalidateReview();
    }

    public void SetAnswers(Dictionary<string, string> answers)
    {
        Answers = answers;
        FormCompleted = true;
        InvalidateReview();
    }

    public void SetDelivery(DeliveryMethod method, bool mailSameAsApplicant, string? postalCode, string? address, string? detail)
    {
        ChosenDelivery = method;
        MailSameAsApplicant = method != DeliveryMethod.Postal || mailSameAsApplicant;
        if (method == DeliveryMethod.Postal && !mailSameAsApplicant)
        {
            MailPostalCode = postalCode?.Trim();
            MailAddress = address?.Trim();
            MailAddressDetail = Blank(detail);
        }
        else
        {
            MailPostalCode = MailAddress = MailAddressDetail = null;
        }

        InvalidateReview();
    }

    public void ConfirmReview(DateTime nowUtc)
    {
        ReviewedAtUtc = nowUtc;
        CertificateChoice = CertificateChoice.Unanswered;
        ClearSignature();
    }

    public void ChooseCertificate(CertificateChoice choice)
    {
        if (choice != CertificateChoice)
        {
            ClearSignature();
        }

        CertificateChoice = choice;
    }

    public void RecordSignature(SignatureEvidence evidence)
    {
        SignatureCms = evidence.Cms;
        SignatureReportJson = evidence.ReportJson;
        SignerSummary = evidence.SignerSummary;
        SignedAtUtc = evidence.SignedAtUtc;
    }

    public void MarkSubmitted(long petitionId, string receiptNumber)
    {
        SubmittedPetitionId = petitionId;
        SubmittedReceiptNumber = receiptNumber;
    }

    private void InvalidateReview()
    {
        ReviewedAtUtc = null;
        CertificateChoice = CertificateChoice.Unanswered;
        ClearSignature();
    }

    private void ClearSignature()
    {
        SignatureCms = null;
        SignatureReportJson = null;
        SignerSummary = null;
        SignedAtUtc = null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
