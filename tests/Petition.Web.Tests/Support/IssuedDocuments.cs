using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Documents;
using Petition.Infrastructure.Persistence;

namespace Petition.Web.Tests.Support;

/// <summary>
/// Issues a document for a petition filed through the wizard, with the portal's own issuer, and stores it in
/// the register as completion does (the clerk's completion step is not needed for the authenticity check).
/// </summary>
public static class IssuedDocuments
{
    public static async Task<IssuedDocument> IssueAsync(PortalFactory portal, string receiptNumber)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var petition = await db.Petitions.SingleAsync(p => p.ReceiptNumber == receiptNumber);
        var document = scope.ServiceProvider.GetRequiredService<IDocumentIssuer>()
            .Issue(petition, DocumentNumber.New(), portal.Clock.GetUtcNow().UtcDateTime);
        db.IssuedDocuments.Add(document);
        await db.SaveChangesAsync();
        return document;
    }
}

/// <summary>A page answered to a multipart upload (what a browser sends for a file input).</summary>
public sealed class UploadedPage
{
    private static readonly HtmlParser Parser = new();

    private UploadedPage(HttpStatusCode status, IHtmlDocument document)
    {
        Status = status;
        Document = document;
    }

    public HttpStatusCode Status { get; }

    public IHtmlDocument Document { get; }

    public IReadOnlyList<string> ErrorSummary =>
        Document.QuerySelectorAll("[data-pt-error-summary] li").Select(li => li.TextContent.Trim()).ToList();

    public string Text => Document.QuerySelector("main")?.TextContent ?? string.Empty;

    /// <summary>Posts <paramref name="file"/> as the form field <paramref name="field"/> with the antiforgery token of <paramref name="page"/>.</summary>
    public static async Task<UploadedPage> PostAsync(
        HttpClient client, FormPage page, string url, string field, string fileName, string contentType, byte[] file)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(page.AntiforgeryToken), "__RequestVerificationToken");
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        content.Add(part, field, fileName);
        var response = await client.PostAsync(url, content);
        return new UploadedPage(response.StatusCode, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
    }
}
