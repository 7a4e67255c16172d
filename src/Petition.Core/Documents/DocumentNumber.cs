using System.Security.Cryptography;
using System.Text;

namespace Petition.Core.Documents;

/// <summary>
/// Document numbers (발급번호) of issued documents: 15 random Crockford base32 characters (75 bits from a
/// cryptographic generator, so numbers cannot be guessed or enumerated) and one check character, written as
/// four groups of four: <c>7K3M-9QX2-AB4D-WZ8E</c>. The check character (Luhn mod 32 over the alphabet)
/// catches any single mistyped character and most swaps of neighbours before the database is asked.
/// </summary>
public static class DocumentNumber
{
    /// <summary>Crockford base32: no I, L, O, U.</summary>
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private const int PayloadLength = 15;

    /// <summary>The formatted length: 16 characters and three hyphens.</summary>
    public const int Length = 19;

    /// <summary>A new random number, formatted.</summary>
    public static string New()
    {
        Span<byte> random = stackalloc byte[PayloadLength];
        RandomNumberGenerator.Fill(random);
        var payload = new StringBuilder(PayloadLength + 1);
        foreach (var b in random)
        {
            payload.Append(Alphabet[b & 31]);
        }

        payload.Append(CheckCharacter(payload.ToString()));
        return Format(payload.ToString());
    }

    /// <summary>
    /// Accepts what a person types: any case, with or without hyphens and spaces, and Crockford's look-alikes
    /// (O for 0, I and L for 1). True with the canonical form when the characters and the check character are right.
    /// </summary>
    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return false;
        }

        var compact = new StringBuilder(PayloadLength + 1);
        foreach (var raw in input.Trim())
        {
            if (raw is '-' or ' ' or '\u2010' or '\u2011' or '\u2013' or '\u2014')
            {
                continue;
            }

            var c = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            compact.Append(c);
        }

        if (compact.Length != PayloadLength + 1)
        {
            return false;
        }

        var text = compact.ToString();
        var payload = text[..PayloadLength];
        if (payload.Any(c => !Alphabet.Contains(c, StringComparison.Ordinal)) || CheckCharacter(payload) != text[PayloadLength])
        {
            return false;
        }

        normalized = Format(text);
        return true;
    }

    private static char CheckCharacter(string payload)
    {
        // Luhn mod N (N = 32): from the right, every other value doubled, its base-32 digits summed.
        var factor = 2;
        var sum = 0;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(payload[i], StringComparison.Ordinal);
            sum += (addend / 32) + (addend % 32);
            factor = factor == 2 ? 1 : 2;
        }

        return Alphabet[(32 - (sum % 32)) % 32];
    }

    private static string Format(string sixteen) =>
        string.Create(Length, sixteen, static (span, s) =>
        {
            for (int i = 0, j = 0; i < s.Length; i++)
            {
                if (i > 0 && i % 4 == 0)
                {
                    span[j++] = '-';
                }

                span[j++] = s[i];
            }
        });
}
