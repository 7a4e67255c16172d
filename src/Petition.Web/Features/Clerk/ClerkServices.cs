using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Org.BouncyCastle.Cms;
using Petition.Core.Applications;
using Petition.Core.Auditing;
using Petition.Core.Catalog;
using Petition.Core.Workbench;
using Petition.Infrastructure.Persistence;
using Petition.Pki.Certificates;
using Petition.Pki.Validation;
using Petition.Web.Features.Signing;

namespace Petition.Web.Features.Clerk;

/// <summary>Reads one petition with everything the detail page shows (read-only, no tracking).</summary>
public sealed class ClerkPetitionReader(PetitionDbContext db)
{
    public Task<PetitionRecord?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Petitions.AsNoTracking()
            .Include(p => p.History)
            .Include(p => p.SupplementResponses)
            .Include(p => p.Reverifications)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    public async Task<IReadOnlyList<string>> IssuedDocumentsAsync(long id, CancellationToken cancellationToken) =>
        (await db.IssuedDocuments.AsNoTracking().Where(d => d.PetitionId == id)
            .Select(d => new { d.DocumentNumber, d.Title, d.IssuedAtUtc }).ToListAsync(cancellationToken))
        .OrderBy(d => d.IssuedAtUtc)
        .Select(d => $"{d.Title} · 발급번호 {d.DocumentNumber} · {KoreanTime.Format(d.IssuedAtUtc)}")
        .ToList();
}

/// <summary>
/// "지금 다시 검증": validates a petition's stored CMS again with the portal's current trust store and CRLs, stores the
/// new report as a <see cref="SignatureVerification"/> beside the original (which is never changed) and audits it.
/// The expected document is rebuilt from the stored draft and compared byte for byte with the signed content; when
/// it cannot be rebuilt exactly, the signature is verified over its own encapsulated content and the report says so.
/// The VID identity check is not repeated: R is never kept, so the original report's identity result stands.
/// </summary>
public sealed class SignatureReverifier(PetitionDbContext db, SubmissionVerifier verifier, IAuditLog audit, TimeProvider clock)
{
    public const string RebuiltNote = "Re-verification: the signed content equals, byte for byte, the petition document rebuilt from the stored record.";

    public const string OwnContentNote = "Re-verification: the petition document could not be rebuilt exactly from the stored record; the signature was verified over its own encapsulated content.";

    public const string IdentityNote = "Re-verification: the VID identity check is not repeated (R is not kept); the original report's identity result stands.";

    public async Task<SignatureVerification?> ReverifyAsync(PetitionRecord petition, StaffActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(petition);
        ArgumentNullException.ThrowIfNull(actor);
        if (petition.SignatureCms is not { Length: > 0 } cms)
        {
            return null;
        }

        var type = await db.PetitionTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == petition.PetitionTypeId, cancellationToken);
        var (expected, contentNote) = await ExpectedContentAsync(petition, type, cms, cancellationToken);
        var policy = new VerificationPolicy
        {
            AcceptedPolicyOids = [.. NpkiCaCatalog.PersonalPoliciesFor(CertificateUsage.General).Union(type?.AcceptedPolicyOids ?? [], StringComparer.Ordinal)],
            RequireIdentityCheck = false,
            MaxSignatureAge = null,
        };
        var report = await verifier.VerifyAsync(new SignedSubmission { Cms = cms, ExpectedContent = expected }, policy, cancellationToken);
        report = report with { Details = [.. report.Details, contentNote, IdentityNote] };

        var now = clock.GetUtcNow().UtcDateTime;
        var row = new SignatureVerification
        {
            PetitionId = petition.Id,
            AtUtc = now,
            Actor = actor.DisplayName,
            Indication = report.Indication.ToEtsiName(),
            SubIndication = report.SubIndication?.ToEtsiName(),
            ReportJson = report.ToJson(indented: false),
        };
        db.SignatureVerifications.Add(row);
        await audit.AppendAsync(new AuditRecord
        {
            AtUtc = now,
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            Action = AuditActions.SignatureReverified,
            TargetType = "Petition",
            TargetId = petition.ReceiptNumber,
            To = report.SubIndication is { } sub ? $"{row.Indication}/{sub.ToEtsiName()}" : row.Indication,
            IpAddress = actor.IpAddress,
        }, cancellationToken);
        return row;
    }

    private async Task<(byte[] Expected, string Note)> ExpectedContentAsync(PetitionRecord petition, PetitionType? type, byte[] cms, CancellationToken cancellationToken)
    {
        byte[]? content;
        try
        {
            var signed = new CmsSignedData(cms).SignedContent;
            if (signed is null)
            {
                content = null;
            }
            else
            {
                using var buffer = new MemoryStream();
                signed.Write(buffer);
                content = buffer.ToArray();
            }
        }
        catch (Exception e) when (e is CmsException or IOException or ArgumentException or InvalidCastException)
        {
            content = null;
        }

        if (content is null)
        {
            return ([], OwnContentNote);
        }

        var text = Encoding.UTF8.GetString(content);
        var nonce = LineValue(text, "일회용 번호");
        var issued = LineValue(text, "작성 시각");
        var draft = await db.Drafts.AsNoTracking().FirstOrDefaultAsync(d => d.Id == petition.DraftId, cancellationToken);
        if (draft is not null && nonce is not null && issued is not null
            && DateTime.TryParseExact(issued, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var issuedAt))
        {
            var snapshot = new PetitionType
            {
                Code = type?.Code ?? string.Empty,
                Name = petition.PetitionTypeName,
                Description = string.Empty,
                Department = petition.Department,
                FeeKrw = petition.FeeKrw,
            };
            var rebuilt = Encoding.UTF8.GetBytes(PetitionDocument.Build(draft, snapshot, nonce, issuedAt));
            if (rebuilt.AsSpan().SequenceEqual(content))
            {
                return (rebuilt, RebuiltNote);
            }
        }

        return (content, OwnContentNote);
    }

    private static string? LineValue(string text, string label)
    {
        var prefix = label + ": ";
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..];
            }
        }

        return null;
    }
}
