using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Petition.Core.Catalog;
using Petition.Core.Payments;

namespace Petition.Web.Features.AdminTypes;

/// <summary>One problem of the definition: the input's name (for the error summary's link) and the message.</summary>
public sealed record DefinitionError(string Key, string Message);

/// <summary>
/// Checks a posted definition on the server and builds what a save publishes. Settings a field's type does not use
/// (options of a text field, a pattern on a date) are dropped, so a type change never leaves stale rules behind.
/// </summary>
public sealed partial class TypeDefinitionValidator(IStringLocalizer<AdminTypesController> l)
{
    public const int MaxFields = 40;
    public const int MaxFeeKrw = 1_000_000;
    public const int MaxProcessingDays = 365;
    public const int MaxFieldLength = 10_000;
    public const int MaxOptions = 50;

    /// <summary>The time a pattern is given to compile and to match (also the citizen-side limit, see FormValidator).</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    public (TypeDefinition? Definition, IReadOnlyList<DefinitionError> Errors) Validate(TypeEditorInput input, bool creating, Func<string, bool> codeTaken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<DefinitionError>();
        void Error(string key, string message) => errors.Add(new DefinitionError(key, message));

        if (creating)
        {
            var code = input.Code?.Trim() ?? string.Empty;
            if (code.Length == 0)
            {
                Error(nameof(input.Code), l["민원 코드를 입력해 주세요."]);
            }
            else if (!CodePattern().IsMatch(code))
            {
                Error(nameof(input.Code), l["민원 코드는 영문 대문자, 숫자, 하이픈(-)으로 2자에서 50자까지 입력해 주세요. 예: WAGE-ARREARS-CONFIRM"]);
            }
            else if (codeTaken(code))
            {
                Error(nameof(input.Code), l["'{0}' 코드는 이미 다른 민원 종류가 쓰고 있습니다.", code]);
            }
        }

        var name = Required(input.Name, nameof(input.Name), 200, l["민원명을 입력해 주세요."], l["민원명은 200자 이내로 입력해 주세요."], errors);
        var description = Required(input.Description, nameof(input.Description), 2000, l["민원 설명을 입력해 주세요."], l["민원 설명은 2000자 이내로 입력해 주세요."], errors);
        var department = Required(input.Department, nameof(input.Department), 100, l["담당 부서를 입력해 주세요."], l["담당 부서는 100자 이내로 입력해 주세요."], errors);

        var fee = WholeNumber(input.FeeKrw);
        if (fee is not { } feeValue || feeValue < 0 || feeValue > MaxFeeKrw)
        {
            Error(nameof(input.FeeKrw), l["수수료는 0원에서 1,000,000원 사이의 정수(원)로 입력해 주세요. 무료이면 0을 입력합니다."]);
        }

        var days = WholeNumber(input.ProcessingDays);
        if (days is not { } daysValue || daysValue < 1 || daysValue > MaxProcessingDays)
        {
            Error(nameof(input.ProcessingDays), l["처리 기간은 1일에서 365일 사이의 근무일 수로 입력해 주세요."]);
        }

        var delivery = DeliveryMethods.None;
        foreach (var value in input.DeliveryMethods)
        {
            if (Enum.TryParse<DeliveryMethod>(value, ignoreCase: false, out var method) && Enum.IsDefined(method))
            {
                delivery |= method.AsFlag();
            }
        }

        if (delivery == DeliveryMethods.None)
        {
            Error("DeliveryMethods", l["수령 방법을 하나 이상 선택해 주세요."]);
        }
        else if (input.RequiresIdentityVerification && !delivery.Allows(DeliveryMethod.InPerson))
        {
            Error("DeliveryMethods", l["본인 확인이 필요한 민원은 '방문 수령'을 허용해야 합니다. 공동인증서가 없는 신청인은 창구에서 본인 확인을 받고 서류를 받아 갑니다."]);
        }

        if (!Enum.TryParse<InPersonFeePayment>(input.InPersonFeePayment, ignoreCase: false, out var feePayment) || !Enum.IsDefined(feePayment))
        {
            Error(nameof(input.InPersonFeePayment), l["방문 수령 시 수수료 납부 방법을 선택해 주세요."]);
        }

        var unknownPolicy = input.PolicyOids.FirstOrDefault(o => !TypePolicies.IsChoosable(o));
        if (unknownPolicy is not null)
        {
            Error("PolicyOids", l["'{0}'은(는) 고를 수 있는 인증서 정책이 아닙니다. 은행 또는 증권 전용 정책만 고를 수 있습니다.", unknownPolicy]);
        }

        var fields = ValidateFields(input.Fields, errors);
        if (input.ChangeNote?.Trim().Length > 1000)
        {
            Error(nameof(input.ChangeNote), l["변경 내용은 1000자 이내로 입력해 주세요."]);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var policies = TypePolicies.AlwaysAccepted
            .Concat(TypePolicies.Choosable.Select(p => p.Oid).Where(o => input.PolicyOids.Contains(o, StringComparer.Ordinal)))
            .ToList();
        return (new TypeDefinition(name!, description!, department!, (int)fee!.Value, (int)days!.Value, input.RequiresIdentityVerification,
            feePayment, delivery, new FormDefinition { Fields = fields }, policies), errors);
    }

    /// <summary>
    /// The fields as the citizen would see them now, for the preview: forgiving (a missing label or a duplicate key still
    /// renders, with a placeholder), never failing.
    /// </summary>
    public static IReadOnlyList<FieldDefinition> PreviewFields(IEnumerable<FieldInput> inputs, string unnamedLabel)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var fields = new List<FieldDefinition>();
        var index = 0;
        foreach (var input in inputs.Take(MaxFields))
        {
            index++;
            var key = input.Key?.Trim() ?? string.Empty;
            if (!KeyPattern().IsMatch(key) || !seen.Add(key))
            {
                key = string.Create(CultureInfo.InvariantCulture, $"preview{index}");
                seen.Add(key);
            }

            var type = Enum.TryParse<FieldType>(input.Type, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) ? parsed : FieldType.Text;
            var label = input.Label?.Trim();
            fields.Add(new FieldDefinition
            {
                Key = key,
                Label = string.IsNullOrEmpty(label) ? unnamedLabel : label,
                Type = type,
                Required = input.Required,
                MaxLength = type is FieldType.Text or FieldType.MultilineText && WholeNumber(input.MaxLength) is { } max and > 0 and <= MaxFieldLength ? (int)max : null,
                HelpText = Blank(input.HelpText),
                Options = type == FieldType.Select ? [.. input.OptionLines.Distinct(StringComparer.Ordinal).Take(MaxOptions)] : [],
                Min = type == FieldType.Number ? WholeNumber(input.Min) : null,
                Max = type == FieldType.Number ? WholeNumber(input.Max) : null,
            });
        }

        return fields;
    }

    private List<FieldDefinition> ValidateFields(List<FieldInput> inputs, List<DefinitionError> errors)
    {
        void Error(string key, string message) => errors.Add(new DefinitionError(key, message));
        var fields = new List<FieldDefinition>();
        if (inputs.Count == 0)
        {
            Error("Fields", l["신청서 항목을 하나 이상 추가해 주세요."]);
            return fields;
        }

        if (inputs.Count > MaxFields)
        {
            Error("Fields", l["신청서 항목은 {0}개까지 만들 수 있습니다. (현재 {1}개)", MaxFields, inputs.Count]);
            return fields;
        }

        var keys = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var n = i + 1;
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Fields[{i}].");
            var before = errors.Count;

            var key = input.Key?.Trim() ?? string.Empty;
            if (key.Length == 0)
            {
                Error(prefix + "Key", l["{0}번째 항목의 키를 입력해 주세요.", n]);
            }
            else if (!KeyPattern().IsMatch(key))
            {
                Error(prefix + "Key", l["{0}번째 항목의 키 '{1}'는 쓸 수 없습니다. 영문자로 시작하고 영문자, 숫자, 밑줄(_)만 50자 이내로 써 주세요.", n, key]);
            }
            else if (keys.TryGetValue(key, out var first))
            {
                Error(prefix + "Key", l["{0}번째 항목의 키 '{1}'가 {2}번째 항목과 같습니다. 키는 항목마다 달라야 합니다.", n, key, first]);
            }
            else
            {
                keys[key] = n;
            }

            var label = input.Label?.Trim() ?? string.Empty;
            if (label.Length == 0)
            {
                Error(prefix + "Label", l["{0}번째 항목의 이름(라벨)을 입력해 주세요.", n]);
            }
            else if (label.Length > 200)
            {
                Error(prefix + "Label", l["{0}번째 항목의 이름은 200자 이내로 입력해 주세요.", n]);
            }

            var named = label.Length == 0 ? l["{0}번째 항목", n].Value : label;
            if (!Enum.TryParse<FieldType>(input.Type, ignoreCase: false, out var type) || !Enum.IsDefined(type))
            {
                Error(prefix + "Type", l["'{0}' 항목의 종류를 선택해 주세요.", named]);
                continue;
            }

            var textual = type is FieldType.Text or FieldType.MultilineText;
            int? maxLength = null;
            if (textual && !string.IsNullOrWhiteSpace(input.MaxLength))
            {
                if (WholeNumber(input.MaxLength) is { } max and >= 1 and <= MaxFieldLength)
                {
                    maxLength = (int)max;
                }
                else
                {
                    Error(prefix + "MaxLength", l["'{0}' 항목의 최대 글자 수는 1에서 10000 사이의 정수로 입력해 주세요.", named]);
                }
            }

            var pattern = textual ? Blank(input.Pattern) : null;
            if (pattern is not null)
            {
                if (pattern.Length > 500)
                {
                    Error(prefix + "Pattern", l["'{0}' 항목의 입력 형식(정규식)은 500자 이내로 입력해 주세요.", named]);
                }
                else if (!Compiles(pattern))
                {
                    Error(prefix + "Pattern", l["'{0}' 항목의 입력 형식(정규식)이 올바르지 않습니다. 괄호와 특수문자를 확인해 주세요. 예: \\d{{3}}-\\d{{2}}-\\d{{5}}", named]);
                }
            }

            var patternMessage = pattern is null ? null : Blank(input.PatternMessage);
            if (patternMessage?.Length > 200)
            {
                Error(prefix + "PatternMessage", l["'{0}' 항목의 형식 안내 문구는 200자 이내로 입력해 주세요.", named]);
            }

            IReadOnlyList<string> options = [];
            if (type == FieldType.Select)
            {
                var lines = input.OptionLines;
                if (lines.Count < 2)
                {
                    Error(prefix + "Options", l["선택형 항목 '{0}'에는 선택지를 한 줄에 하나씩 두 개 이상 입력해 주세요.", named]);
                }
                else if (lines.Count > MaxOptions)
                {
                    Error(prefix + "Options", l["선택형 항목 '{0}'의 선택지는 {1}개까지입니다.", named, MaxOptions]);
                }
                else if (lines.GroupBy(o => o, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
                {
                    Error(prefix + "Options", l["선택형 항목 '{0}'에 같은 선택지 '{1}'가 두 번 있습니다.", named, duplicate.Key]);
                }
                else if (lines.FirstOrDefault(o => o.Length > 100) is not null)
                {
                    Error(prefix + "Options", l["선택형 항목 '{0}'의 선택지는 하나에 100자 이내로 입력해 주세요.", named]);
                }
                else
                {
                    options = lines;
                }
            }

            long? min = null, maxValue = null;
            if (type == FieldType.Number)
            {
                min = OptionalWhole(input.Min, prefix + "Min", l["'{0}' 항목의 최솟값은 정수로 입력해 주세요.", named], errors);
                maxValue = OptionalWhole(input.Max, prefix + "Max", l["'{0}' 항목의 최댓값은 정수로 입력해 주세요.", named], errors);
                if (min is { } low && maxValue is { } high && low > high)
                {
                    Error(prefix + "Max", l["'{0}' 항목의 최솟값({1:N0})이 최댓값({2:N0})보다 큽니다. 최솟값은 최댓값 이하로 입력해 주세요.", named, low, high]);
                }
            }

            var help = Blank(input.HelpText);
            if (help?.Length > 500)
            {
                Error(prefix + "HelpText", l["'{0}' 항목의 도움말은 500자 이내로 입력해 주세요.", named]);
            }

            if (errors.Count == before)
            {
                fields.Add(new FieldDefinition
                {
                    Key = key,
                    Label = label,
                    Type = type,
                    Required = input.Required,
                    MaxLength = maxLength,
                    Pattern = pattern,
                    PatternMessage = patternMessage,
                    HelpText = help,
                    Options = options,
                    Min = min,
                    Max = maxValue,
                });
            }
        }

        return fields;
    }

    /// <summary>Whether the pattern compiles as the citizen's check will use it (anchored, with the match timeout).</summary>
    public static bool Compiles(string pattern)
    {
        try
        {
            _ = new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, PatternTimeout);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? Required(string? value, string key, int max, string missing, string tooLong, List<DefinitionError> errors)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            errors.Add(new DefinitionError(key, missing));
            return null;
        }

        if (text.Length > max)
        {
            errors.Add(new DefinitionError(key, tooLong));
            return null;
        }

        return text.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static long? OptionalWhole(string? value, string key, string message, List<DefinitionError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (WholeNumber(value) is { } number)
        {
            return number;
        }

        errors.Add(new DefinitionError(key, message));
        return null;
    }

    /// <summary>An integer as typed (commas allowed: 1,000), or null.</summary>
    public static long? WholeNumber(string? value) =>
        long.TryParse((value ?? string.Empty).Trim().Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{1,49}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,49}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
