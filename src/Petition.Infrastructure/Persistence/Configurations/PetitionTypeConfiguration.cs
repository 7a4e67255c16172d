using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Petition.Core.Catalog;

namespace Petition.Infrastructure.Persistence.Configurations;

internal sealed class PetitionTypeConfiguration : IEntityTypeConfiguration<PetitionType>
{
    public void Configure(EntityTypeBuilder<PetitionType> builder)
    {
        builder.ToTable("PetitionTypes");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Code).HasMaxLength(50).IsRequired();
        builder.HasIndex(t => t.Code).IsUnique();
        builder.Property(t => t.Name).HasMaxLength(200).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(2000).IsRequired();
        builder.Property(t => t.Department).HasMaxLength(100).IsRequired();
        builder.Property(t => t.AllowedDeliveryMethods).HasConversion<int>();
        builder.Property(t => t.InPersonFeePayment).HasConversion<int>();
        builder.Property(t => t.Form)
            .HasConversion(JsonColumn.Converter<FormDefinition>(), JsonColumn.Comparer<FormDefinition>())
            .HasColumnName("FormJson")
            .IsRequired();
        builder.Property(t => t.AcceptedPolicyOids)
            .HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>())
            .HasColumnName("AcceptedPolicyOidsJson")
            .IsRequired();
        builder.HasIndex(t => new { t.IsActive, t.SortOrder });
    }
}
