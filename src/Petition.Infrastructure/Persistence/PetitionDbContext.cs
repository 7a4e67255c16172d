using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Petition.Core.Applications;
using Petition.Core.Auditing;
using Petition.Core.Catalog;
using Petition.Core.Documents;
using Petition.Core.Notifications;
using Petition.Core.Payments;
using Petition.Infrastructure.Identity;
using Petition.Infrastructure.Payments;
using Petition.Infrastructure.Trust;

namespace Petition.Infrastructure.Persistence;

/// <summary>
/// The portal's database. Each provider has its own derived context type so that its migrations
/// live apart (Migrations/Sqlite, Migrations/SqlServer); the model is the same. The ASP.NET Core Identity
/// tables (staff and members) live here too.
/// </summary>
public abstract class PetitionDbContext : IdentityDbContext<PortalUser, IdentityRole, string>, IDataProtectionKeyContext
{
    protected PetitionDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<PetitionType> PetitionTypes => Set<PetitionType>();

    public DbSet<Draft> Drafts => Set<Draft>();

    public DbSet<PetitionRecord> Petitions => Set<PetitionRecord>();

    public DbSet<PetitionHistoryEntry> PetitionHistory => Set<PetitionHistoryEntry>();

    public DbSet<SigningChallenge> SigningChallenges => Set<SigningChallenge>();

    public DbSet<ReceiptCounter> ReceiptCounters => Set<ReceiptCounter>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<DemoGatewayOrder> DemoGatewayOrders => Set<DemoGatewayOrder>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SupplementResponse> SupplementResponses => Set<SupplementResponse>();

    public DbSet<SignatureVerification> SignatureVerifications => Set<SignatureVerification>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<IssuedDocument> IssuedDocuments => Set<IssuedDocument>();

    public DbSet<PetitionStatusCount> PetitionStatusCounts => Set<PetitionStatusCount>();

    public DbSet<PetitionTypeVersion> PetitionTypeVersions => Set<PetitionTypeVersion>();

    public DbSet<MemberCertificate> MemberCertificates => Set<MemberCertificate>();

    public DbSet<TrustCertificate> TrustCertificates => Set<TrustCertificate>();

    public DbSet<TrustCrl> TrustCrls => Set<TrustCrl>();

    public DbSet<TrustStoreState> TrustStoreStates => Set<TrustStoreState>();

    /// <summary>
    /// Saves, and keeps <see cref="PetitionStatusCounts"/> in step with the petitions added, moved or deleted by
    /// this save, atomically with it (inside the caller's transaction, or one of its own).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var deltas = PetitionStatusCounter.Collect(ChangeTracker);
        if (deltas.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (Database.CurrentTransaction is not null)
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await PetitionStatusCounter.ApplyAsync(this, deltas, cancellationToken);
            return saved;
        }

        var written = await Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            await PetitionStatusCounter.ApplyAsync(this, deltas, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return saved;
        });
        if (acceptAllChangesOnSuccess)
        {
            ChangeTracker.AcceptAllChanges();
        }

        return written;
    }

    /// <summary>Recomputes <see cref="PetitionStatusCounts"/> from the petitions (after bulk writes that bypass EF).</summary>
    public Task RebuildStatusCountsAsync(CancellationToken cancellationToken = default) =>
        PetitionStatusCounter.RebuildAsync(this, cancellationToken);

    /// <inheritdoc cref="SaveChangesAsync(bool, CancellationToken)"/>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        PetitionStatusCounter.Collect(ChangeTracker).Count == 0
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PetitionDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
}

public sealed class SqlitePetitionDbContext(DbContextOptions<SqlitePetitionDbContext> options) : PetitionDbContext(options);

public sealed class SqlServerPetitionDbContext(DbContextOptions<SqlServerPetitionDbContext> options) : PetitionDbContext(options);

/// <summary>The last receipt sequence handed out for one Korean calendar day.</summary>
public sealed class ReceiptCounter
{
    public DateOnly Day { get; set; }

    public int LastValue { get; set; }

    public Guid Stamp { get; set; }
}
