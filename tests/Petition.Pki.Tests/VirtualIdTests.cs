using Petition.Pki.Npki;

namespace Petition.Pki.Tests;

public sealed class VirtualIdTests
{
    private static readonly byte[] R = Convert.FromHexString("7858b4328390805129f01c97fe6ca4a520cbd479");

    [Fact]
    public void EncodeHashContent_NpkiDocVector_MatchesDer()
    {
        Assert.Equal(
            "3026130d383030313031313233343536370315007858b4328390805129f01c97fe6ca4a520cbd479",
            Convert.ToHexStringLower(VirtualId.EncodeHashContent("8001011234567", R)));
    }

    [Fact]
    public void Compute_NpkiDocVectorSha256_MatchesVid()
    {
        Assert.Equal(
            "2772f4f45aa885f2528953bbd00b77e71144b378cad1fa0d2fdf2d43ed03847d",
            Convert.ToHexStringLower(VirtualId.Compute("800101-1234567", R)));
    }

    [Theory]
    [InlineData("800101-1234567", "8001011234567")]
    [InlineData("8001011234567", "8001011234567")]
    [InlineData("80010-11234567", "8001011234567")]
    [InlineData("800101-123456", null)]
    [InlineData("80010a-1234567", null)]
    public void NormalizeRrn_Inputs_ReturnsDigitsOrNull(string input, string? expected)
    {
        Assert.Equal(expected, VirtualId.NormalizeRrn(input));
    }
}
