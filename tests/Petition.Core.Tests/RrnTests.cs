using Petition.Core.Identity;

namespace Petition.Core.Tests;

public sealed class RrnTests
{
    [Theory]
    [InlineData("900101-1234567", 1990, 1, 1)]
    [InlineData("9001011234567", 1990, 1, 1)]
    [InlineData(" 000229-3000000 ", 2000, 2, 29)]
    [InlineData("991231-2999999", 1999, 12, 31)]
    [InlineData("851010-5123456", 1985, 10, 10)]
    [InlineData("100101-8000001", 2010, 1, 1)]
    [InlineData("991231-9000000", 1899, 12, 31)]
    [InlineData("000101-0000000", 1800, 1, 1)]
    public void TryParse_ValidNumber_ReturnsBirthDateFromCenturyDigit(string input, int year, int month, int day)
    {
        Assert.True(Rrn.TryParse(input, out var rrn, out _));
        Assert.Equal(new DateOnly(year, month, day), rrn!.BirthDate);
        Assert.Equal(13, rrn.Digits.Length);
    }

    [Theory]
    [InlineData("", RrnError.Empty)]
    [InlineData("   ", RrnError.Empty)]
    [InlineData("900101-123456", RrnError.BadFormat)]
    [InlineData("90010112345678", RrnError.BadFormat)]
    [InlineData("9001O1-1234567", RrnError.BadFormat)]
    [InlineData("900101_1234567", RrnError.BadFormat)]
    [InlineData("900230-1234567", RrnError.BadDate)]
    [InlineData("010229-3234567", RrnError.BadDate)]
    [InlineData("901301-1234567", RrnError.BadDate)]
    [InlineData("900100-1234567", RrnError.BadDate)]
    public void TryParse_InvalidNumber_NamesTheProblem(string input, RrnError expected)
    {
        Assert.False(Rrn.TryParse(input, out var rrn, out var error));
        Assert.Null(rrn);
        Assert.Equal(expected, error);
        Assert.False(string.IsNullOrWhiteSpace(Rrn.Describe(error)));
    }

    [Fact]
    public void TryParse_NumberFailingOldChecksum_IsAccepted()
    {
        // 900101-1234567 fails the pre-2020 check digit; numbers issued since October 2020 carry none.
        Assert.True(Rrn.TryParse("900101-1234560", out _, out _));
        Assert.True(Rrn.TryParse("900101-1234561", out _, out _));
    }

    [Fact]
    public void Masked_ShowsBirthDateAndSexDigitOnly()
    {
        var rrn = Rrn.Parse("900101-1234567");
        Assert.Equal("900101-1******", rrn.Masked);
        Assert.Equal("900101-1******", rrn.ToString());
        Assert.DoesNotContain("234567", $"{rrn}", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("851010-5123456", true)]
    [InlineData("851010-1123456", false)]
    public void IsForeignResident_FollowsSexDigit(string input, bool expected) =>
        Assert.Equal(expected, Rrn.Parse(input).IsForeignResident);

    [Fact]
    public void Equals_SameDigitsWithAndWithoutHyphen_AreEqual()
    {
        Assert.Equal(Rrn.Parse("900101-1234567"), Rrn.Parse("9001011234567"));
        Assert.NotEqual(Rrn.Parse("900101-1234567"), Rrn.Parse("900101-2234567"));
    }
}
