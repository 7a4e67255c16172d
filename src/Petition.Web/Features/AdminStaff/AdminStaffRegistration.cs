using Microsoft.AspNetCore.Identity;
using Petition.Infrastructure.Auditing;
using Petition.Web.Features.AdminAudit;

namespace Petition.Web.Features.AdminStaff;

public static class AdminStaffRegistration
{
    /// <summary>
    /// Staff administration, the second-factor set-up and the audit log view: the password helper, the audit query and
    /// labels, and a security-stamp check on every request of a signed-in staff member, so that locking an account, a
    /// password reset or a new role ends the account's open sessions at once (not after Identity's default 30 minutes).
    /// </summary>
    public static IServiceCollection AddPetitionStaffAdministration(this IServiceCollection services)
    {
        services.AddScoped<StaffPasswords>();
        services.AddScoped<AuditQuery>();
        services.AddScoped<AuditActionLabels>();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        return services;
    }
}
