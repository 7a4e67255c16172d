using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Petition.Core.Workbench;
using Petition.Infrastructure.Identity;
using Petition.Infrastructure.Persistence;

namespace Petition.Web.Features.Staff;

/// <summary>The <c>Staff</c> section: sign-in throttling and session lifetime.</summary>
public sealed class StaffOptions
{
    public const string SectionName = "Staff";

    /// <summary>Sign-in posts allowed per client address and minute.</summary>
    [Range(1, 1000)]
    public int SignInPermitLimit { get; set; } = 10;

    /// <summary>A session without activity ends after this (sliding).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "08:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in whatever the activity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "08:00:00")]
    public TimeSpan MaxSessionLength { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>Policy and claim names of staff sign-in.</summary>
public static class StaffPolicies
{
    /// <summary>The clerk workbench: Clerk or Admin role.</summary>
    public const string Clerk = "Clerk";

    /// <summary>
    /// The administration pages (/admin/...): the Admin role, signed in with a second factor (Identity's authenticator
    /// TOTP or a recovery code, which add the claim <c>amr=mfa</c>).
    /// </summary>
    public const string Admin = "Admin";

    /// <summary>The claim Identity adds after a two-factor sign-in.</summary>
    public const string MfaClaimType = "amr";

    public const string MfaClaimValue = "mfa";

    /// <summary>Where a signed-in staff member sets up the authenticator app (admins must, before /admin).</summary>
    public const string TwoFactorSetupPath = "/staff/2fa";

    /// <summary>The rate limiter policy of the sign-in post.</summary>
    public const string SignInRateLimit = "staff-signin";

    public const string DepartmentClaim = "petition:department";

    public const string DisplayNameClaim = "petition:display_name";

    /// <summary>Authentication property holding the sign-in instant (the absolute session limit).</summary>
    public const string SignedInAtItem = "petition.signed-in-at";

    public const string SignInPath = "/staff/signin";
}

public static class StaffRegistration
{
    /// <summary>
    /// ASP.NET Core Identity over <see cref="PetitionDbContext"/> (one user store for staff and, later, citizen
    /// members), the Identity.Application cookie, password and lockout rules, the "Clerk" policy, the record-level
    /// department rule, the sign-in rate limit and, in demo mode only, the demo staff accounts.
    /// </summary>
    public static IServiceCollection AddPetitionStaff(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<StaffOptions>().Bind(configuration.GetSection(StaffOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var staff = configuration.GetSection(StaffOptions.SectionName).Get<StaffOptions>() ?? new StaffOptions();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<PortalUser>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = true;
                o.Password.RequiredUniqueChars = 6;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PetitionDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<StaffClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "Petition.Staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.Cookie.IsEssential = true;
            o.ExpireTimeSpan = staff.IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = StaffPolicies.SignInPath;
            o.LogoutPath = "/staff/signout";
            o.AccessDeniedPath = "/staff/denied";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = ValidatePrincipalAsync;
        });

        services.AddAuthorization(o =>
        {
            o.AddPolicy(StaffPolicies.Clerk, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser()
                .RequireRole(StaffRoles.Clerk, StaffRoles.Admin));
            o.AddPolicy(StaffPolicies.Admin, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser()
                .RequireRole(StaffRoles.Admin)
                .RequireClaim(StaffPolicies.MfaClaimType, StaffPolicies.MfaClaimValue));
        });

        // The security-stamp refresh rebuilds the principal from the store; keep the second-factor claim of the sign-in.
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal?.FindFirst(StaffPolicies.MfaClaimType) is { } amr
                && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity
                && !identity.HasClaim(StaffPolicies.MfaClaimType, amr.Value))
            {
                identity.AddClaim(new System.Security.Claims.Claim(amr.Type, amr.Value));
            }

            return Task.CompletedTask;
        });
        services.AddScoped<IAuthorizationHandler, PetitionDepartmentHandler>();
        services.AddScoped<Clerk.ClerkPetitionReader>();
        services.AddScoped<Clerk.SignatureReverifier>();

        services.Configure<RateLimiterOptions>(o => o.AddPolicy(StaffPolicies.SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = staff.SignInPermitLimit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));

        // After the database start-up service (registered by AddPetitionInfrastructure): the tables exist by then.
        services.AddHostedService<DemoStaffSeeder>();
        return services;
    }

    /// <summary>The absolute limit on top of the sliding one, then Identity's security-stamp check.</summary>
    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<StaffOptions>>().Value;
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        if (!context.Properties.Items.TryGetValue(StaffPolicies.SignedInAtItem, out var at)
            || !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedInAt)
            || clock.GetUtcNow() - signedInAt > options.MaxSessionLength)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
