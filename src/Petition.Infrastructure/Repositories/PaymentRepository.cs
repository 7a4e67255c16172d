using Microsoft.EntityFrameworkCore;
using Petition.Core.Payments;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Repositories;

internal sealed class PaymentRepository(PetitionDbContext db) : IPaymentRepository
{
    public Task<Payment?> GetByOrderIdAsync(string orderId, CancellationToken cancellationToken = default) =>
        db.Payments.FirstOrDefaultAsync(p => p.OrderId == orderId, cancellationToken);

    public Task<Payment?> GetByDraftIdAsync(Guid draftId, CancellationToken cancellationToken = default) =>
        db.Payments.FirstOrDefaultAsync(p => p.DraftId == draftId, cancellationToken);

    public Task<Payment?> GetByPetitionIdAsync(long petitionId, CancellationToken cancellationToken = default) =>
        db.Payments.FirstOrDefaultAsync(p => p.PetitionId == petitionId, cancellationToken);

    public async Task<Payment> AddOrGetAsync(Payment payment, CancellationToken cancellationToken = default)
    {
        db.Payments.Add(payment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return payment;
        }
        catch (DbUpdateException)
        {
            // The unique index on DraftId: a parallel click created the order first.
            db.Entry(payment).State = EntityState.Detached;
            return await db.Payments.FirstAsync(p => p.DraftId == payment.DraftId, cancellationToken);
        }
    }

    public async Task<bool> TryClaimConfirmAsync(Guid paymentId, string paymentKey, DateTime nowUtc, DateTime staleBeforeUtc, CancellationToken cancellationToken = default)
    {
        var stamp = Guid.NewGuid();
        var claimed = await db.Payments
            .Where(p => p.Id == paymentId
                && (p.Status == PaymentStatus.Pending || p.Status == PaymentStatus.Declined || p.Status == PaymentStatus.Cancelled
                    || p.Status == PaymentStatus.Failed || p.Status == PaymentStatus.NeedsReconciliation
                    || (p.Status == PaymentStatus.Confirming && p.ConfirmStartedAtUtc < staleBeforeUtc)))
            .ExecuteUpdateAsync(u => u
                .SetProperty(p => p.Status, PaymentStatus.Confirming)
                .SetProperty(p => p.PaymentKey, paymentKey)
                .SetProperty(p => p.ConfirmStartedAtUtc, nowUtc)
                .SetProperty(p => p.UpdatedAtUtc, nowUtc)
                .SetProperty(p => p.ConcurrencyStamp, stamp), cancellationToken);
        return claimed == 1;
    }

    public async Task SaveAsync(Payment payment, CancellationToken cancellationToken = default)
    {
        if (db.Entry(payment).State == EntityState.Detached)
        {
            db.Payments.Update(payment);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListInDoubtAsync(DateTime staleBeforeUtc, int max, CancellationToken cancellationToken = default) =>
        await db.Payments.AsNoTracking()
            .Where(p => p.Status == PaymentStatus.NeedsReconciliation
                || (p.Status == PaymentStatus.Confirming && p.ConfirmStartedAtUtc < staleBeforeUtc))
            .OrderBy(p => p.UpdatedAtUtc)
            .Select(p => p.OrderId)
            .Take(max)
            .ToListAsync(cancellationToken);
}
