using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Petition.Web.Tests.Support;

/// <summary>A page the portal served, parsed, with helpers to post its form as a browser would.</summary>
public sealed class FormPage
{
    private static readonly HtmlParser Parser = new();

    private FormPage(HttpResponseMessage response, string html)
    {
        Response = response;
        Html = html;
        Document = Parser.ParseDocument(html);
    }

    public HttpResponseMessage Response { get; }

    public HttpStatusCode Status => Response.StatusCode;

    public string Html { get; }

    public IHtmlDocument Document { get; }

    /// <summary>The path of the page finally shown (after redirects).</summary>
    public string Path => Response.RequestMessage!.RequestUri!.AbsolutePath;

    public string AntiforgeryToken =>
        Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException(
            $"No antiforgery token on {Path} (HTTP {(int)Status}, title '{Document.Title}', heading '{Document.QuerySelector("h1")?.TextContent.Trim()}').");

    public string? FormAction => Document.QuerySelector("main form[method=post]")?.GetAttribute("action");

    public IReadOnlyList<string> ErrorSummary =>
        Document.QuerySelectorAll("[data-pt-error-summary] li").Select(li => li.TextContent.Trim()).ToList();

    public IReadOnlyList<string> ErrorSummaryLinks =>
        Document.QuerySelectorAll("[data-pt-error-summary] li a").Select(a => a.GetAttribute("href") ?? string.Empty).ToList();

    public string? InlineError(string fieldId) => Document.GetElementById(fieldId + "-error")?.TextContent.Replace("오류:", string.Empty, StringComparison.Ordinal).Trim();

    public string? Value(string id) => Document.GetElementById(id) switch
    {
        IHtmlTextAreaElement textArea => textArea.Value,
        IHtmlSelectElement select => select.Value,
        IHtmlInputElement input => input.Value,
        _ => null,
    };

    public string Text => Document.QuerySelector("main")?.TextContent ?? Document.Body?.TextContent ?? string.Empty;

    public static async Task<FormPage> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return new FormPage(response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts this page's main form with the given fields and its antiforgery token.</summary>
    public Task<FormPage> PostAsync(HttpClient client, params (string Name, string Value)[] fields) =>
        PostToAsync(client, FormAction ?? Path, fields);

    public async Task<FormPage> PostToAsync(HttpClient client, string url, params (string Name, string Value)[] fields)
    {
        var content = new FormUrlEncodedContent(
            fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
                .Append(new KeyValuePair<string, string>("__RequestVerificationToken", AntiforgeryToken)));
        var response = await client.PostAsync(url, content);
        return new FormPage(response, await response.Content.ReadAsStringAsync());
    }
}
