using System.Text;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

public sealed class TmpTrustScreens
{
    private static async Task SaveAsync(HttpClient client, string url, string name, HttpContent? post = null)
    {
        var response = post is null ? await client.GetAsync(new Uri(url, UriKind.Relative)) : await client.PostAsync(new Uri(url, UriKind.Relative), post);
        var html = await response.Content.ReadAsStringAsync();
        html = html.Replace("href=\"/", "href=\"file:///work/main/src/Petition.Web/wwwroot/", StringComparison.Ordinal)
            .Replace("src=\"/", "src=\"file:///work/main/src/Petition.Web/wwwroot/", StringComparison.Ordinal);
        Directory.CreateDirectory("/tmp/trust-shots");
        await File.WriteAllTextAsync($"/tmp/trust-shots/{name}.html", html, Encoding.UTF8);
    }

    [Fact]
    public async Task Shots()
    {
        using var portal = new PortalFactory(clock: new TestClock(DateTimeOffset.UtcNow));
        portal.Settings["Demo:Enabled"] = "true";
        var admin = await Staff.SignedInAdminAsync(portal, "shot-admin");
        var page = await FormPage.GetAsync(admin.Client, "/admin/trust");
        var link = page.Document.QuerySelectorAll("a[data-action=disable]")[1].GetAttribute("href")!;
        await SaveAsync(admin.Client, link, "confirm");
        var confirm = await FormPage.GetAsync(admin.Client, link);
        await confirm.PostToAsync(admin.Client, link);
        var trust = await FormPage.GetAsync(admin.Client, "/admin/trust");
        var bad = await trust.PostToAsync(admin.Client, "/admin/trust/settings", ("OcspEnabled", "true"), ("OcspResponderUrl", "ocsp.example"));
        await File.WriteAllTextAsync("/tmp/trust-shots/_bad.txt", bad.Html);
        using var multipart = new MultipartFormDataContent { { new StringContent(trust.AntiforgeryToken), "__RequestVerificationToken" }, { new ByteArrayContent(Encoding.UTF8.GetBytes("garbage")), "CertificateFile", "x.txt" } };
        await SaveAsync(admin.Client, "/admin/trust/certificates", "error", multipart);
        await SaveAsync(admin.Client, "/admin/trust", "index");
        await SaveAsync(admin.Client, "/admin/trust?ui-culture=en", "index-en");
        PortalFactory.DeleteDatabase(portal.DatabaseFile);
    }
}
