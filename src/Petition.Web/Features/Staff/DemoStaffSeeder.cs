using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Petition.Core.Workbench;
using Petition.Infrastructure.Identity;
using Petition.Web.Features.Signing;

namespace Petition.Web.Features.Staff;

/// <summary>A fictitious staff account of demo mode (documented in the README; never created otherwise).</summary>
public sealed record DemoStaffAccount(string UserName, string Password, string DisplayName, string Role, string? Department);

/// <summary>
/// In demo mode (<c>Demo:Enabled</c>) only: makes sure the staff roles and the demo staff accounts exist, one clerk
/// per department of the seeded catalog and one administrator. Idempotent: an existing account is left as it is.
/// Runs after the database start-up service, so the Identity tables exist.
/// </summary>
public sealed partial class DemoStaffSeeder(IServiceScopeFactory scopes, IOptions<DemoOptions> demo, TimeProvider clock, ILogger<DemoStaffSeeder> logger) : IHostedService
{
    public const string ClerkPassword = "clerk-demo-2026!";

    public const string AdminPassword = "admin-demo-2026!";

    public static IReadOnlyList<DemoStaffAccount> Accounts { get; } =
    [
        new("clerk-wage", ClerkPassword, "김근로 주무관", StaffRoles.Clerk, "근로개선지도과"),
        new("clerk-insurance", ClerkPassword, "이보험 주무관", StaffRoles.Clerk, "고용보험심사과"),
        new("clerk-relations", ClerkPassword, "박노사 주무관", StaffRoles.Clerk, "노사관계법제과"),
        new("clerk-skills", ClerkPassword, "최능력 주무관", StaffRoles.Clerk, "직업능력정책과"),
        new("clerk-standards", ClerkPassword, "정기준 주무관", StaffRoles.Clerk, "근로기준정책과"),
        new("admin", AdminPassword, "한관리 사무관", StaffRoles.Admin, null),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!demo.Value.Enabled)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        await EnsureRolesAsync(roles);

        var created = 0;
        foreach (var account in Accounts)
        {
            if (await users.FindByNameAsync(account.UserName) is not null)
            {
                continue;
            }

            var user = new PortalUser
            {
                UserName = account.UserName,
                DisplayName = account.DisplayName,
                Department = account.Department,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            var result = await users.CreateAsync(user, account.Password);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(user, account.Role);
            }

            if (!result.Succeeded)
            {
                // Another node seeding at the same moment wins the unique user name: nothing to do.
                if (await users.FindByNameAsync(account.UserName) is null)
                {
                    throw new InvalidOperationException($"Demo staff account '{account.UserName}' could not be created: {string.Join("; ", result.Errors.Select(e => e.Code))}");
                }

                continue;
            }

            created++;
        }

        if (created > 0)
        {
            LogSeeded(logger, created);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The staff roles exist in every mode (an administrator assigns them).</summary>
    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var role in new[] { StaffRoles.Clerk, StaffRoles.Admin })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} demo staff accounts")]
    private static partial void LogSeeded(ILogger logger, int count);
}
