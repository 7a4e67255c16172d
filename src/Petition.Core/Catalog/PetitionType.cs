using Petition.Core.Payments;

namespace Petition.Core.Catalog;

/// <summary>A kind of petition in the catalog (민원사무), with its form and rules.</summary>
public sealed class PetitionType
{
    public int Id { get; set; }

    /// <summary>Short stable code, e.g. <c>WAGE-ARREARS-CONFIRM</c>.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string Description { get; set; }

    /// <summary>The department that processes it (담당 부서).</summary>
    public required string Department { get; set; }

    /// <summary>Fee in KRW; 0 means free.</summary>
    public int FeeKrw { get; set; }

    /// <summary>Processing period in working days (처리 기간).</summary>
    public int ProcessingDays { get; set; }

    public bool RequiresIdentityVerification { get; set; }

    /// <summary>For in-person pickup: whether the fee is paid online in step 7 or at the counter.</summary>
    public InPersonFeePayment InPersonFeePayment { get; set; } = InPersonFeePayment.Online;

    public DeliveryMethods AllowedDeliveryMethods { get; set; } = DeliveryMethods.All;

    public FormDefinition Form { get; set; } = new();

    /// <summary>
    /// certificatePolicies OIDs accepted for the signature (the 용도 allow-list: 범용, and per type
    /// 은행 or 증권 certificates). See ../shared/docs/npki.md.
    /// </summary>
    public List<string> AcceptedPolicyOids { get; set; } = [];

    /// <summary>Bumped whenever the definition changes; drafts and petitions keep the version they began with.</summary>
    public int Version { get; set; } = 1;

    public bool IsActive { get; set; } = true;

    public int SortOrder { get; set; }
}
