using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Petition.Cli;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Identity;
using Petition.Core.Workbench;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Tests;

public sealed class SeedTests
{
    private const string Now = "2026-12-01T03:00:00Z";

    private static string NewFile() => Path.Combine(Path.GetTempPath(), "petition-tests", $"seed-{Guid.NewGuid():N}.db");

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static (int Code, string Out, string Err) Seed(string file, int count, int seed = 7) =>
        Run("seed", "--petitions", count.ToString(CultureInfo.InvariantCulture), "--database", file,
            "--random-seed", seed.ToString(CultureInfo.InvariantCulture), "--now", Now);

    /// <summary>The pre-2020 check digit, computed here independently of the generator.</summary>
    private static bool HasValidCheckDigit(string digits)
    {
        int[] weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
        var sum = weights.Select((w, i) => (digits[i] - '0') * w).Sum();
        return (11 - (sum % 11)) % 10 == digits[12] - '0';
    }

    [Fact]
    public async Task Seed_SmallN_WritesValidPetitionsTheRepositoryReadsBack()
    {
        var file = NewFile();
        var result = Seed(file, 400);
        Assert.True(result.Code == 0, result.Err);
        Assert.Contains("Added 400 petitions", result.Out, StringComparison.Ordinal);

        // Open it as the portal does (a separate service provider: the key ring comes from the database).
        await using var database = await SqliteDatabase.CreateAsync(file);
        await using var scope = database.Scope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PetitionDbContext>();
        var protector = services.GetRequiredService<IRrnProtector>();
        var types = await db.PetitionTypes.AsNoTracking().ToDictionaryAsync(t => t.Id);
        var petitions = await db.Petitions.AsNoTracking().Include(p => p.History).ToListAsync();

        Assert.Equal(400, petitions.Count);

        // The per-status counts the queue's tabs read agree with the petitions themselves.
        var counts = await services.GetRequiredService<IPetitionQueue>().CountByStatusAsync(null);
        foreach (var status in Enum.GetValues<PetitionStatus>())
        {
            Assert.Equal(petitions.Count(p => p.Status == status), counts[status]);
        }
        Assert.Equal(petitions.Count, petitions.Select(p => p.ReceiptNumber).Distinct().Count());
        Assert.Equal(petitions.Count, petitions.Select(p => p.DraftId).Distinct().Count());
        Assert.Equal(6, petitions.Select(p => p.PetitionTypeId).Distinct().Count());
        Assert.Equal(5, petitions.Select(p => p.Department).Distinct().Count());
        Assert.Equal(Enum.GetValues<PetitionStatus>(), petitions.Select(p => p.Status).Distinct().Order());
        Assert.Equal(Enum.GetValues<DeliveryMethod>(), petitions.Select(p => p.Delivery).Distinct().Order());
        Assert.Contains(petitions, p => p.Identity == IdentityVerification.VerifiedBySignature);
        Assert.Contains(petitions, p => p.Identity == IdentityVerification.CheckAtCounter);
        Assert.Contains(petitions, p => p.FeeStatus == FeeStatus.Paid);
        Assert.Contains(petitions, p => p.FeeStatus == FeeStatus.PayAtCounter);
        var now = DateTime.Parse(Now, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.All(petitions, p => Assert.InRange(p.ReceivedAtUtc, now.AddDays(-731), now));
        Assert.True(petitions.Max(p => p.ReceivedAtUtc) - petitions.Min(p => p.ReceivedAtUtc) > TimeSpan.FromDays(600));

        foreach (var petition in petitions)
        {
            var type = types[petition.PetitionTypeId];
            Assert.Equal(type.Department, petition.Department);
            Assert.Equal(type.Name, petition.PetitionTypeName);
            Assert.Equal(type.Form.Fields.Select(f => f.Key), petition.Form.Fields.Select(f => f.Key));
            Assert.True(type.AllowedDeliveryMethods.Allows(petition.Delivery), petition.ReceiptNumber);
            Assert.Empty(FormValidator.Validate(type.Form, petition.Answers.ToDictionary(a => a.Key, a => (string?)a.Value)).Errors);
            Assert.Equal(WorkingDays.Add(KoreanTime.Day(petition.ReceivedAtUtc), type.ProcessingDays), petition.DueDate);
            if (petition.Identity == IdentityVerification.CheckAtCounter)
            {
                Assert.Equal(DeliveryMethod.InPerson, petition.Delivery);
            }

            // The RRN decrypts with the portal's protector to a valid number matching the stored mask and birth date.
            Assert.DoesNotContain(petition.RrnMasked[..6], petition.RrnProtected, StringComparison.Ordinal);
            var rrn = protector.Unprotect(petition.RrnProtected);
            Assert.True(Rrn.TryParse(rrn.Digits, out _, out _));
            Assert.True(HasValidCheckDigit(rrn.Digits), petition.ReceiptNumber);
            Assert.Equal(rrn.Masked, petition.RrnMasked);
            Assert.Equal(rrn.BirthDate, petition.BirthDate);
            Assert.InRange(petition.ApplicantName.Length, 2, 4);

            var entry = Assert.Single(petition.History);
            Assert.Equal(PetitionStatus.Received, entry.ToStatus);
            Assert.Equal(petition.ReceivedAtUtc, entry.AtUtc);

            // The receipt number is the Korean day of receipt and that day's sequence.
            Assert.True(ReceiptNumber.TryNormalize(petition.ReceiptNumber, out _));
            Assert.StartsWith(KoreanTime.Day(petition.ReceivedAtUtc).ToString("yyyyMMdd", CultureInfo.InvariantCulture), petition.ReceiptNumber, StringComparison.Ordinal);
        }

        await AssertCountersConsistentAsync(db);
        var one = petitions[123];
        var read = await services.GetRequiredService<IPetitionRepository>().GetByReceiptNumberAsync(one.ReceiptNumber);
        Assert.NotNull(read);
        Assert.Equal(one.Answers, read.Answers);
    }

    [Fact]
    public async Task Seed_StoresEveryColumnAsEfDoes()
    {
        var file = NewFile();
        Assert.Equal(0, Seed(file, 200).Code);
        await using var database = await SqliteDatabase.CreateAsync(file);
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();

        // One petition written by EF itself, with every nullable column filled, to compare storage with.
        var type = await db.PetitionTypes.AsNoTracking().FirstAsync(t => t.FeeKrw > 0);
        var rrn = Rrn.Parse("800101-1234567");
        var record = new PetitionRecord
        {
            ReceiptNumber = "20261201-999999",
            DraftId = Guid.NewGuid(),
            PetitionTypeId = type.Id,
            PetitionTypeVersion = 1,
            PetitionTypeName = type.Name,
            Department = type.Department,
            Form = type.Form,
            Answers = new() { ["a"] = "b" },
            ApplicantName = "홍길동",
            RrnProtected = scope.ServiceProvider.GetRequiredService<IRrnProtector>().Protect(rrn),
            RrnMasked = rrn.Masked,
            BirthDate = rrn.BirthDate,
            PostalCode = "30117",
            Address = "세종",
            AddressDetail = "1",
            Phone = "010",
            Email = "a@b.kr",
            Delivery = DeliveryMethod.Postal,
            ChosenDelivery = DeliveryMethod.Postal,
            MailPostalCode = "30117",
            MailAddress = "세종",
            MailAddressDetail = "1",
            Identity = IdentityVerification.VerifiedBySignature,
            FeeKrw = 1000,
            FeeStatus = FeeStatus.Paid,
            PaymentOrderId = "o",
            PaymentMethod = "카드",
            PaymentApprovalNumber = "1",
            PaidAtUtc = DateTime.UtcNow,
            Status = PetitionStatus.Completed,
            ReceivedAtUtc = DateTime.UtcNow,
            DueDate = new DateOnly(2026, 12, 10),
            CompletedAtUtc = DateTime.UtcNow,
            MailedOn = new DateOnly(2026, 12, 2),
            PostalTrackingNumber = "1",
            SupplementRequest = "x",
            SupplementRequestedAtUtc = DateTime.UtcNow,
            RejectionReason = "y",
            CounterIdentityCheckedAtUtc = DateTime.UtcNow,
            CounterIdentityCheckedBy = "z",
        };
        db.Petitions.Add(record);
        await db.SaveChangesAsync();

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('Petitions')";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        // For every column, the storage class (and for text, the shape) of EF's row is found among the seeded rows.
        // MemberId: synthetic petitions are filed by non-members, so the column stays null in every seeded row.
        foreach (var column in columns.Where(c => c is not ("SignatureCms" or "SignatureReportJson" or "SignerSummary" or "MemberId")))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT (SELECT typeof("{column}") || ':' || length("{column}") FROM Petitions WHERE Id = {record.Id}),
                       (SELECT COUNT(*) FROM Petitions WHERE Id <> {record.Id} AND typeof("{column}") = (SELECT typeof("{column}") FROM Petitions WHERE Id = {record.Id})),
                       (SELECT "{column}" FROM Petitions WHERE Id = {record.Id})
                """;
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetInt64(1) > 0, $"{column}: no seeded row stores it as EF does ({reader.GetString(0)})");
        }

        // Instants and Guids in the same text form (EF: 'yyyy-MM-dd HH:mm:ss.FFFFFFF', upper-case Guids).
        await using (var shape = connection.CreateCommand())
        {
            shape.CommandText = """
                SELECT COUNT(*) FROM Petitions
                WHERE ReceivedAtUtc NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
                   OR DueDate NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                   OR DraftId <> upper(DraftId) OR length(DraftId) <> 36
                """;
            Assert.Equal(0L, (long)(await shape.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public async Task Seed_SameRandomSeed_SameDataAndSecondRunContinuesTheCounters()
    {
        var first = NewFile();
        var second = NewFile();
        Assert.Equal(0, Seed(first, 150, seed: 99).Code);
        Assert.Equal(0, Seed(second, 150, seed: 99).Code);
        Assert.Equal(0, Seed(second, 120, seed: 5).Code); // again, into the same database

        await using var a = await SqliteDatabase.CreateAsync(first);
        await using var b = await SqliteDatabase.CreateAsync(second);
        await using var scopeA = a.Scope();
        await using var scopeB = b.Scope();
        var dbA = scopeA.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var dbB = scopeB.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var rowsA = await dbA.Petitions.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        var rowsB = await dbB.Petitions.AsNoTracking().OrderBy(p => p.Id).ToListAsync();

        static string Shape(PetitionRecord p) => string.Join('|', p.ReceiptNumber, p.ApplicantName, p.RrnMasked, p.Status, p.Delivery, p.Identity, p.FeeStatus, p.DraftId, p.ReceivedAtUtc.Ticks, p.Address);
        Assert.Equal(rowsA.Select(Shape), rowsB.Take(150).Select(Shape));
        var protectorA = scopeA.ServiceProvider.GetRequiredService<IRrnProtector>();
        var protectorB = scopeB.ServiceProvider.GetRequiredService<IRrnProtector>();
        Assert.Equal(rowsA.Select(p => protectorA.Unprotect(p.RrnProtected).Digits), rowsB.Take(150).Select(p => protectorB.Unprotect(p.RrnProtected).Digits));

        Assert.Equal(270, rowsB.Count);
        Assert.Equal(270, rowsB.Select(p => p.ReceiptNumber).Distinct().Count());
        await AssertCountersConsistentAsync(dbB);
    }

    [Fact]
    public void Seed_Help_DescribesTheOptions()
    {
        var result = Run("seed", "--help");

        Assert.Equal(0, result.Code);
        foreach (var option in new[] { "--petitions", "--random-seed", "--database", "--connection", "--now", "--days" })
        {
            Assert.Contains(option, result.Out, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("seed", "--petitions", "0")]
    [InlineData("seed", "--petitions", "many")]
    [InlineData("seed", "--petitions", "10", "--database", "/tmp/a.db", "--connection", "Data Source=/tmp/b.db")]
    [InlineData("seed", "--petitions", "10", "--connection", "Nonsense=1")]
    [InlineData("seed", "--petitions", "10", "--database", "/tmp/x.db", "--now", "yesterday-ish")]
    [InlineData("seed", "--petitions", "10", "--days", "0")]
    [InlineData("bench", "queue", "--database", "/nonexistent/petition.db")]
    public void Seed_BadUsage_ExitsTwoWithOneClearLine(params string[] args)
    {
        var result = Run(args);

        Assert.Equal(2, result.Code);
        Assert.StartsWith("petition: ", result.Err, StringComparison.Ordinal);
        Assert.Single(result.Err.Trim().Split('\n'));
        Assert.Empty(result.Out);
    }

    [Fact]
    public void BenchQueue_SeededDatabase_PrintsPercentilesAndRatios()
    {
        var file = NewFile();
        Assert.Equal(0, Seed(file, 300).Code);

        var result = Run("bench", "queue", "--database", file, "--iterations", "3", "--today", "2026-12-01");
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }

        Assert.True(result.Code == 0, result.Err);
        Assert.Contains("| case | p50 (ms) | p95 (ms)", result.Out, StringComparison.Ordinal);
        Assert.Contains("baseline: PK lookup", result.Out, StringComparison.Ordinal);
        Assert.Contains("first page, dept, newest", result.Out, StringComparison.Ordinal);
        Assert.Contains("counts by status", result.Out, StringComparison.Ordinal);
    }

    private static async Task AssertCountersConsistentAsync(PetitionDbContext db)
    {
        var counters = await db.ReceiptCounters.AsNoTracking().ToDictionaryAsync(c => c.Day, c => c.LastValue);
        var byDay = (await db.Petitions.AsNoTracking().Select(p => p.ReceiptNumber).ToListAsync())
            .GroupBy(n => DateOnly.ParseExact(n[..8], "yyyyMMdd", CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Select(n => int.Parse(n[9..], CultureInfo.InvariantCulture)).Order().ToList());
        Assert.Equal(byDay.Keys.Order(), counters.Keys.Order());
        foreach (var (day, sequences) in byDay)
        {
            // Every day's sequences are 1..n without gaps, and its counter stands at n: the next receipt is n + 1.
            Assert.Equal(Enumerable.Range(1, sequences.Count), sequences);
            Assert.Equal(sequences.Count, counters[day]);
        }
    }
}
