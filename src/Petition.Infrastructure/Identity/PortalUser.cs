using Microsoft.AspNetCore.Identity;

namespace Petition.Infrastructure.Identity;

/// <summary>
/// A person who signs in to the portal: staff (clerks, administrators; roles from
/// <see cref="Core.Workbench.StaffRoles"/>) and, later, citizen members, in one Identity store.
/// </summary>
public sealed class PortalUser : IdentityUser
{
    /// <summary>The name shown in the workbench, history and audit log (e.g. "김민원 주무관").</summary>
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>A clerk's department (the petition types' <c>Department</c>); null for non-staff.</summary>
    public string? Department { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    // Citizen members only (role Member): the applicant details prefilled in step 2, and the RRN the
    // certificate binding's VID check runs against. The RRN is stored protected (IRrnProtector) and masked only.

    /// <summary>A member's RRN, protected with <c>IRrnProtector</c>; null for staff.</summary>
    public string? RrnProtected { get; set; }

    /// <summary>"900101-1******"; null for staff.</summary>
    public string? RrnMasked { get; set; }

    public string? PostalCode { get; set; }

    public string? Address { get; set; }

    public string? AddressDetail { get; set; }

    /// <summary>The certificates bound to this member (certificate sign-in).</summary>
    public List<MemberCertificate> Certificates { get; set; } = [];
}

/// <summary>
/// A certificate bound to a member after a successful signature and VID check against the member's RRN. Certificate
/// sign-in finds the member by <see cref="FingerprintSha256"/> and re-validates chain, revocation and policy every time.
/// </summary>
public sealed class MemberCertificate
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>SHA-256 of the certificate DER, upper-case hex; unique over all members.</summary>
    public required string FingerprintSha256 { get; set; }

    public required string SubjectDn { get; set; }

    public required string IssuerDn { get; set; }

    /// <summary>Serial number, upper-case hex.</summary>
    public required string SerialNumber { get; set; }

    /// <summary>"금융결제원 · 범용" as shown to the member.</summary>
    public required string Summary { get; set; }

    public DateTime NotAfterUtc { get; set; }

    public DateTime BoundAtUtc { get; set; }

    public DateTime? LastUsedAtUtc { get; set; }
}
