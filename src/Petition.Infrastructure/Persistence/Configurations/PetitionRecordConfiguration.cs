using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Petition.Core.Applications;
using Petition.Core.Catalog;

namespace Petition.Infrastructure.Persistence.Configurations;

internal sealed class PetitionRecordConfiguration : IEntityTypeConfiguration<PetitionRecord>
{
    public void Configure(EntityTypeBuilder<PetitionRecord> builder)
    {
        builder.ToTable("Petitions");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.ReceiptNumber).HasMaxLength(20).IsRequired();
        builder.HasIndex(p => p.ReceiptNumber).IsUnique();

        // One petition per draft: the database itself refuses a second one (double submit).
        builder.HasIndex(p => p.DraftId).IsUnique();

        // No foreign key to AspNetUsers: deleting an account sets this to null in code, in the same transaction,
        // and keeps the petition (SQL Server would refuse a second cascade path from AspNetUsers).
        builder.Property(p => p.MemberId).HasMaxLength(450);
        builder.HasIndex(p => new { p.MemberId, p.ReceivedAtUtc });
        builder.Property(p => p.PetitionTypeName).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Department).HasMaxLength(100).IsRequired();
        builder.Property(p => p.Form)
            .HasConversion(JsonColumn.Converter<FormDefinition>(), JsonColumn.Comparer<FormDefinition>())
            .HasColumnName("FormJson")
            .IsRequired();
        builder.Property(p => p.Answers)
            .HasConversion(JsonColumn.DictionaryConverter(), JsonColumn.Comparer<Dictionary<string, string>>())
            .HasColumnName("AnswersJson")
            .IsRequired();
        builder.Property(p => p.ApplicantName).HasMaxLength(ApplicantValidator.NameMaxLength).IsRequired();
        builder.Property(p => p.RrnProtected).HasMaxLength(1000).IsRequired();
        builder.Property(p => p.RrnMasked).HasMaxLength(14).IsRequired();
        builder.Property(p => p.PostalCode).HasMaxLength(5).IsRequired();
        builder.Property(p => p.Address).HasMaxLength(ApplicantValidator.AddressMaxLength).IsRequired();
        builder.Property(p => p.AddressDetail).HasMaxLength(ApplicantValidator.DetailMaxLength);
        builder.Property(p => p.Phone).HasMaxLength(20);
        builder.Property(p => p.Email).HasMaxLength(254);
        builder.Property(p => p.Delivery).HasConversion<int>();
        builder.Property(p => p.ChosenDelivery).HasConversion<int>();
        builder.Property(p => p.MailPostalCode).HasMaxLength(5);
        builder.Property(p => p.MailAddress).HasMaxLength(ApplicantValidator.AddressMaxLength);
        builder.Property(p => p.MailAddressDetail).HasMaxLength(ApplicantValidator.DetailMaxLength);
        builder.Property(p => p.Identity).HasConversion<int>();
        builder.Property(p => p.FeeStatus).HasConversion<int>();
        builder.Property(p => p.PaymentOrderId).HasMaxLength(64);
        builder.Property(p => p.PaymentMethod).HasMaxLength(50);
        builder.Property(p => p.PaymentApprovalNumber).HasMaxLength(50);
        builder.Property(p => p.Status).HasConversion<int>();
        builder.Property(p => p.SignerSummary).HasMaxLength(200);
        builder.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(p => new { p.Status, p.ReceivedAtUtc });

        // The clerks' queue (Queries/PetitionQueue.cs): keyset pages on (sort key, Id), so Id follows the sort key in
        // each sort index. A clerk's scope is one department: a page walks the department's slice of a sort index in
        // order and stops after one page. The filter columns trail the key so SQLite tests them in the index and reads
        // a table row (with its JSON columns) only for the rows of the page.
        builder.HasIndex(p => new { p.Department, p.ReceivedAtUtc, p.Id, p.Status, p.PetitionTypeId, p.DueDate, p.Identity, p.Delivery, p.FeeStatus, p.FeeKrw, p.ApplicantName })
            .HasDatabaseName("IX_Petitions_Queue_Received");
        builder.HasIndex(p => new { p.Department, p.DueDate, p.Id, p.Status, p.PetitionTypeId, p.Identity, p.Delivery, p.FeeStatus, p.FeeKrw, p.ApplicantName })
            .HasDatabaseName("IX_Petitions_Queue_Due");

        // A status tab within a department (the common filter) in either order; the per-status counts read only the first.
        builder.HasIndex(p => new { p.Department, p.Status, p.ReceivedAtUtc, p.Id, p.PetitionTypeId, p.DueDate, p.Identity, p.Delivery, p.FeeStatus, p.FeeKrw })
            .HasDatabaseName("IX_Petitions_Queue_Status");
        builder.HasIndex(p => new { p.Department, p.Status, p.DueDate, p.Id, p.PetitionTypeId, p.Identity, p.Delivery, p.FeeStatus, p.FeeKrw })
            .HasDatabaseName("IX_Petitions_Queue_StatusDue");

        // Applicant name prefix search (never the RRN) as an index range, within a department or across all.
        builder.HasIndex(p => new { p.Department, p.ApplicantName, p.ReceivedAtUtc })
            .HasDatabaseName("IX_Petitions_Queue_Name");
        builder.HasIndex(p => new { p.ApplicantName, p.ReceivedAtUtc })
            .HasDatabaseName("IX_Petitions_ApplicantName");

        // Administrators (every department): the two sort orders (Id is implied after the key).
        builder.HasIndex(p => p.ReceivedAtUtc);
        builder.HasIndex(p => p.DueDate);
        builder.Property(p => p.SupplementRequest).HasMaxLength(2000);
        builder.Property(p => p.RejectionReason).HasMaxLength(2000);
        builder.Property(p => p.PostalTrackingNumber).HasMaxLength(30);
        builder.Property(p => p.CounterIdentityCheckedBy).HasMaxLength(100);
        builder.HasMany(p => p.History).WithOne().HasForeignKey(h => h.PetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.SupplementResponses).WithOne().HasForeignKey(r => r.PetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Reverifications).WithOne().HasForeignKey(v => v.PetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.MailingAddress);
    }
}

internal sealed class PetitionHistoryEntryConfiguration : IEntityTypeConfiguration<PetitionHistoryEntry>
{
    public void Configure(EntityTypeBuilder<PetitionHistoryEntry> builder)
    {
        builder.ToTable("PetitionHistory");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.FromStatus).HasConversion<int?>();
        builder.Property(h => h.ToStatus).HasConversion<int>();
        builder.Property(h => h.Actor).HasMaxLength(100).IsRequired();
        builder.Property(h => h.Note).HasMaxLength(1000);
        builder.HasIndex(h => new { h.PetitionId, h.AtUtc });
    }
}

internal sealed class ReceiptCounterConfiguration : IEntityTypeConfiguration<ReceiptCounter>
{
    public void Configure(EntityTypeBuilder<ReceiptCounter> builder)
    {
        builder.ToTable("ReceiptCounters");
        builder.HasKey(c => c.Day);
        builder.Property(c => c.Stamp).IsConcurrencyToken();
    }
}

internal sealed class SigningChallengeConfiguration : IEntityTypeConfiguration<SigningChallenge>
{
    public void Configure(EntityTypeBuilder<SigningChallenge> builder)
    {
        builder.ToTable("SigningChallenges");
        builder.HasKey(c => c.Nonce);
        builder.Property(c => c.Nonce).HasMaxLength(64);
        builder.Property(c => c.Document).IsRequired();
        builder.HasIndex(c => new { c.DraftId, c.IssuedAtUtc });
        builder.HasIndex(c => c.ExpiresAtUtc);
    }
}
