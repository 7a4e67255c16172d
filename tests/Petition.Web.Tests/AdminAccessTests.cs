using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Auditing;
using Petition.Core.Workbench;
using Petition.Web.Features.Staff;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>The administration pages need the Admin role and a second factor; the sign-in's second step through the real form.</summary>
public sealed class AdminAccessTests : IDisposable
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
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task SignIn_AdminWithAuthenticator_AsksForCodeThenOpensAdminPages()
    {
        var (_, key) = await Staff.CreateAdminWithAuthenticatorAsync(_portal, "admin-2fa");
        var admin = new Staff(_portal.CreatePortalClient());

        var second = await admin.SignInAsync("admin-2fa");
        var before = await FormPage.GetAsync(admin.Client, "/clerk");
        var done = await second.PostToAsync(admin.Client, "/staff/signin/2fa", ("Code", Totp.Code(key, DateTimeOffset.UtcNow)));
        var home = await FormPage.GetAsync(admin.Client, "/admin");

        Assert.NotNull(second.Document.QuerySelector("form[data-two-factor]"));
        Assert.Equal("/staff/signin", before.Path);
        Assert.Equal("/clerk", done.Path);
        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal(4, home.Document.QuerySelectorAll("[data-admin-areas] li").Length);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.SignInSucceeded}' AND Reason = '2단계 인증 완료'"));
    }

    [Fact]
    public async Task SignIn_WrongCode_ShowsSpecificErrorAndAudits()
    {
        var (_, key) = await Staff.CreateAdminWithAuthenticatorAsync(_portal, "admin-typo");
        var admin = new Staff(_portal.CreatePortalClient());
        var second = await admin.SignInAsync("admin-typo");
        var wrong = Totp.Code(key, DateTimeOffset.UtcNow.AddHours(1));

        var page = await second.PostToAsync(admin.Client, "/staff/signin/2fa", ("Code", wrong));
        var adminPage = await admin.Client.GetAsync(new Uri("/admin", UriKind.Relative));

        Assert.Contains(StaffController.TwoFactorFailedMessage, page.ErrorSummary);
        Assert.Equal("/staff/signin", adminPage.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.TwoFactorFailed}'"));
    }

    [Fact]
    public async Task SignIn_RecoveryCode_SignsInOnceOnly()
    {
        var (id, _) = await Staff.CreateAdminWithAuthenticatorAsync(_portal, "admin-lost-phone");
        string code;
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Petition.Infrastructure.Identity.PortalUser>>();
            code = (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(id))!, 10))!.First();
        }

        var first = new Staff(_portal.CreatePortalClient());
        var used = await (await first.SignInAsync("admin-lost-phone")).PostToAsync(first.Client, "/staff/signin/2fa", ("Code", code), ("UseRecoveryCode", "true"));
        var again = new Staff(_portal.CreatePortalClient());
        var reused = await (await again.SignInAsync("admin-lost-phone")).PostToAsync(again.Client, "/staff/signin/2fa", ("Code", code), ("UseRecoveryCode", "true"));

        Assert.Equal("/clerk", used.Path);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode);
        Assert.Contains(StaffController.TwoFactorFailedMessage, reused.ErrorSummary);
    }

    [Fact]
    public async Task AdminPage_Clerk_IsForbidden()
    {
        await Staff.CreateClerkAsync(_portal, "clerk-curious");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-curious");

        var response = await clerk.Client.GetAsync(new Uri("/admin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("/staff/denied", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task AdminPage_AdminWithoutSecondFactor_IsForbidden()
    {
        await Staff.CreateAccountAsync(_portal, "admin-no-2fa", StaffRoles.Admin, null);
        var admin = new Staff(_portal.CreatePortalClient());
        await admin.SignInAsync("admin-no-2fa");

        var response = await admin.Client.GetAsync(new Uri("/admin", UriKind.Relative));
        var clerkQueue = await admin.Client.GetAsync(new Uri("/clerk", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, clerkQueue.StatusCode);
    }
}
