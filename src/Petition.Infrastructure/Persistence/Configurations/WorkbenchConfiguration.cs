using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Petition.Core.Applications;
using Petition.Core.Auditing;
using Petition.Core.Documents;
using Petition.Core.Notifications;
using Petition.Infrastructure.Identity;

namespace Petition.Infrastructure.Persistence.Configurations;

internal sealed class SupplementResponseConfiguration : IEntityTypeConfiguration<SupplementResponse>
{
    public void Configure(EntityTypeBuilder<SupplementResponse> builder)
    {
        builder.ToTable("SupplementResponses");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Request).HasMaxLength(2000).IsRequired();
        builder.Property(r => r.Message).HasMaxLength(2000).IsRequired();
        builder.Property(r => r.PreviousAnswers)
            .HasConversion(JsonColumn.DictionaryConverter(), JsonColumn.Comparer<Dictionary<string, string>>())
            .HasColumnName("PreviousAnswersJson")
            .IsRequired();
        builder.Property(r => r.Answers)
            .HasConversion(JsonColumn.DictionaryConverter(), JsonColumn.Comparer<Dictionary<string, string>>())
            .HasColumnName("AnswersJson")
            .IsRequired();
        builder.Property(r => r.SignerSummary).HasMaxLength(200);
        builder.HasIndex(r => new { r.PetitionId, r.AtUtc });
    }
}

internal sealed class SignatureVerificationConfiguration : IEntityTypeConfiguration<SignatureVerification>
{
    public void Configure(EntityTypeBuilder<SignatureVerification> builder)
    {
        builder.ToTable("SignatureVerifications");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Actor).HasMaxLength(100).IsRequired();
        builder.Property(v => v.Indication).HasMaxLength(40).IsRequired();
        builder.Property(v => v.SubIndication).HasMaxLength(60);
        builder.Property(v => v.ReportJson).IsRequired();
        builder.HasIndex(v => new { v.PetitionId, v.AtUtc });
    }
}

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.ToTable("AuditRecords");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ActorId).HasMaxLength(450);
        builder.Property(a => a.ActorName).HasMaxLength(256).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(64).IsRequired();
        builder.Property(a => a.TargetType).HasMaxLength(64);
        builder.Property(a => a.TargetId).HasMaxLength(128);
        builder.Property(a => a.From).HasMaxLength(64);
        builder.Property(a => a.To).HasMaxLength(64);
        builder.Property(a => a.Reason).HasMaxLength(2000);
        builder.Property(a => a.IpAddress).HasMaxLength(64);
        builder.HasIndex(a => a.AtUtc);
        builder.HasIndex(a => new { a.Action, a.AtUtc });
        builder.HasIndex(a => new { a.ActorName, a.AtUtc });
        builder.HasIndex(a => new { a.TargetType, a.TargetId });
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.DeduplicationKey).HasMaxLength(200).IsRequired();
        builder.HasIndex(m => m.DeduplicationKey).IsUnique();
        builder.Property(m => m.ToAddress).HasMaxLength(254).IsRequired();
        builder.Property(m => m.ToName).HasMaxLength(100);
        builder.Property(m => m.Subject).HasMaxLength(300).IsRequired();
        builder.Property(m => m.BodyText).IsRequired();
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.Property(m => m.Stamp).IsConcurrencyToken();
        builder.HasIndex(m => new { m.SentAtUtc, m.NextAttemptAtUtc });
    }
}

internal sealed class IssuedDocumentConfiguration : IEntityTypeConfiguration<IssuedDocument>
{
    public void Configure(EntityTypeBuilder<IssuedDocument> builder)
    {
        builder.ToTable("IssuedDocuments");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.DocumentNumber).HasMaxLength(40).IsRequired();
        builder.HasIndex(d => d.DocumentNumber).IsUnique();
        builder.HasIndex(d => d.PetitionId);
        builder.Property(d => d.ReceiptNumber).HasMaxLength(20).IsRequired();
        builder.Property(d => d.Title).HasMaxLength(200).IsRequired();
        builder.Property(d => d.ApplicantName).HasMaxLength(100).IsRequired();
        builder.Property(d => d.Pdf).IsRequired();
        builder.Property(d => d.PdfSha256).HasMaxLength(64).IsRequired();
        builder.HasIndex(d => d.PdfSha256);
        builder.Property(d => d.QrPayload).HasMaxLength(4000).IsRequired();
    }
}

internal sealed class PetitionStatusCountConfiguration : IEntityTypeConfiguration<PetitionStatusCount>
{
    public void Configure(EntityTypeBuilder<PetitionStatusCount> builder)
    {
        builder.ToTable(PetitionStatusCounter.TableName);
        builder.HasKey(c => new { c.Department, c.Status });
        builder.Property(c => c.Department).HasMaxLength(100);
        builder.Property(c => c.Status).HasConversion<int>();
    }
}

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100).IsRequired();
        builder.Property(u => u.Department).HasMaxLength(100);
        builder.Property(u => u.RrnProtected).HasMaxLength(1000);
        builder.Property(u => u.RrnMasked).HasMaxLength(14);
        builder.Property(u => u.PostalCode).HasMaxLength(5);
        builder.Property(u => u.Address).HasMaxLength(ApplicantValidator.AddressMaxLength);
        builder.Property(u => u.AddressDetail).HasMaxLength(ApplicantValidator.DetailMaxLength);
        builder.HasMany(u => u.Certificates).WithOne().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MemberCertificateConfiguration : IEntityTypeConfiguration<MemberCertificate>
{
    public void Configure(EntityTypeBuilder<MemberCertificate> builder)
    {
        builder.ToTable("MemberCertificates");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.UserId).HasMaxLength(450).IsRequired();
        builder.Property(c => c.FingerprintSha256).HasMaxLength(64).IsRequired();
        builder.HasIndex(c => c.FingerprintSha256).IsUnique();
        builder.Property(c => c.SubjectDn).HasMaxLength(1000).IsRequired();
        builder.Property(c => c.IssuerDn).HasMaxLength(1000).IsRequired();
        builder.Property(c => c.SerialNumber).HasMaxLength(128).IsRequired();
        builder.Property(c => c.Summary).HasMaxLength(200).IsRequired();
    }
}
