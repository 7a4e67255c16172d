using System.Globalization;
using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Petition.Pki.Demo;
using Petition.Web.Features.Signing;
using static Microsoft.Playwright.Assertions;

namespace Petition.E2E.Tests;

/// <summary>The portal in demo mode (demo PKI trusted, signed path offered), sharing the day's demo PKI.</summary>
public sealed class SigningPortalFixture() : PortalFixture(DemoPkiDirectory)
{
    public static readonly string DemoPkiDirectory = Path.Combine(
        Path.GetTempPath(), "petition-demo-pki", DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    public DemoManifest Demo { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // The portal generates the demo PKI on first use; wait for it as a newcomer would.
        Demo = (await Services.GetRequiredService<PortalPki>().GetAsync())!.Demo!;
    }
}

[CollectionDefinition(Name)]
public sealed class SigningCollection : ICollectionFixture<SigningPortalFixture>
{
    public const string Name = "Signing portal in Chromium";
}

/// <summary>
/// A citizen downloads a demo certificate from the demo page, picks it on step 5 and signs on step 6 in
/// Chromium: the private key is decrypted and used by the page's script; the server verifies.
/// </summary>
[Collection(SigningCollection.Name)]
public sealed class SignedPetitionTests(SigningPortalFixture portal) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await portal.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.DisposeAsync();

    private async Task<string> DownloadDemoZipAsync(string citizenId)
    {
        await _page.GotoAsync("/demo/certificates");
        var download = await _page.RunAndWaitForDownloadAsync(() =>
            _page.Locator($"tr[data-demo-citizen=\"{citizenId}\"] a[download]").ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"npki-{citizenId}-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(path);
        return path;
    }

    private async Task ToCertificateStepAsync(string rrn)
    {
        var parts = rrn.Split('-');
        await Citizen.ChooseTypeAsync(_page, Citizen.WageArrears);
        await Citizen.SubmitApplicantAsync(_page, Applicant.Hong with { RrnFront = parts[0], RrnBack = parts[1] });
        await Citizen.FillWageArrearsFormAsync(_page);
        await Citizen.SubmitFormAsync(_page);
        await Citizen.ChooseDeliveryAsync(_page, "온라인 열람·발급");
        await _page.Button("확인하고 다음").ClickAsync();
        await Expect(_page).ToHaveURLAsync(Citizen.CertificateUrl());
    }

    private async Task PickAndContinueAsync(string zip)
    {
        await _page.Locator("label[for=\"Choice-HasCertificate\"]").ClickAsync();
        await Expect(_page.Locator("[data-npki-picker]")).ToBeVisibleAsync();
        await _page.Locator("[data-npki-files]").SetInputFilesAsync(zip);
        await Expect(_page.Locator("[data-npki-list] input[type=radio]").First).ToBeAttachedAsync();
    }

    private async Task SignAsync(string password)
    {
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signature$"));
        await Expect(_page.Locator("[data-document]")).ToContainTextAsync("일회용 번호");
        await _page.Locator("#CertificatePassword").FillAsync(password);
        await _page.Locator("[data-npki-sign]").ClickAsync();
    }

    [Fact]
    public async Task Apply_WithDemoCertificate_SignsInTheBrowserAndGetsAVerifiedReceipt()
    {
        var citizen = portal.Demo.Citizens.Single(c => c.Id == "yessign-general");
        var zip = await DownloadDemoZipAsync(citizen.Id);
        await Artifacts.ScreenshotAsync(_page, "20-demo-certificates");
        await ToCertificateStepAsync(citizen.ApplicantRrn);

        await PickAndContinueAsync(zip);
        await Expect(_page.Locator("[data-npki-list]")).ToContainTextAsync(citizen.Name);
        await Expect(_page.Locator("[data-npki-list]")).ToContainTextAsync("범용");
        await Artifacts.ScreenshotAsync(_page, "21-certificate-picked");
        await _page.Locator("[data-npki-next]").ClickAsync();

        await Expect(_page.Locator("[data-npki-selected-text]")).ToContainTextAsync(citizen.Name);
        await Artifacts.ScreenshotAsync(_page, "22-signature");
        await SignAsync(citizen.Password);

        await Expect(_page).ToHaveURLAsync(Citizen.ReceiptUrl());
        await Expect(_page.Locator("main")).ToContainTextAsync("공동인증서 전자서명으로 확인");
        await Artifacts.ScreenshotAsync(_page, "23-signed-receipt");
    }

    [Fact]
    public async Task Axe_DemoPageCertificatePickerAndSignaturePage_HaveNoSeriousViolations()
    {
        var citizen = portal.Demo.Citizens.Single(c => c.Id == "ncasign-general");
        var zip = await DownloadDemoZipAsync(citizen.Id);
        await Accessibility.AssertNoSeriousViolationsAsync(_page, "demo certificates");
        await ToCertificateStepAsync(citizen.ApplicantRrn);
        await PickAndContinueAsync(zip);
        await Accessibility.AssertNoSeriousViolationsAsync(_page, "certificate step with picker");
        await _page.Locator("[data-npki-next]").ClickAsync();
        await Expect(_page.Locator("[data-npki-selected-text]")).ToContainTextAsync(citizen.Name);
        await Accessibility.AssertNoSeriousViolationsAsync(_page, "signature step");
        await SignAsync("wrong-password");
        await Expect(_page.Locator("[data-npki-sign-error]")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(_page, "signature step with a password error");
    }

    [Fact]
    public async Task RememberedCertificate_IsListedOnTheNextPetitionWithoutChoosingFilesAgain()
    {
        var citizen = portal.Demo.Citizens.Single(c => c.Id == "signgate-general");
        var zip = await DownloadDemoZipAsync(citizen.Id);
        await ToCertificateStepAsync(citizen.ApplicantRrn);
        await PickAndContinueAsync(zip);
        await _page.Locator("label[for=\"npki-remember\"]").ClickAsync();
        await Expect(_page.Locator("#npki-remember")).ToBeCheckedAsync();

        // A second petition in the same browser: the certificate is offered from this browser's store.
        await ToCertificateStepAsync(citizen.ApplicantRrn);
        await _page.Locator("label[for=\"Choice-HasCertificate\"]").ClickAsync();
        await Expect(_page.Locator("[data-npki-list]")).ToContainTextAsync(citizen.Name);
        await _page.Locator("[data-npki-next]").ClickAsync();
        await SignAsync(citizen.Password);
        await Expect(_page).ToHaveURLAsync(Citizen.ReceiptUrl());
    }

    [Fact]
    public async Task Sign_WrongPassword_SaysSoAndCountsDownWithoutPosting()
    {
        var citizen = portal.Demo.Citizens.Single(c => c.Id == "signkorea-general");
        var zip = await DownloadDemoZipAsync(citizen.Id);
        await ToCertificateStepAsync(citizen.ApplicantRrn);
        await PickAndContinueAsync(zip);
        await _page.Locator("[data-npki-next]").ClickAsync();

        await SignAsync("not-the-password");

        await Expect(_page.Locator("[data-npki-sign-error]")).ToContainTextAsync("인증서 비밀번호가 올바르지 않습니다");
        await Expect(_page.Locator("[data-npki-sign-error]")).ToContainTextAsync("남은 횟수 4번");
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signature$"));
    }

    [Theory]
    [InlineData("yessign-secondperson", "인증서의 주인이 입력하신 신청인")]
    [InlineData("crosscert-revoked", "폐지")]
    [InlineData("signgate-expired", null)]
    [InlineData("yessign-banking", null)]
    public async Task Sign_CertificateTheServerRefuses_OrThePageMarksUnusable(string citizenId, string? serverMessage)
    {
        var citizen = portal.Demo.Citizens.Single(c => c.Id == citizenId);
        var zip = await DownloadDemoZipAsync(citizenId);
        await ToCertificateStepAsync(citizen.ApplicantRrn);
        await PickAndContinueAsync(zip);

        if (serverMessage is null)
        {
            // Expired or not accepted for this petition: listed, marked, and not selectable.
            await Expect(_page.Locator("[data-npki-list]")).ToContainTextAsync("사용 불가");
            await Expect(_page.Locator("[data-npki-list] input[type=radio]").First).ToBeDisabledAsync();
            await Expect(_page.Locator("[data-npki-none]")).ToBeVisibleAsync();
            await Artifacts.ScreenshotAsync(_page, $"24-unusable-{citizenId}");
            return;
        }

        await _page.Locator("[data-npki-next]").ClickAsync();
        await SignAsync(citizen.Password);
        await Expect(_page.Locator("[data-signature-failure]")).ToContainTextAsync(serverMessage);
        await Expect(_page.Locator("[data-signature-failure]")).ToContainTextAsync("아직 제출되지 않았습니다");
        await Artifacts.ScreenshotAsync(_page, $"25-refused-{citizenId}");
    }

    [Fact]
    public async Task SeedKnownAnswer_BrowserBundleDerivesTheNpkiMdKeyAndIv()
    {
        await _page.GotoAsync("/demo/certificates");
        await _page.AddScriptTagAsync(new() { Url = "/js/npki.bundle.js" });
        var result = await _page.EvaluateAsync<string[]>(@"async () => {
            const hex = s => Uint8Array.from(s.match(/../g).map(h => parseInt(h, 16)));
            const tohex = b => Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
            const n = PetitionNpki.npki;
            const d = await n.deriveSeedKeyPbkdf1('WTuA8Ev0lWXVFSiI!', hex('c8ea2fa25023c285'), 2048);
            const block = n.seedCbcDecrypt(new Uint8Array(16), new Uint8Array(16),
                hex('5ebac6e0054e166819aff1cc6d346cdb99a85bab70d1c0d42caf69fb52ef21da'));
            return [tohex(d.dk), tohex(d.key), tohex(d.iv), tohex(block)];
        }");
        Assert.Equal("6240e2686a6abbc48c922ccba906bb91c58eec36", result[0]);
        Assert.Equal("6240e2686a6abbc48c922ccba906bb91", result[1]);
        Assert.Equal("4471a1fd154167f22848770d578a5b73", result[2]);
        Assert.Equal("000102030405060708090a0b0c0d0e0f", result[3]); // RFC 4269 SEED vector
    }

    [Fact]
    public async Task DemoPage_ZipHoldsTheNpkiFolderFiles()
    {
        var zip = await DownloadDemoZipAsync("yessign-general");
        using var archive = ZipFile.OpenRead(zip);
        var names = archive.Entries.Select(e => Path.GetFileName(e.FullName)).ToList();
        Assert.Contains("signCert.der", names);
        Assert.Contains("signPri.key", names);
        Assert.Contains("kmCert.der", names);
        Assert.StartsWith("NPKI/yessign/USER/", archive.Entries[0].FullName, StringComparison.Ordinal);
    }
}
