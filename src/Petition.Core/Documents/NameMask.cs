using System.Globalization;
using System.Text;

namespace Petition.Core.Documents;

/// <summary>
/// The applicant's name as the authenticity check may show it to anyone: first and last letter kept, the
/// rest starred (홍길동 → 홍*동, 남궁민수 → 남**수, 이산 → 이*).
/// </summary>
public static class NameMask
{
    public static string Mask(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var letters = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(name.Trim().Normalize(NormalizationForm.FormC));
        while (e.MoveNext())
        {
            letters.Add((string)e.Current);
        }

        return letters.Count switch
        {
            0 => string.Empty,
            1 => "*",
            2 => letters[0] + "*",
            _ => letters[0] + new string('*', letters.Count - 2) + letters[^1],
        };
    }
}
