using System.Globalization;

namespace Petition.Core.Applications;

/// <summary>
/// Receipt numbers (접수번호) read as the Korean date of receipt and that day's sequence:
/// <c>20261201-000042</c>.
/// </summary>
public static class ReceiptNumber
{
    public const int SequenceDigits = 6;

    public static string Format(DateOnly day, int sequence)
    {
        if (sequence is < 1 or > 999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "A day holds at most 999,999 receipts.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{day:yyyyMMdd}-{sequence:D6}");
    }

    /// <summary>Accepts the number with or without the hyphen and surrounding spaces.</summary>
    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = string.Empty;
        var text = (input ?? string.Empty).Trim().Replace(" ", string.Empty, StringComparison.Ordinal);
        if (text.Length == 14 && !text.Contains('-', StringComparison.Ordinal))
        {
            text = text[..8] + "-" + text[8..];
        }

        if (text.Length != 15 || text[8] != '-' || !text.Remove(8, 1).All(char.IsAsciiDigit)
            || !DateOnly.TryParseExact(text[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }

        normalized = text;
        return true;
    }
}
