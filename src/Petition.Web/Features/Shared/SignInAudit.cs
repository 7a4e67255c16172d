using Petition.Core.Auditing;
using Petition.Infrastructure.Identity;

namespace Petition.Web.Features.Shared;

/// <summary>
/// The audit trail of a refused password sign-in, the same for members and staff (each with its own failure action,
/// target type and record of the account).
/// </summary>
internal static class SignInAudit
{
    /// <summary>A refused attempt on a locked account: the failure, and the lockout when this attempt caused it.</summary>
    public static async Task LockedOutAsync(
        IAuditLog audit, Func<string, string, AuditRecord> record, string failedAction, bool lockedBefore, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(record(failedAction, lockedBefore ? "잠긴 계정으로 로그인 시도" : "비밀번호 불일치"), cancellationToken);
        if (!lockedBefore)
        {
            await audit.AppendAsync(record(AuditActions.LockedOut, "연속 5회 실패로 15분 동안 잠금"), cancellationToken);
        }
    }

    /// <summary>A wrong password, or an ID nobody has (an RRN typed as the ID is never stored: <see cref="AuditRecord.TypedIdentifier"/>).</summary>
    public static AuditRecord Refused(
        PortalUser? user, string typedUserName, string failedAction, string targetType, DateTime atUtc, string? ipAddress) => new()
        {
            AtUtc = atUtc,
            ActorId = null,
            ActorName = user?.UserName ?? "(알 수 없는 아이디)",
            Action = failedAction,
            TargetType = targetType,
            TargetId = user?.UserName ?? AuditRecord.TypedIdentifier(typedUserName),
            Reason = user is null ? "등록되지 않은 아이디" : "비밀번호 불일치",
            IpAddress = ipAddress,
        };
}
