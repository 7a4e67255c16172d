using System.Text.RegularExpressions;
using Petition.Core.Catalog;
using Petition.Core.Identity;

namespace Petition.Core.Applications;

/// <summary>What the citizen typed on the applicant page, before validation.</summary>
public sealed record ApplicantInput(
    string? Name, string? Rrn, string? PostalCode, string? Address, string? AddressDetail, string? Phone, string? Email);

/// <summary>A postal address: five-digit postal code (우편번호), road address, detail.</summary>
public sealed record PostalAddress(string PostalCode, string Address, string? Detail)
{
    public string OneLine => string.IsNullOrEmpty(Detail) ? $"({PostalCode}) {Address}" : $"({PostalCode}) {Address} {Detail}";
}

public static partial class ApplicantValidator
{
    public const int NameMaxLength = 50;
    public const int AddressMaxLength = 200;
    public const int DetailMaxLength = 100;

    [GeneratedRegex(@"^[\p{L} .·-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex PostalCodePattern();

    [GeneratedRegex(@"^0\d{1,2}-?\d{3,4}-?\d{4}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    /// <summary>Field keys match the applicant page's input names.</summary>
    public static List<FieldError> Validate(ApplicantInput input, out Rrn? rrn)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add(new("Name", "성명을 입력해 주세요."));
        }
        else if (name.Length > NameMaxLength)
        {
            errors.Add(new("Name", $"성명은 {NameMaxLength}자 이내로 입력해 주세요."));
        }
        else if (!NamePattern().IsMatch(name))
        {
            errors.Add(new("Name", "성명에는 한글, 영문과 공백만 입력할 수 있습니다."));
        }

        if (!Rrn.TryParse(input.Rrn, out rrn, out var rrnError))
        {
            errors.Add(new("Rrn", Rrn.Describe(rrnError)));
        }

        AddAddressErrors(errors, input.PostalCode, input.Address, input.AddressDetail, prefix: string.Empty, what: "주소");

        var phone = input.Phone?.Trim() ?? string.Empty;
        if (phone.Length > 0 && !PhonePattern().IsMatch(phone))
        {
            errors.Add(new("Phone", "연락처는 010-1234-5678 형식으로 입력해 주세요."));
        }

        var email = input.Email?.Trim() ?? string.Empty;
        if (email.Length > 0 && (email.Length > 254 || !EmailPattern().IsMatch(email)))
        {
            errors.Add(new("Email", "전자우편 주소 형식이 올바르지 않습니다. (예: hong@example.kr)"));
        }

        return errors;
    }

    public static void AddAddressErrors(
        List<FieldError> errors, string? postalCode, string? address, string? detail, string prefix, string what)
    {
        if (string.IsNullOrWhiteSpace(postalCode))
        {
            errors.Add(new(prefix + "PostalCode", $"{what}의 우편번호를 입력해 주세요."));
        }
        else if (!PostalCodePattern().IsMatch(postalCode.Trim()))
        {
            errors.Add(new(prefix + "PostalCode", "우편번호는 숫자 5자리로 입력해 주세요. (예: 30117)"));
        }

        if (string.IsNullOrWhiteSpace(address))
        {
            errors.Add(new(prefix + "Address", $"{what}를 입력해 주세요."));
        }
        else if (address.Trim().Length > AddressMaxLength)
        {
            errors.Add(new(prefix + "Address", $"{what}는 {AddressMaxLength}자 이내로 입력해 주세요."));
        }

        if (detail is { Length: > DetailMaxLength })
        {
            errors.Add(new(prefix + "AddressDetail", $"상세 주소는 {DetailMaxLength}자 이내로 입력해 주세요."));
        }
    }
}
