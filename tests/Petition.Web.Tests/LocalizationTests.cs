using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Petition.Web.Infrastructure;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>
/// Every citizen page and the staff pages in English, walked through the real forms with the language chosen on the
/// language switch: no English resource may be missing (the recording localizer is on), and no Korean text may show
/// outside an element marked lang="ko" (data such as petition type names, catalog labels, names and addresses).
/// Korean stays the default, and the switch keeps the page.
/// </summary>
public sealed partial class LocalizationTests : IDisposable
{
    private const string WageArrears = "체불임금등·사업주확인서 발급";
    private const string TrainingCert = "직업능력개발훈련 수료증명서 발급";
    private readonly PortalFactory _portal;

    public LocalizationTests()
    {
        _portal = new PortalFactory(clock: new TestClock(DateTimeOffset.UtcNow));
        _portal.Settings["Demo:Enabled"] = "true";
        _portal.Settings[MissingResourceRegistration.Switch] = "true";
    }

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private MissingResourceCollector Missing => _portal.Services.GetRequiredService<MissingResourceCollector>();

    /// <summary>A browser that chose English on the language switch of the home page.</summary>
    private async Task<HttpClient> EnglishBrowserAsync()
    {
        var client = _portal.CreatePortalClient();
        var home = await FormPage.GetAsync(client, "/");
        var english = await SwitchAsync(client, home, "en");
        Assert.Equal("en", english.Document.DocumentElement.GetAttribute("lang"));
        return client;
    }

    private static Task<FormPage> SwitchAsync(HttpClient client, FormPage page, string culture)
    {
        var form = page.Document.QuerySelector("form[data-language-switch]") ?? throw new InvalidOperationException($"No language switch on {page.Path}.");
        var returnUrl = form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value")!;
        return page.PostToAsync(client, form.GetAttribute("action")!, ("culture", culture), ("returnUrl", returnUrl));
    }

    /// <summary>Asserts <paramref name="page"/> is entirely English apart from data marked lang="ko", and no resource was missing.</summary>
    private void AssertEnglish(FormPage page, string what) => AssertEnglish(page.Document, $"{what} ({page.Path})");

    private void AssertEnglish(IDocument document, string what)
    {
        Assert.Equal("en", document.DocumentElement.GetAttribute("lang"));
        var missing = Missing.Missing;
        Assert.True(missing.Count == 0, $"{what}: missing English resources:\n" + string.Join("\n", missing.Select(m => $"{m.Resource}: {m.Key} ({m.Path})")));
        var korean = UntranslatedKorean(document);
        Assert.True(korean.Count == 0, $"{what}: Korean text outside lang=\"ko\":\n" + string.Join("\n", korean));
    }

    /// <summary>
    /// Hangul in text or user-visible attributes whose nearest lang is not Korean. What the citizen typed into a
    /// field (input values, a textarea's text) is the citizen's own data and is not checked.
    /// </summary>
    internal static List<string> UntranslatedKorean(IDocument document)
    {
        var found = new List<string>();
        foreach (var node in document.DocumentElement.Descendants())
        {
            if (node is IText text && Hangul().IsMatch(text.Data) && text.ParentElement is { } parent
                && parent.LocalName is not ("script" or "style" or "textarea") && !IsKorean(parent))
            {
                found.Add($"<{parent.LocalName}> {text.Data.Trim()}");
            }
            else if (node is IElement element)
            {
                foreach (var name in new[] { "title", "placeholder", "aria-label", "alt" })
                {
                    if (element.GetAttribute(name) is { } value && Hangul().IsMatch(value) && !IsKorean(element))
                    {
                        found.Add($"<{element.LocalName} {name}=\"{value}\">");
                    }
                }

                if (element.LocalName == "input" && element.GetAttribute("type") is "submit" or "button" or "reset"
                    && element.GetAttribute("value") is { } buttonText && Hangul().IsMatch(buttonText) && !IsKorean(element))
                {
                    found.Add($"<input value=\"{buttonText}\">");
                }
            }
        }

        return found;
    }

    private static bool IsKorean(IElement element)
    {
        for (var e = element; e is not null; e = e.ParentElement)
        {
            if (e.GetAttribute("lang") is { } lang)
            {
                return lang.StartsWith("ko", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    [GeneratedRegex(@"[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]")]
    private static partial Regex Hangul();

    [Fact]
    public async Task CitizenPath_English_EveryStepFromHomeToReceiptIsTranslated()
    {
        var client = await EnglishBrowserAsync();
        AssertEnglish(await FormPage.GetAsync(client, "/"), "home");

        var citizen = new Citizen(client);
        var selectType = await FormPage.GetAsync(client, "/apply");
        AssertEnglish(selectType, "step 1");
        AssertEnglish(await selectType.PostAsync(client), "step 1, nothing chosen");

        var applicant = await citizen.StartAsync(WageArrears);
        AssertEnglish(applicant, "step 2");
        var applicantErrors = await applicant.PostAsync(client, ("Name", ""), ("RrnFront", "9001"), ("RrnBack", "12"), ("PostalCode", "1"), ("Address", ""), ("Phone", "12"), ("Email", "x"));
        Assert.NotEmpty(applicantErrors.ErrorSummary);
        AssertEnglish(applicantErrors, "step 2 with errors");

        var form = await citizen.FillApplicantAsync();
        AssertEnglish(form, "step 3");
        var formErrors = await form.PostAsync(client, ("Answers[businessNumber]", "12345"), ("Answers[unpaidAmount]", "abc"));
        Assert.NotEmpty(formErrors.ErrorSummary);
        AssertEnglish(formErrors, "step 3 with errors");

        var delivery = await citizen.FillWageArrearsFormAsync();
        AssertEnglish(delivery, "step 4");
        AssertEnglish(await delivery.PostAsync(client, ("MailSameAsApplicant", "false")), "step 4 with errors");

        var review = await citizen.ChooseDeliveryAsync("Postal");
        Assert.EndsWith("/review", review.Path, StringComparison.Ordinal);
        AssertEnglish(review, "check your answers");

        var certificate = await citizen.ConfirmReviewAsync();
        AssertEnglish(certificate, "step 5");
        AssertEnglish(await certificate.PostAsync(client), "step 5 with errors");

        var receipt = await citizen.DeclareNoCertificateAsync();
        Assert.NotNull(Citizen.ReceiptNumber(receipt));
        AssertEnglish(receipt, "step 8, receipt");
        Assert.Contains("Your petition has been received", receipt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignatureAndPayment_English_CertificateStepsFeeGatewayAndStatusAreTranslated()
    {
        var client = await EnglishBrowserAsync();

        // With a certificate: step 6 (signature), then a refused signature.
        var signer = new Citizen(client);
        await signer.StartAsync(WageArrears);
        await signer.FillApplicantAsync("홍길동", "800101", "1234567");
        await signer.FillWageArrearsFormAsync();
        await signer.ChooseDeliveryAsync("Online");
        var certificate = await signer.ConfirmReviewAsync();
        var signature = await certificate.PostAsync(client, ("choice", "HasCertificate"));
        Assert.EndsWith("/signature", signature.Path, StringComparison.Ordinal);
        AssertEnglish(signature, "step 6");
        var nonce = signature.Document.QuerySelector("input[name=nonce]")!.GetAttribute("value")!;
        var refused = await signature.PostAsync(client, ("nonce", nonce), ("signedData", "bm90IGEgc2lnbmF0dXJl"), ("encryptedR", ""));
        Assert.NotNull(refused.Document.QuerySelector("[data-signature-failure]"));
        AssertEnglish(refused, "step 6, refused");

        // The fee petition without a certificate: step 7, the demo gateway, a decline, and the "checking" page.
        var payer = new Citizen(client);
        await payer.StartAsync(TrainingCert);
        await payer.FillApplicantAsync();
        var form = await payer.OpenAsync("form");
        await form.PostAsync(client,
            ("Answers[courseName]", "빅데이터 분석 실무"), ("Answers[institution]", "한빛직업전문학교"),
            ("Answers[completedOn]", "2026-10-30"), ("Answers[copies]", "1"));
        await payer.ChooseDeliveryAsync("Online");
        await payer.ConfirmReviewAsync();
        var payment = await payer.DeclareNoCertificateAsync();
        Assert.EndsWith("/payment", payment.Path, StringComparison.Ordinal);
        AssertEnglish(payment, "step 7");

        var gateway = await payment.PostAsync(client, ("method", "online"));
        Assert.StartsWith("/payments/demo/", gateway.Path, StringComparison.Ordinal);
        AssertEnglish(gateway, "demo gateway");
        AssertEnglish(await gateway.PostAsync(client, ("cardNumber", "1234"), ("action", "pay")), "demo gateway, wrong card");

        var declined = await gateway.PostAsync(client, ("cardNumber", "4000-0000-0000-0002"), ("action", "pay"));
        Assert.NotNull(declined.Document.QuerySelector("[data-payment-problem]"));
        AssertEnglish(declined, "step 7 after a decline");

        var again = await (await payer.OpenAsync("payment")).PostAsync(client, ("method", "online"));
        var checking = await again.PostAsync(client, ("cardNumber", "4000-0000-0000-0119"), ("action", "pay"));
        Assert.NotNull(checking.Document.QuerySelector("[data-payment-status]"));
        AssertEnglish(checking, "payment status");
    }

    [Fact]
    public async Task TrackingAndSupplement_English_LookupStatusAndSupplementAnswerAreTranslated()
    {
        var filer = new Citizen(_portal.CreatePortalClient());
        var receipt = Citizen.ReceiptNumber(await filer.FileWageArrearsWithoutCertificateAsync())!;
        await new Clerk(_portal).RequestSupplementAsync(receipt, "퇴직일을 확인할 수 있는 서류 내용을 적어 주세요.");

        var client = await EnglishBrowserAsync();
        var lookup = await FormPage.GetAsync(client, "/track");
        AssertEnglish(lookup, "tracking lookup");
        AssertEnglish(await lookup.PostAsync(client, ("ReceiptNumber", "12"), ("Name", ""), ("BirthDate", "")), "tracking lookup with errors");
        AssertEnglish(await lookup.PostAsync(client, ("ReceiptNumber", "20261201-999999"), ("Name", "김민원"), ("BirthDate", "1990-01-01")), "tracking lookup, not found");

        var status = await Tracking.LookUpAsync(client, receipt);
        Assert.NotNull(status.Document.QuerySelector("[data-supplement-form]"));
        AssertEnglish(status, "status page with a supplement request");
        Assert.Contains("More information requested", status.Document.QuerySelector("[data-status]")!.TextContent, StringComparison.Ordinal);

        var stamp = status.Document.QuerySelector("[data-supplement-form] input[name=Stamp]")!.GetAttribute("value")!;
        var refused = await status.PostToAsync(client, $"/track/{receipt}/supplement", ("Stamp", stamp), ("Message", ""), ("Answers[businessName]", ""));
        Assert.NotEmpty(refused.ErrorSummary);
        AssertEnglish(refused, "supplement answer with errors");

        var done = await status.PostToAsync(client, $"/track/{receipt}/supplement",
            ("Stamp", stamp), ("Message", "퇴직일을 고쳤습니다."),
            ("Answers[businessName]", "한빛상사"), ("Answers[businessNumber]", "123-45-67890"),
            ("Answers[employedFrom]", "2024-03-02"), ("Answers[employedTo]", "2026-10-15"),
            ("Answers[unpaidAmount]", "3500000"), ("Answers[purpose]", "대지급금 청구"),
            ("Answers[details]", "2026년 8월부터 10월까지 임금 미지급"), ("Answers[consent]", "true"));
        Assert.NotNull(done.Document.QuerySelector("[data-track-notice]"));
        AssertEnglish(done, "status page after the supplement");
    }

    [Fact]
    public async Task VerifyDemoAndErrors_English_EveryResultAndErrorPageIsTranslated()
    {
        var filer = new Citizen(_portal.CreatePortalClient());
        var receipt = Citizen.ReceiptNumber(await filer.FileWageArrearsWithoutCertificateAsync())!;
        var document = await IssuedDocuments.IssueAsync(_portal, receipt);

        var client = await EnglishBrowserAsync();
        var verify = await FormPage.GetAsync(client, "/verify");
        AssertEnglish(verify, "verify");
        AssertEnglish(await verify.PostToAsync(client, "/verify/number", ("DocumentNumber", document.DocumentNumber)), "verify by number, genuine");
        AssertEnglish(await verify.PostToAsync(client, "/verify/number", ("DocumentNumber", "AAAA-BBBB-CCCC-DDDD")), "verify by number, unknown");
        AssertEnglish(await verify.PostToAsync(client, "/verify/number", ("DocumentNumber", "20261201-000001")), "verify by number, malformed");
        AssertEnglish(await verify.PostToAsync(client, "/verify/number", ("DocumentNumber", " ")), "verify by number, empty");
        AssertEnglish(await verify.PostToAsync(client, "/verify/qr", ("QrPayload", document.QrPayload)), "verify by QR, genuine");
        AssertEnglish(await verify.PostToAsync(client, "/verify/qr", ("QrPayload", document.QrPayload[..^4] + "AAAA")), "verify by QR, tampered");
        AssertEnglish(await verify.PostToAsync(client, "/verify/qr", ("QrPayload", "https://example.kr/qr")), "verify by QR, not ours");
        var pdf = await UploadedPage.PostAsync(client, verify, "/verify/pdf", "File", "document.pdf", "application/pdf", document.Pdf);
        Assert.Equal(HttpStatusCode.OK, pdf.Status);
        AssertEnglish(pdf.Document, "verify by PDF, genuine");
        var modified = document.Pdf.ToArray();
        modified[modified.Length / 2] ^= 0x20;
        AssertEnglish((await UploadedPage.PostAsync(client, verify, "/verify/pdf", "File", "document.pdf", "application/pdf", modified)).Document, "verify by PDF, modified");
        AssertEnglish((await UploadedPage.PostAsync(client, verify, "/verify/pdf", "File", "notes.txt", "text/plain", "hello"u8.ToArray())).Document, "verify by PDF, not a PDF");

        AssertEnglish(await FormPage.GetAsync(client, "/demo/certificates"), "demo certificates");

        var notFound = await FormPage.GetAsync(client, "/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, notFound.Status);
        AssertEnglish(notFound, "404");
        var badRequest = await client.PostAsync("/track", new FormUrlEncodedContent([new("ReceiptNumber", "x")]));
        Assert.Equal(HttpStatusCode.BadRequest, badRequest.StatusCode);
        AssertEnglish(new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await badRequest.Content.ReadAsStringAsync()), "400");
    }

    [Fact]
    public async Task StaffPages_English_SignInSecondStepQueueDetailAndAdminAreTranslated()
    {
        var filer = new Citizen(_portal.CreatePortalClient());
        var receipt = Citizen.ReceiptNumber(await filer.FileWageArrearsWithoutCertificateAsync())!;
        await Staff.CreateClerkAsync(_portal, "loc-clerk");
        var (_, key) = await Staff.CreateAdminWithAuthenticatorAsync(_portal, "loc-admin");

        var clerkClient = await EnglishBrowserAsync();
        var clerk = new Staff(clerkClient);
        var signIn = await FormPage.GetAsync(clerkClient, "/staff/signin");
        AssertEnglish(signIn, "staff sign-in");
        AssertEnglish(await clerk.SignInAsync("loc-clerk", "wrong-password"), "staff sign-in, wrong password");
        var queue = await clerk.SignInAsync("loc-clerk");
        Assert.Equal("/clerk", queue.Path);
        AssertEnglish(queue, "clerk queue");
        var detail = await clerk.DetailAsync(await clerk.FindAsync(receipt));
        AssertEnglish(detail, "clerk detail");
        var started = await clerk.PostActionAsync(detail, "start");
        AssertEnglish(started, "clerk detail, in progress");

        var adminClient = await EnglishBrowserAsync();
        var admin = new Staff(adminClient);
        var second = await admin.SignInAsync("loc-admin");
        Assert.NotNull(second.Document.QuerySelector("form[data-two-factor]"));
        AssertEnglish(second, "second factor");
        AssertEnglish(await second.PostToAsync(adminClient, "/staff/signin/2fa", ("Code", "000000")), "second factor, wrong code");
        var afterSecond = await second.PostToAsync(adminClient, "/staff/signin/2fa", ("Code", Totp.Code(key, DateTimeOffset.UtcNow)));
        Assert.Equal("/clerk", afterSecond.Path);
        AssertEnglish(await FormPage.GetAsync(adminClient, "/admin"), "admin start page");
    }

    [Fact]
    public async Task Korean_Default_PagesStayKoreanWithoutAChoice()
    {
        var client = _portal.CreatePortalClient();
        var home = await FormPage.GetAsync(client, "/");
        Assert.Equal("ko", home.Document.DocumentElement.GetAttribute("lang"));
        Assert.Contains("고용노동부 민원 신청", home.Text, StringComparison.Ordinal);
        Assert.Contains("민원 신청 안내", home.Document.Title, StringComparison.Ordinal);

        // Accept-Language does not choose the language: this is a Korean service.
        var request = new HttpRequestMessage(HttpMethod.Get, "/track");
        request.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        var track = await client.SendAsync(request);
        Assert.Contains("신청인 성명", await track.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var citizen = new Citizen(client);
        var applicant = await citizen.StartAsync(WageArrears);
        Assert.Contains("신청인 기본사항", applicant.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var errors = await applicant.PostAsync(client, ("Name", ""));
        Assert.Contains("성명을 입력해 주세요.", errors.ErrorSummary);
        Assert.Empty(Missing.Missing);
    }

    [Fact]
    public async Task LanguageSwitch_FromAPageWithQuery_ReturnsToTheSamePageInEnglishAndBack()
    {
        var client = _portal.CreatePortalClient();
        var track = await FormPage.GetAsync(client, "/track?x=1");
        Assert.Equal("ko", track.Document.DocumentElement.GetAttribute("lang"));
        var switcher = track.Document.QuerySelector("form[data-language-switch]")!;
        Assert.Equal("en", switcher.QuerySelector("button[value=en]")!.GetAttribute("lang"));
        Assert.Equal("ko", switcher.QuerySelector("button[value=ko]")!.GetAttribute("lang"));

        var english = await SwitchAsync(client, track, "en");
        Assert.Equal("/track", english.Path);
        Assert.Equal("?x=1", english.Response.RequestMessage!.RequestUri!.Query);
        Assert.Equal("en", english.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Track an application", english.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("true", english.Document.QuerySelector("form[data-language-switch] button[value=en]")!.GetAttribute("aria-pressed"));

        var korean = await SwitchAsync(client, english, "ko");
        Assert.Equal("/track", korean.Path);
        Assert.Equal("?x=1", korean.Response.RequestMessage!.RequestUri!.Query);
        Assert.Equal("ko", korean.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("신청 조회", korean.Document.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task LanguageSwitch_ExternalReturnUrl_IsRefusedAndSetsNothing()
    {
        var jar = new CookieContainer();
        var client = _portal.CreatePortalClient(jar);
        var home = await FormPage.GetAsync(client, "/");
        foreach (var target in new[] { "https://evil.example/", "//evil.example/x", "/\\evil.example" })
        {
            var refused = await home.PostToAsync(client, "/language", ("culture", "en"), ("returnUrl", target));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal("localhost", refused.Response.RequestMessage!.RequestUri!.Host);
        }

        Assert.DoesNotContain(jar.GetCookies(new Uri("http://localhost/")), c => c.Name == CookieRequestCultureProvider.DefaultCookieName);
        Assert.Equal("ko", (await FormPage.GetAsync(client, "/")).Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task LanguageCookie_IsLaxEssentialForAYear()
    {
        var client = _portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var home = await FormPage.GetAsync(client, "/");
        var content = new FormUrlEncodedContent([new("culture", "en"), new("returnUrl", "/verify"), new("__RequestVerificationToken", home.AntiforgeryToken)]);
        var response = await client.PostAsync("/language", content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/verify", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CookieRequestCultureProvider.DefaultCookieName, StringComparison.Ordinal));
        Assert.Contains("uic%3Den", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        var expires = DateTimeOffset.Parse(Regex.Match(cookie, "expires=([^;]+)", RegexOptions.IgnoreCase).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddDays(360), DateTimeOffset.UtcNow.AddDays(370));
    }
}
