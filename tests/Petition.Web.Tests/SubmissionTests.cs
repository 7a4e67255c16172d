using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Abstractions;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

public sealed class SubmissionTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private async Task<long> CountAsync(string table)
    {
        await using var db = _portal.OpenDatabase();
        await using var command = db.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Citizen> ReadyToSubmitAsync(PortalFactory portal)
    {
        var citizen = new Citizen(portal.CreatePortalClient());
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        await citizen.FillApplicantAsync();
        await citizen.FillWageArrearsFormAsync();
        await citizen.ChooseDeliveryAsync("Online");
        await citizen.ConfirmReviewAsync();
        return citizen;
    }

    [Fact]
    public async Task SubmitTwice_SameReceiptAndOnePetition()
    {
        var citizen = await ReadyToSubmitAsync(_portal);
        var certificate = await citizen.OpenAsync("certificate");

        var first = await certificate.PostAsync(citizen.Client, ("choice", "NoCertificate"));
        var second = await certificate.PostAsync(citizen.Client, ("choice", "NoCertificate"));

        Assert.Equal(Citizen.ReceiptNumber(first), Citizen.ReceiptNumber(second));
        Assert.NotNull(Citizen.ReceiptNumber(first));
        Assert.Equal(1, await CountAsync("Petitions"));
        Assert.Equal(1, await CountAsync("PetitionHistory"));
    }

    [Fact]
    public async Task ParallelDoubleClicks_OnePetitionAndOneReceiptForAll()
    {
        var citizen = await ReadyToSubmitAsync(_portal);
        var certificate = await citizen.OpenAsync("certificate");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => certificate.PostAsync(citizen.Client, ("choice", "NoCertificate"))));

        var numbers = results.Select(Citizen.ReceiptNumber).Distinct().ToList();
        Assert.Single(numbers);
        Assert.NotNull(numbers[0]);
        Assert.Equal(1, await CountAsync("Petitions"));
    }

    [Fact]
    public async Task ManyCitizens_GetDistinctSequentialReceiptNumbers()
    {
        var citizens = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ReadyToSubmitAsync(_portal)));
        var receipts = await Task.WhenAll(citizens.Select(c => c.DeclareNoCertificateAsync()));

        var numbers = receipts.Select(Citizen.ReceiptNumber).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(["20261201-000001", "20261201-000002", "20261201-000003", "20261201-000004"], numbers);
    }

    [Fact]
    public async Task ReceiptNumbers_RestartEachKoreanDay()
    {
        var first = await ReadyToSubmitAsync(_portal);
        Assert.Equal("20261201-000001", Citizen.ReceiptNumber(await first.DeclareNoCertificateAsync()));

        _portal.Clock.Advance(TimeSpan.FromHours(23)); // 2026-12-02 09:00 KST
        var second = await ReadyToSubmitAsync(_portal);
        Assert.Equal("20261202-000001", Citizen.ReceiptNumber(await second.DeclareNoCertificateAsync()));
    }

    [Fact]
    public async Task AfterSubmission_StepsShowTheReceiptAndCannotBeEdited()
    {
        var citizen = await ReadyToSubmitAsync(_portal);
        await citizen.DeclareNoCertificateAsync();

        Assert.EndsWith("/receipt", (await citizen.OpenAsync("applicant")).Path, StringComparison.Ordinal);
        Assert.EndsWith("/receipt", (await citizen.OpenAsync("form")).Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DraftSurvivesRestart_AndResumesOnAnotherNodeSharingTheDatabase()
    {
        var browser = new CookieContainer();
        var citizen = new Citizen(_portal.CreatePortalClient(browser));
        await citizen.StartAsync("체불임금등·사업주확인서 발급");
        await citizen.FillApplicantAsync();

        // A second node on the same database, started while the first still runs.
        using var node2 = new PortalFactory(_portal.DatabaseFile, _portal.Clock);
        var sameBrowser = node2.CreatePortalClient(browser);
        var applicant = await FormPage.GetAsync(sameBrowser, $"/apply/{citizen.DraftId}/applicant");
        Assert.Equal(Citizen.Name, applicant.Value("Name"));
        Assert.Contains("900101-1******", applicant.Text, StringComparison.Ordinal);

        // Node 1 stops; node 2 carries the citizen to the receipt, decrypting the RRN node 1 encrypted.
        _portal.Dispose();
        var form = await FormPage.GetAsync(sameBrowser, $"/apply/{citizen.DraftId}/form");
        await form.PostAsync(sameBrowser,
            ("Answers[businessName]", "한빛상사"), ("Answers[employedFrom]", "2024-03-02"), ("Answers[employedTo]", "2026-10-31"),
            ("Answers[unpaidAmount]", "3500000"), ("Answers[purpose]", "기타"), ("Answers[consent]", "true"));
        var delivery = await FormPage.GetAsync(sameBrowser, $"/apply/{citizen.DraftId}/delivery");
        await delivery.PostAsync(sameBrowser, ("Method", "Online"));
        var review = await FormPage.GetAsync(sameBrowser, $"/apply/{citizen.DraftId}/review");
        Assert.Contains("900101-1******", review.Text, StringComparison.Ordinal);
        await review.PostAsync(sameBrowser);
        var certificate = await FormPage.GetAsync(sameBrowser, $"/apply/{citizen.DraftId}/certificate");
        var receipt = await certificate.PostAsync(sameBrowser, ("choice", "NoCertificate"));
        Assert.Equal("20261201-000001", Citizen.ReceiptNumber(receipt));

        using var scope = node2.Services.CreateScope();
        var petition = await scope.ServiceProvider.GetRequiredService<IPetitionRepository>().GetByReceiptNumberAsync("20261201-000001");
        var rrn = scope.ServiceProvider.GetRequiredService<IRrnProtector>().Unprotect(petition!.RrnProtected);
        Assert.Equal(Citizen.RrnDigits, rrn.Digits);
    }
}
