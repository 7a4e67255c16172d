using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

public sealed class WizardFlowTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    [Fact]
    public async Task NoCertificatePath_WholeWizard_ShowsReceiptAndStoresOnePetitionWithEncryptedRrn()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());

        var applicant = await citizen.StartAsync("체불임금등·사업주확인서 발급");
        Assert.EndsWith("/applicant", applicant.Path, StringComparison.Ordinal);
        Assert.Contains("1 / 8", (await citizen.OpenAsync("type")).Text, StringComparison.Ordinal);

        Assert.EndsWith("/form", (await citizen.FillApplicantAsync()).Path, StringComparison.Ordinal);
        Assert.EndsWith("/delivery", (await citizen.FillWageArrearsFormAsync()).Path, StringComparison.Ordinal);
        var review = await citizen.ChooseDeliveryAsync("Postal");
        Assert.EndsWith("/review", review.Path, StringComparison.Ordinal);
        Assert.Contains("900101-1******", review.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Citizen.RrnBack, review.Html, StringComparison.Ordinal);
        Assert.Contains("3,500,000", review.Text, StringComparison.Ordinal);

        var certificate = await citizen.ConfirmReviewAsync();
        Assert.EndsWith("/certificate", certificate.Path, StringComparison.Ordinal);
        Assert.NotNull(certificate.Document.QuerySelector("input#Choice-HasCertificate[disabled]"));
        Assert.Contains("방문 수령", certificate.Text, StringComparison.Ordinal);

        var receipt = await citizen.DeclareNoCertificateAsync();
        Assert.Equal(HttpStatusCode.OK, receipt.Status);
        Assert.EndsWith("/receipt", receipt.Path, StringComparison.Ordinal);
        var number = Citizen.ReceiptNumber(receipt);
        Assert.Equal("20261201-000001", number);
        Assert.Contains("2026년 12월 15일", receipt.Text, StringComparison.Ordinal); // 10 working days
        Assert.Contains("방문 수령", receipt.Text, StringComparison.Ordinal);
        Assert.Contains("창구에서", receipt.Text, StringComparison.Ordinal);

        await using var db = _portal.OpenDatabase();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MAX(RrnProtected), MAX(RrnMasked), MAX(Delivery), MAX(ChosenDelivery), MAX(Identity), MAX(ReceiptNumber), MAX(BirthDate) FROM Petitions";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1L, reader.GetInt64(0));
        Assert.DoesNotContain(Citizen.RrnBack, reader.GetString(1), StringComparison.Ordinal);
        Assert.Equal("900101-1******", reader.GetString(2));
        Assert.Equal(3L, reader.GetInt64(3)); // in person
        Assert.Equal(1L, reader.GetInt64(4)); // postal was chosen
        Assert.Equal(2L, reader.GetInt64(5)); // checked at the counter
        Assert.Equal(number, reader.GetString(6));
        Assert.Equal("1990-01-01", reader.GetString(7));
    }

    [Fact]
    public async Task PlainRrn_NeverInTheDatabaseFileNorTheLogs()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.FileWageArrearsWithoutCertificateAsync();

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _portal.DatabaseFile, _portal.DatabaseFile + "-wal" }.Where(File.Exists))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Citizen.RrnDigits)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Citizen.RrnFront + "-" + Citizen.RrnBack)));
        }

        Assert.NotEmpty(_portal.Logs.Lines);
        Assert.DoesNotContain(_portal.Logs.Lines, line => line.Contains(Citizen.RrnBack, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FeePetition_PaymentStepShowsCounterFee_ThenReceipt()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("공인노무사 자격증 재발급");
        await citizen.FillApplicantAsync();
        var form = await citizen.OpenAsync("form");
        var delivery = await form.PostAsync(citizen.Client,
            ("Answers[licenseNumber]", "2015-0123"), ("Answers[passedYear]", "2015"), ("Answers[reason]", "분실"), ("Answers[consent]", "true"));
        Assert.EndsWith("/delivery", delivery.Path, StringComparison.Ordinal);
        Assert.Null(delivery.Document.GetElementById("Method-Online")); // not offered for this type
        var review = await citizen.ChooseDeliveryAsync("Postal");
        Assert.True(review.Path.EndsWith("/review", StringComparison.Ordinal), string.Join(" | ", review.ErrorSummary));
        await citizen.ConfirmReviewAsync();
        var payment = await citizen.DeclareNoCertificateAsync();
        Assert.EndsWith("/payment", payment.Path, StringComparison.Ordinal);
        Assert.Contains("2,000원", payment.Text, StringComparison.Ordinal);
        Assert.Contains("창구", payment.Text, StringComparison.Ordinal);

        var receipt = await payment.PostAsync(citizen.Client);
        Assert.EndsWith("/receipt", receipt.Path, StringComparison.Ordinal);
        Assert.Contains("2,000원 (창구에서 납부)", receipt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypeWithoutIdentityCheck_SubmitsFromReview_NoCertificateStep()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("근로조건 자율점검 상담 신청");
        await citizen.FillApplicantAsync();
        var form = await citizen.OpenAsync("form");
        await form.PostAsync(citizen.Client, ("Answers[role]", "근로자"), ("Answers[topic]", "임금"), ("Answers[question]", "연장근로 수당 계산 방법이 궁금합니다."));
        var review = await citizen.ChooseDeliveryAsync("Online");
        Assert.Contains("신청서 제출", review.Text, StringComparison.Ordinal);

        var receipt = await review.PostAsync(citizen.Client);
        Assert.EndsWith("/receipt", receipt.Path, StringComparison.Ordinal);
        Assert.Contains("온라인 열람·발급", receipt.Text, StringComparison.Ordinal);
        Assert.Contains("필요 없음", receipt.Text, StringComparison.Ordinal);
        Assert.EndsWith("/receipt", (await citizen.OpenAsync("certificate")).Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LaterStep_BeforeEarlierOnesAreDone_RedirectsToFirstOpenStep()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        var review = await citizen.OpenAsync("review");
        Assert.EndsWith("/applicant", review.Path, StringComparison.Ordinal);
        var certificate = await citizen.OpenAsync("certificate");
        Assert.EndsWith("/applicant", certificate.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackAndForward_EverySavedAnswerIsShownAgain()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        await citizen.FillApplicantAsync();
        await citizen.FillWageArrearsFormAsync();
        await citizen.ChooseDeliveryAsync("Online");

        var applicant = await citizen.OpenAsync("applicant");
        Assert.Equal(Citizen.Name, applicant.Value("Name"));
        Assert.Equal("30117", applicant.Value("PostalCode"));
        Assert.Equal("", applicant.Value("RrnBack") ?? "");
        Assert.Contains("900101-1******", applicant.Text, StringComparison.Ordinal);

        var form = await citizen.OpenAsync("form");
        Assert.Equal("한빛상사", form.Value("Answers_businessName_"));
        Assert.Equal("2024-03-02", form.Value("Answers_employedFrom_"));
        Assert.Equal("대지급금 청구", form.Value("Answers_purpose_"));
        Assert.NotNull(form.Document.QuerySelector("#Answers_consent_[checked]"));

        var delivery = await citizen.OpenAsync("delivery");
        Assert.NotNull(delivery.Document.QuerySelector("#Method-Online[checked]"));

        // Re-saving the applicant page with the RRN left blank keeps the stored number.
        var next = await applicant.PostAsync(citizen.Client,
            ("Name", Citizen.Name), ("RrnFront", ""), ("RrnBack", ""), ("PostalCode", "30117"), ("Address", "세종특별자치시 한누리대로 422"));
        Assert.EndsWith("/form", next.Path, StringComparison.Ordinal);
        Assert.Contains("900101-1******", (await citizen.OpenAsync("review")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeLinkOnReview_ReturnsToReviewAfterSaving()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        await citizen.FillApplicantAsync();
        await citizen.FillWageArrearsFormAsync();
        var review = await citizen.ChooseDeliveryAsync("Online");

        var changeLink = review.Document.QuerySelectorAll("a").First(a => a.TextContent.Contains("성명", StringComparison.Ordinal) && a.TextContent.Contains("변경", StringComparison.Ordinal));
        var applicant = await FormPage.GetAsync(citizen.Client, changeLink.GetAttribute("href")!);
        Assert.EndsWith("/applicant", applicant.Path, StringComparison.Ordinal);
        var back = await applicant.PostAsync(citizen.Client,
            ("Name", "김민원"), ("RrnFront", ""), ("RrnBack", ""), ("PostalCode", "04524"), ("Address", "서울특별시 중구 세종대로 110"), ("ReturnTo", "review"));
        Assert.EndsWith("/review", back.Path, StringComparison.Ordinal);
        Assert.Contains("(04524) 서울특별시 중구 세종대로 110", back.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingAnAnswerAfterReview_AsksForConfirmationAgain()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        await citizen.FillApplicantAsync();
        await citizen.FillWageArrearsFormAsync();
        await citizen.ChooseDeliveryAsync("Online");
        Assert.EndsWith("/certificate", (await citizen.ConfirmReviewAsync()).Path, StringComparison.Ordinal);

        await citizen.ChooseDeliveryAsync("Postal");
        Assert.EndsWith("/review", (await citizen.OpenAsync("certificate")).Path, StringComparison.Ordinal);
    }

    private static async Task<byte[]> ReadSharedAsync(string file)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
