using System.Text;
using Org.BouncyCastle.X509;
using Petition.Pki.Cms;

namespace Petition.Web.Tests.Support;

/// <summary>A citizen member in a browser (one cookie jar): signs up, signs in and signs challenges through the real forms.</summary>
public sealed class Member(HttpClient client)
{
    /// <summary>A password that meets the portal's rules.</summary>
    public const string Password = "member-test-pass-1!";

    public HttpClient Client { get; } = client;

    /// <summary>The sign-up fields of a valid form; <paramref name="overrides"/> replace fields by name.</summary>
    public static List<(string Name, string Value)> SignUpFields(string userName, string name, string rrn, params (string Name, string Value)[] overrides)
    {
        var parts = rrn.Split('-');
        var fields = new List<(string Name, string Value)>
        {
            ("UserName", userName), ("Password", Password), ("PasswordConfirm", Password),
            ("Name", name), ("RrnFront", parts[0]), ("RrnBack", parts[1]),
            ("PostalCode", "30117"), ("Address", "세종특별자치시 한누리대로 422"), ("AddressDetail", "11동 101호"),
            ("Phone", "010-1234-5678"), ("Email", "member@example.kr"), ("Consent", "true"),
        };
        foreach (var (key, value) in overrides)
        {
            fields.RemoveAll(f => f.Name == key);
            if (value.Length > 0)
            {
                fields.Add((key, value));
            }
        }

        return fields;
    }

    public async Task<FormPage> SignUpAsync(string userName, string name = Citizen.Name, string rrn = Citizen.RrnFront + "-" + Citizen.RrnBack)
    {
        var page = await FormPage.GetAsync(Client, "/members/signup");
        return await page.PostAsync(Client, [.. SignUpFields(userName, name, rrn)]);
    }

    /// <summary>Signs up in a new browser and returns the member, signed in.</summary>
    public static async Task<Member> SignedUpAsync(PortalFactory portal, string userName, string name = Citizen.Name, string rrn = Citizen.RrnFront + "-" + Citizen.RrnBack)
    {
        var member = new Member(portal.CreatePortalClient());
        var page = await member.SignUpAsync(userName, name, rrn);
        Assert.True(page.Path == "/members/my", $"Sign-up ended on {page.Path}: {string.Join(" | ", page.ErrorSummary)}");
        return member;
    }

    public async Task<FormPage> SignInAsync(string userName, string password = Password)
    {
        var page = await FormPage.GetAsync(Client, "/members/signin");
        return await page.PostAsync(Client, ("UserName", userName), ("Password", password));
    }

    public async Task<FormPage> SignOutAsync()
    {
        var page = await FormPage.GetAsync(Client, "/members/my");
        var token = page.Document.QuerySelector("form[action='/members/signout'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await Client.PostAsync("/members/signout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        return await FormPage.GetAsync(Client, response.RequestMessage!.RequestUri!.PathAndQuery);
    }

    /// <summary>Opens 인증서 등록 and signs its document with the demo citizen's key (R enveloped, as the browser does).</summary>
    public async Task<FormPage> BindAsync(string citizenId)
    {
        var page = await FormPage.GetAsync(Client, "/members/account/certificates/new");
        var (nonce, document) = Challenge(page);
        var (cms, r) = Sign(citizenId, document, withRandomNum: true);
        return await page.PostAsync(Client, ("nonce", nonce), ("signedData", cms), ("encryptedR", r));
    }

    /// <summary>Opens 공동인증서로 로그인 and signs its document with the demo citizen's key.</summary>
    public async Task<FormPage> CertificateSignInAsync(string citizenId)
    {
        var page = await FormPage.GetAsync(Client, "/members/signin/certificate");
        var (nonce, document) = Challenge(page);
        var (cms, _) = Sign(citizenId, document, withRandomNum: false);
        return await page.PostAsync(Client, ("nonce", nonce), ("signedData", cms));
    }

    public static (string Nonce, byte[] Document) Challenge(FormPage page)
    {
        var text = page.Document.QuerySelector("[data-document]")?.TextContent
            ?? throw new InvalidOperationException($"No document to sign on {page.Path} (HTTP {(int)page.Status}).");
        var nonce = page.Document.QuerySelector("input[name=nonce]")!.GetAttribute("value")!;
        return (nonce, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>What the browser's signing script produces: the CMS over the document and, optionally, R for the portal's km certificate.</summary>
    public static (string Cms, string R) Sign(string citizenId, byte[] document, bool withRandomNum)
    {
        var citizen = DemoPkiFiles.Citizen(citizenId);
        var certificate = new X509CertificateParser().ReadCertificate(DemoPkiFiles.SignCert(citizen));
        var key = DemoPkiFiles.SignKey(citizen);
        var cms = NpkiSigner.Sign(document, certificate, key, DateTimeOffset.UtcNow);
        var envelope = !withRandomNum || key.RandomNum is null ? string.Empty
            : Convert.ToBase64String(RandomNumberEnvelope.Encrypt(key.RandomNum, new X509CertificateParser().ReadCertificate(DemoPkiFiles.PortalKmCert)));
        return (Convert.ToBase64String(cms), envelope);
    }

    public static string? Failure(FormPage page) => page.Document.QuerySelector("[data-certificate-failure]")?.TextContent;
}
