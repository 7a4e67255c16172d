using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Petition.E2E.Tests;

/// <summary>
/// A citizen member in Chromium: signs up, binds a demo certificate (the page's script decrypts the key and signs the
/// server's one-time document, the server checks chain, revocation, policy and the VID against the member's RRN),
/// signs out, signs in with the certificate and sees 나의 민원.
/// </summary>
[Collection(SigningCollection.Name)]
public sealed class MemberJourneyTests(SigningPortalFixture portal) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await portal.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.DisposeAsync();

    [Fact]
    public async Task SignUp_BindDemoCertificate_SignOut_CertificateSignIn_SeesMyPetitions()
    {
        var citizen = portal.Demo.Citizens.Single(c => c.Id == "yessign-general");
        await _page.GotoAsync("/demo/certificates");
        var download = await _page.RunAndWaitForDownloadAsync(() =>
            _page.Locator($"tr[data-demo-citizen=\"{citizen.Id}\"] a[download]").ClickAsync());
        var zip = Path.Combine(Path.GetTempPath(), $"npki-member-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(zip);

        // Sign up (홍길동's RRN, so his demo certificate passes the VID check).
        await _page.Locator("[data-member-nav] [data-member-signup]").ClickAsync();
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/members/signup$"));
        var parts = citizen.ApplicantRrn.Split('-');
        await _page.Locator("#UserName").FillAsync("e2e-hong");
        await _page.Locator("#Password").FillAsync("e2e-member-pass-1!");
        await _page.Locator("#PasswordConfirm").FillAsync("e2e-member-pass-1!");
        await _page.Locator("#Name").FillAsync(citizen.Name);
        await _page.Locator("#RrnFront").FillAsync(parts[0]);
        await _page.Locator("#RrnBack").FillAsync(parts[1]);
        await _page.Locator("#PostalCode").FillAsync("30117");
        await _page.Locator("#Address").FillAsync("세종특별자치시 한누리대로 422");
        await _page.Locator("#Email").FillAsync("hong@example.kr");
        await _page.Locator("label[for=Consent]").ClickAsync();
        await Artifacts.ScreenshotAsync(_page, "60-member-signup");
        await _page.Button("가입하기").ClickAsync();
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/members/my"));
        await Expect(_page.Locator("h1")).ToHaveTextAsync("나의 민원");

        // Bind the certificate: choose the zip, type its password, sign in the browser.
        await _page.Locator("a[href='/members/account']").First.ClickAsync();
        await _page.Locator("[data-bind-certificate]").ClickAsync();
        await Expect(_page.Locator("[data-document]")).ToContainTextAsync("moel-member-bind/1");
        await _page.Locator("[data-npki-files]").SetInputFilesAsync(zip);
        await Expect(_page.Locator("[data-npki-selected-text]")).ToContainTextAsync(citizen.Name);
        await _page.Locator("#CertificatePassword").FillAsync(citizen.Password);
        await Artifacts.ScreenshotAsync(_page, "61-member-bind-certificate");
        await _page.Locator("[data-npki-sign]").ClickAsync();
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/members/account\\?bound=true$"));
        await Expect(_page.Locator("[data-member-certificate]")).ToHaveCountAsync(1);
        await Artifacts.ScreenshotAsync(_page, "62-member-account");

        // Sign out from the header.
        await _page.Locator("[data-member-signout]").ClickAsync();
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/members/signin\\?signedOut=true$"));
        await Expect(_page.Locator("[data-member-nav] [data-member-signin]")).ToBeVisibleAsync();

        // Certificate sign-in: the certificate chosen before is offered again; only its password is typed.
        await _page.Locator("[data-certificate-signin-link]").ClickAsync();
        await Expect(_page.Locator("[data-document]")).ToContainTextAsync("moel-member-signin/1");
        await Expect(_page.Locator("[data-npki-selected-text]")).ToContainTextAsync(citizen.Name);
        await _page.Locator("#CertificatePassword").FillAsync(citizen.Password);
        await Artifacts.ScreenshotAsync(_page, "63-member-certificate-signin");
        await _page.Locator("[data-npki-sign]").ClickAsync();

        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/members/my$"));
        await Expect(_page.Locator("h1")).ToHaveTextAsync("나의 민원");
        await Expect(_page.Locator("[data-member-nav]")).ToContainTextAsync(citizen.Name);
        await Artifacts.ScreenshotAsync(_page, "64-member-my-petitions");
        File.Delete(zip);
    }
}
