using System.Net;
using Petition.Core.Auditing;
using Petition.Core.Workbench;
using Petition.Web.Features.Staff;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>/staff/2fa and /staff/password through the real forms: set-up with a wrong then a right code, recovery codes, password change.</summary>
public sealed class TwoFactorSetupTests : IDisposable
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

    private static string Key(FormPage setup) =>
        setup.Document.QuerySelector("[data-authenticator-key]")!.TextContent.Replace(" ", string.Empty, StringComparison.Ordinal).Trim();

    private static IReadOnlyList<string> RecoveryCodes(FormPage page) =>
        page.Document.QuerySelectorAll("[data-recovery-codes] li").Select(li => li.TextContent.Trim()).ToList();

    /// <summary>An admin without a second factor signs in (landing on /staff/2fa) and sets the app up; returns the key and codes.</summary>
    private async Task<(Staff Admin, string Key, IReadOnlyList<string> Codes)> AdminWithSetUpAppAsync(string userName)
    {
        await Staff.CreateAccountAsync(_portal, userName, StaffRoles.Admin, null, "한관리 사무관");
        var admin = new Staff(_portal.CreatePortalClient());
        var setup = await admin.SignInAsync(userName);
        Assert.Equal("/staff/2fa", setup.Path);
        var key = Key(setup);
        var done = await setup.PostAsync(admin.Client, ("Code", Totp.Code(key, DateTimeOffset.UtcNow)));
        var codes = RecoveryCodes(done);
        Assert.Equal(10, codes.Count);
        return (admin, key, codes);
    }

    [Fact]
    public async Task Enable_WrongCodeThenRightCode_TurnsOnSecondFactorShowsTenCodesOnceAndOpensAdmin()
    {
        await Staff.CreateAccountAsync(_portal, "admin-new", StaffRoles.Admin, null, "한관리 사무관");
        var admin = new Staff(_portal.CreatePortalClient());

        var setup = await admin.SignInAsync("admin-new");
        var key = Key(setup);
        var qr = setup.Document.QuerySelector("img[data-qr]")!.GetAttribute("src")!;
        var png = Convert.FromBase64String(qr["data:image/png;base64,".Length..]);
        var forbiddenBefore = await admin.Client.GetAsync(new Uri("/admin", UriKind.Relative));
        var wrong = await setup.PostAsync(admin.Client, ("Code", Totp.Code(key, DateTimeOffset.UtcNow.AddHours(2))));
        var right = await wrong.PostAsync(admin.Client, ("Code", Totp.Code(key, DateTimeOffset.UtcNow)));
        var adminHome = await admin.Client.GetAsync(new Uri("/admin", UriKind.Relative));
        var again = await FormPage.GetAsync(admin.Client, "/staff/2fa");

        Assert.Equal("/staff/2fa", setup.Path);
        Assert.NotNull(setup.Document.QuerySelector("[data-admin-needs-2fa]"));
        Assert.Matches("^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$", setup.Document.QuerySelector("[data-authenticator-key]")!.TextContent.Trim());
        Assert.StartsWith("data:image/png;base64,", qr, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(HttpStatusCode.Forbidden, forbiddenBefore.StatusCode);

        Assert.Equal(["인증 코드가 올바르지 않습니다. 인증 앱에 이 포털의 계정이 추가되었는지, 휴대전화의 시각이 맞는지 확인하고 지금 표시된 6자리 숫자를 입력해 주세요."], wrong.ErrorSummary);
        Assert.Equal(["#Code"], wrong.ErrorSummaryLinks);
        Assert.Equal(key, Key(wrong));

        var codes = RecoveryCodes(right);
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.True(right.Response.Headers.CacheControl?.NoStore);
        Assert.Equal(HttpStatusCode.OK, adminHome.StatusCode);
        Assert.Empty(RecoveryCodes(again));
        Assert.NotNull(again.Document.QuerySelector("[data-two-factor-enabled]"));
        Assert.Equal("남은 복구 코드: 10개", again.Document.QuerySelector("[data-recovery-left]")!.TextContent.Trim());
        Assert.DoesNotContain(codes[0], again.Html, StringComparison.Ordinal);

        Assert.Equal(1, Scalar("SELECT TwoFactorEnabled FROM AspNetUsers WHERE UserName = 'admin-new'"));
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TwoFactorFailed}' AND TargetId = 'admin-new'"));
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TwoFactorEnabled}' AND TargetId = 'admin-new'"));
    }

    [Fact]
    public async Task Enable_ReloadBeforeConfirming_KeepsTheSameKey()
    {
        await Staff.CreateClerkAsync(_portal, "clerk-careful");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-careful");

        var first = await FormPage.GetAsync(clerk.Client, "/staff/2fa");
        var second = await FormPage.GetAsync(clerk.Client, "/staff/2fa");
        var empty = await second.PostAsync(clerk.Client, ("Code", string.Empty));
        var letters = await second.PostAsync(clerk.Client, ("Code", "12a456"));

        Assert.Equal(Key(first), Key(second));
        Assert.Null(first.Document.QuerySelector("[data-admin-needs-2fa]"));
        Assert.Equal(["인증 앱에 표시된 6자리 숫자를 입력해 주세요."], empty.ErrorSummary);
        Assert.Equal(["인증 코드는 6자리 숫자입니다. 인증 앱에 지금 표시된 숫자를 입력해 주세요."], letters.ErrorSummary);
        Assert.Equal(0, Scalar("SELECT TwoFactorEnabled FROM AspNetUsers WHERE UserName = 'clerk-careful'"));
    }

    [Fact]
    public async Task RecoveryCode_FromSetUp_SignsInOnceOnly()
    {
        var (_, _, codes) = await AdminWithSetUpAppAsync("admin-phone");

        var first = new Staff(_portal.CreatePortalClient());
        var used = await (await first.SignInAsync("admin-phone")).PostToAsync(first.Client, "/staff/signin/2fa", ("Code", codes[3]), ("UseRecoveryCode", "true"));
        var firstAdmin = await first.Client.GetAsync(new Uri("/admin/staff", UriKind.Relative));
        var left = await FormPage.GetAsync(first.Client, "/staff/2fa");
        var second = new Staff(_portal.CreatePortalClient());
        var reused = await (await second.SignInAsync("admin-phone")).PostToAsync(second.Client, "/staff/signin/2fa", ("Code", codes[3]), ("UseRecoveryCode", "true"));

        Assert.Equal("/clerk", used.Path);
        Assert.Equal(HttpStatusCode.OK, firstAdmin.StatusCode);
        Assert.Equal("남은 복구 코드: 9개", left.Document.QuerySelector("[data-recovery-left]")!.TextContent.Trim());
        Assert.Equal([StaffController.TwoFactorFailedMessage], reused.ErrorSummary);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.RecoveryCodeUsed}'"));
    }

    [Fact]
    public async Task Regenerate_NeedsCurrentCode_ThenOldCodesStopWorking()
    {
        var (admin, key, oldCodes) = await AdminWithSetUpAppAsync("admin-renew");
        var page = await FormPage.GetAsync(admin.Client, "/staff/2fa");

        var wrong = await page.PostToAsync(admin.Client, "/staff/2fa/recovery-codes", ("RegenerateCode", Totp.Code(key, DateTimeOffset.UtcNow.AddHours(3))));
        var renewed = await page.PostToAsync(admin.Client, "/staff/2fa/recovery-codes", ("RegenerateCode", Totp.Code(key, DateTimeOffset.UtcNow)));
        var newCodes = RecoveryCodes(renewed);
        var other = new Staff(_portal.CreatePortalClient());
        var withOld = await (await other.SignInAsync("admin-renew")).PostToAsync(other.Client, "/staff/signin/2fa", ("Code", oldCodes[0]), ("UseRecoveryCode", "true"));
        var withNew = await (await other.SignInAsync("admin-renew")).PostToAsync(other.Client, "/staff/signin/2fa", ("Code", newCodes[0]), ("UseRecoveryCode", "true"));

        Assert.Equal(["#RegenerateCode"], wrong.ErrorSummaryLinks);
        Assert.Empty(RecoveryCodes(wrong));
        Assert.Equal(10, newCodes.Count);
        Assert.Empty(newCodes.Intersect(oldCodes));
        Assert.Equal([StaffController.TwoFactorFailedMessage], withOld.ErrorSummary);
        Assert.Equal("/clerk", withNew.Path);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.RecoveryCodesRegenerated}' AND TargetId = 'admin-renew'"));
    }

    [Fact]
    public async Task Page_Admin_OffersNoWayToSwitchSecondFactorOff()
    {
        var (admin, _, _) = await AdminWithSetUpAppAsync("admin-keep");

        var page = await FormPage.GetAsync(admin.Client, "/staff/2fa");
        var disable = await page.PostToAsync(admin.Client, "/staff/2fa/disable");

        Assert.Contains("관리자는 2단계 인증을 끌 수 없습니다.", page.Text, StringComparison.Ordinal);
        Assert.Equal(["/staff/2fa/recovery-codes"], page.Document.QuerySelectorAll("main form[method=post]").Select(f => f.GetAttribute("action")));
        Assert.Equal(HttpStatusCode.NotFound, disable.Status);
        Assert.Equal(1, Scalar("SELECT TwoFactorEnabled FROM AspNetUsers WHERE UserName = 'admin-keep'"));
    }

    [Fact]
    public async Task SetUpPage_Anonymous_IsSentToSignIn()
    {
        var page = await FormPage.GetAsync(_portal.CreatePortalClient(), "/staff/2fa");

        Assert.Equal("/staff/signin", page.Path);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentOrWeakNew_RefusedThenNewPasswordWorksAndOldNot()
    {
        await Staff.CreateClerkAsync(_portal, "clerk-newpass");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-newpass");
        var form = await FormPage.GetAsync(clerk.Client, "/staff/password");
        const string NewPassword = "another-pass-2026!";

        var wrongCurrent = await form.PostAsync(clerk.Client, ("CurrentPassword", "not-my-password-1!"), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword));
        var weak = await form.PostAsync(clerk.Client, ("CurrentPassword", Staff.Password), ("NewPassword", "short1"), ("ConfirmPassword", "short2"));
        var changed = await form.PostAsync(clerk.Client, ("CurrentPassword", Staff.Password), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword));
        _portal.Clock.Advance(TimeSpan.FromSeconds(1));
        var stillIn = await clerk.QueueAsync();
        var withOld = await new Staff(_portal.CreatePortalClient()).SignInAsync("clerk-newpass");
        var withNew = await new Staff(_portal.CreatePortalClient()).SignInAsync("clerk-newpass", NewPassword);

        Assert.Equal(["지금 쓰는 비밀번호가 올바르지 않습니다."], wrongCurrent.ErrorSummary);
        Assert.Contains("비밀번호는 12자 이상이어야 합니다.", weak.ErrorSummary);
        Assert.Contains("비밀번호에 특수문자(예: ! - _ @)를 하나 이상 넣어 주세요.", weak.ErrorSummary);
        Assert.Contains("새 비밀번호 확인이 새 비밀번호와 다릅니다.", weak.ErrorSummary);
        Assert.Equal("/staff/2fa", changed.Path);
        Assert.Equal("비밀번호를 바꿨습니다.", changed.Document.QuerySelector("[data-notice]")!.TextContent.Trim());
        Assert.Equal("/clerk", stillIn.Path);
        Assert.Equal("/staff/signin", withOld.Path);
        Assert.Equal("/clerk", withNew.Path);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.StaffPasswordChanged}' AND TargetId = 'clerk-newpass'"));
    }
}
