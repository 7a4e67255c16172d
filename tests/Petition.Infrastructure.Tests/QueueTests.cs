using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Identity;
using Petition.Core.Workbench;
using Petition.Infrastructure.Persistence;
using Petition.Infrastructure.Queries;

namespace Petition.Infrastructure.Tests;

public sealed partial class QueueTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    // 1 December 2026, 01:00 in Korea: petitions received then are not yet due on Today.
    private static readonly DateTime Base = new(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc);

    private sealed record Spec
    {
        public string Code { get; init; } = "WAGE-ARREARS-CONFIRM";

        public string Name { get; init; } = "홍길동";

        public string Rrn { get; init; } = "800101-1234567";

        public PetitionStatus Status { get; init; } = PetitionStatus.Received;

        public DateTime ReceivedAtUtc { get; init; } = Base;

        public DateOnly? Due { get; init; }

        public IdentityVerification Identity { get; init; } = IdentityVerification.VerifiedBySignature;

        public DeliveryMethod Delivery { get; init; } = DeliveryMethod.Online;

        public FeeStatus? Fee { get; init; }
    }

    /// <summary>Writes petitions through EF on the real SQLite file; returns their ids in the order given.</summary>
    private static async Task<List<long>> AddAsync(SqliteDatabase database, params Spec[] specs)
    {
        await using var scope = database.Scope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PetitionDbContext>();
        var protector = services.GetRequiredService<IRrnProtector>();
        var types = await db.PetitionTypes.AsNoTracking().ToDictionaryAsync(t => t.Code);
        var next = await db.Petitions.CountAsync();
        var records = new List<PetitionRecord>();
        foreach (var spec in specs)
        {
            next++;
            var type = types[spec.Code];
            var rrn = Rrn.Parse(spec.Rrn);
            var record = new PetitionRecord
            {
                ReceiptNumber = ReceiptNumber.Format(KoreanTime.Day(spec.ReceivedAtUtc), next),
                DraftId = Guid.NewGuid(),
                PetitionTypeId = type.Id,
                PetitionTypeVersion = type.Version,
                PetitionTypeName = type.Name,
                Department = type.Department,
                Form = type.Form,
                ApplicantName = spec.Name,
                RrnProtected = protector.Protect(rrn),
                RrnMasked = rrn.Masked,
                BirthDate = rrn.BirthDate,
                PostalCode = "30117",
                Address = "세종특별자치시 한누리대로 422",
                Delivery = spec.Delivery,
                ChosenDelivery = spec.Delivery,
                Identity = spec.Identity,
                FeeKrw = type.FeeKrw,
                FeeStatus = spec.Fee ?? (type.FeeKrw == 0 ? FeeStatus.NotRequired : FeeStatus.Paid),
                Status = spec.Status,
                ReceivedAtUtc = spec.ReceivedAtUtc,
                DueDate = spec.Due ?? WorkingDays.Add(KoreanTime.Day(spec.ReceivedAtUtc), type.ProcessingDays),
            };
            records.Add(record);
            db.Petitions.Add(record);
        }

        await db.SaveChangesAsync();
        return [.. records.Select(r => r.Id)];
    }

    private static async Task<QueuePage> PageAsync(SqliteDatabase database, QueueFilter filter, string? cursor = null, int size = 50)
    {
        await using var scope = database.Scope();
        return await scope.ServiceProvider.GetRequiredService<IPetitionQueue>().GetPageAsync(filter, cursor, size, Today);
    }

    private static async Task<List<long>> IdsAsync(SqliteDatabase database, QueueFilter filter) =>
        [.. (await PageAsync(database, filter, size: 200)).Rows.Select(r => r.Id)];

    private static async Task<string> DepartmentOfAsync(SqliteDatabase database, string code)
    {
        await using var scope = database.Scope();
        return await scope.ServiceProvider.GetRequiredService<PetitionDbContext>().PetitionTypes.Where(t => t.Code == code).Select(t => t.Department).SingleAsync();
    }

    private static async Task<int> TypeIdAsync(SqliteDatabase database, string code)
    {
        await using var scope = database.Scope();
        return await scope.ServiceProvider.GetRequiredService<PetitionDbContext>().PetitionTypes.Where(t => t.Code == code).Select(t => t.Id).SingleAsync();
    }

    [Fact]
    public async Task GetPage_DepartmentScope_ExcludesOtherDepartments()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var ids = await AddAsync(
            database,
            new Spec { Code = "WAGE-ARREARS-CONFIRM" },
            new Spec { Code = "SEVERANCE-PAY-CONFIRM" },
            new Spec { Code = "EI-ELIGIBILITY-HISTORY" },
            new Spec { Code = "LABOR-ATTORNEY-REISSUE" });
        var labour = await DepartmentOfAsync(database, "WAGE-ARREARS-CONFIRM");

        var scoped = await PageAsync(database, new QueueFilter { Department = labour });
        var nobody = await PageAsync(database, new QueueFilter { Department = string.Empty });
        var everyone = await PageAsync(database, new QueueFilter { Department = null });

        Assert.Equal([ids[0], ids[1]], scoped.Rows.Select(r => r.Id).Order());
        Assert.Empty(nobody.Rows);
        Assert.Equal(ids, everyone.Rows.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task GetPage_EachFilter_SelectsExactlyItsRows()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var ids = await AddAsync(
            database,
            /* 0 */ new Spec { Code = "WAGE-ARREARS-CONFIRM", Status = PetitionStatus.Received, Due = Today.AddDays(-1), Name = "김민준" },
            /* 1 */ new Spec { Code = "WAGE-ARREARS-CONFIRM", Status = PetitionStatus.SupplementRequested, Due = Today.AddDays(-30), Name = "김민서" },
            /* 2 */ new Spec { Code = "WAGE-ARREARS-CONFIRM", Status = PetitionStatus.Completed, Due = Today.AddDays(-30), Name = "이서연" },
            /* 3 */ new Spec { Code = "WAGE-ARREARS-CONFIRM", Status = PetitionStatus.InProgress, Due = Today, Name = "박김수" },
            /* 4 */ new Spec { Code = "SEVERANCE-PAY-CONFIRM", Status = PetitionStatus.Rejected, Due = Today.AddDays(-3), Identity = IdentityVerification.CheckAtCounter, Delivery = DeliveryMethod.InPerson },
            /* 5 */ new Spec { Code = "LABOR-ATTORNEY-REISSUE", Fee = FeeStatus.Paid, Delivery = DeliveryMethod.Postal },
            /* 6 */ new Spec { Code = "LABOR-ATTORNEY-REISSUE", Fee = FeeStatus.PayAtCounter, Identity = IdentityVerification.CheckAtCounter, Delivery = DeliveryMethod.InPerson },
            /* 7 */ new Spec { Code = "LABOR-ATTORNEY-REISSUE", Fee = FeeStatus.Refunded, Status = PetitionStatus.Rejected },
            /* 8 */ new Spec { Code = "WORKING-CONDITIONS-CONSULT", Identity = IdentityVerification.NotRequired, Delivery = DeliveryMethod.Postal });
        var wage = await TypeIdAsync(database, "WAGE-ARREARS-CONFIRM");

        Assert.Equal([ids[0], ids[1], ids[2], ids[3]], (await IdsAsync(database, new QueueFilter { PetitionTypeId = wage })).Order());
        Assert.Equal([ids[3]], await IdsAsync(database, new QueueFilter { Status = PetitionStatus.InProgress }));
        Assert.Equal([ids[4], ids[7]], (await IdsAsync(database, new QueueFilter { Status = PetitionStatus.Rejected })).Order());

        // Overdue: open (접수, 처리중, 보완요청) and due before today. Due today is not overdue; closed never is.
        Assert.Equal([ids[0], ids[1]], (await IdsAsync(database, new QueueFilter { Overdue = true })).Order());
        Assert.Equal(ids.Except([ids[0], ids[1]]).Order(), (await IdsAsync(database, new QueueFilter { Overdue = false })).Order());

        Assert.Equal([ids[4], ids[6]], (await IdsAsync(database, new QueueFilter { IdentityVerified = false })).Order());
        Assert.Equal(ids.Except([ids[4], ids[6], ids[8]]).Order(), (await IdsAsync(database, new QueueFilter { IdentityVerified = true })).Order());
        Assert.Equal([ids[4], ids[6]], (await IdsAsync(database, new QueueFilter { Delivery = DeliveryMethod.InPerson })).Order());
        Assert.Equal([ids[5], ids[8]], (await IdsAsync(database, new QueueFilter { Delivery = DeliveryMethod.Postal })).Order());

        // Paid: the fee was paid; unpaid: a fee is owed at the counter. Free and refunded petitions are neither.
        Assert.Equal([ids[5]], await IdsAsync(database, new QueueFilter { Paid = true }));
        Assert.Equal([ids[6]], await IdsAsync(database, new QueueFilter { Paid = false }));

        // Name prefix: from the start of the name only; a surname in the middle does not match.
        Assert.Equal([ids[0], ids[1]], (await IdsAsync(database, new QueueFilter { ApplicantName = "김" })).Order());
        Assert.Equal([ids[0], ids[1]], (await IdsAsync(database, new QueueFilter { ApplicantName = " 김민 " })).Order());
        Assert.Equal([ids[0]], await IdsAsync(database, new QueueFilter { ApplicantName = "김민준" }));
        Assert.Empty(await IdsAsync(database, new QueueFilter { ApplicantName = "김민준a" }));
        var labour = await DepartmentOfAsync(database, "WAGE-ARREARS-CONFIRM");
        Assert.Equal([ids[0], ids[1]], (await IdsAsync(database, new QueueFilter { Department = labour, ApplicantName = "김" })).Order());
        Assert.Equal([ids[2]], await IdsAsync(database, new QueueFilter { Department = labour, ApplicantName = "이" }));
        Assert.Equal([ids[3]], await IdsAsync(database, new QueueFilter { Department = labour, ApplicantName = "박김" }));

        // Filters combine.
        Assert.Equal([ids[1]], await IdsAsync(database, new QueueFilter { PetitionTypeId = wage, Overdue = true, Status = PetitionStatus.SupplementRequested }));
    }

    [Fact]
    public async Task GetPage_ReceivedDateRange_UsesKoreanCalendarDays()
    {
        await using var database = await SqliteDatabase.CreateAsync();

        // 2026-11-30 14:59:59 UTC is 23:59:59 on 30 Nov in Korea; 15:00 UTC is already 1 December there.
        var ids = await AddAsync(
            database,
            new Spec { ReceivedAtUtc = new DateTime(2026, 11, 30, 14, 59, 59, DateTimeKind.Utc) },
            new Spec { ReceivedAtUtc = new DateTime(2026, 11, 30, 15, 0, 0, DateTimeKind.Utc) },
            new Spec { ReceivedAtUtc = new DateTime(2026, 12, 1, 14, 59, 59, 999, DateTimeKind.Utc) },
            new Spec { ReceivedAtUtc = new DateTime(2026, 12, 1, 15, 0, 0, DateTimeKind.Utc) });
        var december1 = new DateOnly(2026, 12, 1);

        Assert.Equal([ids[1], ids[2]], (await IdsAsync(database, new QueueFilter { ReceivedFrom = december1, ReceivedTo = december1 })).Order());
        Assert.Equal([ids[1], ids[2], ids[3]], (await IdsAsync(database, new QueueFilter { ReceivedFrom = december1 })).Order());
        Assert.Equal([ids[0]], await IdsAsync(database, new QueueFilter { ReceivedTo = december1.AddDays(-1) }));
    }

    [Fact]
    public async Task GetPage_NameSearch_NeverMatchesOnTheRrnAndRowsCarryOnlyTheMask()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await AddAsync(database, new Spec { Name = "홍길동", Rrn = "800101-1234567" });

        foreach (var query in new[] { "800101-1234567", "8001011234567", "800101", "1234567", "800101-1******" })
        {
            Assert.Empty((await PageAsync(database, new QueueFilter { ApplicantName = query })).Rows);
        }

        var row = Assert.Single((await PageAsync(database, new QueueFilter { ApplicantName = "홍" })).Rows);
        Assert.Equal("800101-1******", row.RrnMasked);
        Assert.DoesNotContain(typeof(QueueRow).GetProperties(), p => p.Name.Contains("Protected", StringComparison.Ordinal));
    }

    public static TheoryData<QueueSort> Sorts => new() { QueueSort.ReceivedNewest, QueueSort.ReceivedOldest, QueueSort.DueSoonest };

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task GetPage_KeysetPaging_WalksEveryRowOnceForwardAndBack(QueueSort sort)
    {
        await using var database = await SqliteDatabase.CreateAsync();

        // 53 petitions, received in groups of 4 at the same instant and due in groups of 6 on the same day:
        // the Id tie-breaker has to keep pages apart.
        var specs = Enumerable.Range(0, 53).Select(i => new Spec
        {
            ReceivedAtUtc = Base.AddMinutes((i * 7 % 53) / 4),
            Due = Today.AddDays((i * 11 % 53) / 6),
            Name = i % 2 == 0 ? "김하나" : "이두리",
        }).ToArray();
        var ids = await AddAsync(database, specs);
        var rows = ids.Zip(specs, (id, spec) => (Id: id, spec.ReceivedAtUtc, Due: spec.Due!.Value)).ToList();
        var expected = sort switch
        {
            QueueSort.ReceivedNewest => rows.OrderByDescending(r => r.ReceivedAtUtc).ThenByDescending(r => r.Id),
            QueueSort.ReceivedOldest => rows.OrderBy(r => r.ReceivedAtUtc).ThenBy(r => r.Id),
            QueueSort.DueSoonest => rows.OrderBy(r => r.Due).ThenBy(r => r.Id),
            _ => throw new ArgumentOutOfRangeException(nameof(sort)),
        };
        var expectedIds = expected.Select(r => r.Id).ToList();
        var filter = new QueueFilter { Sort = sort };

        var pages = new List<QueuePage>();
        string? cursor = null;
        do
        {
            var page = await PageAsync(database, filter, cursor, size: 7);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 20);

        Assert.Equal(8, pages.Count); // 7 full pages and 4 rows
        Assert.Equal(expectedIds, pages.SelectMany(p => p.Rows).Select(r => r.Id));
        Assert.Null(pages[0].PreviousCursor);
        Assert.All(pages.Skip(1), p => Assert.NotNull(p.PreviousCursor));

        // Back from the last page: each previous page is exactly the page seen going forward.
        var back = pages[^1];
        for (var i = pages.Count - 2; i >= 0; i--)
        {
            back = await PageAsync(database, filter, back.PreviousCursor, size: 7);
            Assert.Equal(pages[i].Rows.Select(r => r.Id), back.Rows.Select(r => r.Id));
            Assert.Equal(pages[i].NextCursor, back.NextCursor);
        }

        Assert.Null(back.PreviousCursor);
    }

    [Fact]
    public async Task GetPage_ForeignOrGarbledCursor_GivesTheFirstPage()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await AddAsync(database, [.. Enumerable.Range(0, 12).Select(i => new Spec { ReceivedAtUtc = Base.AddHours(i), Name = i < 6 ? "김가" : "박나" })]);
        var all = new QueueFilter();
        var first = await PageAsync(database, all, size: 5);
        var second = await PageAsync(database, all, first.NextCursor, size: 5);
        Assert.NotEqual(first.Rows.Select(r => r.Id), second.Rows.Select(r => r.Id));

        var otherFilter = await PageAsync(database, new QueueFilter { ApplicantName = "김" }, first.NextCursor, size: 5);
        var otherSort = await PageAsync(database, new QueueFilter { Sort = QueueSort.ReceivedOldest }, first.NextCursor, size: 5);
        var kimFirst = await PageAsync(database, new QueueFilter { ApplicantName = "김" }, size: 5);
        var oldestFirst = await PageAsync(database, new QueueFilter { Sort = QueueSort.ReceivedOldest }, size: 5);
        Assert.Equal(kimFirst.Rows.Select(r => r.Id), otherFilter.Rows.Select(r => r.Id));
        Assert.Equal(oldestFirst.Rows.Select(r => r.Id), otherSort.Rows.Select(r => r.Id));

        var tampered = first.NextCursor![..^2] + (first.NextCursor[^2] == 'A' ? "BB" : "AA");
        foreach (var garbled in new[] { "garbage", "%%%", "", "   ", tampered, new string('A', 5000), "cTEuYS4xLjEuMA" })
        {
            var page = await PageAsync(database, all, garbled, size: 5);
            Assert.Equal(first.Rows.Select(r => r.Id), page.Rows.Select(r => r.Id));
            Assert.Null(page.PreviousCursor);
        }
    }

    [Fact]
    public async Task CountByStatus_CountsPerStatusWithinTheScope()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await AddAsync(
            database,
            new Spec { Code = "WAGE-ARREARS-CONFIRM", Status = PetitionStatus.Received },
            new Spec { Code = "WAGE-ARREARS-CONFIRM", Status = PetitionStatus.Received },
            new Spec { Code = "SEVERANCE-PAY-CONFIRM", Status = PetitionStatus.Completed },
            new Spec { Code = "EI-ELIGIBILITY-HISTORY", Status = PetitionStatus.Received },
            new Spec { Code = "EI-ELIGIBILITY-HISTORY", Status = PetitionStatus.Rejected });
        var labour = await DepartmentOfAsync(database, "WAGE-ARREARS-CONFIRM");

        await using var scope = database.Scope();
        var queue = scope.ServiceProvider.GetRequiredService<IPetitionQueue>();
        var scoped = await queue.CountByStatusAsync(labour);
        var all = await queue.CountByStatusAsync(null);

        Assert.Equal(Enum.GetValues<PetitionStatus>(), scoped.Keys.Order());
        Assert.Equal(2, scoped[PetitionStatus.Received]);
        Assert.Equal(1, scoped[PetitionStatus.Completed]);
        Assert.Equal(0, scoped[PetitionStatus.Rejected]);
        Assert.Equal(0, scoped[PetitionStatus.InProgress]);
        Assert.Equal(3, all[PetitionStatus.Received]);
        Assert.Equal(1, all[PetitionStatus.Rejected]);
        Assert.Equal(5, all.Values.Sum());
    }

    [Fact]
    public async Task CountByStatus_AfterStatusChangesAndDeletes_StaysEqualToThePetitions()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var ids = await AddAsync(
            database,
            new Spec { Code = "WAGE-ARREARS-CONFIRM", Status = PetitionStatus.Received },
            new Spec { Code = "WAGE-ARREARS-CONFIRM", Status = PetitionStatus.Received },
            new Spec { Code = "SEVERANCE-PAY-CONFIRM", Status = PetitionStatus.Received },
            new Spec { Code = "EI-ELIGIBILITY-HISTORY", Status = PetitionStatus.InProgress });

        await using (var scope = database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            var moved = await db.Petitions.SingleAsync(p => p.Id == ids[0]);
            moved.Status = PetitionStatus.Completed;
            db.Petitions.Remove(await db.Petitions.SingleAsync(p => p.Id == ids[3]));
            await db.SaveChangesAsync();
        }

        await using var check = database.Scope();
        var petitions = await check.ServiceProvider.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking()
            .Select(p => new { p.Department, p.Status }).ToListAsync();
        var queue = check.ServiceProvider.GetRequiredService<IPetitionQueue>();
        foreach (var department in petitions.Select(p => p.Department).Distinct().Append("없는 부서"))
        {
            var counts = await queue.CountByStatusAsync(department);
            foreach (var status in Enum.GetValues<PetitionStatus>())
            {
                Assert.Equal(petitions.Count(p => p.Department == department && p.Status == status), counts[status]);
            }
        }

        var all = await queue.CountByStatusAsync(null);
        Assert.Equal(3, all.Values.Sum());
        Assert.Equal(1, all[PetitionStatus.Completed]);
        Assert.Equal(0, all[PetitionStatus.InProgress]);
    }

    [Fact]
    public async Task Sql_FirstAndFilteredPages_AreProjectedAndWalkAnIndexWithoutSorting()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await AddAsync(database, new Spec(), new Spec { Code = "SEVERANCE-PAY-CONFIRM" });
        var labour = await DepartmentOfAsync(database, "WAGE-ARREARS-CONFIRM");
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var queue = new PetitionQueue(db);
        var first = await queue.GetPageAsync(new QueueFilter { Department = labour }, null, 1, Today);

        var cases = new (QueueFilter Filter, string? Cursor, string Index)[]
        {
            (new QueueFilter { Department = labour }, null, "IX_Petitions_Queue_Received"),
            (new QueueFilter { Department = labour }, first.NextCursor, "IX_Petitions_Queue_Received"),
            (new QueueFilter { Department = labour, Sort = QueueSort.ReceivedOldest }, null, "IX_Petitions_Queue_Received"),
            (new QueueFilter { Department = labour, Sort = QueueSort.DueSoonest, Overdue = true }, null, "IX_Petitions_Queue_Due"),
            (new QueueFilter { Department = labour, Overdue = true, PetitionTypeId = 1, IdentityVerified = false, Paid = false, Delivery = DeliveryMethod.InPerson }, null, "IX_Petitions_Queue_Received"),
            (new QueueFilter { Department = labour, Status = PetitionStatus.Received }, null, "IX_Petitions_Queue_Status"),
            (new QueueFilter { Department = labour, Status = PetitionStatus.InProgress, IdentityVerified = false, Sort = QueueSort.DueSoonest }, null, "IX_Petitions_Queue_StatusDue"),
            (new QueueFilter(), null, "IX_Petitions_ReceivedAtUtc"),
            (new QueueFilter { Sort = QueueSort.DueSoonest }, null, "IX_Petitions_DueDate"),
        };
        foreach (var (filter, cursor, index) in cases)
        {
            var sql = queue.ToQueryString(filter, cursor, 20, Today);
            Assert.DoesNotContain("FormJson", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("AnswersJson", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("RrnProtected", sql, StringComparison.Ordinal);
            var plan = await ExplainAsync(db, sql);
            Assert.True(plan.Contains(index, StringComparison.Ordinal) && !plan.Contains("TEMP B-TREE", StringComparison.Ordinal), $"{filter} {cursor}: {plan}");
            Assert.DoesNotMatch(@"\bSCAN p\b(?! USING)", plan); // never a full table scan
        }

        // A name prefix is an index range (never a LIKE scan over the table) ...
        var byName = await ExplainAsync(db, queue.ToQueryString(new QueueFilter { Department = labour, ApplicantName = "김민" }, null, 20, Today));
        Assert.Contains("SEARCH p USING INDEX IX_Petitions_Queue_Name (Department=? AND ApplicantName>? AND ApplicantName<?)", byName, StringComparison.Ordinal);

        // ... except a common surname alone, which walks the receipt order and tests the name in the index.
        var bySurname = await ExplainAsync(db, queue.ToQueryString(new QueueFilter { Department = labour, ApplicantName = "김" }, null, 20, Today));
        Assert.Equal("SEARCH p USING INDEX IX_Petitions_Queue_Received (Department=?)", bySurname);
    }

    [Fact]
    public void Sql_OnSqlServer_TranslatesEveryFilterAndSort()
    {
        using var db = new SqlServerPetitionDbContext(new DbContextOptionsBuilder<SqlServerPetitionDbContext>()
            .UseSqlServer("Server=unused.invalid;Database=Petition;Trusted_Connection=True;TrustServerCertificate=True").Options);
        var queue = new PetitionQueue(db);
        var row = new QueueRow(42, "20261201-000001", 1, "체불", "김민준", "800101-1******", PetitionStatus.Received, Base, Today, DeliveryMethod.Online, IdentityVerification.VerifiedBySignature, 0, FeeStatus.NotRequired);
        foreach (var sort in Enum.GetValues<QueueSort>())
        {
            var filter = new QueueFilter
            {
                Department = "근로개선지도과",
                PetitionTypeId = 1,
                Status = PetitionStatus.Received,
                ReceivedFrom = Today.AddDays(-7),
                ReceivedTo = Today,
                Overdue = true,
                IdentityVerified = false,
                Delivery = DeliveryMethod.InPerson,
                Paid = false,
                ApplicantName = "김",
                Sort = sort,
            };
            foreach (var cursor in new[] { null, PetitionQueue.QueueCursor.Write(filter, row, false), PetitionQueue.QueueCursor.Write(filter, row, true) })
            {
                var sql = queue.ToQueryString(filter, cursor, 20, Today);
                Assert.Contains("SELECT TOP(@", sql, StringComparison.Ordinal);
                Assert.Contains("LIKE @", sql, StringComparison.Ordinal);
                Assert.Contains("ORDER BY", sql, StringComparison.Ordinal);
                Assert.DoesNotContain("FormJson", sql, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>EXPLAIN QUERY PLAN of EF's SQL, with the parameters it declares bound as EF binds them.</summary>
    private static async Task<string> ExplainAsync(PetitionDbContext db, string sql)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var lines = sql.Split('\n');
        foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var match = ParamLine().Match(line.Trim());
            var literal = match.Groups["value"].Value;
            object value = literal.StartsWith('\'')
                ? literal[1..^1].Replace("''", "'", StringComparison.Ordinal)
                : long.Parse(literal, CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(match.Groups["name"].Value, value);
        }

        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return string.Join('\n', plan);
    }

    [GeneratedRegex(@"^\.param set (?<name>@\S+) (?<value>.+)$")]
    private static partial Regex ParamLine();
}
