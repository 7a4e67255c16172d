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
