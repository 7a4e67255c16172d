using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Petition.Core.Auditing;
using Petition.Core.Workbench;
using Petition.Infrastructure.Identity;
using Petition.Web.Features.AdminStaff;
using Petition.Web.Features.Shared;
using QRCoder;

namespace Petition.Web.Features.Staff;

/// <summary>The /staff/2fa page: set up the authenticator app, or (once set up) see and renew the recovery codes.</summary>
public sealed class TwoFactorSetupViewModel
{
    public bool Enabled { get; init; }

    public bool IsAdmin { get; init; }

    /// <summary>Whether this session was signed in with the second factor (admins need it for /admin).</summary>
    public bool SessionHasMfa { get; init; }

    public int RecoveryCodesLeft { get; init; }

    /// <summary>The authenticator key in groups of four (set-up only).</summary>
    public string? FormattedKey { get; init; }

    /// <summary>A data: URI of the PNG QR code of the otpauth:// URI (set-up only).</summary>
    public string? QrCodeDataUri { get; init; }

    public string? Notice { get; init; }
}

/// <summary>The recovery codes, shown once right after they were made.</summary>
public sealed record RecoveryCodesViewModel(IReadOnlyList<string> Codes, bool JustEnabled, bool IsAdmin);

/// <summary>The /staff/password form.</summary>
public sealed class ChangePasswordInput
{
    public string? CurrentPassword { get; set; }

    public string? NewPassword { get; set; }

    public string? ConfirmPassword { get; set; }
}

/// <summary>
/// 2단계 인증 설정 and 비밀번호 변경 for any signed-in staff member: the authenticator app (Identity's authenticator
/// key, shown as text and as a QR code), confirmed with a code before two-factor sign-in is switched on; ten recovery
/// codes shown once; renewing them needs a current code. Switching the second factor on refreshes the session with
/// <c>amr=mfa</c>, keeping the original sign-in instant (the absolute session limit). There is no way to switch it
/// off here: administrators must keep it, and a clerk who lost the phone asks an administrator.
/// </summary>
[Route("staff")]
[Authorize(Policy = StaffPolicies.Clerk)]
public sealed class TwoFactorSetupController(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    IAuditLog audit,
    TimeProvider clock,
    StaffPasswords passwords,
    IStringLocalizer<TwoFactorSetupController> l) : Controller
{
    public const int RecoveryCodeCount = 10;

    /// <summary>The issuer the authenticator app shows beside the account.</summary>
    public const string Issuer = "고용노동부 민원마당";


    [HttpGet("2fa")]
    public async Task<IActionResult> IndexAsync(string? notice)
    {
        Response.Headers.CacheControl = "no-store";
        var user = await CurrentUserAsync();
        if (user is null)
        {
            return Challenge();
        }

        return View("Index", await ModelAsync(user, notice == "password" ? l["비밀번호를 바꿨습니다."].Value : null));
    }

    [HttpPost("2fa")]
    [EnableRateLimiting(StaffPolicies.SignInRateLimit)]
    public async Task<IActionResult> EnableAsync(string? code, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        var user = await CurrentUserAsync();
        if (user is null)
        {
            return Challenge();
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return Redirect(StaffPolicies.TwoFactorSetupPath);
        }

        if (!await CheckCodeAsync(user, code, "Code", AuditActions.TwoFactorFailed, "2단계 인증 설정 중 인증 코드 불일치", cancellationToken))
        {
            return View("Index", await ModelAsync(user, null));
        }

        var enabled = await users.SetTwoFactorEnabledAsync(user, true);
        if (!enabled.Succeeded)
        {
            this.AddOrderedModelError(string.Empty, l["2단계 인증을 켜지 못했습니다. 잠시 뒤에 다시 시도해 주세요."]);
            return View("Index", await ModelAsync(user, null));
        }

        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        await audit.AppendAsync(Record(user, AuditActions.TwoFactorEnabled, $"인증 앱 등록, 복구 코드 {codes.Count}개 발급"), cancellationToken);

        // Enabling the second factor changed the security stamp: sign in again, now with the second factor's claim.
        await RefreshSignInAsync(user, mfa: true);
        return View("RecoveryCodes", new RecoveryCodesViewModel(codes, JustEnabled: true, await users.IsInRoleAsync(user, StaffRoles.Admin)));
    }

    [HttpPost("2fa/recovery-codes")]
    [EnableRateLimiting(StaffPolicies.SignInRateLimit)]
    public async Task<IActionResult> RegenerateRecoveryCodesAsync(string? regenerateCode, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        var user = await CurrentUserAsync();
        if (user is null)
        {
            return Challenge();
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return Redirect(StaffPolicies.TwoFactorSetupPath);
        }

        if (!await CheckCodeAsync(user, regenerateCode, "RegenerateCode", AuditActions.TwoFactorFailed, "복구 코드 재발급 중 인증 코드 불일치", cancellationToken))
        {
            return View("Index", await ModelAsync(user, null));
        }

        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        await audit.AppendAsync(Record(user, AuditActions.RecoveryCodesRegenerated, $"복구 코드 {codes.Count}개 새로 발급 (이전 코드는 무효)"), cancellationToken);
        return View("RecoveryCodes", new RecoveryCodesViewModel(codes, JustEnabled: false, await users.IsInRoleAsync(user, StaffRoles.Admin)));
    }

    [HttpGet("password")]
    public IActionResult Password()
    {
        Response.Headers.CacheControl = "no-store";
        return View("Password", new ChangePasswordInput());
    }

    [HttpPost("password")]
    [EnableRateLimiting(StaffPolicies.SignInRateLimit)]
    public async Task<IActionResult> PasswordAsync(ChangePasswordInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        var user = await CurrentUserAsync();
        if (user is null)
        {
            return Challenge();
        }

        if (string.IsNullOrEmpty(input.CurrentPassword))
        {
            this.AddOrderedModelError(nameof(input.CurrentPassword), l["지금 쓰는 비밀번호를 입력해 주세요."]);
        }

        if (string.IsNullOrEmpty(input.NewPassword))
        {
            this.AddOrderedModelError(nameof(input.NewPassword), l["새 비밀번호를 입력해 주세요."]);
        }
        else
        {
            foreach (var error in await passwords.ValidateAsync(user, input.NewPassword))
            {
                this.AddOrderedModelError(nameof(input.NewPassword), error);
            }

            if (string.Equals(input.NewPassword, input.CurrentPassword, StringComparison.Ordinal))
            {
                this.AddOrderedModelError(nameof(input.NewPassword), l["새 비밀번호는 지금 쓰는 비밀번호와 달라야 합니다."]);
            }
        }

        if (!string.Equals(input.NewPassword, input.ConfirmPassword, StringComparison.Ordinal))
        {
            this.AddOrderedModelError(nameof(input.ConfirmPassword), l["새 비밀번호 확인이 새 비밀번호와 다릅니다."]);
        }

        if (ModelState.IsValid)
        {
            var changed = await users.ChangePasswordAsync(user, input.CurrentPassword!, input.NewPassword!);
            if (changed.Succeeded)
            {
                await audit.AppendAsync(Record(user, AuditActions.StaffPasswordChanged, "본인이 비밀번호 변경"), cancellationToken);

                // The change renewed the security stamp (other sessions of this account end); this one goes on.
                await RefreshSignInAsync(user, mfa: User.HasClaim(StaffPolicies.MfaClaimType, StaffPolicies.MfaClaimValue));
                return Redirect(StaffPolicies.TwoFactorSetupPath + "?notice=password");
            }

            if (changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                await users.AccessFailedAsync(user);
                this.AddOrderedModelError(nameof(input.CurrentPassword), l["지금 쓰는 비밀번호가 올바르지 않습니다."]);
            }
            else
            {
                foreach (var error in changed.Errors)
                {
                    this.AddOrderedModelError(nameof(input.NewPassword), passwords.Describe(error));
                }
            }
        }

        return View("Password", new ChangePasswordInput());
    }

    /// <summary>The otpauth:// URI an authenticator app reads from the QR code (RFC 6238 defaults: SHA-1, 6 digits, 30 s).</summary>
    public static string AuthenticatorUri(string userName, string key) =>
        string.Create(CultureInfo.InvariantCulture, $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30");

    /// <summary>"ABCD EFGH …": the key as the page shows it, in groups of four.</summary>
    public static string FormatKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = new StringBuilder(key.Length + (key.Length / 4));
        for (var i = 0; i < key.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                text.Append(' ');
            }

            text.Append(char.ToUpperInvariant(key[i]));
        }

        return text.ToString();
    }

    private async Task<PortalUser?> CurrentUserAsync() => await users.GetUserAsync(User);

    private async Task<TwoFactorSetupViewModel> ModelAsync(PortalUser user, string? notice)
    {
        var enabled = await users.GetTwoFactorEnabledAsync(user);
        var isAdmin = await users.IsInRoleAsync(user, StaffRoles.Admin);
        var mfa = User.HasClaim(StaffPolicies.MfaClaimType, StaffPolicies.MfaClaimValue);
        if (enabled)
        {
            return new TwoFactorSetupViewModel
            {
                Enabled = true,
                IsAdmin = isAdmin,
                SessionHasMfa = mfa,
                RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user),
                Notice = notice,
            };
        }

        // The key stays the same until the app is confirmed, so reloading the page does not void a scanned code.
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("Identity made no authenticator key.");

            // A new key renews the security stamp: keep this session (other sessions of the account end).
            await RefreshSignInAsync(user, mfa);
        }

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(AuthenticatorUri(user.UserName ?? user.Id, key), QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return new TwoFactorSetupViewModel
        {
            Enabled = false,
            IsAdmin = isAdmin,
            SessionHasMfa = mfa,
            FormattedKey = FormatKey(key),
            QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(png),
            Notice = notice,
        };
    }

    /// <summary>Checks a 6-digit authenticator code; a wrong one counts toward the lock-out and is audited.</summary>
    private async Task<bool> CheckCodeAsync(PortalUser user, string? code, string field, string failedAction, string failedReason, CancellationToken cancellationToken)
    {
        var digits = (code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (digits.Length == 0)
        {
            this.AddOrderedModelError(field, l["인증 앱에 표시된 6자리 숫자를 입력해 주세요."]);
            return false;
        }

        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit))
        {
            this.AddOrderedModelError(field, l["인증 코드는 6자리 숫자입니다. 인증 앱에 지금 표시된 숫자를 입력해 주세요."]);
            return false;
        }

        if (await users.IsLockedOutAsync(user))
        {
            this.AddOrderedModelError(field, l[StaffController.LockedOutMessage]);
            return false;
        }

        if (await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            await users.ResetAccessFailedCountAsync(user);
            return true;
        }

        await users.AccessFailedAsync(user);
        await audit.AppendAsync(Record(user, failedAction, failedReason), cancellationToken);
        this.AddOrderedModelError(field, l["인증 코드가 올바르지 않습니다. 인증 앱에 이 포털의 계정이 추가되었는지, 휴대전화의 시각이 맞는지 확인하고 지금 표시된 6자리 숫자를 입력해 주세요."]);
        return false;
    }

    /// <summary>Signs in again (new security stamp, fresh claims), keeping the original sign-in instant.</summary>
    private async Task RefreshSignInAsync(PortalUser user, bool mfa)
    {
        var current = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[StaffPolicies.SignedInAtItem] =
            current.Properties?.Items.TryGetValue(StaffPolicies.SignedInAtItem, out var at) == true && at is not null
                ? at
                : clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        Claim[] claims = mfa ? [new(StaffPolicies.MfaClaimType, StaffPolicies.MfaClaimValue)] : [];
        await signIn.SignInWithClaimsAsync(user, properties, claims);
    }

    private AuditRecord Record(PortalUser user, string action, string reason) =>
        StaffAudit.Record(user, action, reason, clock.GetUtcNow().UtcDateTime, HttpContext.Connection.RemoteIpAddress?.ToString());
}
