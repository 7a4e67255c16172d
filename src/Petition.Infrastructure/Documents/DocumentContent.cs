using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Documents;

namespace Petition.Infrastructure.Documents;

/// <summary>One labelled line of an issued document.</summary>
public sealed record DocumentField(string Label, string Value);

/// <summary>A titled group of lines (신청인, 신청 내용, 처리 내용).</summary>
public sealed record DocumentSection(string Heading, IReadOnlyList<DocumentField> Fields);

/// <summary>
/// What an issued document says, independent of its layout. <see cref="CanonicalText"/> is the text whose
/// SHA-256 the signed QR payload carries: the title, then per section a line <c>[heading]</c> and a line
/// <c>label: value</c> per field, then the statement and the institution, joined with LF, Unicode NFC, UTF-8.
/// </summary>
public sealed class DocumentContent
{
    private DocumentContent(
        string title, string documentNumber, string receiptNumber, string applicantName, DateTime issuedAtUtc,
        IReadOnlyList<DocumentSection> sections, string statement, string institution)
    {
        Title = title;
        DocumentNumber = documentNumber;
        ReceiptNumber = receiptNumber;
        ApplicantName = applicantName;
        IssuedAtUtc = issuedAtUtc;
        Sections = sections;
        Statement = statement;
        Institution = institution;
    }

    public string Title { get; }

    public string DocumentNumber { get; }

    public string ReceiptNumber { get; }

    public string ApplicantName { get; }

    public DateTime IssuedAtUtc { get; }

    public IReadOnlyList<DocumentSection> Sections { get; }

    public string Statement { get; }

    public string Institution { get; }

    /// <summary>The Korean calendar day of issue, as printed above the institution.</summary>
    public string IssuedDay => KoreanTime.ToKst(IssuedAtUtc).ToString("yyyy년 M월 d일", CultureInfo.GetCultureInfo("ko-KR"));

    public string CanonicalText
    {
        get
        {
            var lines = new List<string> { Title };
            foreach (var section in Sections)
            {
                lines.Add($"[{section.Heading}]");
                lines.AddRange(section.Fields.Select(f => $"{f.Label}: {f.Value}"));
            }

            lines.Add(Statement);
            lines.Add(IssuedDay);
            lines.Add(Institution);
            return string.Join('\n', lines.Select(l => l.Replace("\r\n", "\n", StringComparison.Ordinal))).Normalize(NormalizationForm.FormC);
        }
    }

    /// <summary>SHA-256 of <see cref="CanonicalText"/> (UTF-8), lower-case hex.</summary>
    public string CanonicalTextSha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText)));

    /// <summary>
    /// The document title: a type named "… 발급" issues "…" (the certificate itself), "… 재발급" issues
    /// "… (재발급)", and any other type a "… 결과 통지서".
    /// </summary>
    public static string TitleFor(string petitionTypeName)
    {
        var name = petitionTypeName.Trim();
        if (name.EndsWith(" 재발급", StringComparison.Ordinal))
        {
            return name[..^4].TrimEnd() + " (재발급)";
        }

        if (name.EndsWith(" 발급", StringComparison.Ordinal))
        {
            return name[..^3].TrimEnd();
        }

        return name + " 결과 통지서";
    }

    public static DocumentContent For(PetitionRecord petition, string documentNumber, DateTime issuedAtUtc, string institution)
    {
        ArgumentNullException.ThrowIfNull(petition);
        var applicant = new List<DocumentField>
        {
            new("성명", petition.ApplicantName),
            new("주민등록번호", petition.RrnMasked),
        };
        var answers = new List<DocumentField> { new("민원명", petition.PetitionTypeName) };
        foreach (var field in petition.Form.Fields)
        {
            petition.Answers.TryGetValue(field.Key, out var value);
            answers.Add(new(field.Label, AnswerText(field, value)));
        }

        var processing = new List<DocumentField>
        {
            new("접수번호", petition.ReceiptNumber),
            new("접수일시", KoreanTime.Format(petition.ReceivedAtUtc)),
            new("담당 부서", petition.Department),
            new("발급일시", KoreanTime.Format(issuedAtUtc)),
        };
        var title = TitleFor(petition.PetitionTypeName);
        return new DocumentContent(
            title, documentNumber, petition.ReceiptNumber, petition.ApplicantName, issuedAtUtc,
            [new("신청인", applicant), new("신청 내용", answers), new("처리 내용", processing)],
            $"위 신청인의 「{petition.PetitionTypeName}」 민원을 위와 같이 처리하여 이 문서를 발급합니다.",
            institution);
    }

    /// <summary>An answer as the citizen saw it on the review page.</summary>
    public static string AnswerText(FieldDefinition field, string? value) => field.Type switch
    {
        FieldType.Checkbox => value == FormValidator.CheckboxChecked ? "예" : "아니요",
        FieldType.Number when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) =>
            n.ToString("N0", CultureInfo.InvariantCulture),
        FieldType.Text or FieldType.MultilineText or FieldType.Number or FieldType.Date or FieldType.Select =>
            string.IsNullOrEmpty(value) ? "(입력하지 않음)" : value,
        _ => value ?? string.Empty,
    };

    /// <summary>The name as the QR payload and the authenticity check show it.</summary>
    public string MaskedApplicantName => NameMask.Mask(ApplicantName);
}
