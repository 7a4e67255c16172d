using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Petition.Core.Applications;
using Petition.Core.Workbench;
using Petition.Infrastructure.Identity;

namespace Petition.Web.Features.Staff;

/// <summary>Adds the department and display name to the signed-in user's claims (roles come from Identity).</summary>
public sealed class StaffClaimsPrincipalFactory(
    UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(StaffPolicies.DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? user.Id : user.DisplayName));
        if (!string.IsNullOrWhiteSpace(user.Department))
        {
            identity.AddClaim(new Claim(StaffPolicies.DepartmentClaim, user.Department));
        }

        return identity;
    }
}

public static class StaffPrincipal
{
    /// <summary>The workbench actor of a signed-in staff member; null when the principal is not staff.</summary>
    public static StaffActor? ToStaffActor(this ClaimsPrincipal user, string? ipAddress = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return null;
        }

        var isAdmin = user.IsInRole(StaffRoles.Admin);
        if (!isAdmin && !user.IsInRole(StaffRoles.Clerk))
        {
            return null;
        }

        var name = user.FindFirstValue(StaffPolicies.DisplayNameClaim) ?? user.Identity.Name ?? id;
        return new StaffActor(id, name, user.FindFirstValue(StaffPolicies.DepartmentClaim), isAdmin) { IpAddress = ipAddress };
    }
}

/// <summary>
/// Record-level rule: a clerk may see and act on petitions of their own department only; an administrator on all.
/// The controllers answer 404 when it fails, so another department's receipt numbers are not even confirmed.
/// </summary>
public sealed class PetitionDepartmentHandler : AuthorizationHandler<OperationAuthorizationRequirement, PetitionRecord>
{
    public static readonly OperationAuthorizationRequirement Handle = new() { Name = "HandlePetition" };

    protected override Task HandleRequirementAsync(
        AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, PetitionRecord resource)
    {
        if (requirement.Name == Handle.Name && context.User.ToStaffActor() is { } actor && actor.MayAccess(resource.Department))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
