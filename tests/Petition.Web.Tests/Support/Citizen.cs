using System.Text.RegularExpressions;

namespace Petition.Web.Tests.Support;

/// <summary>A citizen in a browser (one cookie jar) walking the wizard through real forms.</summary>
public sealed partial class Citizen(HttpClient client)
{
    public const string Name = "김민원";
    public const string RrnFront = "900101";
    public const string RrnBack = "1234567";
    public const string RrnDigits = RrnFront + RrnBack;

    public HttpClient Client { get; } = client;

    public Guid DraftId { get; private set; }

    public static Guid DraftIdFrom(string path) => Guid.Parse(DraftPath().Match(path).Groups[1].Value);

    public async Task<FormPage> StartAsync(string typeName)
    {
        var page = await FormPage.GetAsync(Client, "/apply");
        var label = page.Document.QuerySelectorAll("label").First(l => l.TextContent.Trim() == typeName);
        var value = page.Document.GetElementById(label.GetAttribute("for")!)!.GetAttribute("value")!;
        var next = await page.PostAsync(Client, ("PetitionTypeId", value));
        DraftId = DraftIdFrom(next.Path);
        return next;
    }

    public Task<FormPage> OpenAsync(string step) => FormPage.GetAsync(Client, $"/apply/{DraftId}/{step}");

    public async Task<FormPage> FillApplicantAsync(string name = Name, string front = RrnFront, string back = RrnBack)
    {
        var page = await OpenAsync("applicant");
        return await page.PostAsync(Client,
            ("Name", name), ("RrnFront", front), ("RrnBack", back),
            ("PostalCode", "30117"), ("Address", "세종특별자치시 한누리대로 422"), ("AddressDetail", "11동 101호"),
            ("Phone", "010-1234-5678"), ("Email", "minwon@example.kr"));
    }

    public async Task<FormPage> FillWageArrearsFormAsync()
    {
        var page = await OpenAsync("form");
        return await page.PostAsync(Client,
            ("Answers[businessName]", "한빛상사"), ("Answers[businessNumber]", "123-45-67890"),
            ("Answers[employedFrom]", "2024-03-02"), ("Answers[employedTo]", "2026-10-31"),
            ("Answers[unpaidAmount]", "3500000"), ("Answers[purpose]", "대지급금 청구"),
            ("Answers[details]", "2026년 8월부터 10월까지 임금 미지급"), ("Answers[consent]", "true"));
    }

    public async Task<FormPage> ChooseDeliveryAsync(string method)
    {
        var page = await OpenAsync("delivery");
        return await page.PostAsync(Client, ("Method", method), ("MailSameAsApplicant", "true"), ("MailSameAsApplicant", "false"));
    }

    public async Task<FormPage> ConfirmReviewAsync()
    {
        var page = await OpenAsync("review");
        return await page.PostAsync(Client);
    }

    public async Task<FormPage> DeclareNoCertificateAsync()
    {
        var page = await OpenAsync("certificate");
        return await page.PostAsync(Client, ("choice", "NoCertificate"));
    }

    /// <summary>Steps 1-5 of the free wage-arrears petition, without a certificate: ends on the receipt.</summary>
    public async Task<FormPage> FileWageArrearsWithoutCertificateAsync(string delivery = "Postal")
    {
        await StartAsync("체불임금등·사업주확인서 발급");
        await FillApplicantAsync();
        await FillWageArrearsFormAsync();
        await ChooseDeliveryAsync(delivery);
        await ConfirmReviewAsync();
        return await DeclareNoCertificateAsync();
    }

    public static string? ReceiptNumber(FormPage page) =>
        page.Document.QuerySelector("[data-receipt-number]")?.TextContent.Trim();

    [GeneratedRegex(@"/apply/([0-9a-f-]{36})")]
    private static partial Regex DraftPath();
}
