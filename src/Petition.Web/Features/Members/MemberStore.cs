using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Petition.Core.Applications;
using Petition.Core.Auditing;
using Petition.Core.Payments;
using Petition.Infrastructure.Identity;
using Petition.Infrastructure.Persistence;

namespace Petition.Web.Features.Members;

/// <summary>A member's open draft as 나의 민원 lists it.</summary>
public sealed record MemberDraftRow(Guid Id, string PetitionTypeName, DateTime UpdatedAtUtc, DateTime ExpiresAtUtc);

/// <summary>A member's filed petition as 나의 민원 lists it.</summary>
public sealed record MemberPetitionRow(string ReceiptNumber, string PetitionTypeName, PetitionStatus Status, DateTime ReceivedAtUtc, DateOnly DueDate);

/// <summary>What deleting an account did.</summary>
public sealed record MemberDeletion(int PetitionsKept, int DraftsDeleted);

/// <summary>The members' queries and the account deletion (one transaction), over the portal's database.</summary>
public sealed class MemberStore(PetitionDbContext db, UserManager<PortalUser> users, IAuditLog audit)
{
    /// <summary>The most a member may bind (a bank, a securities and a general certificate, and renewals).</summary>
    public const int MaxCertificates = 5;

    public async Task<IReadOnlyList<MemberDraftRow>> OpenDraftsAsync(string memberId, DateTime nowUtc, CancellationToken cancellationToken) =>
        await db.Drafts.AsNoTracking()
            .Where(d => d.MemberId == memberId && d.SubmittedPetitionId == null && d.ExpiresAtUtc > nowUtc)
            .OrderByDescending(d => d.UpdatedAtUtc)
            .Take(50)
            .Select(d => new MemberDraftRow(d.Id, d.PetitionType == null ? string.Empty : d.PetitionType.Name, d.UpdatedAtUtc, d.ExpiresAtUtc))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<MemberPetitionRow>> PetitionsAsync(string memberId, CancellationToken cancellationToken) =>
        await db.Petitions.AsNoTracking()
            .Where(p => p.MemberId == memberId)
            .OrderByDescending(p => p.ReceivedAtUtc)
            .Take(200)
            .Select(p => new MemberPetitionRow(p.ReceiptNumber, p.PetitionTypeName, p.Status, p.ReceivedAtUtc, p.DueDate))
            .ToListAsync(cancellationToken);

    /// <summary>The member's petition with this receipt number, or null (not theirs, or none).</summary>
    public Task<PetitionRecord?> PetitionAsync(string memberId, string receiptNumber, CancellationToken cancellationToken) =>
        db.Petitions.AsNoTracking().FirstOrDefaultAsync(p => p.MemberId == memberId && p.ReceiptNumber == receiptNumber, cancellationToken);

    public async Task<IReadOnlyList<MemberCertificate>> CertificatesAsync(string memberId, CancellationToken cancellationToken) =>
        await db.MemberCertificates.AsNoTracking().Where(c => c.UserId == memberId).OrderBy(c => c.BoundAtUtc).ThenBy(c => c.Id).ToListAsync(cancellationToken);

    public Task<MemberCertificate?> FindCertificateAsync(string fingerprint, CancellationToken cancellationToken) =>
        db.MemberCertificates.FirstOrDefaultAsync(c => c.FingerprintSha256 == fingerprint, cancellationToken);

    /// <summary>Binds a certificate; false when its fingerprint is bound already (to anyone: the unique index decides).</summary>
    public async Task<bool> BindAsync(MemberCertificate certificate, AuditRecord record, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                db.MemberCertificates.Add(certificate);
                await db.SaveChangesAsync(cancellationToken);
                await audit.AppendAsync(record, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return true;
            });
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Removes one of the member's certificates; null when it is not theirs.</summary>
    public async Task<MemberCertificate?> UnbindAsync(string memberId, long certificateId, Func<MemberCertificate, AuditRecord> record, CancellationToken cancellationToken)
    {
        var certificate = await db.MemberCertificates.FirstOrDefaultAsync(c => c.Id == certificateId && c.UserId == memberId, cancellationToken);
        if (certificate is null)
        {
            return null;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.MemberCertificates.Remove(certificate);
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(record(certificate), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return certificate;
    }

    public async Task TouchCertificateAsync(MemberCertificate certificate, DateTime nowUtc, CancellationToken cancellationToken)
    {
        certificate.LastUsedAtUtc = nowUtc;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the account in one transaction: the member's unsubmitted drafts are deleted, filed petitions (and
    /// the drafts they were filed from) are kept with the member link set to null, the bound certificates go with
    /// the account, and the audit record commits with it.
    /// </summary>
    public async Task<MemberDeletion> DeleteAccountAsync(PortalUser user, Func<MemberDeletion, AuditRecord> record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = user.Id;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var kept = await db.Petitions.Where(p => p.MemberId == id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.MemberId, (string?)null), cancellationToken);
            // Kept too: a draft whose fee may be being taken right now (the gateway's approval must still find it and
            // file the petition, as the expiry cleanup also keeps such drafts); it is no longer linked to the account.
            await db.Drafts.Where(d => d.MemberId == id && (d.SubmittedPetitionId != null || db.Payments.Any(p => p.DraftId == d.Id
                    && (p.Status == PaymentStatus.Confirming || p.Status == PaymentStatus.NeedsReconciliation || p.Status == PaymentStatus.Approved))))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.MemberId, (string?)null), cancellationToken);
            var deleted = await db.Drafts.Where(d => d.MemberId == id && d.SubmittedPetitionId == null).ExecuteDeleteAsync(cancellationToken);
            await db.MemberCertificates.Where(c => c.UserId == id).ExecuteDeleteAsync(cancellationToken);
            var outcome = new MemberDeletion(kept, deleted);
            await audit.AppendAsync(record(outcome), cancellationToken);
            var result = await users.DeleteAsync(user);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"The account could not be deleted: {string.Join("; ", result.Errors.Select(e => e.Code))}");
            }

            await transaction.CommitAsync(cancellationToken);
            return outcome;
        });
    }
}
