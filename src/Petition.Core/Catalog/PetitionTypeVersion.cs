using Petition.Core.Payments;

namespace Petition.Core.Catalog;

/// <summary>
/// One published version of a petition type: an immutable snapshot of everything a citizen's draft and petition
/// depend on. Editing a type adds a new version (and bumps <see cref="PetitionType.Version"/>); drafts already
/// started and petitions already filed keep the version they began with (<c>PetitionTypeVersion</c>).
/// </summary>
public sealed class PetitionTypeVersion
{
    public long Id { get; set; }

    public int PetitionTypeId { get; set; }

    public int Version { get; set; }

    public required string Name { get; set; }

    public required string Description { get; set; }

    public required string Department { get; set; }

    public int FeeKrw { get; set; }

    public int ProcessingDays { get; set; }

    public bool RequiresIdentityVerification { get; set; }

    public InPersonFeePayment InPersonFeePayment { get; set; }

    public DeliveryMethods AllowedDeliveryMethods { get; set; }

    public FormDefinition Form { get; set; } = new();

    public List<string> AcceptedPolicyOids { get; set; } = [];

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Who published it ("system" for the seeded catalog).</summary>
    public required string CreatedBy { get; set; }

    /// <summary>What changed, as the administrator described it (optional).</summary>
    public string? ChangeNote { get; set; }

    /// <summary>
    /// The type as this version published it: a detached copy (never to be saved) carrying this version's name, fee,
    /// form, delivery, identity and certificate rules, with <paramref name="current"/>'s identity (id, code, active
    /// flag, catalog order).
    /// </summary>
    public PetitionType AsPetitionType(PetitionType current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new PetitionType
        {
            Id = PetitionTypeId,
            Code = current.Code,
            Name = Name,
            Description = Description,
            Department = Department,
            FeeKrw = FeeKrw,
            ProcessingDays = ProcessingDays,
            RequiresIdentityVerification = RequiresIdentityVerification,
            InPersonFeePayment = InPersonFeePayment,
            AllowedDeliveryMethods = AllowedDeliveryMethods,
            Form = Form,
            AcceptedPolicyOids = [.. AcceptedPolicyOids],
            Version = Version,
            IsActive = current.IsActive,
            SortOrder = current.SortOrder,
        };
    }

    /// <summary>The snapshot of <paramref name="type"/> as it is now (its current <see cref="PetitionType.Version"/>).</summary>
    public static PetitionTypeVersion Snapshot(PetitionType type, DateTime atUtc, string createdBy, string? changeNote = null) => new()
    {
        PetitionTypeId = type.Id,
        Version = type.Version,
        Name = type.Name,
        Description = type.Description,
        Department = type.Department,
        FeeKrw = type.FeeKrw,
        ProcessingDays = type.ProcessingDays,
        RequiresIdentityVerification = type.RequiresIdentityVerification,
        InPersonFeePayment = type.InPersonFeePayment,
        AllowedDeliveryMethods = type.AllowedDeliveryMethods,
        Form = type.Form,
        AcceptedPolicyOids = [.. type.AcceptedPolicyOids],
        CreatedAtUtc = atUtc,
        CreatedBy = createdBy,
        ChangeNote = changeNote,
    };
}
