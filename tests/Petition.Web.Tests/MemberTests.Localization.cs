using Microsoft.Extensions.DependencyInjection;
using Petition.Web.Infrastructure;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>
/// Every member page in English (chosen on the language switch), with its error and refusal messages: no English
/// resource may be missing and no Korean may show outside data marked lang="ko". Korean stays the default.
/// </summary>
public sealed class MemberLocalizationTests : IDisposable
{
    private readonly PortalFactory _portal;

    public MemberLocalizationTests()
    {
        _portal = new PortalFactory(clock: new TestClock(DateTimeOffset.UtcNow));
        _portal.Settings["Demo:Enabled"] = "true";
        _portal.Settings["Members:SignInPermitLimit"] = "200";
        _portal.Settings[MissingResourceRegistration.Switch] = "true";
    }

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private MissingResourceCollector Missing => _portal.Services.GetRequiredService<MissingResourceCollector>();

    private void AssertEnglish(FormPage page, string what)
    {
        Assert.Equal("en", page.Document.DocumentElement.GetAttribute("lang"));
        var missing = Missing.Missing;
        Assert.True(missing.Count == 0, $"{what} ({page.Path}): missing English resources:\n" + string.Join("\n", missing.Select(m => $"{m.Resource}: {m.Key} ({m.Path})")));
        var korean = LocalizationTests.UntranslatedKorean(page.Document);
        Assert.True(korean.Count == 0, $"{what} ({page.Path}): Korean text outside lang=\"ko\":\n" + string.Join("\n", korean));
    }

    private static async Task<Member> EnglishMemberAsync(PortalFactory portal)
    {
        var client = portal.CreatePortalClient();
        var home = await FormPage.GetAsync(client, "/");
        var form = home.Document.QuerySelector("form[data-language-switch]")!;
        var returnUrl = form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value")!;
        var english = await home.PostToAsync(client, form.GetAttribute("action")!, ("culture", "en"), ("returnUrl", returnUrl));
        Assert.Equal("en", english.Document.DocumentElement.GetAttribute("lang"));
        return new Member(client);
    }

    [Fact]
    public async Task MemberPages_English_EveryPageAndMessageTranslated()
    {
        var member = await EnglishMemberAsync(_portal);
        var client = member.Client;
        AssertEnglish(await FormPage.GetAsync(client, "/"), "home with the member links");

        var signUp = await FormPage.GetAsync(client, "/members/signup");
        AssertEnglish(signUp, "sign-up");
        var refused = await signUp.PostAsync(client, [.. Member.SignUpFields("9x", "김민원", "901301-1234567",
            ("Password", "short"), ("PasswordConfirm", "other"), ("Address", ""), ("PostalCode", "1"), ("Phone", ""), ("Email", ""), ("Consent", ""))]);
        Assert.Contains("The password must be at least 12 characters long.", refused.ErrorSummary);
        AssertEnglish(refused, "sign-up with errors");

        var signIn = await FormPage.GetAsync(client, "/members/signin");
        AssertEnglish(signIn, "sign-in");
        var failed = await member.SignInAsync("nobody-here", "wrong-password-1!");
        Assert.Contains("The user ID or password is incorrect.", string.Join(" ", failed.ErrorSummary), StringComparison.Ordinal);
        AssertEnglish(failed, "sign-in failed");

        var certificateSignIn = await FormPage.GetAsync(client, "/members/signin/certificate");
        AssertEnglish(certificateSignIn, "certificate sign-in");
        var unbound = await member.CertificateSignInAsync("signgate-general");
        Assert.Contains("not registered to any member account", Member.Failure(unbound), StringComparison.Ordinal);
        AssertEnglish(unbound, "certificate sign-in refused");
        var revoked = await member.CertificateSignInAsync("crosscert-revoked");
        Assert.Contains("revoked", Member.Failure(revoked), StringComparison.Ordinal);
        AssertEnglish(revoked, "certificate sign-in with a revoked certificate");

        var my = await (await FormPage.GetAsync(client, "/members/signup")).PostAsync(client, [.. Member.SignUpFields("english-member", "홍길동", "800101-1234567")]);
        Assert.Equal("/members/my", my.Path);
        AssertEnglish(my, "my petitions, welcome");
        var citizen = new Citizen(client);
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        await citizen.FileWageArrearsWithoutCertificateAsync();
        AssertEnglish(await FormPage.GetAsync(client, "/members/my"), "my petitions with a draft and a petition");

        var bind = await FormPage.GetAsync(client, "/members/account/certificates/new");
        AssertEnglish(bind, "bind a certificate");
        var mismatch = await member.BindAsync("signgate-general");
        Assert.Contains("This certificate is not yours", Member.Failure(mismatch), StringComparison.Ordinal);
        AssertEnglish(mismatch, "binding refused (VID)");
        var account = await member.BindAsync("yessign-general");
        Assert.Equal("/members/account", account.Path);
        AssertEnglish(account, "account with a certificate");
        var passwordErrors = await account.PostToAsync(client, "/members/account/password", ("CurrentPassword", "not-mine-pass-1!"), ("NewPassword", "x"), ("NewPasswordConfirm", "y"));
        AssertEnglish(passwordErrors, "password change with errors");

        var delete = await FormPage.GetAsync(client, "/members/account/delete");
        AssertEnglish(delete, "delete account");
        AssertEnglish(await delete.PostAsync(client), "delete account with errors");
        var deleted = await delete.PostAsync(client, ("Password", Member.Password), ("Confirm", "true"));
        Assert.NotNull(deleted.Document.QuerySelector("[data-deleted]"));
        AssertEnglish(deleted, "account deleted");

        AssertEnglish(await FormPage.GetAsync(client, "/demo/certificates"), "demo certificates with the demo member");
    }

    [Fact]
    public async Task MemberPages_Korean_IsTheDefault()
    {
        var client = _portal.CreatePortalClient();

        var signIn = await FormPage.GetAsync(client, "/members/signin");

        Assert.Equal("ko", signIn.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("회원 로그인", signIn.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(signIn.Document.QuerySelector("[data-member-nav] [data-member-signup]"));
    }
}
