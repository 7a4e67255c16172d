using System.Globalization;
using Petition.Core.Applications;
using Petition.Core.Catalog;

namespace Petition.Core.Workbench;

/// <summary>
/// The pure rules of the status workflow: which transitions are allowed from which status, what a clerk
/// must enter for each, and the Korean texts the clerk and the citizen read. No database, no clock:
/// <see cref="IPetitionWorkflow"/> applies them inside its transaction.
/// </summary>
/// <remarks>
/// <code>
/// 접수 ──▶ 처리중 ──▶ 처리완료
///  │        │ ▲
///  │        ▼ │ (민원인 보완 제출)
///  │      보완요청
///  ▼        ▼
/// 반려 ◀──(접수 | 처리중 | 보완요청)
/// </code>
/// </remarks>
public static class StatusRules
{
    /// <summary>The longest supplement request or rejection reason a clerk may enter.</summary>
    public const int TextMaxLength = 500;

    /// <summary>The longest message a citizen may send with a supplement.</summary>
    public const int CitizenMessageMaxLength = 1000;

    /// <summary>The longest optional completion note.</summary>
    public const int NoteMaxLength = 300;

    /// <summary>The actor name of the citizen in history entries and audit records.</summary>
    public const string CitizenActor = "민원인";

    public const string ConflictMessage = "다른 담당자가 먼저 처리했습니다. 화면을 새로 고쳐 현재 상태를 확인한 뒤 다시 처리해 주세요.";

    public const string NotFoundMessage = "민원을 찾을 수 없습니다.";

    private static readonly IReadOnlyDictionary<PetitionStatus, PetitionStatus[]> Allowed = new Dictionary<PetitionStatus, PetitionStatus[]>
    {
        [PetitionStatus.Received] = [PetitionStatus.InProgress, PetitionStatus.Rejected],
        [PetitionStatus.InProgress] = [PetitionStatus.SupplementRequested, PetitionStatus.Completed, PetitionStatus.Rejected],
        [PetitionStatus.SupplementRequested] = [PetitionStatus.InProgress, PetitionStatus.Rejected],
        [PetitionStatus.Completed] = [],
        [PetitionStatus.Rejected] = [],
    };

    /// <summary>The statuses a petition in <paramref name="from"/> may move to, in the order a page offers them.</summary>
    public static IReadOnlyList<PetitionStatus> AllowedTargets(PetitionStatus from) =>
        Allowed.TryGetValue(from, out var targets) ? targets : [];

    /// <summary>Whether <paramref name="from"/> → <paramref name="to"/> is a transition of the workflow.</summary>
    public static bool CanTransition(PetitionStatus from, PetitionStatus to) => AllowedTargets(from).Contains(to);

    /// <summary>
    /// Whether the citizen (not a clerk) makes this transition: only 보완요청 → 처리중 by answering the request.
    /// A clerk cannot end a supplement request without the citizen's answer (only reject the petition).
    /// </summary>
    public static bool IsCitizenTransition(PetitionStatus from, PetitionStatus to) =>
        from == PetitionStatus.SupplementRequested && to == PetitionStatus.InProgress;

    /// <summary>Why the transition is refused, for the clerk's page.</summary>
    public static string NotAllowedMessage(PetitionStatus from, PetitionStatus to)
    {
        if (!PetitionStatuses.IsOpen(from))
        {
            return $"{from.KoreanName()}된 민원은 상태를 바꿀 수 없습니다.";
        }

        return to switch
        {
            PetitionStatus.SupplementRequested => $"보완 요청은 처리중인 민원에만 할 수 있습니다 (현재 상태: {from.KoreanName()}).",
            PetitionStatus.Completed => $"처리완료는 처리중인 민원에만 할 수 있습니다 (현재 상태: {from.KoreanName()}).",
            PetitionStatus.InProgress when from == PetitionStatus.SupplementRequested =>
                "보완요청 중인 민원은 민원인이 보완 서류를 제출하면 처리중으로 바뀝니다.",
            PetitionStatus.InProgress => $"처리 시작은 접수 상태의 민원에만 할 수 있습니다 (현재 상태: {from.KoreanName()}).",
            _ => $"'{from.KoreanName()}' 상태의 민원은 '{to.KoreanName()}'(으)로 바꿀 수 없습니다.",
        };
    }

    /// <summary>The message when the citizen answers a petition that no longer waits for a supplement.</summary>
    public const string SupplementNotOpenMessage = "이 민원은 보완 요청 상태가 아니어서 보완 서류를 제출할 수 없습니다.";

    /// <summary>
    /// Checks a clerk's required free text (supplement request, rejection reason); returns the trimmed text
    /// or the Korean error. <paramref name="what"/> names it, e.g. "보완 요청 내용".
    /// </summary>
    public static (string? Text, string? Error) RequiredText(string? text, string what, int maxLength = TextMaxLength)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return (null, $"{what}{Particle(what, "을", "를")} 입력해 주세요.");
        }

        if (trimmed.Length > maxLength)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"{what}{Particle(what, "은", "는")} {maxLength}자 이내로 입력해 주세요 (지금 {trimmed.Length}자)."));
        }

        return (trimmed, null);
    }

    /// <summary>The optional completion note: trimmed, empty as null, or the error when too long.</summary>
    public static (string? Text, string? Error) OptionalNote(string? note)
    {
        var trimmed = note?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return (null, null);
        }

        return trimmed.Length > NoteMaxLength
            ? (null, string.Create(CultureInfo.InvariantCulture, $"안내 문구는 {NoteMaxLength}자 이내로 입력해 주세요 (지금 {trimmed.Length}자)."))
            : (trimmed, null);
    }

    /// <summary>
    /// A registered mail number (등기번호): 13 digits, optionally grouped with single hyphens
    /// (e.g. <c>6012345678901</c>, <c>60123-4567-8901</c>). Returns the 13 digits or the Korean error.
    /// </summary>
    public static (string? Digits, string? Error) PostalTrackingNumber(string? input)
    {
        var value = input?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return (null, "우편 발송 등기번호를 입력해 주세요.");
        }

        var digits = 0;
        var previousHyphen = true; // no leading hyphen
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
                previousHyphen = false;
            }
            else if (c == '-' && !previousHyphen)
            {
                previousHyphen = true;
            }
            else
            {
                return (null, "등기번호는 숫자 13자리로 입력해 주세요 (하이픈(-)은 넣어도 됩니다).");
            }
        }

        if (previousHyphen || digits != 13)
        {
            return (null, "등기번호는 숫자 13자리로 입력해 주세요 (하이픈(-)은 넣어도 됩니다).");
        }

        return (value.Replace("-", string.Empty, StringComparison.Ordinal), null);
    }

    /// <summary>The mailing date: given, not in the future, not before the petition was received (Korean days).</summary>
    public static string? MailedOnError(DateOnly? mailedOn, DateOnly today, DateOnly receivedOn) => mailedOn switch
    {
        null => "우편 발송일을 입력해 주세요.",
        { } day when day > today => "우편 발송일은 오늘 이후일 수 없습니다.",
        { } day when day < receivedOn => $"우편 발송일은 접수일({KoreanTime.Format(receivedOn)}) 이전일 수 없습니다.",
        _ => null,
    };

    /// <summary>
    /// The in-person pickup check: a petition received without identity verification (no certificate) may
    /// only be handed over after the applicant's identity was checked at the counter.
    /// </summary>
    public static string? CounterIdentityError(IdentityVerification identity, bool checkedAtCounter) =>
        identity == IdentityVerification.CheckAtCounter && !checkedAtCounter
            ? "공동인증서 없이 신청된 민원입니다. 창구에서 신분증으로 본인 확인을 한 뒤 확인란에 표시해 주세요."
            : null;

    /// <summary>What the delivery needs that completion details lack, for the delivery of the petition; null when complete.</summary>
    public static string? CompletionError(PetitionRecord petition, CompletionDetails details, DateOnly today) => petition.Delivery switch
    {
        DeliveryMethod.Postal => MailedOnError(details.MailedOn, today, KoreanTime.Day(petition.ReceivedAtUtc))
            ?? PostalTrackingNumber(details.PostalTrackingNumber).Error,
        DeliveryMethod.InPerson => CounterIdentityError(petition.Identity, details.CounterIdentityChecked),
        DeliveryMethod.Online => null,
        _ => null,
    };

    /// <summary>The history note of 접수 → 처리중 (shown in tracking).</summary>
    public const string StartedNote = "담당자가 민원 처리를 시작했습니다.";

    /// <summary>The history note of 처리중 → 보완요청.</summary>
    public static string SupplementRequestedNote(string request) => $"보완 요청: {request}";

    /// <summary>The history note of the citizen's supplement (보완요청 → 처리중).</summary>
    public static string SupplementAnsweredNote(bool signedAgain) =>
        signedAgain ? "민원인이 보완 서류를 제출했습니다 (공동인증서로 다시 서명)." : "민원인이 보완 서류를 제출했습니다.";

    /// <summary>The history note of → 반려.</summary>
    public static string RejectedNote(string reason) => $"반려 사유: {reason}";

    /// <summary>The history note of 처리중 → 처리완료, by delivery.</summary>
    public static string CompletedNote(PetitionRecord petition, string? documentNumber, string? note)
    {
        var what = petition.Delivery switch
        {
            DeliveryMethod.Online => $"처리가 완료되어 문서가 발급되었습니다 (발급번호 {documentNumber}). 민원 조회에서 열람·다운로드할 수 있습니다.",
            DeliveryMethod.Postal => $"처리가 완료되어 결과 문서를 {KoreanTime.Format(petition.MailedOn!.Value)}에 등기우편으로 발송했습니다 (등기번호 {FormatTrackingNumber(petition.PostalTrackingNumber)}).",
            DeliveryMethod.InPerson => petition.CounterIdentityCheckedAtUtc is not null
                ? "처리가 완료되어 창구에서 본인 확인 후 결과 문서를 교부했습니다."
                : "처리가 완료되어 창구에서 결과 문서를 교부했습니다.",
            _ => "처리가 완료되었습니다.",
        };
        return note is null ? what : $"{what} 안내: {note}";
    }

    /// <summary>The refund could not be made right away; it is retried automatically.</summary>
    public static string RefundPendingNote(int amountKrw) =>
        string.Create(CultureInfo.InvariantCulture, $"수수료 {amountKrw:N0}원 환불 처리 대기 중: 결제사 응답이 없어 자동으로 다시 시도합니다.");

    /// <summary>A 13-digit registered mail number as 5-4-4 groups; anything else as given.</summary>
    public static string? FormatTrackingNumber(string? digits) =>
        digits is { Length: 13 } && digits.All(char.IsAsciiDigit) ? $"{digits[..5]}-{digits[5..9]}-{digits[9..]}" : digits;

    /// <summary>Picks the Korean particle by whether the last syllable has a final consonant (받침).</summary>
    private static string Particle(string word, string withFinal, string withoutFinal)
    {
        var last = word.Length == 0 ? '\0' : word[^1];
        return last is >= '가' and <= '힣' && (last - '가') % 28 != 0 ? withFinal : withoutFinal;
    }
}
