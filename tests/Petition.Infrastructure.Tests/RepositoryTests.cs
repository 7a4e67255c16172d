using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Identity;
using Petition.Infrastructure.Persistence;
using Petition.Infrastructure.Seeding;

namespace Petition.Infrastructure.Tests;

public sealed class RepositoryTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static async Task<Guid> NewReadyDraftAsync(SqliteDatabase database, string code = "WAGE-ARREARS-CONFIRM")
    {
        await using var scope = database.Scope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PetitionDbContext>();
        var type = await db.PetitionTypes.SingleAsync(t => t.Code == code);
        var draft = Draft.Start(type, "owner-hash", Now, TimeSpan.FromDays(7));
        draft.SetApplicant(new ApplicantInput("김민원", "900101-1234567", "30117", "세종특별자치시 한누리대로 422", null, null, null),
            Rrn.Parse("900101-1234567"), services.GetRequiredService<IRrnProtector>());
        draft.SetAnswers(new() { ["businessName"] = "한빛상사", ["consent"] = "true" });
        draft.SetDelivery(DeliveryMethod.Online, true, null, null, null);
        draft.ConfirmReview(Now);
        draft.ChooseCertificate(CertificateChoice.NoCertificate);
        await services.GetRequiredService<IDraftRepository>().AddAsync(draft);
        return draft.Id;
    }

    private static async Task<PetitionRecord> SubmitAsync(SqliteDatabase database, Guid draftId)
    {
        await using var scope = database.Scope();
        var services = scope.ServiceProvider;
        var draft = (await services.GetRequiredService<IDraftRepository>().GetAsync(draftId))!;
        return await services.GetRequiredService<IPetitionRepository>()
            .SubmitAsync(draft, () => PetitionRecord.FromDraft(draft, draft.PetitionType!, Now, Today), Today);
    }

    [Fact]
    public async Task Initialize_SeedsSixTypesOnce_WithTheirForms()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using (var again = database.Scope())
        {
            await again.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }

        await using var scope = database.Scope();
        var types = await scope.ServiceProvider.GetRequiredService<IPetitionTypeRepository>().ListActiveAsync();
        Assert.Equal(6, types.Count);
        Assert.Contains(types, t => t.FeeKrw > 0);
        Assert.Contains(types, t => t.FeeKrw == 0);
        Assert.Contains(types, t => !t.RequiresIdentityVerification);
        var wage = types.Single(t => t.Code == "WAGE-ARREARS-CONFIRM");
        Assert.Equal(["businessName", "businessNumber", "employedFrom", "employedTo", "unpaidAmount", "purpose", "details", "consent"],
            wage.Form.Fields.Select(f => f.Key));
        Assert.Equal(FieldType.Select, wage.Form.Fields.Single(f => f.Key == "purpose").Type);
        Assert.Contains(types.SelectMany(t => t.Form.Fields), f => f.Type == FieldType.Checkbox);
        Assert.Contains(types.SelectMany(t => t.Form.Fields), f => f.Type == FieldType.MultilineText);
        Assert.Contains(types.SelectMany(t => t.Form.Fields), f => f.Type == FieldType.Date);
        Assert.Contains(types.SelectMany(t => t.Form.Fields), f => f.Type == FieldType.Number);
        Assert.Contains(types.SelectMany(t => t.Form.Fields), f => f.Pattern is not null);
    }

    [Fact]
    public async Task Draft_RoundTrips_AnswersFormAndEncryptedRrn()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var id = await NewReadyDraftAsync(database);

        await using var scope = database.Scope();
        var draft = await scope.ServiceProvider.GetRequiredService<IDraftRepository>().GetAsync(id);
        Assert.NotNull(draft);
        Assert.Equal("한빛상사", draft.Answers["businessName"]);
        Assert.Equal(8, draft.Form.Fields.Count);
        Assert.Equal(DateTimeKind.Utc, draft.ExpiresAtUtc.Kind);
        Assert.Equal(Now.AddDays(7), draft.ExpiresAtUtc);
        Assert.DoesNotContain("1234567", draft.RrnProtected!, StringComparison.Ordinal);
        var rrn = scope.ServiceProvider.GetRequiredService<IRrnProtector>().Unprotect(draft.RrnProtected!);
        Assert.Equal("9001011234567", rrn.Digits);
        Assert.Equal(new DateOnly(1990, 1, 1), draft.BirthDate);
    }

    [Fact]
    public async Task RrnProtector_KeysLiveInTheDatabase_AnotherNodeDecrypts()
    {
        await using var node1 = await SqliteDatabase.CreateAsync();
        string protectedRrn;
        await using (var scope = node1.Scope())
        {
            protectedRrn = scope.ServiceProvider.GetRequiredService<IRrnProtector>().Protect(Rrn.Parse("851010-5123456"));
        }

        await using var node2 = await SqliteDatabase.CreateAsync(node1.File);
        await using var other = node2.Scope();
        Assert.Equal("8510105123456", other.ServiceProvider.GetRequiredService<IRrnProtector>().Unprotect(protectedRrn).Digits);
        Assert.True(await other.ServiceProvider.GetRequiredService<PetitionDbContext>().DataProtectionKeys.AnyAsync());
    }

    [Fact]
    public async Task Submit_Twice_ReturnsTheSamePetition()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var id = await NewReadyDraftAsync(database);

        var first = await SubmitAsync(database, id);
        var second = await SubmitAsync(database, id);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("20261201-000001", second.ReceiptNumber);
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        Assert.Equal(1, await db.Petitions.CountAsync());
        var draft = await db.Drafts.SingleAsync();
        Assert.Equal(first.Id, draft.SubmittedPetitionId);
    }

    [Fact]
    public async Task Submit_ConcurrentlyFromSeparateContexts_DistinctNumbersOnePetitionPerDraft()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var drafts = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            drafts.Add(await NewReadyDraftAsync(database));
        }

        // Each draft submitted twice at once, as double clicks on two nodes would.
        var results = await Task.WhenAll(drafts.Concat(drafts).Select(id => Task.Run(() => SubmitAsync(database, id))));

        Assert.Equal(5, results.Select(r => r.ReceiptNumber).Distinct().Count());
        Assert.All(drafts, id => Assert.Single(results.Where(r => r.DraftId == id).Select(r => r.Id).Distinct()));
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        Assert.Equal(5, await db.Petitions.CountAsync());
        Assert.Equal(5, (await db.ReceiptCounters.SingleAsync()).LastValue);
    }

    [Fact]
    public async Task DeleteExpired_RemovesOnlyUnsubmittedExpiredDrafts()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var open = await NewReadyDraftAsync(database);
        var submitted = await NewReadyDraftAsync(database);
        await SubmitAsync(database, submitted);

        await using var scope = database.Scope();
        var repository = scope.ServiceProvider.GetRequiredService<IDraftRepository>();
        Assert.Equal(0, await repository.DeleteExpiredAsync(Now.AddDays(6)));
        Assert.Equal(1, await repository.DeleteExpiredAsync(Now.AddDays(7)));
        Assert.Null(await repository.GetAsync(open));
        Assert.NotNull(await repository.GetAsync(submitted));
    }

    [Fact]
    public async Task GetByReceiptNumber_IncludesHistoryInOrder()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var filed = await SubmitAsync(database, await NewReadyDraftAsync(database));

        await using var scope = database.Scope();
        var petition = await scope.ServiceProvider.GetRequiredService<IPetitionRepository>().GetByReceiptNumberAsync(filed.ReceiptNumber);
        Assert.NotNull(petition);
        var entry = Assert.Single(petition.History);
        Assert.Equal(PetitionStatus.Received, entry.ToStatus);
        Assert.Equal(IdentityVerification.CheckAtCounter, petition.Identity);
        Assert.Equal("한빛상사", petition.Answers["businessName"]);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<IPetitionRepository>().GetByReceiptNumberAsync("20990101-000001"));
    }

    [Fact]
    public async Task Draft_SavedFromTwoRequestsAtOnce_SecondIsRefusedNotSilentlyOverwritten()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var id = await NewReadyDraftAsync(database);

        await using var first = database.Scope();
        await using var second = database.Scope();
        var a = (await first.ServiceProvider.GetRequiredService<IDraftRepository>().GetAsync(id))!;
        var b = (await second.ServiceProvider.GetRequiredService<IDraftRepository>().GetAsync(id))!;
        a.SetAnswers(new() { ["businessName"] = "첫 번째 창" });
        b.SetAnswers(new() { ["businessName"] = "두 번째 창" });

        await first.ServiceProvider.GetRequiredService<IDraftRepository>().SaveAsync(a);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.ServiceProvider.GetRequiredService<IDraftRepository>().SaveAsync(b));

        await using var check = database.Scope();
        Assert.Equal("첫 번째 창", (await check.ServiceProvider.GetRequiredService<IDraftRepository>().GetAsync(id))!.Answers["businessName"]);
    }

    [Fact]
    public async Task Reload_AfterAConflict_StoredValues_FalseWhenTheDraftIsGone()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var id = await NewReadyDraftAsync(database);

        await using var first = database.Scope();
        await using var second = database.Scope();
        var firstDrafts = first.ServiceProvider.GetRequiredService<IDraftRepository>();
        var secondDrafts = second.ServiceProvider.GetRequiredService<IDraftRepository>();
        var a = (await firstDrafts.GetAsync(id))!;
        var b = (await secondDrafts.GetAsync(id))!;
        a.SetAnswers(new() { ["businessName"] = "먼저 저장" });
        b.SetAnswers(new() { ["businessName"] = "나중 저장" });
        await firstDrafts.SaveAsync(a);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => secondDrafts.SaveAsync(b));

        Assert.True(await secondDrafts.ReloadAsync(b));
        Assert.Equal("먼저 저장", b.Answers["businessName"]);

        await using (var cleanup = database.Scope())
        {
            var db = cleanup.ServiceProvider.GetRequiredService<PetitionDbContext>();
            await db.Drafts.Where(d => d.Id == id).ExecuteDeleteAsync();
        }

        Assert.False(await secondDrafts.ReloadAsync(b));
    }

    [Fact]
    public async Task ExpiredSigningChallenges_AreDeleted_OpenOnesKept()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var scope = database.Scope();
        var challenges = scope.ServiceProvider.GetRequiredService<ISigningChallengeRepository>();
        await challenges.AddAsync(new SigningChallenge { Nonce = "old", DraftId = Guid.NewGuid(), Document = "문서", IssuedAtUtc = Now, ExpiresAtUtc = Now.AddMinutes(30) });
        await challenges.AddAsync(new SigningChallenge { Nonce = "new", DraftId = Guid.NewGuid(), Document = "문서", IssuedAtUtc = Now.AddHours(1), ExpiresAtUtc = Now.AddHours(2) });

        Assert.Equal(1, await challenges.DeleteExpiredAsync(Now.AddHours(1)));
        Assert.Null(await challenges.GetAsync("old"));
        Assert.NotNull(await challenges.GetAsync("new"));
        Assert.True(await challenges.TryConsumeAsync("new", Now.AddHours(1)));
        Assert.False(await challenges.TryConsumeAsync("new", Now.AddHours(1)));
    }
}
