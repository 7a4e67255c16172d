namespace Petition.Core.Applications;

/// <summary>
/// The exact document the portal asked a citizen to sign, with its one-time nonce. A challenge is
/// consumed once, when a signature over it verifies; a second use is a replay.
/// </summary>
public sealed class SigningChallenge
{
    /// <summary>The nonce, 32 random bytes in base64url; also the key.</summary>
    public required string Nonce { get; set; }

    public Guid DraftId { get; set; }

    /// <summary>The canonical petition document (UTF-8 text) the browser signs byte for byte.</summary>
    public required string Document { get; set; }

    public DateTime IssuedAtUtc { get; set; }

    public DateTime ExpiresAtUtc { get; set; }

    public DateTime? ConsumedAtUtc { get; set; }

    public bool IsOpen(DateTime nowUtc) => ConsumedAtUtc is null && nowUtc < ExpiresAtUtc;
}

/// <summary>The stored evidence of a verified signature: the CMS blob and the validation report.</summary>
public sealed record SignatureEvidence(byte[] Cms, string ReportJson, string SignerSummary, DateTime SignedAtUtc);
