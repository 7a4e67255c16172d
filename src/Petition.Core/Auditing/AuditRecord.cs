namespace Petition.Core.Auditing;

/// <summary>
/// One append-only audit entry of a staff or security action. Never holds a plain RRN: the subject is
/// named by receipt number, user name or certificate serial.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    /// <summary>The acting user's id (null for anonymous: a failed sign-in, the system).</summary>
    public string? ActorId { get; set; }

    /// <summary>The actor as shown in the log (display name, user name or "system").</summary>
    public required string ActorName { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>What was acted on, e.g. "Petition".</summary>
    public string? TargetType { get; set; }

    /// <summary>Its identifier, e.g. a receipt number.</summary>
    public string? TargetId { get; set; }

    /// <summary>Status before (status changes).</summary>
    public string? From { get; set; }

    /// <summary>Status after (status changes).</summary>
    public string? To { get; set; }

    /// <summary>Why (the reason a clerk typed), when there is one.</summary>
    public string? Reason { get; set; }

    /// <summary>Client address of the request.</summary>
    public string? IpAddress { get; set; }

    /// <summary>
    /// What an unknown sign-in identifier may be recorded as: the typed text (at most 64 characters), unless it holds a
    /// run of 13 digits (with or without a hyphen after the sixth) — someone typed their RRN as the ID, which must
    /// never be stored in plain.
    /// </summary>
    public static string TypedIdentifier(string typed)
    {
        var digits = 0;
        foreach (var c in typed)
        {
            if (char.IsAsciiDigit(c))
            {
                if (++digits >= 13)
                {
                    return "(주민등록번호 형태의 입력: 기록하지 않음)";
                }
            }
            else if (!(c == '-' && digits == 6))
            {
                digits = 0;
            }
        }

        return typed.Length <= 64 ? typed : typed[..64];
    }
}

/// <summary>The audited actions (stable strings: they are stored and filtered on).</summary>
public static class AuditActions
{
    public const string RrnRevealed = "petition.rrn-revealed";
    public const string StatusChanged = "petition.status-changed";
    public const string SignatureReverified = "petition.signature-reverified";
    public const string DeliveryRecorded = "petition.delivery-recorded";
    public const string FeeRefunded = "petition.fee-refunded";
    public const string SignInSucceeded = "account.sign-in";
    public const string SignInFailed = "account.sign-in-failed";
    public const string SignedOut = "account.sign-out";
    public const string LockedOut = "account.locked-out";

    // Staff second factor and staff administration.
    public const string TwoFactorEnabled = "account.2fa-enabled";
    public const string TwoFactorFailed = "account.2fa-failed";
    public const string RecoveryCodeUsed = "account.recovery-code-used";
    public const string RecoveryCodesRegenerated = "account.recovery-codes-regenerated";
    public const string StaffCreated = "staff.created";
    public const string StaffUpdated = "staff.updated";
    public const string StaffLocked = "staff.locked";
    public const string StaffUnlocked = "staff.unlocked";
    public const string StaffPasswordReset = "staff.password-reset";
    public const string StaffPasswordChanged = "staff.password-changed";

    // Citizen members.
    public const string MemberSignedUp = "member.signed-up";
    public const string MemberSignInSucceeded = "member.sign-in";
    public const string MemberSignInFailed = "member.sign-in-failed";
    public const string MemberCertificateSignIn = "member.certificate-sign-in";
    public const string MemberCertificateSignInFailed = "member.certificate-sign-in-failed";
    public const string CertificateBound = "member.certificate-bound";
    public const string CertificateUnbound = "member.certificate-unbound";
    public const string CertificateBindFailed = "member.certificate-bind-failed";
    public const string MemberPasswordChanged = "member.password-changed";
    public const string MemberDeleted = "member.deleted";

    // Catalog.
    public const string PetitionTypeCreated = "catalog.type-created";
    public const string PetitionTypeEdited = "catalog.type-edited";
    public const string PetitionTypeRetired = "catalog.type-retired";
    public const string PetitionTypeRestored = "catalog.type-restored";

    // Trust store.
    public const string TrustCertificateAdded = "trust.certificate-added";
    public const string TrustCertificateEnabled = "trust.certificate-enabled";
    public const string TrustCertificateDisabled = "trust.certificate-disabled";
    public const string TrustCrlAdded = "trust.crl-added";
    public const string TrustCrlRefreshed = "trust.crl-refreshed";
    public const string TrustSettingsChanged = "trust.settings-changed";

    // The audit log itself.
    public const string AuditExported = "audit.exported";
}

/// <summary>Appends audit records. Callers inside a unit of work have them committed with it.</summary>
public interface IAuditLog
{
    /// <summary>Adds the record to the current unit of work and saves it (in the caller's transaction, if any).</summary>
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);
}
