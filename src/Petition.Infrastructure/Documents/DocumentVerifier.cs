using Microsoft.EntityFrameworkCore;
using Petition.Core.Documents;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Documents;

/// <summary>What the authenticity check (발급문서 진위확인) concluded.</summary>
public enum VerificationOutcome
{
    /// <summary>Genuine: issued by the portal and, for a PDF, unchanged.</summary>
    Genuine,

    /// <summary>No document was issued under this number.</summary>
    UnknownNumber,

    /// <summary>The text is not a QR payload of an issued document.</summary>
    QrMalformed,

    /// <summary>The QR payload's signature does not verify with the institution certificate (changed or forged).</summary>
    QrBadSignature,

    /// <summary>The QR payload is signed, but its number is not in the register.</summary>
    QrUnknownNumber,

    /// <summary>The QR payload is signed, but its statements differ from the register.</summary>
    QrMismatch,

    /// <summary>The file is not a PDF.</summary>
    NotPdf,

    /// <summary>A PDF without a digital signature.</summary>
    PdfUnsigned,

    /// <summary>The PDF's signature fails: the file was changed after it was signed.</summary>
    PdfModified,

    /// <summary>The PDF is validly signed, but not by the institution certificate (re-signed by someone else).</summary>
    PdfWrongSigner,

    /// <summary>Signed by the institution, but not byte-for-byte a document in the register.</summary>
    PdfNotIssued,

    /// <summary>The institution certificate is not available: signatures cannot be checked now.</summary>
    Unavailable,
}

/// <summary>What the check may show anyone: never more than the masked name.</summary>
public sealed record VerifiedDocument(string DocumentNumber, string Title, string MaskedApplicantName, string ReceiptNumber, DateTime IssuedAtUtc);

public sealed record DocumentVerification(VerificationOutcome Outcome, VerifiedDocument? Document = null)
{
    public bool IsGenuine => Outcome == VerificationOutcome.Genuine;
}

/// <summary>
/// Checks issued documents three ways: by number (the register), by QR payload (institution signature, then
/// the register), and by the PDF file (its digital signature by the institution certificate, then its SHA-256
/// against the register, so a changed or re-signed copy is refused).
/// </summary>
public sealed class DocumentVerifier(PetitionDbContext db, IInstitutionKeySource keys)
{
    /// <summary>The largest PDF the check reads.</summary>
    public const int MaxPdfBytes = 900 * 1024;

    public async Task<DocumentVerification> VerifyNumberAsync(string normalizedNumber, CancellationToken cancellationToken = default)
    {
        var document = await FindAsync(normalizedNumber, cancellationToken);
        return document is null ? new(VerificationOutcome.UnknownNumber) : new(VerificationOutcome.Genuine, document);
    }

    public async Task<DocumentVerification> VerifyQrAsync(string payload, CancellationToken cancellationToken = default)
    {
        if (await keys.GetAsync() is not { } key)
        {
            return new(VerificationOutcome.Unavailable);
        }

        switch (QrPayload.Verify(payload, key.Certificate, out var claims))
        {
            case QrPayloadError.Malformed:
                return new(VerificationOutcome.QrMalformed);
            case QrPayloadError.BadSignature:
                return new(VerificationOutcome.QrBadSignature);
            case QrPayloadError.None:
                break;
            default:
                return new(VerificationOutcome.QrMalformed);
        }

        var document = await FindAsync(claims!.DocumentNumber, cancellationToken);
        if (document is null)
        {
            return new(VerificationOutcome.QrUnknownNumber);
        }

        var matches = document.ReceiptNumber == claims.ReceiptNumber && document.Title == claims.Title
            && document.MaskedApplicantName == claims.MaskedName
            && Math.Abs((document.IssuedAtUtc - claims.IssuedAtUtc).TotalSeconds) < 1;
        return matches ? new(VerificationOutcome.Genuine, document) : new(VerificationOutcome.QrMismatch);
    }

    public async Task<DocumentVerification> VerifyPdfAsync(byte[] file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!PdfSignatureReader.LooksLikePdf(file))
        {
            return new(VerificationOutcome.NotPdf);
        }

        if (await keys.GetAsync() is not { } key)
        {
            return new(VerificationOutcome.Unavailable);
        }

        var signature = PdfSignatureReader.Verify(file);
        switch (signature.Status)
        {
            case PdfSignatureStatus.NotPdf:
                return new(VerificationOutcome.NotPdf);
            case PdfSignatureStatus.Unsigned:
                return new(VerificationOutcome.PdfUnsigned);
            case PdfSignatureStatus.Modified:
                return new(VerificationOutcome.PdfModified);
            case PdfSignatureStatus.Valid:
                break;
            default:
                return new(VerificationOutcome.PdfModified);
        }

        if (!signature.Signer!.GetEncoded().AsSpan().SequenceEqual(key.CertificateDer))
        {
            return new(VerificationOutcome.PdfWrongSigner);
        }

        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file));
        var row = await db.IssuedDocuments.AsNoTracking()
            .Where(d => d.PdfSha256 == sha256)
            .Select(d => new { d.DocumentNumber, d.Title, d.ApplicantName, d.ReceiptNumber, d.IssuedAtUtc })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? new(VerificationOutcome.PdfNotIssued)
            : new(VerificationOutcome.Genuine, new(row.DocumentNumber, row.Title, NameMask.Mask(row.ApplicantName), row.ReceiptNumber, row.IssuedAtUtc));
    }

    private async Task<VerifiedDocument?> FindAsync(string number, CancellationToken cancellationToken)
    {
        var row = await db.IssuedDocuments.AsNoTracking()
            .Where(d => d.DocumentNumber == number)
            .Select(d => new { d.DocumentNumber, d.Title, d.ApplicantName, d.ReceiptNumber, d.IssuedAtUtc })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new(row.DocumentNumber, row.Title, NameMask.Mask(row.ApplicantName), row.ReceiptNumber, row.IssuedAtUtc);
    }
}
