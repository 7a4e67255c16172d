using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Petition.Infrastructure.Identity;
using Petition.Infrastructure.Persistence;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>
/// Citizen members through the real pipeline, in demo mode (the demo PKI trusted): sign-up, password sign-in with
/// lockout, certificate binding with the VID check and certificate sign-in with real demo certificates, 나의 민원,
/// prefill, account deletion, the audit trail, and the separation of member and staff cookies.
/// </summary>
public sealed class MemberTests : IDisposable
{
    private readonly PortalFactory _portal;

    public MemberTests()
    {
        _portal = new PortalFactory(clock: new TestClock(DateTimeOffset.UtcNow));
        _portal.Settings["Demo:Enabled"] = "true";
        _portal.Settings["Members:SignInPermitLimit"] = "200";
    }

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var db = _portal.OpenDatabase();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, value));
        }

        return await command.ExecuteScalarAsync();
    }

    private async Task<long> AuditCountAsync(string action, string? reasonContains = null) =>
        (long)(await ScalarAsync(
            "SELECT COUNT(*) FROM AuditRecords WHERE Action = $a AND ($r = '' OR Reason LIKE '%' || $r || '%')",
            ("$a", action), ("$r", reasonContains ?? string.Empty)))!;

    [Fact]
    public async Task SignUp_InvalidInput_ListsEachProblemAndCreatesNoAccount()
    {
        var client = _portal.CreatePortalClient();
        var page = await FormPage.GetAsync(client, "/members/signup");

        var refused = await page.PostAsync(client, [.. Member.SignUpFields("9x", "김민원", "900101-1234567",
            ("Password", "short"), ("PasswordConfirm", "different"), ("RrnFront", "901301"), ("Address", ""), ("Phone", ""), ("Email", "not-an-email"), ("Consent", ""))]);

        Assert.Equal("/members/signup", refused.Path);
        var errors = refused.ErrorSummary;
        Assert.Contains(errors, e => e.StartsWith("아이디는 영문 소문자로 시작하여", StringComparison.Ordinal));
        Assert.Contains("비밀번호는 12자 이상이어야 합니다.", errors);
        Assert.Contains("비밀번호에 숫자를 1개 이상 넣어 주세요.", errors);
        Assert.Contains("비밀번호 확인이 비밀번호와 다릅니다. 같은 비밀번호를 다시 입력해 주세요.", errors);
        Assert.Contains("주민등록번호 앞자리의 생년월일이 올바른 날짜가 아닙니다.", errors); // the Rrn rules
        Assert.Contains("주소를 입력해 주세요.", errors); // the applicant validator of step 2
        Assert.Contains("전자우편 주소 형식이 올바르지 않습니다. (예: hong@example.kr)", errors);
        Assert.Contains("개인정보 수집·이용에 동의해야 가입할 수 있습니다.", errors);
        Assert.Equal("#UserName", refused.ErrorSummaryLinks[0]);
        Assert.True(string.IsNullOrEmpty(refused.Value("RrnBack"))); // the RRN's back half is never sent back
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM AspNetUsers WHERE RrnProtected IS NOT NULL AND UserName <> 'demo-member'"));

        await Member.SignedUpAsync(_portal, "taken-id");
        var again = await (await FormPage.GetAsync(client, "/members/signup")).PostAsync(client, [.. Member.SignUpFields("taken-id", "김민원", "900101-1234567")]);
        Assert.Contains("이미 사용 중인 아이디입니다. 다른 아이디를 입력해 주세요.", again.ErrorSummary);
    }

    [Fact]
    public async Task SignUp_Valid_SignsInAsMember_StoresRrnProtectedAndMaskedOnly()
    {
        var member = new Member(_portal.CreatePortalClient());

        var my = await member.SignUpAsync("kim-minwon");

        Assert.Equal("/members/my", my.Path);
        Assert.Contains("가입을 환영합니다", my.Text, StringComparison.Ordinal);
        Assert.NotNull(my.Document.QuerySelector("[data-member-nav] [data-member-my]"));
        await using var db = _portal.OpenDatabase();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT u.RrnProtected, u.RrnMasked, r.Name FROM AspNetUsers u JOIN AspNetUserRoles ur ON ur.UserId = u.Id JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE u.UserName = 'kim-minwon'";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.DoesNotContain(Citizen.RrnDigits, reader.GetString(0), StringComparison.Ordinal);
        Assert.Equal("900101-1******", reader.GetString(1));
        Assert.Equal("Member", reader.GetString(2));
        Assert.Equal(1L, await AuditCountAsync("member.signed-up"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM AuditRecords WHERE Reason LIKE $p OR TargetId LIKE $p", ("$p", "%" + Citizen.RrnBack + "%")));
    }

    [Fact]
    public async Task PasswordSignIn_RightPasswordSignsIn_FiveFailuresLockTheAccount()
    {
        await Member.SignedUpAsync(_portal, "lock-me");
        var member = new Member(_portal.CreatePortalClient());

        var signedIn = await member.SignInAsync("lock-me");
        Assert.Equal("/members/my", signedIn.Path);
        Assert.Equal(1L, await AuditCountAsync("member.sign-in"));

        var stranger = new Member(_portal.CreatePortalClient());
        for (var i = 0; i < 4; i++)
        {
            var failed = await stranger.SignInAsync("lock-me", "wrong-password-1!");
            Assert.Contains("아이디 또는 비밀번호가 올바르지 않습니다. 5회 연속으로 틀리면 15분 동안 로그인할 수 없습니다.", failed.ErrorSummary);
        }

        var fifth = await stranger.SignInAsync("lock-me", "wrong-password-1!");
        Assert.Contains(fifth.ErrorSummary, e => e.StartsWith("로그인에 연속으로 실패하여 계정이 15분 동안 잠겼습니다.", StringComparison.Ordinal));
        var evenRight = await stranger.SignInAsync("lock-me");
        Assert.Equal("/members/signin", evenRight.Path);
        Assert.Contains(evenRight.ErrorSummary, e => e.StartsWith("로그인에 연속으로 실패하여", StringComparison.Ordinal));

        var unknown = await stranger.SignInAsync("no-such-member", "whatever-pass-1!");
        Assert.Contains("아이디 또는 비밀번호가 올바르지 않습니다. 5회 연속으로 틀리면 15분 동안 로그인할 수 없습니다.", unknown.ErrorSummary);
        Assert.Equal(7L, await AuditCountAsync("member.sign-in-failed"));
        Assert.Equal(1L, await AuditCountAsync("account.locked-out"));

        // A staff account does not sign in as a member (and is told nothing more).
        await Staff.CreateClerkAsync(_portal, "clerk-one");
        var staff = await stranger.SignInAsync("clerk-one", Staff.Password);
        Assert.Equal("/members/signin", staff.Path);
        Assert.Contains("아이디 또는 비밀번호가 올바르지 않습니다. 5회 연속으로 틀리면 15분 동안 로그인할 수 없습니다.", staff.ErrorSummary);
    }

    [Fact]
    public async Task CertificateSignIn_WithBoundDemoCertificate_SignsIn()
    {
        var member = await Member.SignedUpAsync(_portal, "hong-gildong", "홍길동", "800101-1234567");

        var account = await member.BindAsync("yessign-general");

        Assert.Equal("/members/account", account.Path);
        Assert.Contains("인증서를 등록했습니다", account.Text, StringComparison.Ordinal);
        Assert.NotNull(account.Document.QuerySelector("[data-member-certificate]"));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM MemberCertificates"));
        Assert.Equal(1L, await AuditCountAsync("member.certificate-bound"));
        await member.SignOutAsync();
        Assert.Equal("/members/signin", (await FormPage.GetAsync(member.Client, "/members/my")).Path);

        var elsewhere = new Member(_portal.CreatePortalClient());
        var my = await elsewhere.CertificateSignInAsync("yessign-general");

        Assert.Equal("/members/my", my.Path);
        Assert.Contains("홍길동", my.Document.QuerySelector("[data-member-nav]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1L, await AuditCountAsync("member.certificate-sign-in"));
        Assert.NotNull(await ScalarAsync("SELECT LastUsedAtUtc FROM MemberCertificates"));

        // The same signed document cannot be replayed: its nonce was used.
        var page = await FormPage.GetAsync(elsewhere.Client, "/members/signin/certificate");
        var (nonce, document) = Member.Challenge(page);
        var (cms, _) = Member.Sign("yessign-general", document, withRandomNum: false);
        Assert.Equal("/members/my", (await page.PostAsync(elsewhere.Client, ("nonce", nonce), ("signedData", cms))).Path);
        var replay = await page.PostAsync(elsewhere.Client, ("nonce", nonce), ("signedData", cms));
        Assert.Contains("이미 사용되었습니다", Member.Failure(replay), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateSignIn_UnboundCertificate_IsRefused()
    {
        var visitor = new Member(_portal.CreatePortalClient());

        var refused = await visitor.CertificateSignInAsync("signgate-general");

        Assert.Equal("/members/signin/certificate", refused.Path);
        Assert.Contains("이 인증서는 회원 계정에 등록되어 있지 않습니다.", Member.Failure(refused), StringComparison.Ordinal);
        Assert.Equal(1L, await AuditCountAsync("member.certificate-sign-in-failed", "등록되지 않은 인증서"));
    }

    [Fact]
    public async Task RevokedCertificate_BindingAndSignInRefused_WithKoreanMessage()
    {
        var member = await Member.SignedUpAsync(_portal, "lim-chaewon", "임채원", "920101-2000089");

        var bind = await member.BindAsync("crosscert-revoked");

        Assert.Equal("/members/account/certificates/new", bind.Path);
        Assert.Contains("폐지된 인증서는 등록할 수 없습니다.", Member.Failure(bind), StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM MemberCertificates"));

        // Bound before it was revoked: sign-in checks revocation every time.
        await BindDirectlyAsync("lim-chaewon", "crosscert-revoked");
        var visitor = new Member(_portal.CreatePortalClient());
        var refused = await visitor.CertificateSignInAsync("crosscert-revoked");

        Assert.Equal("/members/signin/certificate", refused.Path);
        Assert.Contains("폐지된 인증서로는 로그인할 수 없습니다.", Member.Failure(refused), StringComparison.Ordinal);
        Assert.Equal("/members/signin", (await FormPage.GetAsync(visitor.Client, "/members/my")).Path);
        Assert.Equal(1L, await AuditCountAsync("member.certificate-sign-in-failed", "Revoked"));
        Assert.Equal(1L, await AuditCountAsync("member.certificate-bind-failed", "Revoked"));
    }

    [Fact]
    public async Task BindCertificate_VidNotTheMembersRrn_IsRefused()
    {
        // 홍길동's certificate, but the member signed up with another RRN.
        var member = await Member.SignedUpAsync(_portal, "not-hong", "김민원", "900101-1234567");

        var refused = await member.BindAsync("yessign-general");

        Assert.Equal("/members/account/certificates/new", refused.Path);
        Assert.Contains("이 인증서는 회원님 본인의 인증서가 아닙니다.", Member.Failure(refused), StringComparison.Ordinal);
        Assert.Contains("가입할 때 입력한 주민등록번호와 일치하지 않습니다", Member.Failure(refused), StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM MemberCertificates"));
        Assert.Equal(1L, await AuditCountAsync("member.certificate-bind-failed", "IdentityMismatch"));
    }

    [Fact]
    public async Task UnbindCertificate_RemovesIt_AndItNoLongerSignsIn()
    {
        var member = await Member.SignedUpAsync(_portal, "kim-minjun", "김민준", "850315-1000012");
        var account = await member.BindAsync("signgate-general");
        var form = account.Document.QuerySelector("form[data-remove-certificate]")!;

        var after = await account.PostToAsync(member.Client, form.GetAttribute("action")!);

        Assert.Contains("인증서 등록을 해제했습니다", after.Text, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM MemberCertificates"));
        Assert.Equal(1L, await AuditCountAsync("member.certificate-unbound"));
        var refused = await new Member(_portal.CreatePortalClient()).CertificateSignInAsync("signgate-general");
        Assert.Contains("등록되어 있지 않습니다", Member.Failure(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_SignedInMember_StepTwoPrefilledFromProfile()
    {
        var member = await Member.SignedUpAsync(_portal, "prefill-me", "홍길동", "800101-1234567");
        var citizen = new Citizen(member.Client);

        var applicant = await citizen.StartAsync("체불임금등·사업주확인서 발급");

        Assert.EndsWith("/applicant", applicant.Path, StringComparison.Ordinal);
        Assert.Equal("홍길동", applicant.Value("Name"));
        Assert.Equal("30117", applicant.Value("PostalCode"));
        Assert.Equal("세종특별자치시 한누리대로 422", applicant.Value("Address"));
        Assert.Equal("010-1234-5678", applicant.Value("Phone"));
        Assert.Equal("member@example.kr", applicant.Value("Email"));
        Assert.Contains("800101-1******", applicant.Document.GetElementById("Rrn-hint")!.TextContent, StringComparison.Ordinal);

        // Leaving the RRN blank keeps the profile's (stored protected) number.
        var form = await applicant.PostAsync(member.Client, ("Name", "홍길동"), ("PostalCode", "30117"), ("Address", "세종특별자치시 한누리대로 422"));
        Assert.EndsWith("/form", form.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MyPetitions_ListsTheMembersDraftsAndPetitions_NotAnotherMembers()
    {
        var first = await Member.SignedUpAsync(_portal, "first-member");
        var second = await Member.SignedUpAsync(_portal, "second-member");
        var (firstDraft, firstReceipt) = await DraftAndPetitionAsync(first);
        var (secondDraft, secondReceipt) = await DraftAndPetitionAsync(second);

        var my = await FormPage.GetAsync(first.Client, "/members/my");

        Assert.NotNull(my.Document.QuerySelector($"[data-member-draft='{firstDraft}']"));
        Assert.NotNull(my.Document.QuerySelector($"[data-member-petition='{firstReceipt}']"));
        Assert.Null(my.Document.QuerySelector($"[data-member-draft='{secondDraft}']"));
        Assert.Null(my.Document.QuerySelector($"[data-member-petition='{secondReceipt}']"));
        Assert.Contains("접수", my.Document.QuerySelector($"[data-member-petition='{firstReceipt}'] [data-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await FormPage.GetAsync(first.Client, $"/members/petitions/{secondReceipt}")).Status);

        // The petition opens its tracking page without the receipt lookup.
        var status = await FormPage.GetAsync(first.Client, $"/members/petitions/{firstReceipt}");
        Assert.Equal($"/track/{firstReceipt}", status.Path);
        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Contains(firstReceipt, status.Text, StringComparison.Ordinal);

        // The draft opens on another browser once the member signs in there; never for anyone else.
        var otherBrowser = new Member(_portal.CreatePortalClient());
        Assert.Equal(HttpStatusCode.NotFound, (await FormPage.GetAsync(otherBrowser.Client, $"/apply/{firstDraft}")).Status);
        await otherBrowser.SignInAsync("first-member");
        var resumed = await FormPage.GetAsync(otherBrowser.Client, $"/apply/{firstDraft}");
        Assert.Equal(HttpStatusCode.OK, resumed.Status);
        Assert.StartsWith($"/apply/{firstDraft}/", resumed.Path, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await FormPage.GetAsync(otherBrowser.Client, $"/apply/{secondDraft}")).Status);
    }

    [Fact]
    public async Task DeleteAccount_KeepsFiledPetitionsWithoutMember_DeletesDrafts()
    {
        var member = await Member.SignedUpAsync(_portal, "leaving-member");
        var (draft, receipt) = await DraftAndPetitionAsync(member);
        var page = await FormPage.GetAsync(member.Client, "/members/account/delete");
        Assert.Contains("공공기록물 관리에 관한 법률", page.Document.QuerySelector("[data-retention-notice]")!.TextContent, StringComparison.Ordinal);

        var wrong = await page.PostAsync(member.Client, ("Password", "wrong-password-1!"), ("Confirm", "true"));
        Assert.Contains("비밀번호가 올바르지 않습니다.", wrong.ErrorSummary);
        var deleted = await wrong.PostAsync(member.Client, ("Password", Member.Password), ("Confirm", "true"));

        Assert.NotNull(deleted.Document.QuerySelector("[data-deleted]"));
        Assert.Contains("공공기록물 관리에 관한 법률", deleted.Text, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM Petitions WHERE ReceiptNumber = $r AND MemberId IS NULL", ("$r", receipt)));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM Drafts WHERE upper(Id) = upper($d)", ("$d", draft.ToString())));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM Drafts WHERE SubmittedPetitionId IS NOT NULL AND MemberId IS NULL"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM AspNetUsers WHERE UserName = 'leaving-member'"));
        Assert.Equal(1L, await AuditCountAsync("member.deleted", "보존"));
        Assert.Equal("/members/signin", (await FormPage.GetAsync(member.Client, "/members/my")).Path);
        Assert.Equal("/members/signin", (await member.SignInAsync("leaving-member")).Path);
    }

    [Fact]
    public async Task ChangePassword_OldPasswordStopsWorking_OtherSessionsEnd()
    {
        var member = await Member.SignedUpAsync(_portal, "change-me");
        var otherSession = new Member(_portal.CreatePortalClient());
        Assert.Equal("/members/my", (await otherSession.SignInAsync("change-me")).Path);
        var account = await FormPage.GetAsync(member.Client, "/members/account");

        var mismatch = await account.PostToAsync(member.Client, "/members/account/password", ("CurrentPassword", "not-my-password-1!"), ("NewPassword", "brand-new-pass-2#"), ("NewPasswordConfirm", "brand-new-pass-2#"));
        Assert.Contains("현재 비밀번호가 올바르지 않습니다.", mismatch.ErrorSummary);
        var changed = await account.PostToAsync(member.Client, "/members/account/password", ("CurrentPassword", Member.Password), ("NewPassword", "brand-new-pass-2#"), ("NewPasswordConfirm", "brand-new-pass-2#"));

        Assert.Equal("/members/account", changed.Path);
        Assert.Contains("비밀번호를 바꿨습니다", changed.Text, StringComparison.Ordinal);
        Assert.Equal(1L, await AuditCountAsync("member.password-changed"));
        Assert.Equal("/members/signin", (await FormPage.GetAsync(otherSession.Client, "/members/my")).Path);
        var fresh = new Member(_portal.CreatePortalClient());
        Assert.Equal("/members/signin", (await fresh.SignInAsync("change-me")).Path);
        Assert.Equal("/members/my", (await fresh.SignInAsync("change-me", "brand-new-pass-2#")).Path);
    }

    [Fact]
    public async Task StaffCookie_DoesNotOpenMemberPages_NorMemberCookieStaffPages()
    {
        await Staff.CreateClerkAsync(_portal, "clerk-two");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-two");

        foreach (var path in new[] { "/members/my", "/members/account", "/members/account/certificates/new" })
        {
            var page = await FormPage.GetAsync(clerk.Client, path);
            Assert.Equal("/members/signin", page.Path);
        }

        var member = await Member.SignedUpAsync(_portal, "not-staff");
        Assert.Equal("/staff/signin", (await FormPage.GetAsync(member.Client, "/clerk")).Path);
        Assert.Equal("/staff/signin", (await FormPage.GetAsync(member.Client, "/admin")).Path);
    }

    [Fact]
    public async Task SignOut_FromAnyPage_EndsTheMemberSession()
    {
        var member = await Member.SignedUpAsync(_portal, "sign-out-me");

        // The header form of a non-member page (another antiforgery identity than the member pages').
        var apply = await FormPage.GetAsync(member.Client, "/apply");
        var token = apply.Document.QuerySelector("form[action='/members/signout'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await member.Client.PostAsync("/members/signout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal("/members/signin", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/members/signin", (await FormPage.GetAsync(member.Client, "/members/my")).Path);
        Assert.Equal(1L, await AuditCountAsync("account.sign-out", "회원"));
        var noToken = await new Member(_portal.CreatePortalClient()).Client.PostAsync("/members/signout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
    }

    [Fact]
    public async Task SignOut_TheMembersDraftNoLongerOpensInThatBrowser()
    {
        var member = await Member.SignedUpAsync(_portal, "shared-pc");
        var citizen = new Citizen(member.Client);
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        var draft = citizen.DraftId;
        Assert.Equal(HttpStatusCode.OK, (await FormPage.GetAsync(member.Client, $"/apply/{draft}")).Status);

        await member.SignOutAsync();
        var afterSignOut = await FormPage.GetAsync(member.Client, $"/apply/{draft}");
        await member.SignInAsync("shared-pc");
        var afterSignIn = await FormPage.GetAsync(member.Client, $"/apply/{draft}");

        // The next person at a shared computer cannot open it (it holds the member's personal data); the member can.
        Assert.Equal(HttpStatusCode.NotFound, afterSignOut.Status);
        Assert.DoesNotContain(Citizen.Name, afterSignOut.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, afterSignIn.Status);
    }

    [Fact]
    public async Task LanguageSwitch_OnAMemberPage_KeepsThePageInEnglish()
    {
        var member = await Member.SignedUpAsync(_portal, "english-please");
        var my = await FormPage.GetAsync(member.Client, "/members/my");
        var form = my.Document.QuerySelector("form[data-language-switch]")!;

        var english = await my.PostToAsync(member.Client, form.GetAttribute("action")!, ("culture", "en"), ("returnUrl", form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value")!));

        Assert.Equal(HttpStatusCode.OK, english.Status);
        Assert.Equal("/members/my", english.Path);
        Assert.Equal("en", english.Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task DemoMember_ListedOnTheDemoPage_SignsInWithItsPassword()
    {
        var client = _portal.CreatePortalClient();
        var demo = await FormPage.GetAsync(client, "/demo/certificates");
        var userName = demo.Document.QuerySelector("[data-demo-member-username]")!.TextContent.Trim();
        var password = demo.Document.QuerySelector("[data-demo-member-password]")!.TextContent.Trim();

        var my = await new Member(client).SignInAsync(userName, password);

        Assert.Equal("/members/my", my.Path);
        var bound = await new Member(client).BindAsync("yessign-general");
        Assert.Equal("/members/account", bound.Path); // its RRN is the demo certificate's
    }

    /// <summary>Starts a draft (left open) and files a petition without a certificate, as the member.</summary>
    private static async Task<(Guid Draft, string Receipt)> DraftAndPetitionAsync(Member member)
    {
        var citizen = new Citizen(member.Client);
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        var draft = citizen.DraftId;
        var receipt = await citizen.FileWageArrearsWithoutCertificateAsync();
        return (draft, Citizen.ReceiptNumber(receipt)!);
    }

    private async Task BindDirectlyAsync(string userName, string citizenId)
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var user = db.Users.Single(u => u.UserName == userName);
        var summary = Petition.Pki.Certificates.CertificateSummary.FromBytes(DemoPkiFiles.SignCert(DemoPkiFiles.Citizen(citizenId)));
        db.MemberCertificates.Add(new MemberCertificate
        {
            UserId = user.Id,
            FingerprintSha256 = summary.Sha256Fingerprint.ToUpperInvariant(),
            SubjectDn = summary.Subject,
            IssuerDn = summary.Issuer,
            SerialNumber = summary.SerialNumber.ToUpperInvariant(),
            Summary = $"{summary.CaName} · {summary.UsageKorean}",
            NotAfterUtc = summary.NotAfter.UtcDateTime,
            BoundAtUtc = _portal.Clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync();
    }
}
