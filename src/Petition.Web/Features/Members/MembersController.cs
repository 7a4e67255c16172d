using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Auditing;
using Petition.Core.Workbench;
using Petition.Infrastructure.Identity;
using Petition.Web.Features.Shared;

namespace Petition.Web.Features.Members;

/// <summary>
/// 회원 (citizen members): sign-up with ID and password, password sign-in (Identity's hashing, lockout after five
/// failures, rate-limited per address), certificate sign-in and binding (<c>MembersController.Certificates.cs</c>),
/// 나의 민원 and the account page (<c>MembersController.Account.cs</c>). Members have their own cookie scheme
/// (<see cref="MemberAuth.Scheme"/>); a staff cookie never opens these pages, nor a member cookie the staff pages.
/// </summary>
[Route("members")]
public sealed partial class MembersController(
    SignInManager<PortalUser> signIn,
    UserManager<PortalUser> users,
    RoleManager<IdentityRole> roles,
    IRrnProtector rrnProtector,
    IAuditLog audit,
    MemberStore store,
    IStringLocalizer<MembersController> l,
    TimeProvider clock,
    ILogger<MembersController> logger) : Controller
{
    public const string FailedMessage = "아이디 또는 비밀번호가 올바르지 않습니다. 5회 연속으로 틀리면 15분 동안 로그인할 수 없습니다.";

    public const string LockedOutMessage = "로그인에 연속으로 실패하여 계정이 15분 동안 잠겼습니다. 잠시 뒤에 다시 시도하거나, 등록한 인증서로 로그인해 주세요.";

    private const string MemberTarget = "MemberAccount";

    private string? ClientIp => HttpContext.Connection.RemoteIpAddress?.ToString();

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    [GeneratedRegex("^[a-z][a-z0-9_-]{3,19}$")]
    private static partial Regex UserNamePattern();

    [HttpGet("signup")]
    public async Task<IActionResult> SignUpAsync()
    {
        Response.Headers.CacheControl = "no-store";
        if (await CurrentMemberIdAsync() is not null)
        {
            return LocalRedirect(MemberAuth.MyPetitionsPath);
        }

        return View("SignUp", new MemberSignUpViewModel());
    }

    [HttpPost("signup")]
    [EnableRateLimiting(MemberAuth.SignInRateLimit)]
    public async Task<IActionResult> SignUpAsync(MemberSignUpViewModel input, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        var userName = input.UserName?.Trim().ToLowerInvariant() ?? string.Empty;
        input.UserName = userName;
        if (userName.Length == 0)
        {
            Error(nameof(input.UserName), "아이디를 입력해 주세요.");
        }
        else if (!UserNamePattern().IsMatch(userName))
        {
            Error(nameof(input.UserName), "아이디는 영문 소문자로 시작하여 영문 소문자, 숫자, -, _ 로 4~20자를 입력해 주세요.");
        }
        else if (await users.FindByNameAsync(userName) is not null)
        {
            Error(nameof(input.UserName), "이미 사용 중인 아이디입니다. 다른 아이디를 입력해 주세요.");
        }

        var probe = new PortalUser { UserName = userName };
        await AddPasswordErrorsAsync(probe, input.Password, input.PasswordConfirm, nameof(input.Password), nameof(input.PasswordConfirm));

        var front = input.RrnFront?.Trim() ?? string.Empty;
        var back = input.RrnBack?.Trim() ?? string.Empty;
        var applicant = new ApplicantInput(input.Name, front + back, input.PostalCode, input.Address, input.AddressDetail, input.Phone, input.Email);
        var errors = ApplicantValidator.Validate(applicant, out var rrn);
        foreach (var error in errors)
        {
            Error(error.Key == "Rrn" ? (front.Length == 6 ? "RrnBack" : "RrnFront") : error.Key, error.Message);
        }

        if (string.IsNullOrWhiteSpace(input.Phone) && string.IsNullOrWhiteSpace(input.Email))
        {
            Error(nameof(input.Phone), "처리 상황을 안내받을 연락처 또는 전자우편 중 하나 이상을 입력해 주세요.");
        }

        if (!input.Consent)
        {
            Error(nameof(input.Consent), "개인정보 수집·이용에 동의해야 가입할 수 있습니다.");
        }

        if (!ModelState.IsValid)
        {
            return SignUpAgain(input);
        }

        await DemoMemberSeeder.EnsureRoleAsync(roles);
        var user = new PortalUser
        {
            UserName = userName,
            DisplayName = input.Name!.Trim(),
            Email = Blank(input.Email),
            PhoneNumber = Blank(input.Phone),
            RrnProtected = rrnProtector.Protect(rrn!),
            RrnMasked = rrn!.Masked,
            PostalCode = input.PostalCode!.Trim(),
            Address = input.Address!.Trim(),
            AddressDetail = Blank(input.AddressDetail),
            CreatedAtUtc = UtcNow,
        };
        var created = await users.CreateAsync(user, input.Password!);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, StaffRoles.Member);
        }

        if (!created.Succeeded)
        {
            // A second sign-up with the same ID at the same moment: the unique user name decides.
            Error(nameof(input.UserName), created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName))
                ? "이미 사용 중인 아이디입니다. 다른 아이디를 입력해 주세요."
                : "가입을 완료하지 못했습니다. 입력 내용을 확인한 뒤 다시 시도해 주세요.");
            return SignUpAgain(input);
        }

        await audit.AppendAsync(Record(user, AuditActions.MemberSignedUp, "회원가입"), cancellationToken);
        await StartSessionAsync(user, MemberAuth.PasswordMethod);
        LogSignedUp(logger, user.Id);
        return LocalRedirect(MemberAuth.MyPetitionsPath + "?welcome=true");
    }

    [HttpGet("signin")]
    public async Task<IActionResult> SignInAsync(string? returnUrl, bool signedOut = false)
    {
        Response.Headers.CacheControl = "no-store";
        if (!signedOut && await CurrentMemberIdAsync() is not null)
        {
            return LocalRedirect(SafeReturnUrl(returnUrl));
        }

        return View("SignIn", new MemberSignInViewModel { ReturnUrl = LocalOrNull(returnUrl), SignedOut = signedOut });
    }

    [HttpPost("signin")]
    [EnableRateLimiting(MemberAuth.SignInRateLimit)]
    public async Task<IActionResult> SignInAsync(MemberSignInViewModel input, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        input.ReturnUrl = LocalOrNull(input.ReturnUrl);
        var userName = input.UserName?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(userName))
        {
            Error(nameof(input.UserName), "아이디를 입력해 주세요.");
        }

        if (string.IsNullOrEmpty(input.Password))
        {
            Error(nameof(input.Password), "비밀번호를 입력해 주세요.");
        }

        if (!ModelState.IsValid)
        {
            input.Password = null;
            return View("SignIn", input);
        }

        var found = userName!.Length <= 256 ? await users.FindByNameAsync(userName) : null;

        // Staff accounts do not sign in here (and are not told so: the same answer as an unknown ID).
        var user = found is not null && found.RrnProtected is not null && await users.IsInRoleAsync(found, StaffRoles.Member) ? found : null;
        var lockedBefore = user is not null && await users.IsLockedOutAsync(user);
        Microsoft.AspNetCore.Identity.SignInResult result;
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
        if (result.Succeeded && user is not null)
        {
            await StartSessionAsync(user, MemberAuth.PasswordMethod);
            await audit.AppendAsync(Record(user, AuditActions.MemberSignInSucceeded, "아이디·비밀번호 로그인"), cancellationToken);
            LogSignedIn(logger, user.Id, MemberAuth.PasswordMethod);
            return LocalRedirect(SafeReturnUrl(input.ReturnUrl));
        }

        if (result.IsLockedOut && user is not null)
        {
            await SignInAudit.LockedOutAsync(audit, (action, reason) => Record(user, action, reason), AuditActions.MemberSignInFailed, lockedBefore, cancellationToken);
            Error(string.Empty, LockedOutMessage);
            return View("SignIn", input);
        }

        await audit.AppendAsync(SignInAudit.Refused(user, userName, AuditActions.MemberSignInFailed, MemberTarget, UtcNow, ClientIp), cancellationToken);
        Error(string.Empty, FailedMessage);
        return View("SignIn", input);
    }

    /// <summary>
    /// 로그아웃. The header's form is rendered on pages of either scheme (the member pages authenticate the member
    /// cookie, the others the default one), so its antiforgery token is checked against both identities here.
    /// </summary>
    [HttpPost("signout")]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> SignOutAsync([FromServices] IAntiforgery antiforgery, [FromServices] MemberSession session, CancellationToken cancellationToken)
    {
        if (!await session.IsAntiforgeryValidAsync(antiforgery))
        {
            return BadRequest();
        }

        var member = await session.PrincipalAsync();
        await HttpContext.SignOutAsync(MemberAuth.Scheme);

        // A shared computer: the next person must not continue this member's drafts through the browser's owner cookie.
        Response.Cookies.Delete(Infrastructure.DraftOwnerCookie.CookieName, new CookieOptions { Path = "/" });
        if (member?.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && await users.FindByIdAsync(id) is { } user)
        {
            await audit.AppendAsync(Record(user, AuditActions.SignedOut, "회원 로그아웃"), cancellationToken);
        }

        return Redirect(MemberAuth.SignInPath + "?signedOut=true");
    }

    private IActionResult SignUpAgain(MemberSignUpViewModel input)
    {
        input.Password = null;
        input.PasswordConfirm = null;
        input.RrnBack = null;
        return View("SignUp", input);
    }

    /// <summary>Identity's password rules (the staff ones), each failure as its own Korean sentence.</summary>
    private async Task AddPasswordErrorsAsync(PortalUser user, string? password, string? confirm, string key, string confirmKey)
    {
        if (string.IsNullOrEmpty(password))
        {
            Error(key, "비밀번호를 입력해 주세요.");
            return;
        }

        var rules = users.Options.Password;
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            foreach (var error in result.Errors)
            {
                switch (error.Code)
                {
                    case nameof(IdentityErrorDescriber.PasswordTooShort):
                        Error(key, "비밀번호는 {0}자 이상이어야 합니다.", rules.RequiredLength);
                        break;
                    case nameof(IdentityErrorDescriber.PasswordRequiresDigit):
                        Error(key, "비밀번호에 숫자를 1개 이상 넣어 주세요.");
                        break;
                    case nameof(IdentityErrorDescriber.PasswordRequiresLower):
                        Error(key, "비밀번호에 영문 소문자를 1개 이상 넣어 주세요.");
                        break;
                    case nameof(IdentityErrorDescriber.PasswordRequiresUpper):
                        Error(key, "비밀번호에 영문 대문자를 1개 이상 넣어 주세요.");
                        break;
                    case nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric):
                        Error(key, "비밀번호에 특수문자(!, @, # 등)를 1개 이상 넣어 주세요.");
                        break;
                    case nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars):
                        Error(key, "비밀번호에 서로 다른 문자를 {0}개 이상 써 주세요.", rules.RequiredUniqueChars);
                        break;
                    default:
                        Error(key, "비밀번호가 규칙에 맞지 않습니다. 12자 이상으로 영문 소문자, 숫자, 특수문자를 섞어 주세요.");
                        break;
                }
            }
        }

        if (!string.Equals(password, confirm, StringComparison.Ordinal))
        {
            Error(confirmKey, "비밀번호 확인이 비밀번호와 다릅니다. 같은 비밀번호를 다시 입력해 주세요.");
        }
    }

    /// <summary>Starts the member session (its own cookie; the staff cookie is never touched).</summary>
    private Task StartSessionAsync(PortalUser user, string method) =>
        HttpContext.SignInAsync(MemberAuth.Scheme, MemberAuth.Principal(user, method), new AuthenticationProperties { IsPersistent = false });

    private async Task<string?> CurrentMemberIdAsync() =>
        await HttpContext.RequestServices.GetRequiredService<MemberSession>().MemberIdAsync();

    /// <summary>Adds a localized, ordered model error (the Korean text is the resource key).</summary>
    private void Error(string key, string korean, params object[] arguments) =>
        this.AddOrderedModelError(key, arguments.Length == 0 ? l[korean].Value : l[korean, arguments].Value);

    private AuditRecord Record(PortalUser user, string action, string? reason = null) => new()
    {
        AtUtc = UtcNow,
        ActorId = user.Id,
        ActorName = user.UserName ?? user.Id,
        Action = action,
        TargetType = MemberTarget,
        TargetId = user.UserName,
        Reason = reason,
        IpAddress = ClientIp,
    };

    private string? LocalOrNull(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.Length <= 2048 && Url.IsLocalUrl(returnUrl) ? returnUrl : null;

    private string SafeReturnUrl(string? returnUrl) => LocalOrNull(returnUrl) ?? MemberAuth.MyPetitionsPath;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {UserId} signed up")]
    private static partial void LogSignedUp(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {UserId} signed in ({Method})")]
    private static partial void LogSignedIn(ILogger logger, string userId, string method);
}
