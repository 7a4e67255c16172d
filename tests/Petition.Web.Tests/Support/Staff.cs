using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Workbench;
using Petition.Infrastructure.Identity;
using Petition.Web.Features.Staff;

namespace Petition.Web.Tests.Support;

/// <summary>A staff member in a browser (one cookie jar): signs in through the real form and uses the workbench.</summary>
public sealed class Staff(HttpClient client)
{
    /// <summary>The password of the accounts tests create (meets the portal's password rules).</summary>
    public const string Password = "test-staff-pass-1!";

    public const string WageDepartment = "근로개선지도과";

    public const string InsuranceDepartment = "고용보험심사과";

    public HttpClient Client { get; } = client;

    /// <summary>Creates an account in the portal's Identity store, as an administrator would.</summary>
    public static async Task<string> CreateAccountAsync(PortalFactory portal, string userName, string? role, string? department, string? displayName = null)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await DemoStaffSeeder.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser
        {
            UserName = userName,
            DisplayName = displayName ?? $"{userName} 주무관",
            Department = department,
            CreatedAtUtc = portal.Clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        if (role is not null)
        {
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }

        return user.Id;
    }

    /// <summary>
    /// Creates an administrator who has set up an authenticator app (as /staff/2fa does) and returns the app's key,
    /// from which <see cref="Totp.Code"/> computes the current code.
    /// </summary>
    public static async Task<(string UserId, string AuthenticatorKey)> CreateAdminWithAuthenticatorAsync(PortalFactory portal, string userName)
    {
        var id = await CreateAccountAsync(portal, userName, StaffRoles.Admin, null, $"{userName} 관리자");
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(id) ?? throw new InvalidOperationException("The account just created is gone.");
        Assert.True((await users.ResetAuthenticatorKeyAsync(user)).Succeeded);
        var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key.");
        Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        return (id, key);
    }

    /// <summary>Signs in with password and the authenticator code; the page after the second step is returned.</summary>
    public async Task<FormPage> SignInWithSecondFactorAsync(string userName, string authenticatorKey, string password = Password)
    {
        var second = await SignInAsync(userName, password);
        Assert.Equal("/staff/signin", second.Path);
        Assert.NotNull(second.Document.QuerySelector("form[data-two-factor]"));
        return await second.PostToAsync(Client, "/staff/signin/2fa", ("Code", Totp.Code(authenticatorKey, DateTimeOffset.UtcNow)));
    }

    /// <summary>An administrator signed in with the second factor (may use /admin).</summary>
    public static async Task<Staff> SignedInAdminAsync(PortalFactory portal, string userName)
    {
        var (_, key) = await CreateAdminWithAuthenticatorAsync(portal, userName);
        var staff = new Staff(portal.CreatePortalClient());
        var page = await staff.SignInWithSecondFactorAsync(userName, key);
        Assert.Equal("/clerk", page.Path);
        return staff;
    }

    public static Task<string> CreateClerkAsync(PortalFactory portal, string userName, string department = WageDepartment) =>
        CreateAccountAsync(portal, userName, StaffRoles.Clerk, department);

    /// <summary>Opens the sign-in page and posts the form; the page shown afterwards is returned.</summary>
    public async Task<FormPage> SignInAsync(string userName, string password = Password, string? returnUrl = null)
    {
        var page = await FormPage.GetAsync(Client, returnUrl is null ? "/staff/signin" : $"/staff/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        var fields = new List<(string, string)> { ("UserName", userName), ("Password", password) };
        if (page.Document.QuerySelector("input[name=ReturnUrl]")?.GetAttribute("value") is { } hidden)
        {
            fields.Add(("ReturnUrl", hidden));
        }

        return await page.PostToAsync(Client, "/staff/signin", [.. fields]);
    }

    public static async Task<Staff> SignedInAsync(PortalFactory portal, string userName, string password = Password)
    {
        var staff = new Staff(portal.CreatePortalClient());
        var page = await staff.SignInAsync(userName, password);
        Assert.Equal("/clerk", page.Path);
        return staff;
    }

    public Task<FormPage> QueueAsync(string query = "") => FormPage.GetAsync(Client, "/clerk" + query);

    public Task<FormPage> DetailAsync(long id) => FormPage.GetAsync(Client, $"/clerk/petitions/{id}");

    /// <summary>The petition's id as the queue links to it, by receipt number.</summary>
    public async Task<long> FindAsync(string receiptNumber)
    {
        var queue = await QueueAsync();
        var link = queue.Document.QuerySelector($"[data-queue-row='{receiptNumber}'] a")
            ?? throw new InvalidOperationException($"{receiptNumber} is not in the queue.");
        return long.Parse(link.GetAttribute("href")!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Posts the detail page's form <paramref name="action"/> (start, supplement, complete, reject) with its stamp.</summary>
    public static Task<FormPage> PostActionAsync(HttpClient client, FormPage detail, string action, params (string Name, string Value)[] fields)
    {
        var form = detail.Document.QuerySelector($"form[data-action={action}]")
            ?? throw new InvalidOperationException($"No '{action}' form on {detail.Path}.");
        var stamp = form.QuerySelector("input[name=Stamp]")!.GetAttribute("value")!;
        return detail.PostToAsync(client, form.GetAttribute("action")!, [("Stamp", stamp), .. fields]);
    }

    public Task<FormPage> PostActionAsync(FormPage detail, string action, params (string Name, string Value)[] fields) =>
        PostActionAsync(Client, detail, action, fields);
}
