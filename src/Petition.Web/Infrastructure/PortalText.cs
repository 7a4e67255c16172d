using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace Petition.Web.Infrastructure;

/// <summary>
/// Translates Korean text produced by C# code (ModelState errors, notices, status names, formatted dates) at the point
/// of rendering, so the code that produces it can stay Korean-only. Korean requests get the text unchanged. English
/// requests look the text up in <see cref="Messages"/>: first as it is, then against the resource's patterned keys
/// (keys with <c>{0}</c>, <c>{1}</c>… match any text in their place; the matched parts are translated in turn), then
/// Korean dates (<c>2026년 12월 1일 10:00</c>) are rewritten in English. A text still untranslated is looked up through
/// the localizer once more so that the missing-resource check records it, and is returned as it is.
/// </summary>
public sealed partial class PortalText(IStringLocalizer<Messages> localizer)
{
    private static readonly ConcurrentDictionary<string, Table> Tables = new(StringComparer.Ordinal);

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static readonly Dictionary<char, string> Weekdays = new()
    {
        ['월'] = "Mon",
        ['화'] = "Tue",
        ['수'] = "Wed",
        ['목'] = "Thu",
        ['금'] = "Fri",
        ['토'] = "Sat",
        ['일'] = "Sun",
    };

    /// <summary>Whether <paramref name="text"/> contains Hangul.</summary>
    public static bool HasHangul(string? text) => text is not null && HangulPattern().IsMatch(text);

    /// <summary>The text in the request's language (plain, for attributes and further formatting).</summary>
    public string Text(string? korean) => Translate(korean, html: false).Text;

    /// <summary>The text in the request's language as HTML; parts that stay Korean (names, labels from the catalog) are marked lang="ko".</summary>
    public IHtmlContent Html(string? korean)
    {
        var (text, encoded) = Translate(korean, html: true);
        return new HtmlString(encoded ?? WebUtility.HtmlEncode(text));
    }

    /// <summary>
    /// For text that may be either the portal's own (a label, "예") or data (a name, an answer, a catalog label): the
    /// translation when there is one, otherwise the text marked lang="ko". Nothing is recorded as missing.
    /// </summary>
    public IHtmlContent OrKo(string? text)
    {
        if (string.IsNullOrEmpty(text) || !PortalLocalization.IsEnglish || !HasHangul(text))
        {
            return new HtmlString(WebUtility.HtmlEncode(text ?? string.Empty));
        }

        var table = Tables.GetOrAdd(CultureInfo.CurrentUICulture.Name, _ => Table.Build(localizer));
        return new HtmlString(TryTranslate(table, text, html: true, depth: 0, out _, out var encoded) ? encoded! : Ko(text));
    }

    /// <summary>The text formatted with <paramref name="arguments"/> after translating the format (a Korean format string as key).</summary>
    public string Format(string koreanFormat, params object?[] arguments) =>
        string.Format(CultureInfo.CurrentCulture, Text(koreanFormat), arguments);

    private (string Text, string? Html) Translate(string? korean, bool html)
    {
        if (string.IsNullOrEmpty(korean) || !PortalLocalization.IsEnglish || !HasHangul(korean))
        {
            return (korean ?? string.Empty, null);
        }

        var table = Tables.GetOrAdd(CultureInfo.CurrentUICulture.Name, _ => Table.Build(localizer));
        if (TryTranslate(table, korean, html, depth: 0, out var text, out var encoded))
        {
            return (text, encoded);
        }

        // Not translatable: let the localizer see the lookup (the missing-resource check records it).
        _ = localizer[korean];
        return (korean, html ? Ko(korean) : null);
    }

    private static bool TryTranslate(Table table, string korean, bool html, int depth, out string text, out string? encoded)
    {
        var key = korean.Trim();
        if (table.Exact.TryGetValue(key, out var exact))
        {
            text = exact;
            encoded = html ? WebUtility.HtmlEncode(exact) : null;
            return true;
        }

        if (depth < 3)
        {
            foreach (var pattern in table.Patterns)
            {
                var match = pattern.Regex.Match(key);
                if (!match.Success || (pattern.Short && Enumerable.Range(0, pattern.Arity).Any(i => HasHangul(match.Groups["a" + i.ToString(CultureInfo.InvariantCulture)].Value))))
                {
                    // A short pattern ("{0}원", "{0}일") only stands for numbers and codes, never for Korean words.
                    continue;
                }

                var plain = new object?[pattern.Arity];
                var marked = new object?[pattern.Arity];
                for (var i = 0; i < pattern.Arity; i++)
                {
                    var part = match.Groups["a" + i.ToString(CultureInfo.InvariantCulture)].Value;
                    if (HasHangul(part) && TryTranslate(table, part, html, depth + 1, out var partText, out var partHtml))
                    {
                        plain[i] = partText;
                        marked[i] = partHtml;
                    }
                    else
                    {
                        var dated = EnglishDates(part);
                        plain[i] = dated;
                        marked[i] = HasHangul(dated) ? Ko(dated) : WebUtility.HtmlEncode(dated);
                    }
                }

                text = string.Format(CultureInfo.InvariantCulture, pattern.English, plain);
                encoded = html ? string.Format(CultureInfo.InvariantCulture, WebUtility.HtmlEncode(pattern.English), marked) : null;
                return true;
            }
        }

        var withDates = EnglishDates(key);
        if (!HasHangul(withDates))
        {
            text = withDates;
            encoded = html ? WebUtility.HtmlEncode(withDates) : null;
            return true;
        }

        text = korean;
        encoded = null;
        return false;
    }

    private static string Ko(string korean) => $"<span lang=\"ko\">{WebUtility.HtmlEncode(korean)}</span>";

    /// <summary>Rewrites Korean dates (yyyy년 M월 d일 (요일)) in English (d MMM yyyy (ddd)).</summary>
    public static string EnglishDates(string text) => KoreanDate().Replace(text, m =>
    {
        var builder = new StringBuilder();
        builder.Append(int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture)).Append(' ')
            .Append(Months[Math.Clamp(int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), 1, 12) - 1]).Append(' ')
            .Append(m.Groups["y"].Value);
        if (m.Groups["w"].Success && Weekdays.TryGetValue(m.Groups["w"].Value[0], out var weekday))
        {
            builder.Append(" (").Append(weekday).Append(')');
        }

        return builder.ToString();
    });

    [GeneratedRegex(@"[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]")]
    private static partial Regex HangulPattern();

    [GeneratedRegex(@"(?<y>\d{4})년\s*(?<m>\d{1,2})월\s*(?<d>\d{1,2})일(?:\s*\((?<w>[월화수목금토일])\))?")]
    private static partial Regex KoreanDate();

    [GeneratedRegex(@"\\\{(\d+)}")]
    private static partial Regex Placeholder();

    private sealed record Pattern(Regex Regex, string English, int Arity, bool Short);

    private sealed record Table(Dictionary<string, string> Exact, List<Pattern> Patterns)
    {
        public static Table Build(IStringLocalizer localizer)
        {
            var exact = new Dictionary<string, string>(StringComparer.Ordinal);
            var patterns = new List<Pattern>();
            foreach (var entry in localizer.GetAllStrings(includeParentCultures: false))
            {
                exact[entry.Name] = entry.Value;
                if (!entry.Name.Contains('{', StringComparison.Ordinal))
                {
                    continue;
                }

                var arity = 0;
                var regex = Placeholder().Replace(Regex.Escape(entry.Name), m =>
                {
                    arity = Math.Max(arity, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1);
                    return $"(?<a{m.Groups[1].Value}>.+?)";
                });
                var literal = Placeholder().Replace(Regex.Escape(entry.Name), string.Empty).Length;
                patterns.Add(new Pattern(new Regex("^" + regex + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline), entry.Value, arity, literal <= 3));
            }

            // The most specific (longest fixed text) first.
            patterns.Sort((a, b) => b.Regex.ToString().Length.CompareTo(a.Regex.ToString().Length));
            return new Table(exact, patterns);
        }
    }
}
