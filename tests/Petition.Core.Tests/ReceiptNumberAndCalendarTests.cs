using Petition.Core.Applications;

namespace Petition.Core.Tests;

public sealed class ReceiptNumberAndCalendarTests
{
    [Fact]
    public void Format_DateAndSequence_IsReadable() =>
        Assert.Equal("20261201-000042", ReceiptNumber.Format(new DateOnly(2026, 12, 1), 42));

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_000)]
    public void Format_SequenceOutOfRange_Throws(int sequence) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReceiptNumber.Format(new DateOnly(2026, 12, 1), sequence));

    [Theory]
    [InlineData("20261201-000042", "20261201-000042")]
    [InlineData(" 20261201000042 ", "20261201-000042")]
    [InlineData("20261201 - 000042", "20261201-000042")]
    public void TryNormalize_AcceptsCommonWritings(string input, string expected)
    {
        Assert.True(ReceiptNumber.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("20261301-000042")]
    [InlineData("2026120-1000042")]
    [InlineData("20261201-00004a")]
    [InlineData("'; drop table--")]
    public void TryNormalize_RejectsOthers(string input) => Assert.False(ReceiptNumber.TryNormalize(input, out _));

    [Theory]
    [InlineData("2026-12-01", 0, "2026-12-01")]
    [InlineData("2026-12-01", 1, "2026-12-02")]
    [InlineData("2026-12-04", 1, "2026-12-07")]
    [InlineData("2026-12-05", 1, "2026-12-07")]
    [InlineData("2026-12-01", 10, "2026-12-15")]
    public void WorkingDays_SkipWeekends(string start, int days, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            WorkingDays.Add(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), days));
}
