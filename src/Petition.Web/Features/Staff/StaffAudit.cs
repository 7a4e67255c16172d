using Petition.Core.Auditing;
using Petition.Infrastructure.Identity;

namespace Petition.Web.Features.Staff;

/// <summary>Audit records about a staff account.</summary>
internal static class StaffAudit
{
    /// <summary>The audit target type of staff accounts.</summary>
    public const string Target = "StaffAccount";

    /// <summary>What a staff member did to their own account (sign-in, two-factor set-up, password).</summary>
    public static AuditRecord Record(PortalUser user, string action, string? reason, DateTime atUtc, string? ipAddress) => new()
    {
        AtUtc = atUtc,
        ActorId = user.Id,
        ActorName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? user.Id : user.DisplayName,
        Action = action,
        TargetType = Target,
        TargetId = user.UserName,
        Reason = reason,
        IpAddress = ipAddress,
    };
}
