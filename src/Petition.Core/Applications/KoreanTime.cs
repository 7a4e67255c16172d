using System.Globalization;

namespace Petition.Core.Applications;

/// <summary>Korean Standard Time (UTC+9, no daylight saving) for dates shown and receipt days.</summary>
public static class KoreanTime
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(9);
    private static readonly CultureInfo Korean = CultureInfo.GetCultureInfo("ko-KR");

    public static DateTime ToKst(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Offset);

    /// <summary>The Korean calendar day of an instant: the day a receipt number and a deadline count from.</summary>
    public static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(ToKst(utc));

    public static string Format(DateTime utc) => ToKst(utc).ToString("yyyy년 M월 d일 HH:mm", Korean);

    public static string Format(DateOnly date) => date.ToString("yyyy년 M월 d일 (ddd)", Korean);
}
