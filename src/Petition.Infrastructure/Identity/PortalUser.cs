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
}
