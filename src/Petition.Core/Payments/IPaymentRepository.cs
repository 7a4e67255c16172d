namespace Petition.Core.Payments;

public interface IPaymentRepository
{
    /// <summary>The payment, tracked for update; null when there is none.</summary>
    Task<Payment?> GetByOrderIdAsync(string orderId, CancellationToken cancellationToken = default);

    Task<Payment?> GetByDraftIdAsync(Guid draftId, CancellationToken cancellationToken = default);

    Task<Payment?> GetByPetitionIdAsync(long petitionId, CancellationToken cancellationToken = default);

    /// <summary>Adds the draft's order, or returns the one another request added first.</summary>
    Task<Payment> AddOrGetAsync(Payment payment, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically moves the payment from a startable or in-doubt status to <see cref="PaymentStatus.Confirming"/>;
    /// false when another request holds it. Only the winner calls the gateway's confirm.
    /// </summary>
    Task<bool> TryClaimConfirmAsync(Guid paymentId, string paymentKey, DateTime nowUtc, DateTime staleBeforeUtc, CancellationToken cancellationToken = default);

    Task SaveAsync(Payment payment, CancellationToken cancellationToken = default);

    /// <summary>Order ids of payments in doubt: needing reconciliation, or confirming since before <paramref name="staleBeforeUtc"/>.</summary>
    Task<IReadOnlyList<string>> ListInDoubtAsync(DateTime staleBeforeUtc, int max, CancellationToken cancellationToken = default);
}
