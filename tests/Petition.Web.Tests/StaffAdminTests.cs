using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Auditing;
using Petition.Core.Workbench;
using Petition.Web.Features.Staff;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>/admin/staff through the real forms: list, create, edit, lock and unlock, password reset, and the self and last-admin rules.</summary>
public sealed class StaffAdminTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private long Scalar(string sql)
    {
        using var db = _portal.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private string? Text(string sql)
    {
        using var db = _portal.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    private static Task<FormPage> EditPageAsync(Staff admin, string userId) => FormPage.GetAsync(admin.Client, $"/admin/staff/{userId}/edit");

    private static Task<FormPage> PostActionAsync(Staff admin, FormPage edit, string action)
    {
        var form = edit.Document.QuerySelector($"form[data-action={action}]") ?? throw new InvalidOperationException($"No '{action}' form on {edit.Path}.");
        return edit.PostToAsync(admin.Client, form.GetAttribute("action")!);
    }

    private async Task<FormPage> CreateAsync(Staff admin, params (string Name, string Value)[] fields)
    {
        var form = await FormPage.GetAsync(admin.Client, "/admin/staff/new");
        return await form.PostAsync(admin.Client, fields);
    }

    [Fact]
    public async Task List_ShowsClerksAndAdminsWithRoleDepartmentTwoFactorAndLastSignIn_NotMembers()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-list");
        await Staff.CreateClerkAsync(_portal, "clerk-listed", Staff.InsuranceDepartment);
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().CreateAsync(new IdentityRole(StaffRoles.Member));
        }

        await Staff.CreateAccountAsync(_portal, "member-citizen", StaffRoles.Member, null, "홍길동");

        var list = await FormPage.GetAsync(admin.Client, "/admin/staff");

        Assert.Equal(HttpStatusCode.OK, list.Status);
        var rows = list.Document.QuerySelectorAll("[data-staff-row]").Select(r => r.GetAttribute("data-staff-row")).ToList();
        Assert.Equal(["admin-list", "clerk-listed"], rows);
        var adminRow = list.Document.QuerySelector("[data-staff-row='admin-list']")!;
        var clerkRow = list.Document.QuerySelector("[data-staff-row='clerk-listed']")!;
        Assert.Equal("관리자", adminRow.QuerySelector("[data-role]")!.TextContent.Trim());
        Assert.Equal("사용", adminRow.QuerySelector("[data-two-factor]")!.TextContent.Trim());
        Assert.Contains("2026-12-01 10:00", adminRow.TextContent, StringComparison.Ordinal);
        Assert.Equal("담당 직원", clerkRow.QuerySelector("[data-role]")!.TextContent.Trim());
        Assert.Contains(Staff.InsuranceDepartment, clerkRow.TextContent, StringComparison.Ordinal);
        Assert.Equal("미사용", clerkRow.QuerySelector("[data-two-factor]")!.TextContent.Trim());
        Assert.Contains("기록 없음", clerkRow.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_GeneratedPassword_ShownOnceWorksForSignInAndIsAudited()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-create");

        var shown = await CreateAsync(admin,
            ("UserName", "Clerk-Park"), ("DisplayName", "박신규 주무관"), ("Role", StaffRoles.Clerk), ("Department", Staff.WageDepartment), ("PasswordMode", "generate"));
        var password = shown.Document.QuerySelector("[data-one-time-password]")!.TextContent.Trim();
        var list = await FormPage.GetAsync(admin.Client, "/admin/staff");
        var newClerk = new Staff(_portal.CreatePortalClient());
        var queue = await newClerk.SignInAsync("clerk-park", password);

        Assert.Matches("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$", password);
        Assert.Equal("clerk-park", shown.Document.QuerySelector("[data-user-name]")!.TextContent.Trim());
        Assert.True(shown.Response.Headers.CacheControl?.NoStore);
        Assert.DoesNotContain(password, list.Html, StringComparison.Ordinal);
        Assert.Equal("/clerk", queue.Path);
        Assert.Contains("박신규 주무관", queue.Document.QuerySelector("[data-staff-user]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Staff.WageDepartment, Text("SELECT Department FROM AspNetUsers WHERE UserName = 'clerk-park'"));
        Assert.Equal("admin-create 관리자|StaffAccount|clerk-park|담당 직원 · 근로개선지도과 · 처음 비밀번호 자동 생성",
            Text($"SELECT ActorName || '|' || TargetType || '|' || TargetId || '|' || Reason FROM AuditRecords WHERE Action = '{AuditActions.StaffCreated}'"));
        Assert.DoesNotContain(password, Text("SELECT group_concat(Reason, ' ') FROM AuditRecords") ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_TypedPassword_WeakRefusedWithSpecificErrorsThenAccepted()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-typed");

        var weak = await CreateAsync(admin,
            ("UserName", "admin-second"), ("DisplayName", "두번째 사무관"), ("Role", StaffRoles.Admin), ("Department", string.Empty), ("PasswordMode", "typed"), ("Password", "abc"));
        var created = await CreateAsync(admin,
            ("UserName", "admin-second"), ("DisplayName", "두번째 사무관"), ("Role", StaffRoles.Admin), ("Department", string.Empty), ("PasswordMode", "typed"), ("Password", "second-admin-2026!"));
        var secondAdmin = await new Staff(_portal.CreatePortalClient()).SignInAsync("admin-second", "second-admin-2026!");

        Assert.Contains("비밀번호는 12자 이상이어야 합니다.", weak.ErrorSummary);
        Assert.Contains("비밀번호에 숫자를 하나 이상 넣어 주세요.", weak.ErrorSummary);
        Assert.All(weak.ErrorSummaryLinks, link => Assert.Equal("#Password", link));
        Assert.Equal("/admin/staff", created.Path);
        Assert.NotNull(created.Document.QuerySelector("[data-staff-row='admin-second']"));
        Assert.NotNull(created.Document.QuerySelector("[data-notice]"));
        Assert.Equal("/staff/2fa", secondAdmin.Path);
        Assert.NotNull(secondAdmin.Document.QuerySelector("[data-admin-needs-2fa]"));
        Assert.Null(Text("SELECT Department FROM AspNetUsers WHERE UserName = 'admin-second'"));
    }

    [Fact]
    public async Task Create_BadInput_ShowsEachErrorInFormOrder()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-strict");
        await Staff.CreateClerkAsync(_portal, "clerk-taken");

        var missing = await CreateAsync(admin, ("UserName", string.Empty), ("DisplayName", " "), ("Role", "Root"), ("PasswordMode", "generate"));
        var taken = await CreateAsync(admin, ("UserName", "clerk-taken"), ("DisplayName", "김중복"), ("Role", StaffRoles.Clerk), ("Department", string.Empty), ("PasswordMode", "generate"));
        var odd = await CreateAsync(admin, ("UserName", "김민원"), ("DisplayName", "김민원"), ("Role", StaffRoles.Clerk), ("Department", "없는 부서"), ("PasswordMode", "generate"));

        Assert.Equal(["#UserName", "#DisplayName", "#Role"], missing.ErrorSummaryLinks);
        Assert.Equal(
            ["이미 있는 아이디입니다. 다른 아이디를 입력해 주세요.", "담당 직원은 부서를 골라야 합니다. 그 부서의 민원만 처리할 수 있습니다."],
            taken.ErrorSummary);
        Assert.Equal(["#UserName", "#Department"], odd.ErrorSummaryLinks);
        Assert.Contains("부서를 목록에서 골라 주세요.", odd.ErrorSummary);
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM AspNetUsers"));
    }

    [Fact]
    public async Task Edit_NameRoleDepartment_SavedAuditedAndClerkSessionEnds()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-edit");
        var clerkId = await Staff.CreateClerkAsync(_portal, "clerk-moved", Staff.WageDepartment);
        var clerk = await Staff.SignedInAsync(_portal, "clerk-moved");
        var edit = await EditPageAsync(admin, clerkId);

        var saved = await edit.PostAsync(admin.Client, ("DisplayName", "김이동 주무관"), ("Role", StaffRoles.Clerk), ("Department", Staff.InsuranceDepartment));
        _portal.Clock.Advance(TimeSpan.FromSeconds(1));
        var clerkAfter = await clerk.QueueAsync();
        var again = await Staff.SignedInAsync(_portal, "clerk-moved");
        var queue = await again.QueueAsync();

        Assert.Equal($"/admin/staff/{clerkId}/edit", saved.Path);
        Assert.NotNull(saved.Document.QuerySelector("[data-notice]"));
        Assert.Equal("김이동 주무관", saved.Value("DisplayName"));
        Assert.Equal(Staff.InsuranceDepartment, saved.Value("Department"));
        Assert.Equal("/staff/signin", clerkAfter.Path);
        Assert.Contains(Staff.InsuranceDepartment, queue.Document.QuerySelector("[data-staff-user]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("이름: clerk-moved 주무관 → 김이동 주무관; 부서: 근로개선지도과 → 고용보험심사과",
            Text($"SELECT Reason FROM AuditRecords WHERE Action = '{AuditActions.StaffUpdated}' AND TargetId = 'clerk-moved'"));
    }

    [Fact]
    public async Task Edit_PromoteClerkToAdmin_NeedsSecondFactorForAdminPages()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-promote");
        var clerkId = await Staff.CreateClerkAsync(_portal, "clerk-promoted");
        var edit = await EditPageAsync(admin, clerkId);

        await edit.PostAsync(admin.Client, ("DisplayName", "clerk-promoted 주무관"), ("Role", StaffRoles.Admin), ("Department", string.Empty));
        var promoted = new Staff(_portal.CreatePortalClient());
        var landing = await promoted.SignInAsync("clerk-promoted");
        var adminPage = await promoted.Client.GetAsync(new Uri("/admin/staff", UriKind.Relative));

        Assert.Equal("/staff/2fa", landing.Path);
        Assert.Equal(HttpStatusCode.Forbidden, adminPage.StatusCode);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.StaffUpdated}' AND Reason = '부서: 근로개선지도과 → 전체 부서; 역할: 담당 직원 → 관리자'"));
    }

    [Fact]
    public async Task Lock_EndsOpenSessionAndRefusesSignIn_UnlockLetsBackIn()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-lock");
        var clerkId = await Staff.CreateClerkAsync(_portal, "clerk-locked");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-locked");
        var edit = await EditPageAsync(admin, clerkId);

        var locked = await PostActionAsync(admin, edit, "lock");
        _portal.Clock.Advance(TimeSpan.FromSeconds(1));
        var clerkAfter = await clerk.QueueAsync();
        var refused = await new Staff(_portal.CreatePortalClient()).SignInAsync("clerk-locked");
        var list = await FormPage.GetAsync(admin.Client, "/admin/staff");
        var unlocked = await PostActionAsync(admin, locked, "unlock");
        var back = await new Staff(_portal.CreatePortalClient()).SignInAsync("clerk-locked");

        Assert.Equal($"/admin/staff/{clerkId}/edit", locked.Path);
        Assert.Contains("잠김", locked.Document.QuerySelector("[data-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/staff/signin", clerkAfter.Path);
        Assert.Equal([StaffController.LockedOutMessage], refused.ErrorSummary);
        Assert.NotNull(list.Document.QuerySelector("[data-staff-row='clerk-locked'] [data-locked]"));
        Assert.Equal("사용 중", unlocked.Document.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Equal("/clerk", back.Path);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.StaffLocked}' AND TargetId = 'clerk-locked' AND ActorName = 'admin-lock 관리자'"));
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.StaffUnlocked}' AND TargetId = 'clerk-locked'"));
    }

    [Fact]
    public async Task ResetPassword_OneTimePasswordWorks_OldPasswordAndOpenSessionEnd()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-reset");
        var clerkId = await Staff.CreateClerkAsync(_portal, "clerk-forgot");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-forgot");
        var edit = await EditPageAsync(admin, clerkId);

        var shown = await PostActionAsync(admin, edit, "password");
        var password = shown.Document.QuerySelector("[data-one-time-password]")!.TextContent.Trim();
        _portal.Clock.Advance(TimeSpan.FromSeconds(1));
        var clerkAfter = await clerk.QueueAsync();
        var withOld = await new Staff(_portal.CreatePortalClient()).SignInAsync("clerk-forgot");
        var withNew = await new Staff(_portal.CreatePortalClient()).SignInAsync("clerk-forgot", password);
        var editAgain = await EditPageAsync(admin, clerkId);

        Assert.Equal(19, password.Length);
        Assert.Equal("/staff/signin", clerkAfter.Path);
        Assert.Equal([StaffController.FailedMessage], withOld.ErrorSummary);
        Assert.Equal("/clerk", withNew.Path);
        Assert.DoesNotContain(password, editAgain.Html, StringComparison.Ordinal);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.StaffPasswordReset}' AND TargetId = 'clerk-forgot'"));
    }

    [Fact]
    public async Task LockAndDemote_Self_Refused()
    {
        var (otherId, _) = await Staff.CreateAdminWithAuthenticatorAsync(_portal, "admin-other");
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-self");
        var id = Text("SELECT Id FROM AspNetUsers WHERE UserName = 'admin-self'")!;
        var edit = await EditPageAsync(admin, id);

        var locked = await edit.PostToAsync(admin.Client, $"/admin/staff/{id}/lock");
        var demoted = await edit.PostAsync(admin.Client, ("DisplayName", "admin-self 관리자"), ("Role", StaffRoles.Clerk), ("Department", Staff.WageDepartment));
        var reset = await edit.PostToAsync(admin.Client, $"/admin/staff/{id}/password");
        var otherLocked = await PostActionAsync(admin, await EditPageAsync(admin, otherId), "lock");

        Assert.Null(edit.Document.QuerySelector("form[data-action=lock]"));
        Assert.NotNull(edit.Document.QuerySelector("[data-self-note]"));
        Assert.Equal(["자신의 계정은 잠글 수 없습니다."], locked.ErrorSummary);
        Assert.Equal(["자신의 관리자 역할은 직접 없앨 수 없습니다. 다른 관리자에게 요청해 주세요."], demoted.ErrorSummary);
        Assert.Equal(["자신의 비밀번호는 여기서 초기화할 수 없습니다. '비밀번호 변경'에서 바꿔 주세요."], reset.ErrorSummary);
        Assert.Contains("잠김", otherLocked.Document.QuerySelector("[data-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM AspNetUsers u JOIN AspNetUserRoles ur ON ur.UserId = u.Id JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE u.UserName = 'admin-self' AND r.Name = 'Admin'"));
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.StaffLocked}' AND TargetId = 'admin-self'"));
    }

    [Fact]
    public async Task Demote_LastActiveAdmin_Refused()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-only");
        var id = Text("SELECT Id FROM AspNetUsers WHERE UserName = 'admin-only'")!;
        var edit = await EditPageAsync(admin, id);

        var demoted = await edit.PostAsync(admin.Client, ("DisplayName", "admin-only 관리자"), ("Role", StaffRoles.Clerk), ("Department", Staff.WageDepartment));
        var locked = await edit.PostToAsync(admin.Client, $"/admin/staff/{id}/lock");

        Assert.Equal(["마지막 관리자의 역할은 바꿀 수 없습니다. 다른 관리자를 먼저 만들어 주세요."], demoted.ErrorSummary);
        Assert.Equal(["#Role"], demoted.ErrorSummaryLinks);
        Assert.Equal(["마지막 관리자 계정은 잠글 수 없습니다. 다른 관리자를 먼저 만들어 주세요."], locked.ErrorSummary);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync(new Uri("/admin/staff", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task EditPage_MemberOrUnknownId_NotFound()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-404");
        var memberId = await Staff.CreateAccountAsync(_portal, "someone", role: null, department: null);

        var member = await admin.Client.GetAsync(new Uri($"/admin/staff/{memberId}/edit", UriKind.Relative));
        var unknown = await admin.Client.GetAsync(new Uri("/admin/staff/no-such-id/edit", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, member.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Pages_English_RenderFromResources()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-english");
        var clerkId = await Staff.CreateClerkAsync(_portal, "clerk-english");

        var list = await FormPage.GetAsync(admin.Client, "/admin/staff?ui-culture=en");
        var create = await FormPage.GetAsync(admin.Client, "/admin/staff/new?ui-culture=en");
        var edit = await FormPage.GetAsync(admin.Client, $"/admin/staff/{clerkId}/edit?ui-culture=en");
        var audit = await FormPage.GetAsync(admin.Client, "/admin/audit?ui-culture=en&action=staff.created");
        var setup = await FormPage.GetAsync(admin.Client, "/staff/2fa?ui-culture=en");

        Assert.Equal("Staff", list.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Clerk", list.Document.QuerySelector("[data-staff-row='clerk-english'] [data-role]")!.TextContent.Trim());
        Assert.Equal("Create a staff account", create.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Generate one (shown once after creating)", create.Text, StringComparison.Ordinal);
        Assert.Equal("Staff account: clerk-english", edit.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Audit log", audit.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Staff account created", audit.Document.QuerySelector("#Action option[selected]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Two-factor authentication", setup.Document.QuerySelector("h1")!.TextContent.Trim());
    }

    public static TheoryData<string> AdminUrls => ["/admin/staff", "/admin/staff/new", "/admin/staff/x/edit", "/admin/audit", "/admin/audit?action=account.sign-in", "/admin/audit/export"];

    [Theory]
    [MemberData(nameof(AdminUrls))]
    public async Task AdminPages_ClerkAndAdminWithoutSecondFactor_Forbidden(string url)
    {
        await Staff.CreateClerkAsync(_portal, "clerk-nosy");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-nosy");
        await Staff.CreateAccountAsync(_portal, "admin-no-app", StaffRoles.Admin, null);
        var admin = new Staff(_portal.CreatePortalClient());
        Assert.Equal("/staff/2fa", (await admin.SignInAsync("admin-no-app")).Path);

        var byClerk = await clerk.Client.GetAsync(new Uri(url, UriKind.Relative));
        var byAdmin = await admin.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, byClerk.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAdmin.StatusCode);
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.AuditExported}'"));
    }

    [Fact]
    public async Task AdminPosts_AdminWithoutSecondFactor_ForbiddenAndNothingChanges()
    {
        var clerkId = await Staff.CreateClerkAsync(_portal, "clerk-target");
        await Staff.CreateAccountAsync(_portal, "admin-half", StaffRoles.Admin, null);
        var admin = new Staff(_portal.CreatePortalClient());
        var setup = await admin.SignInAsync("admin-half");

        var lockPost = await setup.PostToAsync(admin.Client, $"/admin/staff/{clerkId}/lock");
        var create = await setup.PostToAsync(admin.Client, "/admin/staff/new", ("UserName", "sneaky"), ("DisplayName", "몰래"), ("Role", StaffRoles.Admin), ("PasswordMode", "generate"));

        Assert.Equal(HttpStatusCode.Forbidden, lockPost.Status);
        Assert.Equal(HttpStatusCode.Forbidden, create.Status);
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM AspNetUsers WHERE UserName = 'sneaky' OR (UserName = 'clerk-target' AND LockoutEnd IS NOT NULL)"));
    }
}
