using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Petition.Core.Catalog;
using Petition.Infrastructure.Trust;

namespace Petition.Infrastructure.Persistence.Configurations;

internal sealed class PetitionTypeVersionConfiguration : IEntityTypeConfiguration<PetitionTypeVersion>
{
    public void Configure(EntityTypeBuilder<PetitionTypeVersion> builder)
    {
        builder.ToTable("PetitionTypeVersions");
        builder.HasKey(v => v.Id);
        builder.HasIndex(v => new { v.PetitionTypeId, v.Version }).IsUnique();
        builder.HasOne<PetitionType>().WithMany().HasForeignKey(v => v.PetitionTypeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(v => v.Name).HasMaxLength(200).IsRequired();
        builder.Property(v => v.Description).HasMaxLength(2000).IsRequired();
        builder.Property(v => v.Department).HasMaxLength(100).IsRequired();
        builder.Property(v => v.AllowedDeliveryMethods).HasConversion<int>();
        builder.Property(v => v.InPersonFeePayment).HasConversion<int>();
        builder.Property(v => v.Form)
            .HasConversion(JsonColumn.Converter<FormDefinition>(), JsonColumn.Comparer<FormDefinition>())
            .HasColumnName("FormJson")
            .IsRequired();
        builder.Property(v => v.AcceptedPolicyOids)
            .HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>())
            .HasColumnName("AcceptedPolicyOidsJson")
            .IsRequired();
        builder.Property(v => v.CreatedBy).HasMaxLength(256).IsRequired();
        builder.Property(v => v.ChangeNote).HasMaxLength(1000);
    }
}

internal sealed class TrustCertificateConfiguration : IEntityTypeConfiguration<TrustCertificate>
{
    public void Configure(EntityTypeBuilder<TrustCertificate> builder)
    {
        builder.ToTable("TrustCertificates");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Kind).HasConversion<int>();
        builder.Property(c => c.Source).HasConversion<int>();
        builder.Property(c => c.Der).IsRequired();
        builder.Property(c => c.FingerprintSha256).HasMaxLength(64).IsRequired();
        builder.HasIndex(c => c.FingerprintSha256).IsUnique();
        builder.Property(c => c.FingerprintSha1).HasMaxLength(40).IsRequired();
        builder.Property(c => c.SubjectDn).HasMaxLength(1000).IsRequired();
        builder.Property(c => c.IssuerDn).HasMaxLength(1000).IsRequired();
        builder.Property(c => c.SerialNumber).HasMaxLength(128).IsRequired();
        builder.Property(c => c.PolicyOids)
            .HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>())
            .HasColumnName("PolicyOidsJson")
            .IsRequired();
        builder.Property(c => c.CrlDistributionPoints)
            .HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>())
            .HasColumnName("CrlDistributionPointsJson")
            .IsRequired();
        builder.Property(c => c.AddedBy).HasMaxLength(256).IsRequired();
        builder.Property(c => c.ChangedBy).HasMaxLength(256);
        builder.HasIndex(c => new { c.Enabled, c.Kind });
    }
}

internal sealed class TrustCrlConfiguration : IEntityTypeConfiguration<TrustCrl>
{
    public void Configure(EntityTypeBuilder<TrustCrl> builder)
    {
        builder.ToTable("TrustCrls");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Source).HasConversion<int>();
        builder.Property(c => c.Der).IsRequired();
        builder.Property(c => c.IssuerDn).HasMaxLength(1000).IsRequired();
        builder.HasOne<TrustCertificate>().WithMany().HasForeignKey(c => c.IssuerCertificateId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(c => c.CrlNumber).HasMaxLength(100);
        builder.Property(c => c.DistributionPointUrl).HasMaxLength(2000);
        builder.Property(c => c.LastFetchError).HasMaxLength(2000);
        builder.HasIndex(c => c.NextUpdateUtc);
    }
}

internal sealed class TrustStoreStateConfiguration : IEntityTypeConfiguration<TrustStoreState>
{
    public void Configure(EntityTypeBuilder<TrustStoreState> builder)
    {
        builder.ToTable("TrustStoreState");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Property(s => s.OcspResponderUrl).HasMaxLength(2000);
        builder.Property(s => s.DemoGeneratedAt).HasMaxLength(64);
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
        builder.HasData(new TrustStoreState { Id = TrustStoreState.SingletonId, Version = 1, UpdatedAtUtc = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc) });
    }
}
