using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Petition.Core.Applications;
using Petition.Core.Catalog;

namespace Petition.Infrastructure.Persistence.Configurations;

internal sealed class DraftConfiguration : IEntityTypeConfiguration<Draft>
{
    public void Configure(EntityTypeBuilder<Draft> builder)
    {
        builder.ToTable("Drafts");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.OwnerTokenHash).HasMaxLength(64).IsRequired();
        builder.Property(d => d.ConcurrencyStamp).IsConcurrencyToken();
        builder.Property(d => d.MemberId).HasMaxLength(450);
        builder.HasIndex(d => new { d.MemberId, d.UpdatedAtUtc });
        builder.HasOne(d => d.PetitionType).WithMany().HasForeignKey(d => d.PetitionTypeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.Form)
            .HasConversion(JsonColumn.Converter<FormDefinition>(), JsonColumn.Comparer<FormDefinition>())
            .HasColumnName("FormJson")
            .IsRequired();
        builder.Property(d => d.Answers)
            .HasConversion(JsonColumn.DictionaryConverter(), JsonColumn.Comparer<Dictionary<string, string>>())
            .HasColumnName("AnswersJson")
            .IsRequired();
        builder.Property(d => d.ApplicantName).HasMaxLength(ApplicantValidator.NameMaxLength);
        builder.Property(d => d.RrnProtected).HasMaxLength(1000);
        builder.Property(d => d.RrnMasked).HasMaxLength(14);
        builder.Property(d => d.PostalCode).HasMaxLength(5);
        builder.Property(d => d.Address).HasMaxLength(ApplicantValidator.AddressMaxLength);
        builder.Property(d => d.AddressDetail).HasMaxLength(ApplicantValidator.DetailMaxLength);
        builder.Property(d => d.Phone).HasMaxLength(20);
        builder.Property(d => d.Email).HasMaxLength(254);
        builder.Property(d => d.ChosenDelivery).HasConversion<int?>();
        builder.Property(d => d.MailPostalCode).HasMaxLength(5);
        builder.Property(d => d.MailAddress).HasMaxLength(ApplicantValidator.AddressMaxLength);
        builder.Property(d => d.MailAddressDetail).HasMaxLength(ApplicantValidator.DetailMaxLength);
        builder.Property(d => d.CertificateChoice).HasConversion<int>();
        builder.Property(d => d.SubmittedReceiptNumber).HasMaxLength(20);
        builder.Property(d => d.SignerSummary).HasMaxLength(200);
        builder.HasIndex(d => d.ExpiresAtUtc);
        builder.HasIndex(d => d.OwnerTokenHash);
        builder.Ignore(d => d.ApplicantAddress);
        builder.Ignore(d => d.MailingAddress);
        builder.Ignore(d => d.ChosenMailingAddress);
        builder.Ignore(d => d.Published);
    }
}
