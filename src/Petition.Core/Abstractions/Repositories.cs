using Petition.Core.Applications;
using Petition.Core.Catalog;

namespace Petition.Core.Abstractions;

public interface IPetitionTypeRepository
{
    Task<IReadOnlyList<PetitionType>> ListActiveAsync(CancellationToken cancellationToken = default);

    Task<PetitionType?> GetAsync(int id, CancellationToken cancellationToken = default);
}

public interface IDraftRepository
{
    /// <summary>The draft with its petition type, tracked for update; null when there is none.</summary>
    Task<Draft?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>This owner's drafts not yet submitted nor expired, most recently edited first.</summary>
    Task<IReadOnlyList<Draft>> ListOpenByOwnerAsync(string ownerTokenHash, DateTime nowUtc, int max, CancellationToken cancellationToken = default);

    Task AddAsync(Draft draft, CancellationToken cancellationToken = default);

    Task SaveAsync(Draft draft, CancellationToken cancellationToken = default);

    /// <summary>Deletes unsubmitted drafts past their expiry; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTime nowUtc, CancellationToken cancellationToken = default);
}

public interface IPetitionRepository
{
    Task<PetitionRecord?> GetByReceiptNumberAsync(string receiptNumber, CancellationToken cancellationToken = default);

    /// <summary>
    /// Receives the petition built from <paramref name="draft"/> in one transaction: allocates the receipt
    /// number, stores the record and marks the draft submitted. A draft already submitted (a double click,
    /// a retried post) returns the petition it produced before; no second petition is ever written.
    /// </summary>
    Task<PetitionRecord> SubmitAsync(Draft draft, Func<PetitionRecord> build, DateOnly receiptDay, CancellationToken cancellationToken = default);
}
