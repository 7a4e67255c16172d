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
/// An administrator in Chromium: signs in with password and authenticator code, opens a petition type, adds a field,
/// watches the live preview of the citizen's page follow what they type, and publishes a new version; axe on the list
/// and the editor.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TypeEditorJourneyTests(PortalFixture portal) : IAsyncLifetime
{
    private const string AdminUserName = "e2e-admin-types";
    private const string AdminPassword = "e2e-admin-pass-1!";
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await portal.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.DisposeAsync();

    /// <summary>An administrator with an authenticator app set up (demo mode is off in this fixture); returns the app's key.</summary>
    private async Task<string> EnsureAdminAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await DemoStaffSeeder.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByNameAsync(AdminUserName);
        if (user is null)
        {
            user = new PortalUser { UserName = AdminUserName, DisplayName = "한관리 사무관", CreatedAtUtc = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(user, AdminPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, StaffRoles.Admin)).Succeeded);
            Assert.True((await users.ResetAuthenticatorKeyAsync(user)).Succeeded);
            Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        }

        return await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key.");
    }

    [Fact]
    public async Task Admin_AddsAFieldSeesTheLivePreviewAndPublishes()
    {
        var key = await EnsureAdminAsync();
        var page = _page;

        await page.GotoAsync("/staff/signin?returnUrl=%2Fadmin%2Ftypes");
        await page.Field("아이디").FillAsync(AdminUserName);
        await page.Field("비밀번호").FillAsync(AdminPassword);
        await page.Field("비밀번호").PressAsync("Enter");
        await Expect(page.Locator("form[data-two-factor]")).ToBeVisibleAsync();
        await page.Field("인증 코드").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.Button("확인").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/admin/types$"));
        await Expect(page.Locator("[data-type-row]")).ToHaveCountAsync(6);
        await Artifacts.ScreenshotAsync(page, "80-admin-types");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "petition types");

        var row = page.Locator("[data-type-row='TRAINING-COMPLETION-CERT']");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("민원 종류 편집");
        await Expect(page.Locator("[data-preview] label[for='Answers_courseName_']")).ToContainTextAsync("훈련 과정명");

        // "항목 추가" is a round trip (it works without JavaScript); focus lands on the new field's key.
        await page.Button("항목 추가").ClickAsync();
        var newKey = page.Locator("#Fields_4__Key");
        await Expect(newKey).ToBeFocusedAsync();
        await newKey.FillAsync("purpose");
        await page.Locator("#Fields_4__Label").PressSequentiallyAsync("제출처");

        // The live preview follows the typing, drawn by the server with the wizard's own partial.
        var previewLabel = page.Locator("[data-preview] label[for='Answers_purpose_']");
        await Expect(previewLabel).ToContainTextAsync("제출처");
        await page.Locator("#Fields_4__Type").SelectOptionAsync("Select");
        await Expect(page.Locator("#Fields_4__Options")).ToBeVisibleAsync();
        await Expect(page.Locator("#Fields_4__Pattern")).ToBeHiddenAsync();
        await page.Locator("#Fields_4__Options").FillAsync("회사 제출\n관공서 제출");
        await Expect(page.Locator("[data-preview] select#Answers_purpose_ option")).ToHaveTextAsync(["선택하세요", "회사 제출", "관공서 제출"]);
        await Artifacts.ScreenshotAsync(page, "81-admin-type-editor");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "petition type editor");

        // Moving the new field up is keyboard-reachable, and keeps focus on the moved field's button.
        var up = page.GetByRole(AriaRole.Button, new() { Name = "위로 5번째 항목을 한 칸 위로 이동" });
        await up.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#Fields_3__Key")).ToHaveValueAsync("purpose");
        await Expect(page.Locator("#field-3-up")).ToBeFocusedAsync();

        await page.Field("변경 내용").FillAsync("제출처 항목 추가");
        await page.Button("저장하고 새 버전 게시").ClickAsync();
        await Expect(page.Locator("[data-notice]")).ToContainTextAsync("버전 2");
        await Expect(page.Locator("[data-current-version]")).ToHaveTextAsync("v2");
        await Expect(page.Locator("[data-version-row]")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-version-row='2']")).ToContainTextAsync("제출처 항목 추가");
        await Artifacts.ScreenshotAsync(page, "82-admin-type-published");
    }
}
