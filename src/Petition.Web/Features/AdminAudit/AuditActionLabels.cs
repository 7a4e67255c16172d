using Microsoft.Extensions.Localization;
using Petition.Core.Auditing;

namespace Petition.Web.Features.AdminAudit;

/// <summary>
/// The Korean label of every <see cref="AuditActions"/> constant, in the order the audit log's action filter lists
/// them (grouped by area). English comes from Resources/Features/AdminAudit/AuditActionLabels.en.resx. A stored action
/// with no label (an older or newer code) is shown as stored.
/// </summary>
public sealed class AuditActionLabels(IStringLocalizer<AuditActionLabels> localizer)
{
    /// <summary>(action, Korean label), in display order.</summary>
    public static IReadOnlyList<(string Action, string Label)> All { get; } =
    [
        (AuditActions.RrnRevealed, "주민등록번호 열람"),
        (AuditActions.StatusChanged, "처리 상태 변경"),
        (AuditActions.SignatureReverified, "전자서명 재검증"),
        (AuditActions.DeliveryRecorded, "교부·발송 기록"),
        (AuditActions.FeeRefunded, "수수료 환불"),
        (AuditActions.SignInSucceeded, "직원 로그인"),
        (AuditActions.SignInFailed, "직원 로그인 실패"),
        (AuditActions.SignedOut, "직원 로그아웃"),
        (AuditActions.LockedOut, "로그인 실패로 계정 잠김"),
        (AuditActions.TwoFactorEnabled, "2단계 인증 설정"),
        (AuditActions.TwoFactorFailed, "2단계 인증 실패"),
        (AuditActions.RecoveryCodeUsed, "복구 코드 사용"),
        (AuditActions.RecoveryCodesRegenerated, "복구 코드 재발급"),
        (AuditActions.StaffCreated, "직원 계정 생성"),
        (AuditActions.StaffUpdated, "직원 정보 변경"),
        (AuditActions.StaffLocked, "직원 계정 잠금"),
        (AuditActions.StaffUnlocked, "직원 계정 잠금 해제"),
        (AuditActions.StaffPasswordReset, "직원 비밀번호 초기화"),
        (AuditActions.StaffPasswordChanged, "직원 비밀번호 변경"),
        (AuditActions.MemberSignedUp, "회원 가입"),
        (AuditActions.MemberSignInSucceeded, "회원 로그인"),
        (AuditActions.MemberSignInFailed, "회원 로그인 실패"),
        (AuditActions.MemberCertificateSignIn, "회원 인증서 로그인"),
        (AuditActions.MemberCertificateSignInFailed, "회원 인증서 로그인 실패"),
        (AuditActions.CertificateBound, "인증서 등록"),
        (AuditActions.CertificateUnbound, "인증서 등록 해제"),
        (AuditActions.CertificateBindFailed, "인증서 등록 실패"),
        (AuditActions.MemberPasswordChanged, "회원 비밀번호 변경"),
        (AuditActions.MemberDeleted, "회원 탈퇴"),
        (AuditActions.PetitionTypeCreated, "민원 종류 생성"),
        (AuditActions.PetitionTypeEdited, "민원 종류 수정"),
        (AuditActions.PetitionTypeRetired, "민원 종류 폐지"),
        (AuditActions.PetitionTypeRestored, "민원 종류 복원"),
        (AuditActions.TrustCertificateAdded, "신뢰 인증서 추가"),
        (AuditActions.TrustCertificateEnabled, "신뢰 인증서 사용"),
        (AuditActions.TrustCertificateDisabled, "신뢰 인증서 사용 중지"),
        (AuditActions.TrustCrlAdded, "인증서 폐지 목록 추가"),
        (AuditActions.TrustCrlRefreshed, "인증서 폐지 목록 갱신"),
        (AuditActions.TrustSettingsChanged, "신뢰 목록 설정 변경"),
        (AuditActions.AuditExported, "감사 기록 내려받기"),
    ];

    private static readonly Dictionary<string, string> ByAction = All.ToDictionary(a => a.Action, a => a.Label, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="action"/> is a known action code.</summary>
    public static bool IsKnown(string? action) => action is not null && ByAction.ContainsKey(action);

    /// <summary>The Korean label (no localization), or the code itself when unknown.</summary>
    public static string KoreanLabel(string action) => ByAction.GetValueOrDefault(action, action);

    /// <summary>The label in the current UI language, or the code itself when unknown.</summary>
    public string Label(string action) => ByAction.TryGetValue(action, out var korean) ? localizer[korean].Value : action;
}
