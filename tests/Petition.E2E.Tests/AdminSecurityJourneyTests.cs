using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Petition.Core.Workbench;
using Petition.Infrastructure.Identity;
using Petition.Web.Features.Staff;
using Petition.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Petition.E2E.Tests;

/// <summary>
/// An administrator in Chromium: signs in without a second factor, is sent to /staff/2fa, reads the key from the page
/// (as if typing it into an authenticator app), enters the computed code, sees the recovery codes, creates a clerk on
/// /admin/staff and finds that in /admin/audit with a filter. axe on each page.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AdminSecurityJourneyTests(PortalFixture portal) : IAsyncLifetime
{
    private const string AdminUserName = "e2e-admin";
    private const string AdminPassword = "e2e-admin-pass-1!";
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await portal.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.DisposeAsync();

    /// <summary>Demo mode is off in this fixture: the first administrator is made here, as an installation would.</summary>
    private async Task EnsureAdminAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await DemoStaffSeeder.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByNameAsync(AdminUserName) is not null)
        {
            return;
        }

        var user = new PortalUser { UserName = AdminUserName, DisplayName = "한관리 사무관", CreatedAtUtc = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, AdminPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, StaffRoles.Admin)).Succeeded);
    }

    [Fact]
    public async Task Admin_SetsUpSecondFactorCreatesClerkAndFindsItInAuditLog()
    {
        await EnsureAdminAsync();
        var page = _page;

        await page.GotoAsync("/staff/signin");
        await page.Field("아이디").FillAsync(AdminUserName);
        await page.Field("비밀번호").FillAsync(AdminPassword);
        await page.Button("로그인").ClickAsync();

        // Sent to set up the second factor; the admin pages stay closed until then.
        await Expect(page).ToHaveURLAsync(new Regex("/staff/2fa$"));
        await Expect(page.Locator("[data-admin-needs-2fa]")).ToBeVisibleAsync();
        await Expect(page.Locator("img[data-qr]")).ToBeVisibleAsync();
        Assert.True(await page.Locator("img[data-qr]").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"));
        await Artifacts.ScreenshotAsync(page, "70-admin-2fa-setup");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "2fa set-up");
        var key = (await page.Locator("[data-authenticator-key]").TextContentAsync())!.Replace(" ", string.Empty, StringComparison.Ordinal).Trim();

        await page.Field("인증 코드").FillAsync("000000");
        await page.Button("확인하고 2단계 인증 켜기").ClickAsync();
        await Expect(page.ErrorSummary()).ToBeFocusedAsync();
        await page.Field("인증 코드").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.Button("확인하고 2단계 인증 켜기").ClickAsync();

        await Expect(page.Locator("[data-recovery-codes] li")).ToHaveCountAsync(10);
        await Artifacts.ScreenshotAsync(page, "71-admin-recovery-codes");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "recovery codes");
        await page.GetByRole(AriaRole.Link, new() { Name = "관리자 메뉴로" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));

        // Staff: create a clerk with a generated password.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "업무 메뉴" }).GetByRole(AriaRole.Link, new() { Name = "직원 관리" }).ClickAsync();
        await Expect(page.Locator("[data-staff-row='e2e-admin'] [data-two-factor]")).ToHaveTextAsync("사용");
        await Artifacts.ScreenshotAsync(page, "72-admin-staff-list");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "staff list");
        await page.GetByRole(AriaRole.Link, new() { Name = "직원 계정 만들기" }).ClickAsync();
        await page.Button("계정 만들기").ClickAsync();
        await Expect(page.ErrorSummary()).ToBeFocusedAsync();
        await Artifacts.ScreenshotAsync(page, "73-admin-staff-create-errors");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "staff create (errors)");
        await page.Field("아이디").FillAsync("e2e-clerk-new");
        await page.Field("이름").FillAsync("신규임 주무관");
        await page.Locator("label[for=Role]").ClickAsync();
        await page.Locator("#Department").SelectOptionAsync("근로개선지도과");
        await page.Button("계정 만들기").ClickAsync();
        await Expect(page.Locator("[data-one-time-password]")).ToHaveTextAsync(new Regex("^[a-z2-9]{4}(-[a-z2-9]{4}){3}$"));
        await Artifacts.ScreenshotAsync(page, "74-admin-staff-created");

        // Audit: the creation, found by action.
        await page.GotoAsync("/admin/audit");
        await page.Locator("#Action").SelectOptionAsync(new SelectOptionValue { Label = "직원 계정 생성" });
        await page.Button("검색").ClickAsync();
        await Expect(page.Locator("[data-audit-row]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-audit-row] [data-target]")).ToHaveTextAsync("e2e-clerk-new");
        await Expect(page.Locator("[data-export]")).ToBeVisibleAsync();
        await Artifacts.ScreenshotAsync(page, "75-admin-audit-filtered");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "audit log");
    }
}
