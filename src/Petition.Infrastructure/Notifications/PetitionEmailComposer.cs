using System.Text;
using Microsoft.Extensions.Options;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Notifications;

namespace Petition.Infrastructure.Notifications;

/// <summary>
/// Writes the Korean e-mails the status workflow sends the citizen (plain text): petition type, receipt
/// number, what happened, the clerk's request or reason, and where to look (the tracking page). Never the
/// resident registration number, not even masked: the mail leaves the portal's control.
/// </summary>
public sealed class PetitionEmailComposer(IOptions<NotificationOptions> options)
{
    /// <summary>The statuses the citizen is told about by e-mail.</summary>
    public static bool Notifies(PetitionStatus status) =>
        status is PetitionStatus.SupplementRequested or PetitionStatus.Completed or PetitionStatus.Rejected;

    /// <summary>The tracking page (민원 조회), absolute when <see cref="NotificationOptions.PortalBaseUrl"/> is set.</summary>
    public string TrackingUrl => options.Value.PortalBaseUrl is { } baseUrl
        ? new Uri(baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/"), "track").ToString()
        : "/track";

    /// <summary>
    /// The outbox message for one history entry of <paramref name="petition"/>, or null when the citizen gave no
    /// e-mail address or the status is not one they are e-mailed about. The deduplication key names the entry,
    /// so a retried transition cannot queue it twice.
    /// </summary>
    /// <param name="petition">The petition, already in its new status.</param>
    /// <param name="entry">The saved history entry of the transition (its id makes the key).</param>
    /// <param name="nowUtc">When the message is queued.</param>
    /// <param name="documentNumber">Online completion: the issued document's number.</param>
    /// <param name="clerkNote">Completion: the clerk's optional note for the citizen.</param>
    public OutboxMessage? Compose(PetitionRecord petition, PetitionHistoryEntry entry, DateTime nowUtc, string? documentNumber = null, string? clerkNote = null)
    {
        ArgumentNullException.ThrowIfNull(petition);
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrWhiteSpace(petition.Email) || !Notifies(entry.ToStatus))
        {
            return null;
        }

        var (headline, what) = Describe(petition, documentNumber, clerkNote);
        var body = new StringBuilder()
            .Append(petition.ApplicantName).AppendLine(" 님, 안녕하세요.")
            .AppendLine("고용노동부 민원마당에서 신청하신 민원의 처리 상황을 알려 드립니다.")
            .AppendLine()
            .Append("민원: ").AppendLine(petition.PetitionTypeName)
            .Append("접수번호: ").AppendLine(petition.ReceiptNumber)
            .Append("접수일: ").AppendLine(KoreanTime.Format(KoreanTime.Day(petition.ReceivedAtUtc)))
            .Append("처리 상태: ").AppendLine(petition.Status.KoreanName())
            .Append("변경 일시: ").AppendLine(KoreanTime.Format(entry.AtUtc))
            .AppendLine()
            .AppendLine(what)
            .AppendLine()
            .AppendLine("자세한 내용은 민원 조회 페이지에서 접수번호, 성명, 생년월일로 확인할 수 있습니다.")
            .Append("민원 조회: ").AppendLine(TrackingUrl)
            .AppendLine()
            .AppendLine("이 메일은 발신 전용입니다. 문의는 민원 조회 페이지에 안내된 담당 부서로 해 주세요.")
            .Append("담당 부서: ").AppendLine(petition.Department)
            .ToString();
        return new OutboxMessage
        {
            DeduplicationKey = DeduplicationKey(entry),
            CreatedAtUtc = nowUtc,
            NextAttemptAtUtc = nowUtc,
            ToAddress = petition.Email.Trim(),
            ToName = petition.ApplicantName,
            Subject = $"[민원마당] {headline}: {petition.PetitionTypeName} (접수번호 {petition.ReceiptNumber})",
            BodyText = body,
        };
    }

    /// <summary>One key per history entry: the transition it reports.</summary>
    public static string DeduplicationKey(PetitionHistoryEntry entry) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"petition-history:{entry.Id}");

    private static (string Headline, string What) Describe(PetitionRecord petition, string? documentNumber, string? clerkNote) => petition.Status switch
    {
        PetitionStatus.SupplementRequested => ("보완 요청",
            "담당자가 민원 처리를 위해 아래 내용의 보완을 요청했습니다.\n\n"
            + Quote(petition.SupplementRequest)
            + "\n\n민원 조회 페이지에서 보완 내용을 입력해 제출해 주세요. 보완이 제출되면 처리가 다시 진행됩니다."),
        PetitionStatus.Rejected => ("반려",
            "신청하신 민원이 아래 사유로 반려되었습니다.\n\n"
            + Quote(petition.RejectionReason)
            + (petition.FeeStatus is FeeStatus.Paid or FeeStatus.Refunded && petition.FeeKrw > 0
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\n\n온라인으로 결제하신 수수료 {petition.FeeKrw:N0}원은 결제하신 수단으로 환불됩니다.")
                : string.Empty)),
        PetitionStatus.Completed => ("처리 완료", Completion(petition, documentNumber, clerkNote)),
        PetitionStatus.Received or PetitionStatus.InProgress => ("처리 상황 안내", $"민원이 '{petition.Status.KoreanName()}' 상태가 되었습니다."),
        _ => ("처리 상황 안내", $"민원이 '{petition.Status.KoreanName()}' 상태가 되었습니다."),
    };

    private static string Completion(PetitionRecord petition, string? documentNumber, string? clerkNote) => petition.Delivery switch
    {
        DeliveryMethod.Online =>
            $"신청하신 민원의 처리가 완료되어 문서가 발급되었습니다.\n발급번호: {documentNumber}\n민원 조회 페이지에서 발급 문서를 열람하고 내려받을 수 있습니다.",
        DeliveryMethod.Postal =>
            $"신청하신 민원의 처리가 완료되어 결과 문서를 등기우편으로 보냈습니다.\n발송일: {(petition.MailedOn is { } day ? KoreanTime.Format(day) : "-")}\n등기번호: {Core.Workbench.StatusRules.FormatTrackingNumber(petition.PostalTrackingNumber)}\n우체국 누리집에서 등기번호로 배송 상황을 확인할 수 있습니다.",
        DeliveryMethod.InPerson =>
            "신청하신 민원의 처리가 완료되어 창구에서 결과 문서를 교부했습니다.",
        _ => "신청하신 민원의 처리가 완료되었습니다.",
    } + (clerkNote is null ? string.Empty : $"\n\n담당자 안내: {clerkNote}");

    private static string Quote(string? text) =>
        string.Join('\n', (text ?? string.Empty).Split('\n').Select(line => "  " + line.TrimEnd('\r')));
}
