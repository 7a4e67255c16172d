using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Petition.Core.Auditing;
using Petition.Core.Workbench;
using Petition.Infrastructure.Auditing;
using Petition.Infrastructure.Identity;
using Petition.Infrastructure.Persistence;
using Petition.Web.Features.Shared;
using Petition.Web.Features.Staff;

namespace Petition.Web.Features.AdminStaff;

/// <summary>
/// 직원 관리: the staff accounts (clerks and administrators; citizen members are not listed). Create with a typed or a
/// generated initial password, edit name, role and department, lock (ends every session of the account at its next
/// request) and unlock, reset the password (a one-time password shown once). An administrator cannot lock or demote
/// themselves, and the last active administrator cannot be locked or demoted. Every change is audited with the user
/// name as the target.
/// </summary>
[Route("admin/staff")]
[Authorize(Policy = StaffPolicies.Admin)]
public sealed partial class AdminStaffController(
    UserManager<PortalUser> users,
    RoleManager<IdentityRole> roles,
    PetitionDbContext db,
    AuditQuery auditQuery,
    IAuditLog audit,
    StaffPasswords passwords,
    TimeProvider clock,
    IStringLocalizer<AdminStaffController> l) : Controller
{
    /// <summary>The lock-out end of an account an administrator locked (Identity treats it as locked until then).</summary>
    public static readonly DateTimeOffset LockedByAdministrator = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);


    private const int DisplayNameMaxLength = 50;

    private DateTimeOffset Now => clock.GetUtcNow();

    [HttpGet("")]
    public async Task<IActionResult> IndexAsync(string? notice, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        var accounts = await StaffAccountsAsync(cancellationToken);
        var lastSignIns = await auditQuery.LastSignInsAsync(accounts.Select(a => a.User.Id).ToList(), cancellationToken);
        var rows = accounts
            .Select(a => Row(a.User, a.Role, lastSignIns.TryGetValue(a.User.Id, out var at) ? at : null))
            .OrderBy(r => r.Role == StaffRoles.Admin ? 0 : 1)
            .ThenBy(r => r.Department, StringComparer.Ordinal)
            .ThenBy(r => r.UserName, StringComparer.Ordinal)
            .ToList();
        return View("Index", new StaffListViewModel { Rows = rows, Notice = NoticeText(notice) });
    }

    [HttpGet("new")]
    public async Task<IActionResult> CreateAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        return View("Create", new StaffCreateViewModel
        {
            Input = new StaffCreateInput { Role = StaffRoles.Clerk, PasswordMode = "generate" },
            Departments = await DepartmentsAsync(null, cancellationToken),
        });
    }

    [HttpPost("new")]
    public async Task<IActionResult> CreateAsync(StaffCreateInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        var departments = await DepartmentsAsync(null, cancellationToken);
        var userName = input.UserName?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(userName))
        {
            this.AddOrderedModelError(nameof(input.UserName), l["아이디를 입력해 주세요."]);
        }
        else if (!UserNamePattern().IsMatch(userName))
        {
            this.AddOrderedModelError(nameof(input.UserName), l["아이디는 영문 소문자로 시작하고 영문 소문자, 숫자, 점(.), 밑줄(_), 하이픈(-)만 써서 3~32자로 입력해 주세요."]);
        }
        else if (await users.FindByNameAsync(userName) is not null)
        {
            this.AddOrderedModelError(nameof(input.UserName), l["이미 있는 아이디입니다. 다른 아이디를 입력해 주세요."]);
        }

        var displayName = ValidateDisplayName(input.DisplayName, nameof(input.DisplayName));
        var role = ValidateRole(input.Role, nameof(input.Role));
        var department = ValidateDepartment(input.Department, role, departments, nameof(input.Department));
        var generate = !string.Equals(input.PasswordMode, "typed", StringComparison.Ordinal);
        var user = new PortalUser
        {
            UserName = userName,
            DisplayName = displayName ?? string.Empty,
            Department = department,
            CreatedAtUtc = Now.UtcDateTime,
            LockoutEnabled = true,
        };
        if (!generate)
        {
            if (string.IsNullOrEmpty(input.Password))
            {
                this.AddOrderedModelError(nameof(input.Password), l["처음 비밀번호를 입력하거나 '자동으로 만들기'를 골라 주세요."]);
            }
            else
            {
                foreach (var error in await passwords.ValidateAsync(user, input.Password))
                {
                    this.AddOrderedModelError(nameof(input.Password), error);
                }
            }
        }

        if (!ModelState.IsValid)
        {
            input.Password = null;
            return View("Create", new StaffCreateViewModel { Input = input, Departments = departments });
        }

        var password = generate ? StaffPasswords.Generate() : input.Password!;
        await DemoStaffSeeder.EnsureRolesAsync(roles);
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, role!);
        }

        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                this.AddOrderedModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(input.Password) : nameof(input.UserName), passwords.Describe(error));
            }

            input.Password = null;
            return View("Create", new StaffCreateViewModel { Input = input, Departments = departments });
        }

        await audit.AppendAsync(Record(AuditActions.StaffCreated, user.UserName!,
            $"{RoleText(role!)} · {department ?? "전체 부서"} · {(generate ? "처음 비밀번호 자동 생성" : "처음 비밀번호 직접 입력")}"), cancellationToken);
        if (generate)
        {
            return View("OneTimePassword", new OneTimePasswordViewModel(user.Id, user.UserName!, user.DisplayName, password, Created: true));
        }

        return Redirect("/admin/staff?notice=created");
    }

    [HttpGet("{id}/edit")]
    public async Task<IActionResult> EditAsync(string id, string? notice, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (await FindStaffAsync(id) is not { } account)
        {
            return NotFound();
        }

        return View("Edit", await EditModelAsync(account.User, account.Role, null, NoticeText(notice), null, cancellationToken));
    }

    [HttpPost("{id}/edit")]
    public async Task<IActionResult> EditAsync(string id, StaffEditInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        if (await FindStaffAsync(id) is not { } account)
        {
            return NotFound();
        }

        var (user, currentRole) = account;
        var departments = await DepartmentsAsync(user.Department, cancellationToken);
        var displayName = ValidateDisplayName(input.DisplayName, nameof(input.DisplayName));
        var role = ValidateRole(input.Role, nameof(input.Role));
        var department = ValidateDepartment(input.Department, role, departments, nameof(input.Department));
        if (role is not null && currentRole == StaffRoles.Admin && role != StaffRoles.Admin)
        {
            if (await IsLastActiveAdminAsync(user))
            {
                this.AddOrderedModelError(nameof(input.Role), l["마지막 관리자의 역할은 바꿀 수 없습니다. 다른 관리자를 먼저 만들어 주세요."]);
            }
            else if (IsSelf(user))
            {
                this.AddOrderedModelError(nameof(input.Role), l["자신의 관리자 역할은 직접 없앨 수 없습니다. 다른 관리자에게 요청해 주세요."]);
            }
        }

        if (!ModelState.IsValid)
        {
            return View("Edit", await EditModelAsync(user, currentRole, input, null, "edit", cancellationToken));
        }

        var changes = new List<string>();
        if (!string.Equals(user.DisplayName, displayName, StringComparison.Ordinal))
        {
            changes.Add($"이름: {user.DisplayName} → {displayName}");
            user.DisplayName = displayName!;
        }

        var accessChanged = false;
        if (!string.Equals(user.Department, department, StringComparison.Ordinal))
        {
            changes.Add($"부서: {user.Department ?? "전체 부서"} → {department ?? "전체 부서"}");
            user.Department = department;
            accessChanged = true;
        }

        if (changes.Count == 0 && role == currentRole)
        {
            return Redirect($"/admin/staff/{Uri.EscapeDataString(user.Id)}/edit?notice=unchanged");
        }

        if (role != currentRole)
        {
            changes.Add($"역할: {RoleText(currentRole)} → {RoleText(role!)}");
            accessChanged = true;
        }

        // Name, role, security stamp and the audit record commit together (the stores share this request's context):
        // a failure half-way never leaves an account without its staff role.
        await DemoStaffSeeder.EnsureRolesAsync(roles);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            Check(await users.UpdateAsync(user));
            if (role != currentRole)
            {
                Check(await users.RemoveFromRoleAsync(user, currentRole));
                Check(await users.AddToRoleAsync(user, role!));
            }

            // A new role or department ends the account's sessions (they sign in again with the new access).
            if (accessChanged)
            {
                Check(await users.UpdateSecurityStampAsync(user));
            }

            await audit.AppendAsync(Record(AuditActions.StaffUpdated, user.UserName!, string.Join("; ", changes)), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return Redirect($"/admin/staff/{Uri.EscapeDataString(user.Id)}/edit?notice=updated");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The staff account could not be saved: " + string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }

    [HttpPost("{id}/lock")]
    public async Task<IActionResult> LockAsync(string id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        if (await FindStaffAsync(id) is not { } account)
        {
            return NotFound();
        }

        var (user, role) = account;
        if (role == StaffRoles.Admin && await IsLastActiveAdminAsync(user))
        {
            this.AddOrderedModelError(string.Empty, l["마지막 관리자 계정은 잠글 수 없습니다. 다른 관리자를 먼저 만들어 주세요."]);
        }
        else if (IsSelf(user))
        {
            this.AddOrderedModelError(string.Empty, l["자신의 계정은 잠글 수 없습니다."]);
        }

        if (!ModelState.IsValid)
        {
            return View("Edit", await EditModelAsync(user, role, null, null, "lock", cancellationToken));
        }

        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, LockedByAdministrator);

        // A new security stamp: the account's open sessions fail their next check (every request, see AdminStaffRegistration).
        await users.UpdateSecurityStampAsync(user);
        await audit.AppendAsync(Record(AuditActions.StaffLocked, user.UserName!, "관리자가 계정을 잠금 (열린 세션 종료)"), cancellationToken);
        return Redirect($"/admin/staff/{Uri.EscapeDataString(user.Id)}/edit?notice=locked");
    }

    [HttpPost("{id}/unlock")]
    public async Task<IActionResult> UnlockAsync(string id, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (await FindStaffAsync(id) is not { } account)
        {
            return NotFound();
        }

        var user = account.User;
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.AppendAsync(Record(AuditActions.StaffUnlocked, user.UserName!, "관리자가 잠금을 해제"), cancellationToken);
        return Redirect($"/admin/staff/{Uri.EscapeDataString(user.Id)}/edit?notice=unlocked");
    }

    [HttpPost("{id}/password")]
    public async Task<IActionResult> ResetPasswordAsync(string id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        if (await FindStaffAsync(id) is not { } account)
        {
            return NotFound();
        }

        var (user, role) = account;
        if (IsSelf(user))
        {
            this.AddOrderedModelError(string.Empty, l["자신의 비밀번호는 여기서 초기화할 수 없습니다. '비밀번호 변경'에서 바꿔 주세요."]);
            return View("Edit", await EditModelAsync(user, role, null, null, "password", cancellationToken));
        }

        var password = StaffPasswords.Generate();
        var token = await users.GeneratePasswordResetTokenAsync(user);

        // ResetPasswordAsync renews the security stamp: the account's open sessions end.
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            foreach (var error in reset.Errors)
            {
                this.AddOrderedModelError(string.Empty, passwords.Describe(error));
            }

            return View("Edit", await EditModelAsync(user, role, null, null, "password", cancellationToken));
        }

        await users.ResetAccessFailedCountAsync(user);
        await audit.AppendAsync(Record(AuditActions.StaffPasswordReset, user.UserName!, "일회용 비밀번호 발급 (열린 세션 종료)"), cancellationToken);
        return View("OneTimePassword", new OneTimePasswordViewModel(user.Id, user.UserName!, user.DisplayName, password, Created: false));
    }

    /// <summary>The role label shown in lists and audit reasons (Korean; the views localize it).</summary>
    public static string RoleText(string role) => role == StaffRoles.Admin ? "관리자" : "담당 직원";

    [GeneratedRegex("^[a-z][a-z0-9._-]{2,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();

    private bool IsSelf(PortalUser user) => string.Equals(users.GetUserId(User), user.Id, StringComparison.Ordinal);

    private string? NoticeText(string? notice) => notice switch
    {
        "created" => l["직원 계정을 만들었습니다. 처음 비밀번호를 본인에게 안전하게 전해 주세요."].Value,
        "updated" => l["직원 정보를 바꿨습니다. 역할이나 부서가 바뀌었다면 그 직원은 다시 로그인해야 합니다."].Value,
        "unchanged" => l["바뀐 내용이 없습니다."].Value,
        "locked" => l["계정을 잠갔습니다. 이 직원의 열린 세션은 다음 요청에서 끝나고, 잠금을 해제할 때까지 로그인할 수 없습니다."].Value,
        "unlocked" => l["잠금을 해제했습니다. 이 직원은 다시 로그인할 수 있습니다."].Value,
        _ => null,
    };

    private StaffRow Row(PortalUser user, string role, DateTime? lastSignIn)
    {
        var lockedUntil = user.LockoutEnd;
        var locked = lockedUntil is { } end && end > Now;
        var byAdmin = locked && lockedUntil!.Value.Year >= LockedByAdministrator.Year;
        return new StaffRow(user.Id, user.UserName ?? user.Id, user.DisplayName, role, user.Department, byAdmin, locked && !byAdmin, user.TwoFactorEnabled, lastSignIn);
    }

    /// <summary>Every clerk and administrator with their role (members are not staff and are left out).</summary>
    private async Task<List<(PortalUser User, string Role)>> StaffAccountsAsync(CancellationToken cancellationToken)
    {
        var staffRoles = await db.Roles.AsNoTracking()
            .Where(r => r.Name == StaffRoles.Admin || r.Name == StaffRoles.Clerk)
            .Select(r => new { r.Id, r.Name })
            .ToListAsync(cancellationToken);
        var adminRoleId = staffRoles.FirstOrDefault(r => r.Name == StaffRoles.Admin)?.Id;
        var roleIds = staffRoles.Select(r => r.Id).ToList();
        var rows = await (from ur in db.UserRoles.AsNoTracking()
                          join u in db.Users.AsNoTracking() on ur.UserId equals u.Id
                          where roleIds.Contains(ur.RoleId)
                          select new { User = u, ur.RoleId }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.User.Id, StringComparer.Ordinal)
            .Select(g => (g.First().User, g.Any(r => r.RoleId == adminRoleId) ? StaffRoles.Admin : StaffRoles.Clerk))
            .ToList();
    }

    private async Task<(PortalUser User, string Role)?> FindStaffAsync(string id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || await users.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        var userRoles = await users.GetRolesAsync(user);
        if (userRoles.Contains(StaffRoles.Admin))
        {
            return (user, StaffRoles.Admin);
        }

        return userRoles.Contains(StaffRoles.Clerk) ? (user, StaffRoles.Clerk) : null;
    }

    /// <summary>Whether <paramref name="admin"/> is the only administrator who is not locked.</summary>
    private async Task<bool> IsLastActiveAdminAsync(PortalUser admin)
    {
        var now = Now;
        var admins = await users.GetUsersInRoleAsync(StaffRoles.Admin);
        return !admins.Any(a => a.Id != admin.Id && (a.LockoutEnd is null || a.LockoutEnd <= now));
    }

    /// <summary>The departments of the petition types (the clerks' scopes), plus <paramref name="current"/> if it is gone.</summary>
    private async Task<IReadOnlyList<string>> DepartmentsAsync(string? current, CancellationToken cancellationToken)
    {
        var departments = await db.PetitionTypes.AsNoTracking().Select(t => t.Department).Distinct().ToListAsync(cancellationToken);
        if (!string.IsNullOrEmpty(current) && !departments.Contains(current))
        {
            departments.Add(current);
        }

        departments.Sort(StringComparer.Ordinal);
        return departments;
    }

    private async Task<StaffEditViewModel> EditModelAsync(
        PortalUser user, string role, StaffEditInput? input, string? notice, string? activeForm, CancellationToken cancellationToken)
    {
        var lastSignIns = await auditQuery.LastSignInsAsync([user.Id], cancellationToken);
        return new StaffEditViewModel
        {
            Account = Row(user, role, lastSignIns.TryGetValue(user.Id, out var at) ? at : null),
            Input = input ?? new StaffEditInput { DisplayName = user.DisplayName, Role = role, Department = user.Department },
            Departments = await DepartmentsAsync(user.Department, cancellationToken),
            IsSelf = IsSelf(user),
            Notice = notice,
            ActiveForm = activeForm,
        };
    }

    private string? ValidateDisplayName(string? value, string key)
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            this.AddOrderedModelError(key, l["이름을 입력해 주세요. 예: 김민원 주무관"]);
            return null;
        }

        if (name.Length > DisplayNameMaxLength)
        {
            this.AddOrderedModelError(key, l["이름은 {0}자 이내로 입력해 주세요.", DisplayNameMaxLength]);
            return null;
        }

        return name;
    }

    private string? ValidateRole(string? value, string key)
    {
        if (value is StaffRoles.Clerk or StaffRoles.Admin)
        {
            return value;
        }

        this.AddOrderedModelError(key, l["역할을 골라 주세요."]);
        return null;
    }

    /// <summary>A clerk needs a department from the list; an administrator may have one or none (all departments).</summary>
    private string? ValidateDepartment(string? value, string? role, IReadOnlyList<string> departments, string key)
    {
        var department = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (department is not null && !departments.Contains(department))
        {
            this.AddOrderedModelError(key, l["부서를 목록에서 골라 주세요."]);
            return null;
        }

        if (department is null && role == StaffRoles.Clerk)
        {
            this.AddOrderedModelError(key, l["담당 직원은 부서를 골라야 합니다. 그 부서의 민원만 처리할 수 있습니다."]);
        }

        return department;
    }

    private AuditRecord Record(string action, string targetUserName, string reason)
    {
        var actor = User.ToStaffActor();
        return new AuditRecord
        {
            AtUtc = Now.UtcDateTime,
            ActorId = users.GetUserId(User),
            ActorName = actor?.DisplayName ?? User.Identity?.Name ?? "admin",
            Action = action,
            TargetType = StaffAudit.Target,
            TargetId = targetUserName,
            Reason = reason,
            IpAddress = HttpContext.Connection.RemoteIpAddress?.ToString(),
        };
    }
}
