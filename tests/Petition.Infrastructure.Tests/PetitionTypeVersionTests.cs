using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Infrastructure.Persistence;
using Petition.Infrastructure.Seeding;

namespace Petition.Infrastructure.Tests;

/// <summary>Published versions of petition types: the start-up backfill and a draft loaded with the version it began with.</summary>
public sealed class PetitionTypeVersionTests
{
    [Fact]
    public async Task Initialize_DatabaseWithoutVersionRows_PublishesEachTypesCurrentVersionOnce()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using (var scope = database.Scope())
        {
            // A database from before versioning: no version rows, and one type already at version 3.
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            await db.PetitionTypeVersions.ExecuteDeleteAsync();
            await db.PetitionTypes.Where(t => t.Code == "EI-ELIGIBILITY-HISTORY").ExecuteUpdateAsync(s => s.SetProperty(t => t.Version, 3));
        }

        for (var run = 0; run < 2; run++)
        {
            await using var scope = database.Scope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }

        await using (var scope = database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            var versions = await db.PetitionTypeVersions.AsNoTracking().ToListAsync();
            var types = await db.PetitionTypes.AsNoTracking().ToListAsync();
            Assert.Equal(types.Count, versions.Count);
            foreach (var type in types)
            {
                var version = Assert.Single(versions, v => v.PetitionTypeId == type.Id);
                Assert.Equal(type.Version, version.Version);
                Assert.Equal(type.Name, version.Name);
                Assert.Equal(type.FeeKrw, version.FeeKrw);
                Assert.Equal(type.Form.Fields.Select(f => f.Key), version.Form.Fields.Select(f => f.Key));
                Assert.Equal(CatalogSeed.SystemActor, version.CreatedBy);
            }
        }
    }

    [Fact]
    public async Task DraftRepository_DraftOnAnOlderVersion_FollowsThatVersionNotTheLiveType()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        Guid draftId;
        await using (var scope = database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            var type = await db.PetitionTypes.FirstAsync(t => t.Code == "TRAINING-COMPLETION-CERT");
            var draft = Draft.Start(type, new string('a', 64), DateTime.UtcNow, TimeSpan.FromDays(7));
            draftId = draft.Id;
            db.Drafts.Add(draft);
            await db.SaveChangesAsync();

            // Version 2 as the administrator's editor publishes it: live row and snapshot together.
            type.FeeKrw = 5000;
            type.Name = "바뀐 이름";
            type.Version = 2;
            db.PetitionTypeVersions.Add(Core.Catalog.PetitionTypeVersion.Snapshot(type, DateTime.UtcNow, "test"));
            await db.SaveChangesAsync();
        }

        await using (var scope = database.Scope())
        {
            var drafts = scope.ServiceProvider.GetRequiredService<IDraftRepository>();
            var draft = (await drafts.GetAsync(draftId))!;
            Assert.Equal(1000, draft.FeeKrw);
            Assert.Equal("직업능력개발훈련 수료증명서 발급", draft.Published!.Name);
            Assert.Equal(5000, draft.PetitionType!.FeeKrw);

            // Saving the draft never writes the snapshot back into the catalog.
            draft.UpdatedAtUtc = DateTime.UtcNow;
            await drafts.SaveAsync(draft);
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            Assert.Equal(5000, await db.PetitionTypes.AsNoTracking().Where(t => t.Code == "TRAINING-COMPLETION-CERT").Select(t => t.FeeKrw).SingleAsync());
        }
    }
}
