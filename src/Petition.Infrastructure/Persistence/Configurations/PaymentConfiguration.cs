using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Petition.Core.Payments;
using Petition.Infrastructure.Payments;

namespace Petition.Infrastructure.Persistence.Configurations;

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("Payments");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.OrderId).HasMaxLength(64).IsRequired();
        builder.HasIndex(p => p.OrderId).IsUnique();

        // One order per draft: a double click can never open a second one.
        builder.HasIndex(p => p.DraftId).IsUnique();
        builder.HasIndex(p => p.PetitionId);
        builder.HasIndex(p => new { p.Status, p.ConfirmStartedAtUtc });
        builder.Property(p => p.OrderName).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Status).HasConversion<int>();
        builder.Property(p => p.Provider).HasMaxLength(20).IsRequired();
        builder.Property(p => p.IdempotencyKey).HasMaxLength(300).IsRequired();
        builder.Property(p => p.PaymentKey).HasMaxLength(200);
        builder.Property(p => p.Method).HasMaxLength(50);
        builder.Property(p => p.ApprovalNumber).HasMaxLength(50);
        builder.Property(p => p.CardNumberMasked).HasMaxLength(30);
        builder.Property(p => p.FailureCode).HasMaxLength(100);
        builder.Property(p => p.FailureMessage).HasMaxLength(500);
        builder.Property(p => p.RefundReason).HasMaxLength(500);
        builder.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
        builder.Ignore(p => p.CanStartAttempt);
        builder.Ignore(p => p.IsInDoubt);
    }
}

internal sealed class DemoGatewayOrderConfiguration : IEntityTypeConfiguration<DemoGatewayOrder>
{
    public void Configure(EntityTypeBuilder<DemoGatewayOrder> builder)
    {
        builder.ToTable("DemoGatewayOrders");
        builder.HasKey(o => o.OrderId);
        builder.Property(o => o.OrderId).HasMaxLength(64);
        builder.Property(o => o.OrderName).HasMaxLength(200).IsRequired();
        builder.Property(o => o.Status).HasConversion<int>();
        builder.Property(o => o.PaymentKey).HasMaxLength(200);
        builder.HasIndex(o => o.PaymentKey).IsUnique();
        builder.Property(o => o.CardNumberMasked).HasMaxLength(30);
        builder.Property(o => o.ApprovalNumber).HasMaxLength(50);
        builder.Property(o => o.SuccessUrl).HasMaxLength(1000).IsRequired();
        builder.Property(o => o.FailUrl).HasMaxLength(1000).IsRequired();
    }
}
