using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Petition.Core.Workbench;
using Petition.Infrastructure.Identity;
using Petition.Web.Features.Staff;
using static Microsoft.Playwright.Assertions;

namespace Petition.E2E.Tests;

/// <summary>
/// A clerk in Chromium: signs in, finds the petition a citizen has just filed, starts it, completes it (online
/// issuance) and sees it in the history; axe on the sign-in, queue and detail pages.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ClerkJourneyTests(PortalFixture portal) : IAsyncLifetime
{
    private const string ClerkUserName = "e2e-clerk-standards";
    private const string ClerkPassword = "e2e-clerk-pass-1!";
    private IPage _citizen = null!;
    private IPage _clerk = null!;

    public async Task InitializeAsync()
    {
        _citizen = await portal.NewPageAsync();
        _clerk = await portal.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _citizen.Context.DisposeAsync();
        await _clerk.Context.DisposeAsync();
    }

    /// <summary>Demo mode is off in this fixture, so the administrator's part (creating the account) is done here.</summary>
    private async Task EnsureClerkAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await DemoStaffSeeder.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByNameAsync(ClerkUserName) is not null)
        {
            return;
        }

        var user = new PortalUser { UserName = ClerkUserName, DisplayName = "정기준 주무관", Department = "근로기준정책과", CreatedAtUtc = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, ClerkPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, StaffRoles.Clerk)).Succeeded);
    }

    private async Task<string> CitizenFilesConsultAsync(Applicant applicant)
    {
        var page = _citizen;
        await Citizen.ChooseTypeAsync(page, Citizen.WorkingConditionsConsult);
        await Citizen.SubmitApplicantAsync(page, applicant);
        await Citizen.FillConsultFormAsync(page);
        await Citizen.SubmitFormAsync(page);
        await Citizen.ChooseDeliveryAsync(page, "온라인 열람·발급");
        await page.Button("신청서 제출").ClickAsync();
        return await Citizen.ReceiptNumberAsync(page);
    }

    [Fact]
    public async Task Clerk_SignsInFindsNewPetitionStartsAndCompletesIt_SeesItInHistory()
    {
        await EnsureClerkAsync();
        var applicant = Applicant.Kim;
        var receiptNumber = await CitizenFilesConsultAsync(applicant);
        var page = _clerk;

        // Anonymous: the workbench sends the clerk to sign in, and back afterwards.
        await page.GotoAsync("/clerk");
        await Expect(page).ToHaveURLAsync(new Regex("/staff/signin\\?returnUrl=%2Fclerk$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("직원 로그인");
        await page.Button("로그인").ClickAsync();
        await Expect(page.ErrorSummary()).ToBeFocusedAsync();
        await Artifacts.ScreenshotAsync(page, "40-staff-signin-error");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "staff sign-in (errors)");
        await page.Field("아이디").FillAsync(ClerkUserName);
        await page.Field("비밀번호").FillAsync(ClerkPassword);
        await page.Field("비밀번호").PressAsync("Enter");

        // The queue: filter by the applicant's name, the new petition is there with the RRN masked.
        await Expect(page).ToHaveURLAsync(new Regex("/clerk$"));
        await Expect(page.Locator("[data-staff-user]")).ToContainTextAsync("정기준 주무관");
        await page.Field("신청인 성명").FillAsync(applicant.Name);
        await page.Button("검색").ClickAsync();
        var row = page.Locator($"[data-queue-row=\"{receiptNumber}\"]");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync($"{applicant.RrnFront}-{applicant.RrnBack[0]}******");
        await Expect(page.Locator("[data-queue-row]")).ToHaveCountAsync(1);
        await Artifacts.ScreenshotAsync(page, "41-clerk-queue");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "clerk queue");

        // The detail: answers as the citizen saw them; start processing.
        await row.GetByRole(AriaRole.Link, new() { Name = receiptNumber }).ClickAsync();
        await Expect(page.Locator("[data-receipt-number]")).ToHaveTextAsync(receiptNumber);
        await Expect(page.SummaryValue("상담 분야")).ToHaveTextAsync("근로시간·휴게");
        await Expect(page.Locator(".pt-detail-head [data-status]")).ToHaveTextAsync("접수");
        await Artifacts.ScreenshotAsync(page, "42-clerk-detail");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "clerk detail");
        await page.Button("처리 시작").ClickAsync();
        await Expect(page.Locator("[data-notice]")).ToContainTextAsync("처리를 시작했습니다");
        await Expect(page.Locator(".pt-detail-head [data-status]")).ToHaveTextAsync("처리중");

        // Complete: online issuance.
        var note = page.Field("민원인 안내 문구");
        await note.FillAsync("상담 결과를 문서로 확인해 주세요.");
        // Enter submits the 처리 완료 form, as the keyboard does. Issuing the signed PDF (fonts loaded on first use)
        // can take more than the default 15 s on a busy machine.
        await note.PressAsync("Enter", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-notice]")).ToContainTextAsync("처리를 완료했습니다", new() { Timeout = 60_000 });
        await Expect(page.Locator(".pt-detail-head [data-status]")).ToHaveTextAsync("처리완료");
        var last = page.Locator("[data-history-row]").Last;
        await Expect(last).ToContainTextAsync("처리완료");
        await Expect(last).ToContainTextAsync("정기준 주무관");
        await Expect(last).ToContainTextAsync("발급");
        await Expect(page.Locator("form[data-action]")).ToHaveCountAsync(0);
        await Artifacts.ScreenshotAsync(page, "43-clerk-completed");

        // The citizen's tracking shows the clerk's work.
        await Citizen.TrackAsync(_citizen, receiptNumber, applicant);
        await Expect(_citizen.Locator("[data-track-result] [data-status]")).ToHaveTextAsync("처리완료");
    }
}
