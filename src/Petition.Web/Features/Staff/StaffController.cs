using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Petition.Core.Auditing;
using Petition.Core.Workbench;
using Petition.Infrastructure.Identity;
using Petition.Web.Features.Shared;

namespace Petition.Web.Features.Staff;

public sealed class SignInViewModel
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }

    /// <summary>Shown after signing out.</summary>
    public bool SignedOut { get; set; }
}

/// <summary>The second step of a staff sign-in with a second factor.</summary>
public sealed class TwoFactorViewModel
{
    /// <summary>The 6-digit code of the authenticator app, or a recovery code.</summary>
    public string? Code { get; set; }

    /// <summary>Whether <see cref="Code"/> is a recovery code.</summary>
    public bool UseRecoveryCode { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>
/// 직원 로그인: staff sign in with user name and password (ASP.NET Core Identity). A failure never says whether the
/// account exists; five failures lock it for 15 minutes; the post is rate-limited per client address; every
/// sign-in, failure, lock-out and sign-out is audited.
/// </summary>
[Route("staff")]
public sealed partial class StaffController(
    SignInManager<PortalUser> signIn, UserManager<PortalUser> users, IAuditLog audit, ILogger<StaffController> logger) : Controller
{
    public const string FailedMessage = "아이디 또는 비밀번호가 올바르지 않습니다. 5회 연속으로 틀리면 15분 동안 로그인할 수 없습니다.";

    public const string LockedOutMessage = "로그인에 연속으로 실패하여 계정이 잠겼습니다. 15분 뒤에 다시 시도하거나 관리자에게 문의해 주세요.";

    public const string TwoFactorFailedMessage = "인증 코드가 올바르지 않습니다. 인증 앱에 지금 표시된 6자리 숫자를 입력하거나, 휴대전화를 잃어버렸다면 복구 코드를 사용해 주세요.";

    public const string TwoFactorExpiredMessage = "2단계 인증 시간이 지났습니다. 아이디와 비밀번호부터 다시 입력해 주세요.";


    private string? ClientIp => HttpContext.Connection.RemoteIpAddress?.ToString();

    [HttpGet("signin")]
    public IActionResult SignIn(string? returnUrl, bool signedOut = false)
    {
        Response.Headers.CacheControl = "no-store";
        if (User.ToStaffActor() is not null && !signedOut)
        {
            return LocalRedirect(SafeReturnUrl(returnUrl));
        }

        return View("SignIn", new SignInViewModel { ReturnUrl = LocalOrNull(returnUrl), SignedOut = signedOut });
    }

    [HttpPost("signin")]
    [EnableRateLimiting(StaffPolicies.SignInRateLimit)]
    public async Task<IActionResult> SignInAsync(SignInViewModel input, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        input.ReturnUrl = LocalOrNull(input.ReturnUrl);
        var userName = input.UserName?.Trim();
        if (string.IsNullOrEmpty(userName))
        {
            this.AddOrderedModelError(nameof(input.UserName), "아이디를 입력해 주세요.");
        }

        if (string.IsNullOrEmpty(input.Password))
        {
            this.AddOrderedModelError(nameof(input.Password), "비밀번호를 입력해 주세요.");
        }

        if (!ModelState.IsValid)
        {
            input.Password = null;
            return View("SignIn", input);
        }

        var user = userName!.Length <= 256 ? await users.FindByNameAsync(userName) : null;
        if (user is not null && !(await users.IsInRoleAsync(user, StaffRoles.Clerk) || await users.IsInRoleAsync(user, StaffRoles.Admin)))
        {
            // A citizen member's account (same Identity store): not a staff account, answered like an unknown ID.
            user = null;
        }

        Microsoft.AspNetCore.Identity.SignInResult result;
        var lockedBefore = user is not null && await users.IsLockedOutAsync(user);
        if (user is null)
        {
            // The same work as a real check, so the response time does not tell that the account does not exist.
            users.PasswordHasher.HashPassword(new PortalUser { UserName = userName }, input.Password!);
            result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }
        else
        {
            result = await signIn.CheckPasswordSignInAsync(user, input.Password!, lockoutOnFailure: true);
        }

        input.Password = null;
        if (result.Succeeded && user is not null && await users.GetTwoFactorEnabledAsync(user))
        {
            // The password was right; the session starts only after the second factor (a short-lived, user-id-only cookie meanwhile).
            var pending = new System.Security.Claims.ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
            pending.AddClaim(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, user.Id));
            await HttpContext.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new System.Security.Claims.ClaimsPrincipal(pending));
            return View("TwoFactor", new TwoFactorViewModel { ReturnUrl = input.ReturnUrl });
        }

        if (result.Succeeded && user is not null)
        {
            return await CompleteSignInAsync(user, input.ReturnUrl, mfa: false, cancellationToken);
        }

        if (result.IsLockedOut && user is not null)
        {
            await SignInAudit.LockedOutAsync(audit, (action, reason) => Record(user, action, reason), AuditActions.SignInFailed, lockedBefore, cancellationToken);
            LogLockedOut(logger, user.Id);
            this.AddOrderedModelError(string.Empty, LockedOutMessage);
            return View("SignIn", input);
        }

        await audit.AppendAsync(SignInAudit.Refused(user, userName, AuditActions.SignInFailed, StaffAudit.Target, Now, ClientIp), cancellationToken);
        this.AddOrderedModelError(string.Empty, FailedMessage);
        return View("SignIn", input);
    }

    /// <summary>Second step: the authenticator code (or a recovery code) of the user whose password was right.</summary>
    [HttpPost("signin/2fa")]
    [EnableRateLimiting(StaffPolicies.SignInRateLimit)]
    public async Task<IActionResult> TwoFactorAsync(TwoFactorViewModel input, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        input.ReturnUrl = LocalOrNull(input.ReturnUrl);
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            // The pending step expired (5 minutes) or never began.
            this.AddOrderedModelError(string.Empty, TwoFactorExpiredMessage);
            return View("SignIn", new SignInViewModel { ReturnUrl = input.ReturnUrl });
        }

        // Authenticator codes are often typed "123 456"; recovery codes are "XXXXX-XXXXX" and compared as issued.
        var code = (input.Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!input.UseRecoveryCode)
        {
            code = code.Replace("-", string.Empty, StringComparison.Ordinal);
        }

        input.Code = null;
        if (code.Length == 0 || code.Length > 32)
        {
            this.AddOrderedModelError(nameof(input.Code), input.UseRecoveryCode ? "복구 코드를 입력해 주세요." : "인증 앱에 표시된 6자리 숫자를 입력해 주세요.");
            return View("TwoFactor", input);
        }

        if (await users.IsLockedOutAsync(user))
        {
            this.AddOrderedModelError(string.Empty, LockedOutMessage);
            return View("TwoFactor", input);
        }

        var valid = input.UseRecoveryCode
            ? (await users.RedeemTwoFactorRecoveryCodeAsync(user, code)).Succeeded
            : await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!valid)
        {
            await users.AccessFailedAsync(user);
            var locked = await users.IsLockedOutAsync(user);
            await audit.AppendAsync(Record(user, AuditActions.TwoFactorFailed, input.UseRecoveryCode ? "복구 코드 불일치" : "인증 코드 불일치"), cancellationToken);
            if (locked)
            {
                await audit.AppendAsync(Record(user, AuditActions.LockedOut, "2단계 인증 연속 실패로 잠금"), cancellationToken);
            }

            this.AddOrderedModelError(nameof(input.Code), locked ? LockedOutMessage : TwoFactorFailedMessage);
            return View("TwoFactor", input);
        }

        await users.ResetAccessFailedCountAsync(user);
        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        if (input.UseRecoveryCode)
        {
            await audit.AppendAsync(Record(user, AuditActions.RecoveryCodeUsed, $"남은 복구 코드 {await users.CountRecoveryCodesAsync(user)}개"), cancellationToken);
        }

        return await CompleteSignInAsync(user, input.ReturnUrl, mfa: true, cancellationToken);
    }

    [HttpPost("signout")]
    [Authorize(AuthenticationSchemes = "Identity.Application")]
    public async Task<IActionResult> SignOutAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        await signIn.SignOutAsync();
        if (user is not null)
        {
            await audit.AppendAsync(Record(user, AuditActions.SignedOut), cancellationToken);
        }

        return Redirect(StaffPolicies.SignInPath + "?signedOut=true");
    }

    [HttpGet("denied")]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        ViewData["Title"] = "접근 권한이 없습니다";
        return View("Denied");
    }

    /// <summary>Starts the staff session (the absolute-limit stamp, and <c>amr=mfa</c> after a second factor).</summary>
    private async Task<IActionResult> CompleteSignInAsync(PortalUser user, string? returnUrl, bool mfa, CancellationToken cancellationToken)
    {
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[StaffPolicies.SignedInAtItem] = HttpContext.RequestServices.GetRequiredService<TimeProvider>()
            .GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        System.Security.Claims.Claim[] claims = mfa ? [new(StaffPolicies.MfaClaimType, StaffPolicies.MfaClaimValue)] : [];
        await signIn.SignInWithClaimsAsync(user, properties, claims);
        await audit.AppendAsync(Record(user, AuditActions.SignInSucceeded, mfa ? "2단계 인증 완료" : null), cancellationToken);
        LogSignedIn(logger, user.Id);
        var isStaff = await users.IsInRoleAsync(user, StaffRoles.Clerk) || await users.IsInRoleAsync(user, StaffRoles.Admin);
        if (!isStaff)
        {
            return LocalRedirect("/");
        }

        // An administrator without a second factor is sent to set one up before anything else (the admin pages need it).
        if (!mfa && await users.IsInRoleAsync(user, StaffRoles.Admin))
        {
            return LocalRedirect(StaffPolicies.TwoFactorSetupPath);
        }

        return LocalRedirect(SafeReturnUrl(returnUrl));
    }

    private DateTime Now => HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    private AuditRecord Record(PortalUser user, string action, string? reason = null) => StaffAudit.Record(user, action, reason, Now, ClientIp);

    private string? LocalOrNull(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.Length <= 2048 && Url.IsLocalUrl(returnUrl) ? returnUrl : null;

    private string SafeReturnUrl(string? returnUrl) => LocalOrNull(returnUrl) ?? "/clerk";

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff user {UserId} signed in")]
    private static partial void LogSignedIn(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Staff user {UserId} is locked out")]
    private static partial void LogLockedOut(ILogger logger, string userId);
}
