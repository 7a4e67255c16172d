using Petition.Core.Applications;
using Petition.Core.Catalog;

namespace Petition.Core.Abstractions;

public interface IPetitionTypeRepository
{
    Task<IReadOnlyList<PetitionType>> ListActiveAsync(CancellationToken cancellationToken = default);

    Task<PetitionType?> GetAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>Every type, active and retired, in catalog order (the administrator's list).</summary>
    Task<IReadOnlyList<PetitionType>> ListAllAsync(CancellationToken cancellationToken = default);

    /// <summary>One published version of a type (the snapshot drafts and petitions of that version follow); null when unknown.</summary>
    Task<PetitionTypeVersion?> GetVersionAsync(int petitionTypeId, int version, CancellationToken cancellationToken = default);

    /// <summary>The published versions of a type, newest first.</summary>
    Task<IReadOnlyList<PetitionTypeVersion>> ListVersionsAsync(int petitionTypeId, CancellationToken cancellationToken = default);
}

public interface IDraftRepository
{
    /// <summary>The draft with its petition type, tracked for update; null when there is none.</summary>
    Task<Draft?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>This owner's drafts not yet submitted nor expired, most recently edited first.</summary>
    Task<IReadOnlyList<Draft>> ListOpenByOwnerAsync(string ownerTokenHash, DateTime nowUtc, int max, CancellationToken cancellationToken = default);

    Task AddAsync(Draft draft, CancellationToken cancellationToken = default);

    Task SaveAsync(Draft draft, CancellationToken cancellationToken = default);

    /// <summary>
    /// Discards the draft's unsaved changes and reads its stored values again (another request saved it first);
    /// false when the draft no longer exists (expired and cleaned up, or its member account deleted).
    /// </summary>
    Task<bool> ReloadAsync(Draft draft, CancellationToken cancellationToken = default);

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

    /// <summary>
    /// As <see cref="SubmitAsync(Draft, Func{PetitionRecord}, DateOnly, CancellationToken)"/>, and runs
    /// <paramref name="inTransaction"/> with the petition (new or the existing one) before the commit, so
    /// changes it makes to tracked entities (a payment marked approved) commit atomically with it.
    /// </summary>
    Task<PetitionRecord> SubmitAsync(Draft draft, Func<PetitionRecord> build, DateOnly receiptDay, Action<PetitionRecord> inTransaction, CancellationToken cancellationToken = default);
}

public interface ISigningChallengeRepository
{
    Task AddAsync(SigningChallenge challenge, CancellationToken cancellationToken = default);

    Task<SigningChallenge?> GetAsync(string nonce, CancellationToken cancellationToken = default);

    /// <summary>The newest challenge of a draft still open at <paramref name="nowUtc"/>, if any.</summary>
    Task<SigningChallenge?> FindOpenAsync(Guid draftId, DateTime nowUtc, CancellationToken cancellationToken = default);

    /// <summary>Deletes challenges past their expiry (the signed evidence lives on the draft or petition); returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTime nowUtc, CancellationToken cancellationToken = default);

    /// <summary>Marks the nonce used in one atomic statement; false when it was used before, expired or unknown.</summary>
    Task<bool> TryConsumeAsync(string nonce, DateTime nowUtc, CancellationToken cancellationToken = default);
}
