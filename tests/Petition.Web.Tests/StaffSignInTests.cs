using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Petition.Core.Auditing;
using Petition.Core.Workbench;
using Petition.Web.Features.Staff;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>Staff sign-in through the real form: messages, lockout, rate limit, return URLs, sign-out, demo accounts.</summary>
public sealed class StaffSignInTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    /// <summary>Staff accounts only (demo mode also seeds a demo citizen member).</summary>
    private const string StaffAccountCount = "SELECT COUNT(DISTINCT ur.UserId) FROM AspNetUserRoles ur JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE r.Name IN ('Clerk', 'Admin')";

    private long Scalar(string sql)
    {
        using var db = _portal.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Theory]
    [InlineData("/clerk")]
    [InlineData("/clerk?status=Received")]
    [InlineData("/clerk/petitions/1")]
    public async Task ClerkPage_Anonymous_RedirectsToSignInWithLocalReturnUrl(string url)
    {
        var client = _portal.CreatePortalClient();

        var page = await FormPage.GetAsync(client, url);

        Assert.Equal("/staff/signin", page.Path);
        Assert.Contains("returnUrl=" + Uri.EscapeDataString(url), page.Response.RequestMessage!.RequestUri!.Query, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("직원 로그인", page.Document.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task ClerkPage_CitizenWithDraftCookie_IsSentToSignIn()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("체불임금등·사업주확인서 발급");

        var page = await FormPage.GetAsync(citizen.Client, "/clerk");

        Assert.Equal("/staff/signin", page.Path);
    }

    [Fact]
    public async Task SignIn_AccountWithoutStaffRole_IsRefusedLikeAnUnknownId()
    {
        await Member.SignedUpAsync(_portal, "member-1");
        var member = new Staff(_portal.CreatePortalClient());

        var page = await member.SignInAsync("member-1", Member.Password);
        var queue = await member.QueueAsync();

        Assert.Contains(StaffController.FailedMessage, page.ErrorSummary);
        Assert.Equal("/staff/signin", queue.Path);
        Assert.Empty(queue.Document.QuerySelectorAll("[data-queue-row]"));
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.SignInFailed}' AND Reason = '등록되지 않은 아이디'"));
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.SignInSucceeded}'"));
    }

    [Fact]
    public async Task SignIn_TypedRrnAsUnknownId_IsNotStoredInTheAuditLog()
    {
        var page = await new Staff(_portal.CreatePortalClient()).SignInAsync("900101-1234567");

        Assert.Contains(StaffController.FailedMessage, page.ErrorSummary);
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM AuditRecords WHERE TargetId LIKE '%1234567%' OR ActorName LIKE '%1234567%'"));
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.SignInFailed}'"));
    }

    [Fact]
    public async Task SignIn_RightPassword_OpensQueueAndAudits()
    {
        await Staff.CreateClerkAsync(_portal, "clerk-a");
        var staff = new Staff(_portal.CreatePortalClient());

        var queue = await staff.SignInAsync("clerk-a");

        Assert.Equal("/clerk", queue.Path);
        Assert.Contains("clerk-a 주무관", queue.Document.QuerySelector("[data-staff-user]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Staff.WageDepartment, queue.Document.QuerySelector("[data-scope]")!.TextContent.Trim());
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.SignInSucceeded}' AND TargetId = 'clerk-a'"));
    }

    [Fact]
    public async Task SignIn_WrongPasswordOrUnknownUser_SameMessageThatRevealsNothing()
    {
        await Staff.CreateClerkAsync(_portal, "clerk-a");
        var staff = new Staff(_portal.CreatePortalClient());

        var wrongPassword = await staff.SignInAsync("clerk-a", "not-the-password-1!");
        var unknownUser = await staff.SignInAsync("nobody-here", "not-the-password-1!");

        Assert.Equal("/staff/signin", wrongPassword.Path);
        Assert.Equal([StaffController.FailedMessage], wrongPassword.ErrorSummary);
        Assert.Equal([StaffController.FailedMessage], unknownUser.ErrorSummary);
        Assert.Equal("clerk-a", wrongPassword.Value("UserName"));
        Assert.Equal(string.Empty, wrongPassword.Value("Password") ?? string.Empty); // the password is never sent back
        Assert.Equal(2, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.SignInFailed}'"));
        var stillAnonymous = await staff.QueueAsync();
        Assert.Equal("/staff/signin", stillAnonymous.Path);
    }

    [Fact]
    public async Task SignIn_EmptyFields_ErrorSummaryLinksToEachField()
    {
        var staff = new Staff(_portal.CreatePortalClient());

        var page = await staff.SignInAsync(string.Empty, string.Empty);

        Assert.Equal(["아이디를 입력해 주세요.", "비밀번호를 입력해 주세요."], page.ErrorSummary);
        Assert.Equal(["#UserName", "#Password"], page.ErrorSummaryLinks);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksAccountFor15Minutes()
    {
        await Staff.CreateClerkAsync(_portal, "clerk-a");
        var staff = new Staff(_portal.CreatePortalClient());
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal([StaffController.FailedMessage], (await staff.SignInAsync("clerk-a", $"wrong-password-{i}!")).ErrorSummary);
        }

        var fifth = await staff.SignInAsync("clerk-a", "wrong-password-5!");
        var rightButLocked = await staff.SignInAsync("clerk-a");

        Assert.Equal([StaffController.LockedOutMessage], fifth.ErrorSummary);
        Assert.Equal([StaffController.LockedOutMessage], rightButLocked.ErrorSummary);
        Assert.Equal("/staff/signin", (await staff.QueueAsync()).Path);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.LockedOut}' AND TargetId = 'clerk-a'"));
    }

    [Fact]
    public async Task SignIn_MoreThanThePermitPerMinute_Gets429()
    {
        _portal.Settings["Staff:SignInPermitLimit"] = "3";
        var staff = new Staff(_portal.CreatePortalClient());
        var page = await FormPage.GetAsync(staff.Client, "/staff/signin");
        for (var i = 0; i < 3; i++)
        {
            var allowed = await page.PostAsync(staff.Client, ("UserName", "someone"), ("Password", "whatever-1!"));
            Assert.Equal(HttpStatusCode.OK, allowed.Status);
        }

        var refused = await page.PostAsync(staff.Client, ("UserName", "someone"), ("Password", "whatever-1!"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("요청이 너무 많습니다", refused.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/steal", "/clerk")]
    [InlineData("//evil.example/steal", "/clerk")]
    [InlineData("/clerk?status=InProgress", "/clerk")]
    public async Task SignIn_ReturnUrl_OnlyLocalOnesAreFollowed(string returnUrl, string expectedPath)
    {
        await Staff.CreateClerkAsync(_portal, "clerk-a");
        var staff = new Staff(_portal.CreatePortalClient());

        var page = await staff.SignInAsync("clerk-a", returnUrl: returnUrl);

        Assert.Equal(expectedPath, page.Path);
        Assert.Equal("localhost", page.Response.RequestMessage!.RequestUri!.Host);
        if (returnUrl.StartsWith("/clerk?", StringComparison.Ordinal))
        {
            Assert.Equal("?status=InProgress", page.Response.RequestMessage.RequestUri.Query);
        }
    }

    [Fact]
    public async Task SignOut_EndsTheSessionAndAudits()
    {
        await Staff.CreateClerkAsync(_portal, "clerk-a");
        var staff = await Staff.SignedInAsync(_portal, "clerk-a");
        var queue = await staff.QueueAsync();
        var signOutForm = queue.Document.QuerySelector("form[action='/staff/signout']")!;
        Assert.NotNull(signOutForm);

        var signedOut = await queue.PostToAsync(staff.Client, "/staff/signout");

        Assert.Equal("/staff/signin", signedOut.Path);
        Assert.Contains("로그아웃했습니다", signedOut.Text, StringComparison.Ordinal);
        Assert.Equal("/staff/signin", (await staff.QueueAsync()).Path);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.SignedOut}'"));
    }

    [Fact]
    public async Task StaffCookie_IsHttpOnlyAndSameSiteStrict()
    {
        await Staff.CreateClerkAsync(_portal, "clerk-a");
        var client = _portal.CreateClient(new() { AllowAutoRedirect = false });
        var form = await FormPage.GetAsync(_portal.CreatePortalClient(), "/staff/signin");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/staff/signin")
        {
            Content = new FormUrlEncodedContent([new("UserName", "clerk-a"), new("Password", Staff.Password), new("__RequestVerificationToken", form.AntiforgeryToken)]),
        };
        foreach (var cookie in form.Response.Headers.GetValues("Set-Cookie"))
        {
            request.Headers.Add("Cookie", cookie.Split(';')[0]);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var staffCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("Petition.Staff=", StringComparison.Ordinal));
        Assert.Contains("httponly", staffCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", staffCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", staffCookie, StringComparison.OrdinalIgnoreCase); // a session cookie; the ticket expires server-side
    }

    [Fact]
    public async Task DemoAccounts_DemoDisabled_DoNotExist()
    {
        var staff = new Staff(_portal.CreatePortalClient());

        var page = await staff.SignInAsync("clerk-wage", DemoStaffSeeder.ClerkPassword);

        Assert.Equal([StaffController.FailedMessage], page.ErrorSummary);
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM AspNetUsers"));
    }

    [Fact]
    public async Task DemoAccounts_DemoEnabled_OneClerkPerCatalogDepartmentAndAnAdmin_SeededOnce()
    {
        _portal.Settings["Demo:Enabled"] = "true";
        var staff = new Staff(_portal.CreatePortalClient());

        var queue = await staff.SignInAsync("clerk-wage", DemoStaffSeeder.ClerkPassword);

        Assert.Equal("/clerk", queue.Path);
        Assert.Equal(DemoStaffSeeder.Accounts.Count, Scalar(StaffAccountCount));
        var departments = Petition.Infrastructure.Seeding.CatalogSeed.Types().Select(t => t.Department).Distinct().ToList();
        Assert.All(departments, d => Assert.Contains(DemoStaffSeeder.Accounts, a => a.Department == d && a.Role == StaffRoles.Clerk));
        Assert.Contains(DemoStaffSeeder.Accounts, a => a.Role == StaffRoles.Admin);

        // A second start (another node, a restart) adds nothing.
        await _portal.Services.GetRequiredService<IEnumerable<IHostedService>>().OfType<DemoStaffSeeder>().Single().StartAsync(CancellationToken.None);
        Assert.Equal(DemoStaffSeeder.Accounts.Count, Scalar(StaffAccountCount));
    }

    [Fact]
    public async Task Session_IdleForMoreThan30Minutes_SignsInAgain()
    {
        await Staff.CreateClerkAsync(_portal, "clerk-a");
        var staff = await Staff.SignedInAsync(_portal, "clerk-a");
        _portal.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal("/clerk", (await staff.QueueAsync()).Path); // activity slides the expiry

        _portal.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal("/staff/signin", (await staff.QueueAsync()).Path);
    }

    [Fact]
    public async Task Session_ActiveAllDay_EndsAfter8Hours()
    {
        await Staff.CreateClerkAsync(_portal, "clerk-a");
        var staff = await Staff.SignedInAsync(_portal, "clerk-a");
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(7.5); elapsed += TimeSpan.FromMinutes(20))
        {
            _portal.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal("/clerk", (await staff.QueueAsync()).Path);
        }

        // 7 h 40 min in, last active just now: 25 more minutes is within the idle limit but past 8 hours.
        _portal.Clock.Advance(TimeSpan.FromMinutes(25));

        Assert.Equal("/staff/signin", (await staff.QueueAsync()).Path);
    }
}
