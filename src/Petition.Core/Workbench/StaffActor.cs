namespace Petition.Core.Workbench;

/// <summary>Staff roles (ASP.NET Core Identity role names).</summary>
public static class StaffRoles
{
    /// <summary>담당 공무원: reviews the petitions of their own department.</summary>
    public const string Clerk = "Clerk";

    /// <summary>관리자: runs the catalog, trust store and staff accounts; sees every department.</summary>
    public const string Admin = "Admin";

    /// <summary>회원: a citizen member (not staff); reaches 나의 민원 only.</summary>
    public const string Member = "Member";
}

/// <summary>
/// The signed-in staff member a workbench action runs for. <see cref="Department"/> scopes what a clerk may
/// see and touch; an administrator (<see cref="IsAdmin"/>) is not scoped.
/// </summary>
public sealed record StaffActor(string UserId, string DisplayName, string? Department, bool IsAdmin)
{
    /// <summary>The client address of the request, for the audit record (optional).</summary>
    public string? IpAddress { get; init; }

    /// <summary>Whether this staff member may see and act on petitions of <paramref name="department"/>.</summary>
    public bool MayAccess(string department) =>
        IsAdmin || (Department is not null && string.Equals(Department, department, StringComparison.Ordinal));

    /// <summary>The department filter for queries: null means every department (administrators).</summary>
    public string? Scope => IsAdmin ? null : Department ?? string.Empty;
}
