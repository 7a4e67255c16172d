using System.Globalization;
using System.Text.Json;
using Petition.Core.Catalog;
using Petition.Core.Payments;
using Petition.Pki.Certificates;

namespace Petition.Web.Features.AdminTypes;

/// <summary>
/// What the type editor posts: every setting and every field of the form, as typed (numbers stay text so the server
/// can say exactly what is wrong with them). The whole form travels on every button, so the editor works without
/// JavaScript: adding, moving and removing a field are round trips that keep everything typed so far.
/// </summary>
public sealed class TypeEditorInput
{
    /// <summary>The version the editor was opened on (0 for a new type): the concurrency stamp of the save.</summary>
    public int Version { get; set; }

    public string? Code { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Department { get; set; }

    public string? FeeKrw { get; set; }

    public string? ProcessingDays { get; set; }

    public bool RequiresIdentityVerification { get; set; }

    public string? InPersonFeePayment { get; set; }

    public List<string> DeliveryMethods { get; set; } = [];

    /// <summary>The 은행 / 증권 policies chosen (범용 is always accepted and not posted).</summary>
    public List<string> PolicyOids { get; set; } = [];

    public List<FieldInput> Fields { get; set; } = [];

    /// <summary>What changed, in the administrator's words (the audit record's reason).</summary>
    public string? ChangeNote { get; set; }

    public static TypeEditorInput From(PetitionType type) => new()
    {
        Version = type.Version,
        Code = type.Code,
        Name = type.Name,
        Description = type.Description,
        Department = type.Department,
        FeeKrw = type.FeeKrw.ToString(CultureInfo.InvariantCulture),
        ProcessingDays = type.ProcessingDays.ToString(CultureInfo.InvariantCulture),
        RequiresIdentityVerification = type.RequiresIdentityVerification,
        InPersonFeePayment = type.InPersonFeePayment.ToString(),
        DeliveryMethods = type.AllowedDeliveryMethods.Each().Select(m => m.ToString()).ToList(),
        PolicyOids = type.AcceptedPolicyOids.Where(TypePolicies.IsChoosable).ToList(),
        Fields = type.Form.Fields.Select(FieldInput.From).ToList(),
    };

    /// <summary>A new type's starting point: free, 7 working days, every delivery, identity verified, one consent box.</summary>
    public static TypeEditorInput New() => new()
    {
        FeeKrw = "0",
        ProcessingDays = "7",
        RequiresIdentityVerification = true,
        InPersonFeePayment = nameof(Core.Payments.InPersonFeePayment.Online),
        DeliveryMethods = [nameof(DeliveryMethod.Postal), nameof(DeliveryMethod.Online), nameof(DeliveryMethod.InPerson)],
        Fields = [new FieldInput { Type = nameof(FieldType.Text) }],
    };
}

/// <summary>One field of the form as the editor posts it.</summary>
public sealed class FieldInput
{
    public string? Key { get; set; }

    public string? Label { get; set; }

    public string? Type { get; set; }

    public bool Required { get; set; }

    public string? MaxLength { get; set; }

    public string? Pattern { get; set; }

    public string? PatternMessage { get; set; }

    /// <summary>The choices of a select field, one a line.</summary>
    public string? Options { get; set; }

    public string? Min { get; set; }

    public string? Max { get; set; }

    public string? HelpText { get; set; }

    public IReadOnlyList<string> OptionLines =>
        (Options ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(o => o.Trim()).Where(o => o.Length > 0).ToList();

    public static FieldInput From(FieldDefinition field) => new()
    {
        Key = field.Key,
        Label = field.Label,
        Type = field.Type.ToString(),
        Required = field.Required,
        MaxLength = field.MaxLength?.ToString(CultureInfo.InvariantCulture),
        Pattern = field.Pattern,
        PatternMessage = field.PatternMessage,
        Options = string.Join('\n', field.Options),
        Min = field.Min?.ToString(CultureInfo.InvariantCulture),
        Max = field.Max?.ToString(CultureInfo.InvariantCulture),
        HelpText = field.HelpText,
    };
}

/// <summary>A definition that passed validation: what a save publishes.</summary>
public sealed record TypeDefinition(
    string Name,
    string Description,
    string Department,
    int FeeKrw,
    int ProcessingDays,
    bool RequiresIdentityVerification,
    InPersonFeePayment InPersonFeePayment,
    DeliveryMethods AllowedDeliveryMethods,
    FormDefinition Form,
    IReadOnlyList<string> AcceptedPolicyOids)
{
    public void ApplyTo(PetitionType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type.Name = Name;
        type.Description = Description;
        type.Department = Department;
        type.FeeKrw = FeeKrw;
        type.ProcessingDays = ProcessingDays;
        type.RequiresIdentityVerification = RequiresIdentityVerification;
        type.InPersonFeePayment = InPersonFeePayment;
        type.AllowedDeliveryMethods = AllowedDeliveryMethods;
        type.Form = Form;
        type.AcceptedPolicyOids = [.. AcceptedPolicyOids];
    }

    /// <summary>Whether saving this would change nothing that a version records.</summary>
    public bool Matches(PetitionType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Name == type.Name && Description == type.Description && Department == type.Department
            && FeeKrw == type.FeeKrw && ProcessingDays == type.ProcessingDays
            && RequiresIdentityVerification == type.RequiresIdentityVerification
            && InPersonFeePayment == type.InPersonFeePayment && AllowedDeliveryMethods == type.AllowedDeliveryMethods
            && JsonSerializer.Serialize(Form) == JsonSerializer.Serialize(type.Form)
            && AcceptedPolicyOids.Order(StringComparer.Ordinal).SequenceEqual(type.AcceptedPolicyOids.Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }
}

/// <summary>
/// The certificate policies a type can accept, from the table in docs (NpkiCaCatalog): 범용 personal certificates of
/// every CA are always accepted; 은행-only and 증권-only personal certificates are chosen per type.
/// </summary>
public static class TypePolicies
{
    public static IReadOnlyList<string> AlwaysAccepted { get; } = NpkiCaCatalog.PersonalPoliciesFor(CertificateUsage.General);

    public static IReadOnlyList<NpkiPolicy> Choosable { get; } =
        [.. NpkiCaCatalog.Policies.Where(p => !p.Corporate && p.Usage is CertificateUsage.Banking or CertificateUsage.Securities)];

    public static bool IsChoosable(string oid) => Choosable.Any(p => p.Oid == oid);

    /// <summary>One row per CA: its 범용 policy and its 은행 / 증권 policies (null where the CA issues none).</summary>
    public static IReadOnlyList<(NpkiCa Ca, NpkiPolicy? General, NpkiPolicy? Banking, NpkiPolicy? Securities)> ByCa { get; } =
        [.. NpkiCaCatalog.All.Select(ca => (
            ca,
            NpkiCaCatalog.Policies.FirstOrDefault(p => p.CaId == ca.Id && !p.Corporate && p.Usage == CertificateUsage.General),
            NpkiCaCatalog.Policies.FirstOrDefault(p => p.CaId == ca.Id && !p.Corporate && p.Usage == CertificateUsage.Banking),
            NpkiCaCatalog.Policies.FirstOrDefault(p => p.CaId == ca.Id && !p.Corporate && p.Usage == CertificateUsage.Securities)))];
}

/// <summary>The editor page.</summary>
public sealed class TypeEditorViewModel
{
    /// <summary>Null while creating a new type.</summary>
    public int? Id { get; init; }

    public required TypeEditorInput Input { get; init; }

    public bool IsActive { get; init; } = true;

    /// <summary>The type's version now (may be newer than <see cref="TypeEditorInput.Version"/> after a conflict).</summary>
    public int CurrentVersion { get; init; }

    public IReadOnlyList<string> Departments { get; init; } = [];

    public IReadOnlyList<PetitionTypeVersion> Versions { get; init; } = [];

    public required TypePreviewViewModel Preview { get; init; }

    /// <summary>A notice after a redirect (published, unchanged, retired, restored).</summary>
    public string? Notice { get; init; }

    /// <summary>The id of the control to focus after a round trip (the moved field's button, a new field's key).</summary>
    public string? FocusId { get; init; }

    public string FormAction => Id is { } id ? $"/admin/types/{id.ToString(CultureInfo.InvariantCulture)}" : "/admin/types/new";
}

/// <summary>The citizen's form page as the editor's definition would render it.</summary>
public sealed class TypePreviewViewModel
{
    public string? Name { get; init; }

    public IReadOnlyList<Apply.FormFieldViewModel> Fields { get; init; } = [];
}

public sealed record TypeListRow(
    int Id, string Code, string Name, string Department, int FeeKrw, int ProcessingDays, int Version, bool IsActive, int FieldCount);
