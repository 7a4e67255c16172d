using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Petition.Core.Workbench;
using Petition.Infrastructure.Identity;

namespace Petition.Web.Features.Members;

/// <summary>The <c>Members</c> section: citizen members' sign-in throttling and session lifetime.</summary>
public sealed class MemberOptions
{
    public const string SectionName = "Members";

    /// <summary>Sign-in posts (password and certificate) allowed per client address and minute.</summary>
    [Range(1, 1000)]
    public int SignInPermitLimit { get; set; } = 10;

    /// <summary>A member session without activity ends after this (sliding).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "08:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>Names of the members' authentication: their own cookie scheme, policy and claims.</summary>
public static class MemberAuth
{
    /// <summary>The members' cookie scheme (cookie "Petition.Member", SameSite=Lax: the payment gateway returns cross-site).</summary>
    public const string Scheme = "Petition.Member";

    /// <summary>The member pages: a member cookie with role Member. Staff cookies never satisfy it.</summary>
    public const string Policy = "Member";

    public const string SignInRateLimit = "member-signin";

    public const string SignInPath = "/members/signin";

    public const string MyPetitionsPath = "/members/my";

    /// <summary>The security stamp at sign-in: a password change or deletion ends every other session.</summary>
    public const string StampClaim = "petition:member_stamp";

    /// <summary>How the member signed in: <see cref="PasswordMethod"/> or <see cref="CertificateMethod"/>.</summary>
    public const string MethodClaim = "amr";

    public const string PasswordMethod = "pwd";

    public const string CertificateMethod = "cert";

    public const string DisplayNameClaim = "petition:display_name";

    /// <summary>The principal of a member session (built here, not by the staff claims factory).</summary>
    public static ClaimsPrincipal Principal(PortalUser user, string method)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(Scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, user.Id));
        identity.AddClaim(new Claim(ClaimTypes.Name, user.UserName ?? user.Id));
        identity.AddClaim(new Claim(ClaimTypes.Role, StaffRoles.Member));
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        identity.AddClaim(new Claim(StampClaim, user.SecurityStamp ?? string.Empty));
        identity.AddClaim(new Claim(MethodClaim, method));
        return new ClaimsPrincipal(identity);
    }
}

public static class MemberRegistration
{
    /// <summary>
    /// Citizen members on top of the one Identity setup (<c>AddPetitionStaff</c>): the member cookie scheme, the
    /// "Member" policy, the sign-in rate limit, the member services and, in demo mode only, the demo member.
    /// </summary>
    public static IServiceCollection AddPetitionMembers(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<MemberOptions>().Bind(configuration.GetSection(MemberOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(MemberOptions.SectionName).Get<MemberOptions>() ?? new MemberOptions();

        services.AddAuthentication().AddCookie(MemberAuth.Scheme, o =>
        {
            o.Cookie.Name = "Petition.Member";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.Cookie.IsEssential = true;
            o.ExpireTimeSpan = options.IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = MemberAuth.SignInPath;
            o.LogoutPath = "/members/signout";
            o.AccessDeniedPath = MemberAuth.SignInPath;
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = ValidatePrincipalAsync;
        });

        services.AddAuthorization(o => o.AddPolicy(MemberAuth.Policy, p => p
            .AddAuthenticationSchemes(MemberAuth.Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(StaffRoles.Member)));

        services.Configure<RateLimiterOptions>(o => o.AddPolicy(MemberAuth.SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInPermitLimit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));

        services.AddScoped<MemberSession>();
        services.AddScoped<MemberStore>();
        services.AddScoped<MemberDrafts>();
        services.AddHostedService<DemoMemberSeeder>();
        return services;
    }

    /// <summary>Every request: the account still exists and its security stamp is the one of the sign-in.</summary>
    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(MemberAuth.StampClaim);
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<PortalUser>>();
        var user = id is null ? null : await users.FindByIdAsync(id);
        if (user is null || string.IsNullOrEmpty(stamp) || !string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal)
            || user.RrnProtected is null)
        {
            context.RejectPrincipal();
            if (!context.HttpContext.Response.HasStarted)
            {
                await context.HttpContext.SignOutAsync(MemberAuth.Scheme); // drops the stale cookie
            }
        }
    }
}

/// <summary>The member signed in on this request (the member cookie), whatever the page's own scheme.</summary>
public sealed class MemberSession(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal? _principal;
    private bool _read;

    public async Task<ClaimsPrincipal?> PrincipalAsync()
    {
        if (!_read)
        {
            var context = accessor.HttpContext;
            var result = context is null ? null : await context.AuthenticateAsync(MemberAuth.Scheme);
            _principal = result is { Succeeded: true } && result.Principal.IsInRole(StaffRoles.Member) ? result.Principal : null;
            _read = true;
        }

        return _principal;
    }

    /// <summary>The signed-in member's user id, or null.</summary>
    public async Task<string?> MemberIdAsync() => (await PrincipalAsync())?.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>The name shown in the header, or null.</summary>
    public async Task<string?> DisplayNameAsync() => (await PrincipalAsync())?.FindFirstValue(MemberAuth.DisplayNameClaim);

    /// <summary>
    /// Validates the request's antiforgery token for a form that is rendered on pages of either scheme (the header's
    /// sign-out and language forms): member pages bind the token to the member identity, the others to the default
    /// one, so it is checked against both. Actions using this carry [IgnoreAntiforgeryToken] and call it first.
    /// </summary>
    public async Task<bool> IsAntiforgeryValidAsync(Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("No HTTP context.");
        if (await antiforgery.IsRequestValidAsync(context))
        {
            return true;
        }

        if (await PrincipalAsync() is not { } member)
        {
            return false;
        }

        var original = context.User;
        try
        {
            context.User = member;
            return await antiforgery.IsRequestValidAsync(context);
        }
        finally
        {
            context.User = original;
        }
    }
}
