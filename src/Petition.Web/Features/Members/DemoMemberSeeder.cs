using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Petition.Core.Abstractions;
using Petition.Core.Workbench;
using Petition.Infrastructure.Identity;
using Petition.Web.Features.Signing;

namespace Petition.Web.Features.Members;

/// <summary>
/// In demo mode (<c>Demo:Enabled</c>) only: a fictitious member account whose RRN is the one of the demo citizen
/// 홍길동 (<c>yessign-general</c>), so a newcomer can sign in with the password, bind that demo certificate on the
/// account page and then sign in with it. Idempotent; never created outside demo mode.
/// </summary>
public sealed partial class DemoMemberSeeder(IServiceScopeFactory scopes, IOptions<DemoOptions> demo, TimeProvider clock, ILogger<DemoMemberSeeder> logger) : IHostedService
{
    public const string UserName = "demo-member";

    public const string Password = "member-demo-2026!";

    public const string Name = "홍길동";

    public const string Rrn = "800101-1234567";

    /// <summary>The demo citizen (demo PKI manifest id) whose certificate belongs to this member.</summary>
    public const string CertificateId = "yessign-general";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!demo.Value.Enabled)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByNameAsync(UserName) is not null)
        {
            return;
        }

        await EnsureRoleAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        var rrn = Core.Identity.Rrn.Parse(Rrn);
        var user = new PortalUser
        {
            UserName = UserName,
            DisplayName = Name,
            Email = "hong.demo@example.kr",
            PhoneNumber = "010-1234-5678",
            RrnProtected = scope.ServiceProvider.GetRequiredService<IRrnProtector>().Protect(rrn),
            RrnMasked = rrn.Masked,
            PostalCode = "30117",
            Address = "세종특별자치시 한누리대로 422",
            AddressDetail = "11동 101호",
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, Password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, StaffRoles.Member);
        }

        if (!result.Succeeded && await users.FindByNameAsync(UserName) is null)
        {
            throw new InvalidOperationException($"The demo member could not be created: {string.Join("; ", result.Errors.Select(e => e.Code))}");
        }

        if (result.Succeeded)
        {
            LogSeeded(logger, UserName);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The Member role exists before the first sign-up (two nodes creating it at once: the loser finds it).</summary>
    public static async Task EnsureRoleAsync(RoleManager<IdentityRole> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (!await roles.RoleExistsAsync(StaffRoles.Member))
        {
            await roles.CreateAsync(new IdentityRole(StaffRoles.Member));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo member {UserName}")]
    private static partial void LogSeeded(ILogger logger, string userName);
}
