using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Web.Features.Apply;

namespace Petition.Web.Features.Signing;

/// <summary>
/// The canonical petition document a citizen signs (UTF-8 text, LF line ends): what they chose and
/// typed, the fee, the delivery, and a one-time nonce. The server keeps the exact text it issued
/// and compares the signed content with it byte for byte.
/// </summary>
public static class PetitionDocument
{
    public const string Format = "moel-petition-application/1";

    public static string NewNonce() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Build(Draft draft, PetitionType type, string nonce, DateTime issuedAtUtc)
    {
        var text = new StringBuilder();
        void Line(string label, string? value) => text.Append(label).Append(": ").Append((value ?? string.Empty).Replace('\n', ' ')).Append('\n');

        text.Append("고용노동부 민원 신청서\n");
        Line("문서 형식", Format);
        Line("민원", $"{type.Name} ({type.Code}, 서식 버전 {draft.PetitionTypeVersion})");
        Line("담당 부서", type.Department);
        Line("신청인 성명", draft.ApplicantName);
        Line("주민등록번호", draft.RrnMasked);
        Line("주소", draft.ApplicantAddress?.OneLine);
        if (draft.Phone is not null)
        {
            Line("연락처", draft.Phone);
        }

        if (draft.Email is not null)
        {
            Line("전자우편", draft.Email);
        }

        text.Append("신청 내용:\n");
        foreach (var field in draft.Form.Fields)
        {
            Line("  " + field.Label, ApplyController.AnswerText(field, draft.Answers.GetValueOrDefault(field.Key)));
        }

        Line("수령 방법", draft.ChosenDelivery?.KoreanName());
        if (draft.ChosenMailingAddress is { } mailing)
        {
            Line("우편 받을 주소", mailing.OneLine);
        }

        Line("수수료", type.FeeKrw == 0 ? "없음" : string.Create(CultureInfo.InvariantCulture, $"{type.FeeKrw}원"));
        Line("신청서 번호", draft.Id.ToString());
        Line("일회용 번호", nonce);
        Line("작성 시각", issuedAtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>The format of the supplement document (보완 제출서): never equal to an application document.</summary>
    public const string SupplementFormat = "moel-petition-supplement/1";

    /// <summary>
    /// The canonical supplement document (보완 제출서) a citizen signs when answering a supplement request of a
    /// signed petition: the receipt number, the clerk's request, the citizen's message and the whole answer set
    /// after the change, with a one-time nonce. Its own title and format line, the receipt number and the nonce
    /// make it distinct from the application document and from any earlier supplement, so no old signature
    /// can be replayed for it.
    /// </summary>
    public static string BuildSupplement(
        PetitionRecord petition, IReadOnlyDictionary<string, string> answers, string message, string nonce, DateTime issuedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(petition);
        ArgumentNullException.ThrowIfNull(answers);
        var text = new StringBuilder();
        void Line(string label, string? value) => text.Append(label).Append(": ").Append((value ?? string.Empty).Replace('\n', ' ')).Append('\n');

        text.Append("고용노동부 민원 보완 제출서\n");
        Line("문서 형식", SupplementFormat);
        Line("구분", "보완");
        Line("접수번호", petition.ReceiptNumber);
        Line("민원", $"{petition.PetitionTypeName} (서식 버전 {petition.PetitionTypeVersion})");
        Line("담당 부서", petition.Department);
        Line("신청인 성명", petition.ApplicantName);
        Line("주민등록번호", petition.RrnMasked);
        Line("보완 요청 내용", petition.SupplementRequest);
        if (petition.SupplementRequestedAtUtc is { } requestedAt)
        {
            Line("보완 요청 일시", requestedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        text.Append("보완 내용:\n");
        foreach (var line in message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            text.Append("  ").Append(line).Append('\n');
        }

        text.Append("보완 후 신청 내용:\n");
        foreach (var field in petition.Form.Fields)
        {
            Line("  " + field.Label, ApplyController.AnswerText(field, answers.GetValueOrDefault(field.Key)));
        }

        Line("일회용 번호", nonce);
        Line("작성 시각", issuedAtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>
    /// The key under which a petition's supplement signing challenges are kept in the challenges table, whose
    /// only owner column is <see cref="SigningChallenge.DraftId"/>: a name-based Guid (SHA-256 of the format and
    /// the petition id, version nibble 8) that is the same on every node, and can never equal a draft id
    /// (those are random version-4 Guids).
    /// </summary>
    public static Guid SupplementChallengeKey(long petitionId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{SupplementFormat}:{petitionId}")));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version 8 (custom, RFC 9562), in Guid's little-endian field layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
