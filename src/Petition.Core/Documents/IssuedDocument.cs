namespace Petition.Core.Documents;

/// <summary>
/// A document the portal issued for a completed petition (online issuance): the signed PDF exactly as the
/// citizen downloads it, its number and digest, and the signed QR payload printed on it.
/// </summary>
public sealed class IssuedDocument
{
    public long Id { get; set; }

    /// <summary>발급번호, unique, printed on the document and entered on the authenticity page.</summary>
    public required string DocumentNumber { get; set; }

    public long PetitionId { get; set; }

    public required string ReceiptNumber { get; set; }

    public required string Title { get; set; }

    public required string ApplicantName { get; set; }

    public DateTime IssuedAtUtc { get; set; }

    /// <summary>The signed PDF.</summary>
    public required byte[] Pdf { get; set; }

    /// <summary>SHA-256 of <see cref="Pdf"/>, hex.</summary>
    public required string PdfSha256 { get; set; }

    /// <summary>The QR code's payload (itself signed by the institution key).</summary>
    public required string QrPayload { get; set; }
}

/// <summary>Creates the signed PDF (and its QR payload) for a completed petition.</summary>
public interface IDocumentIssuer
{
    /// <summary>Builds the document; the caller stores it in the completion transaction.</summary>
    IssuedDocument Issue(Applications.PetitionRecord petition, string documentNumber, DateTime issuedAtUtc);
}
