using Petition.Core.Catalog;

namespace Petition.Core.Tests;

public sealed class FormValidatorTests
{
    private static readonly FormDefinition Form = new()
    {
        Fields =
        [
            new() { Key = "name", Label = "사업장명", Required = true, MaxLength = 5 },
            new() { Key = "amount", Label = "금액", Type = FieldType.Number, Min = 1, Max = 100 },
            new() { Key = "day", Label = "근무일", Type = FieldType.Date },
            new() { Key = "purpose", Label = "목적", Type = FieldType.Select, Required = true, Options = ["가", "나"] },
            new() { Key = "agree", Label = "동의", Type = FieldType.Checkbox, Required = true },
            new() { Key = "code", Label = "번호", Pattern = @"\d{4}-\d{4}", PatternMessage = "번호 형식 오류" },
            new() { Key = "memo", Label = "메모", Type = FieldType.MultilineText, MaxLength = 10 },
        ],
    };

    private static Dictionary<string, string?> Valid() => new()
    {
        ["name"] = " 한빛 ",
        ["amount"] = "50",
        ["day"] = "2026-01-31",
        ["purpose"] = "나",
        ["agree"] = "true",
        ["code"] = "2015-0123",
        ["memo"] = "a\r\nb",
    };

    [Fact]
    public void Validate_AllValid_ReturnsNormalisedAnswersAndNoErrors()
    {
        var (answers, errors) = FormValidator.Validate(Form, Valid());
        Assert.Empty(errors);
        Assert.Equal("한빛", answers["name"]);
        Assert.Equal("true", answers["agree"]);
        Assert.Equal("a\nb", answers["memo"]);
    }

    [Fact]
    public void Validate_UnknownKeys_AreDropped()
    {
        var submitted = Valid();
        submitted["injected"] = "x";
        var (answers, _) = FormValidator.Validate(Form, submitted);
        Assert.False(answers.ContainsKey("injected"));
    }

    [Theory]
    [InlineData("name", "", "'사업장명'을(를) 입력해 주세요.")]
    [InlineData("name", "여섯글자이름", "'사업장명'은(는) 5자 이내로 입력해 주세요. (현재 6자)")]
    [InlineData("amount", "abc", "'금액'은(는) 숫자로 입력해 주세요.")]
    [InlineData("amount", "0", "'금액'은(는) 1 이상이어야 합니다.")]
    [InlineData("amount", "101", "'금액'은(는) 100 이하여야 합니다.")]
    [InlineData("day", "2026-02-30", "'근무일'은(는) 올바른 날짜(예: 2026-01-31)로 입력해 주세요.")]
    [InlineData("purpose", "", "'목적'을(를) 선택해 주세요.")]
    [InlineData("purpose", "다", "'목적'은(는) 목록에 있는 항목 중에서 선택해 주세요.")]
    [InlineData("agree", "", "'동의'에 동의(체크)해 주세요.")]
    [InlineData("code", "2015-012", "번호 형식 오류")]
    [InlineData("memo", "12345678901", "'메모'은(는) 10자 이내로 입력해 주세요. (현재 11자)")]
    public void Validate_BadField_GivesOneSpecificKoreanError(string key, string value, string message)
    {
        var submitted = Valid();
        submitted[key] = value;
        var (_, errors) = FormValidator.Validate(Form, submitted);
        var error = Assert.Single(errors);
        Assert.Equal(key, error.Key);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Validate_OptionalFieldsEmpty_AreFine()
    {
        var submitted = Valid();
        submitted.Remove("amount");
        submitted["day"] = "";
        submitted["code"] = null;
        var (answers, errors) = FormValidator.Validate(Form, submitted);
        Assert.Empty(errors);
        Assert.False(answers.ContainsKey("amount"));
    }

    [Fact]
    public void Validate_PatternIsAnchored_PartialMatchFails()
    {
        var submitted = Valid();
        submitted["code"] = "x2015-0123x";
        Assert.Single(FormValidator.Validate(Form, submitted).Errors);
    }
}
