using System.Globalization;

namespace Petition.Core.Identity;

/// <summary>Why a resident registration number was refused.</summary>
public enum RrnError
{
    Empty,
    BadFormat,
    BadSexDigit,
    BadDate,
}

/// <summary>
/// A resident registration number (주민등록번호), <c>YYMMDD-SXXXXXX</c>. The S digit gives the century
/// (9/0: 1800s, 1/2 and 5/6: 1900s, 3/4 and 7/8: 2000s; 5-8 are foreign residents) and sex.
/// No checksum is enforced: numbers issued since October 2020 carry no check digit.
/// </summary>
public sealed class Rrn : IEquatable<Rrn>
{
    private readonly string _digits;

    private Rrn(string digits, DateOnly birthDate)
    {
        _digits = digits;
        BirthDate = birthDate;
    }

    public DateOnly BirthDate { get; }

    /// <summary>The 13 digits without the hyphen (the "idn" of the VID check). Handle with care.</summary>
    public string Digits => _digits;

    public bool IsForeignResident => _digits[6] is >= '5' and <= '8';

    /// <summary>Masked for display: <c>900101-1******</c>.</summary>
    public string Masked => $"{_digits[..6]}-{_digits[6]}******";

    public static bool TryParse(string? input, out Rrn? rrn, out RrnError error)
    {
        rrn = null;
        var text = (input ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            error = RrnError.Empty;
            return false;
        }

        if (text.Length == 14 && text[6] == '-')
        {
            text = string.Concat(text.AsSpan(0, 6), text.AsSpan(7));
        }

        if (text.Length != 13 || !text.All(char.IsAsciiDigit))
        {
            error = RrnError.BadFormat;
            return false;
        }

        int? century = text[6] switch
        {
            '9' or '0' => 1800,
            '1' or '2' or '5' or '6' => 1900,
            '3' or '4' or '7' or '8' => 2000,
            _ => null,
        };
        if (century is null)
        {
            error = RrnError.BadSexDigit;
            return false;
        }

        var year = century.Value + int.Parse(text.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var month = int.Parse(text.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(text.AsSpan(4, 2), CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = RrnError.BadDate;
            return false;
        }

        error = default;
        rrn = new Rrn(text, new DateOnly(year, month, day));
        return true;
    }

    public static Rrn Parse(string input) =>
        TryParse(input, out var rrn, out var error)
            ? rrn!
            : throw new FormatException($"Not a resident registration number ({error}).");

    /// <summary>Korean message for a refused number, for the citizen's page.</summary>
    public static string Describe(RrnError error) => error switch
    {
        RrnError.Empty => "주민등록번호를 입력해 주세요.",
        RrnError.BadFormat => "주민등록번호는 숫자 13자리(예: 900101-1234567)로 입력해 주세요.",
        RrnError.BadSexDigit => "주민등록번호 뒷자리 첫 숫자가 올바르지 않습니다.",
        RrnError.BadDate => "주민등록번호 앞자리의 생년월일이 올바른 날짜가 아닙니다.",
        _ => "주민등록번호가 올바르지 않습니다.",
    };

    public bool Equals(Rrn? other) => other is not null && other._digits == _digits;

    public override bool Equals(object? obj) => obj is Rrn other && Equals(other);

    public override int GetHashCode() => _digits.GetHashCode(StringComparison.Ordinal);

    /// <summary>Never the plain number: logs and string interpolation get the masked form.</summary>
    public override string ToString() => Masked;
}
