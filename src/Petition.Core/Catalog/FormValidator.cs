using System.Globalization;
using System.Text.RegularExpressions;

namespace Petition.Core.Catalog;

/// <summary>A field error: the field's key and a Korean message for the citizen.</summary>
public sealed record FieldError(string Key, string Message);

/// <summary>Validates a citizen's answers against a form definition, on the server.</summary>
public static class FormValidator
{
    public const string CheckboxChecked = "true";

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Returns the answers normalised (trimmed; only keys the form defines; unchecked boxes absent)
    /// and one error per invalid field, in form order.
    /// </summary>
    public static (Dictionary<string, string> Answers, List<FieldError> Errors) Validate(
        FormDefinition form, IReadOnlyDictionary<string, string?> submitted)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        foreach (var field in form.Fields)
        {
            submitted.TryGetValue(field.Key, out var raw);
            var value = (raw ?? string.Empty).Trim();
            if (field.Type == FieldType.MultilineText)
            {
                value = value.Replace("\r\n", "\n", StringComparison.Ordinal);
            }

            var error = Check(field, value);
            if (error is not null)
            {
                errors.Add(new FieldError(field.Key, error));
            }

            if (field.Type == FieldType.Checkbox)
            {
                if (IsChecked(value))
                {
                    answers[field.Key] = CheckboxChecked;
                }
            }
            else if (value.Length > 0)
            {
                answers[field.Key] = value;
            }
        }

        return (answers, errors);
    }

    private static bool IsChecked(string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "on";

    private static string? Check(FieldDefinition field, string value)
    {
        var label = field.Label;
        if (field.Type == FieldType.Checkbox)
        {
            return field.Required && !IsChecked(value) ? $"'{label}'에 동의(체크)해 주세요." : null;
        }

        if (value.Length == 0)
        {
            return field.Required
                ? field.Type == FieldType.Select ? $"'{label}'을(를) 선택해 주세요." : $"'{label}'을(를) 입력해 주세요."
                : null;
        }

        if (field.MaxLength is { } max && value.Length > max)
        {
            return $"'{label}'은(는) {max}자 이내로 입력해 주세요. (현재 {value.Length}자)";
        }

        switch (field.Type)
        {
            case FieldType.Number:
                if (!long.TryParse(value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    return $"'{label}'은(는) 숫자로 입력해 주세요.";
                }

                if (field.Min is { } min && number < min)
                {
                    return $"'{label}'은(는) {min:N0} 이상이어야 합니다.";
                }

                if (field.Max is { } maxValue && number > maxValue)
                {
                    return $"'{label}'은(는) {maxValue:N0} 이하여야 합니다.";
                }

                break;
            case FieldType.Date:
                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    return $"'{label}'은(는) 올바른 날짜(예: 2026-01-31)로 입력해 주세요.";
                }

                break;
            case FieldType.Select:
                if (!field.Options.Contains(value, StringComparer.Ordinal))
                {
                    return $"'{label}'은(는) 목록에 있는 항목 중에서 선택해 주세요.";
                }

                break;
            case FieldType.Text:
            case FieldType.MultilineText:
            case FieldType.Checkbox:
                break;
        }

        if (!string.IsNullOrEmpty(field.Pattern))
        {
            bool matches;
            try
            {
                matches = Regex.IsMatch(value, $"^(?:{field.Pattern})$", RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (RegexMatchTimeoutException)
            {
                matches = false;
            }

            if (!matches)
            {
                return field.PatternMessage ?? $"'{label}'의 형식이 올바르지 않습니다.";
            }
        }

        return null;
    }
}
