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
}
