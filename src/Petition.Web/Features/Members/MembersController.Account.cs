using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Petition.Core.Auditing;
using Petition.Infrastructure.Identity;
using Petition.Web.Features.Track;

namespace Petition.Web.Features.Members;

/// <summary>나의 민원 (drafts and filed petitions) and 계정 관리 (password, certificates, deleting the account).</summary>
public sealed partial class MembersController
{
    [HttpGet("my")]
    [Authorize(Policy = MemberAuth.Policy)]
    public async Task<IActionResult> MyPetitionsAsync(bool welcome, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (await MemberAsync() is not { } user)
        {
            return Challenge(MemberAuth.Scheme);
        }

        return View("My", new MyPetitionsViewModel
        {
            DisplayName = user.DisplayName,
            Drafts = await store.OpenDraftsAsync(user.Id, UtcNow, cancellationToken),
            Petitions = await store.PetitionsAsync(user.Id, cancellationToken),
            Notice = welcome ? l["가입을 환영합니다. 이제 민원을 신청하면 신청인 기본사항이 회원 정보로 채워지고, 신청한 민원을 여기에서 볼 수 있습니다."].Value : null,
        });
    }

    /// <summary>Opens a filed petition's tracking page for its member, without the receipt-number lookup.</summary>
    [HttpGet("petitions/{receipt}")]
    [Authorize(Policy = MemberAuth.Policy)]
    public async Task<IActionResult> OpenPetitionAsync(string receipt, [FromServices] TrackingAccess tracking, CancellationToken cancellationToken)
    {
        if (await MemberAsync() is not { } user)
        {
            return Challenge(MemberAuth.Scheme);
        }

        var petition = receipt.Length > 20 ? null : await store.PetitionAsync(user.Id, receipt, cancellationToken);
        if (petition is null)
        {
            return NotFound();
        }

        tracking.Grant(HttpContext, petition);
        return Redirect(TrackingAccess.CookiePath(petition.ReceiptNumber));
    }

    [HttpGet("account")]
    [Authorize(Policy = MemberAuth.Policy)]
    public async Task<IActionResult> AccountAsync(bool bound, bool unbound, bool passwordChanged, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (await MemberAsync() is not { } user)
        {
            return Challenge(MemberAuth.Scheme);
        }

        var notice = bound ? l["인증서를 등록했습니다. 이제 이 인증서로 로그인할 수 있습니다."].Value
            : unbound ? l["인증서 등록을 해제했습니다. 이 인증서로는 더 이상 로그인할 수 없습니다."].Value
            : passwordChanged ? l["비밀번호를 바꿨습니다. 다른 곳에서 로그인한 세션은 모두 종료되었습니다."].Value
            : null;
        return View("Account", await AccountModelAsync(user, notice, cancellationToken));
    }

    [HttpPost("account/password")]
    [Authorize(Policy = MemberAuth.Policy)]
    [EnableRateLimiting(MemberAuth.SignInRateLimit)]
    public async Task<IActionResult> ChangePasswordAsync(MemberPasswordViewModel input, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        if (await MemberAsync() is not { } user)
        {
            return Challenge(MemberAuth.Scheme);
        }

        if (string.IsNullOrEmpty(input.CurrentPassword))
        {
            Error(nameof(input.CurrentPassword), "현재 비밀번호를 입력해 주세요.");
        }

        await AddPasswordErrorsAsync(user, input.NewPassword, input.NewPasswordConfirm, nameof(input.NewPassword), nameof(input.NewPasswordConfirm));
        if (ModelState.IsValid)
        {
            var result = await users.ChangePasswordAsync(user, input.CurrentPassword!, input.NewPassword!);
            if (result.Succeeded)
            {
                await audit.AppendAsync(Record(user, AuditActions.MemberPasswordChanged, "비밀번호 변경"), cancellationToken);

                // The new security stamp ends every other session; this one continues with the new stamp.
                await StartSessionAsync(user, User.FindFirst(MemberAuth.MethodClaim)?.Value ?? MemberAuth.PasswordMethod);
                return LocalRedirect("/members/account?passwordChanged=true");
            }

            Error(nameof(input.CurrentPassword), result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                ? "현재 비밀번호가 올바르지 않습니다."
                : "비밀번호를 바꾸지 못했습니다. 다시 시도해 주세요.");
        }

        var model = await AccountModelAsync(user, null, cancellationToken);
        model.FailedForm = "password";
        return View("Account", model);
    }

    [HttpGet("account/delete")]
    [Authorize(Policy = MemberAuth.Policy)]
    public async Task<IActionResult> DeleteAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (await MemberAsync() is not { } user)
        {
            return Challenge(MemberAuth.Scheme);
        }

        return View("Delete", await DeleteModelAsync(user, cancellationToken));
    }

    [HttpPost("account/delete")]
    [Authorize(Policy = MemberAuth.Policy)]
    [EnableRateLimiting(MemberAuth.SignInRateLimit)]
    public async Task<IActionResult> DeleteAsync(MemberDeleteViewModel input, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        if (await MemberAsync() is not { } user)
        {
            return Challenge(MemberAuth.Scheme);
        }

        if (string.IsNullOrEmpty(input.Password))
        {
            Error(nameof(input.Password), "탈퇴하려면 비밀번호를 입력해 주세요.");
        }
        else
        {
            var check = await signIn.CheckPasswordSignInAsync(user, input.Password, lockoutOnFailure: true);
            if (!check.Succeeded)
            {
                Error(nameof(input.Password), check.IsLockedOut ? LockedOutMessage : "비밀번호가 올바르지 않습니다.");
            }
        }

        if (!input.Confirm)
        {
            Error(nameof(input.Confirm), "안내 내용을 확인했다는 항목에 표시해 주세요.");
        }

        if (!ModelState.IsValid)
        {
            return View("Delete", await DeleteModelAsync(user, cancellationToken));
        }

        var outcome = await store.DeleteAccountAsync(user, o => Record(user, AuditActions.MemberDeleted,
            $"회원 탈퇴: 신청한 민원 {o.PetitionsKept}건 보존(회원 연결 해제), 임시저장 {o.DraftsDeleted}건 삭제"), cancellationToken);
        await HttpContext.SignOutAsync(MemberAuth.Scheme);
        LogDeleted(logger, user.Id);
        return View("Deleted", new MemberDeletedViewModel { PetitionsKept = outcome.PetitionsKept, DraftsDeleted = outcome.DraftsDeleted });
    }

    private async Task<MemberAccountViewModel> AccountModelAsync(PortalUser user, string? notice, CancellationToken cancellationToken) => new()
    {
        UserName = user.UserName ?? string.Empty,
        DisplayName = user.DisplayName,
        RrnMasked = user.RrnMasked ?? string.Empty,
        Email = user.Email,
        Phone = user.PhoneNumber,
        AddressLine = string.IsNullOrEmpty(user.AddressDetail) ? $"({user.PostalCode}) {user.Address}" : $"({user.PostalCode}) {user.Address} {user.AddressDetail}",
        Certificates = (await store.CertificatesAsync(user.Id, cancellationToken))
            .Select(c => new BoundCertificateRow(c.Id, c.Summary, c.SubjectDn, c.SerialNumber, c.NotAfterUtc, c.BoundAtUtc, c.LastUsedAtUtc))
            .ToList(),
        Notice = notice,
    };

    private async Task<MemberDeleteViewModel> DeleteModelAsync(PortalUser user, CancellationToken cancellationToken) => new()
    {
        PetitionCount = (await store.PetitionsAsync(user.Id, cancellationToken)).Count,
        DraftCount = (await store.OpenDraftsAsync(user.Id, UtcNow, cancellationToken)).Count,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {UserId} deleted the account")]
    private static partial void LogDeleted(ILogger logger, string userId);
}
