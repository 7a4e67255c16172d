using System.Text.Json;
using Petition.Cli;
using Petition.Pki.Certificates;

namespace Petition.Pki.Tests;

[Collection(DemoPkiCollection.Name)]
public sealed class CliTests(DemoPkiFixture demo)
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void SignThenVerify_DemoCitizen_PrintsAcceptedReport()
    {
        var citizen = demo.Pki.Citizen("signkorea-general");
        var folder = Path.Combine(demo.Directory, citizen.Folder);
        var document = Path.Combine(demo.Directory, "cli-doc.txt");
        File.WriteAllText(document, "민원 신청서 nonce=cli-1");
        var p7s = document + ".p7s";

        var sign = Run("npki", "sign", "--cert", Path.Combine(folder, "signCert.der"), "--key", Path.Combine(folder, "signPri.key"), "--password", citizen.Password, "--in", document, "--out", p7s, "--time", DemoPkiFixture.Now.ToString("O"));
        var verify = Run("verify", "--in", p7s, "--content", document, "--trust", demo.TrustDirectory, "--rrn", citizen.Rrn, "--r", Convert.ToHexString(citizen.RandomNum!), "--policy", citizen.PolicyOid, "--at", DemoPkiFixture.Now.AddMinutes(1).ToString("O"));

        Assert.Equal(0, sign.Code);
        Assert.Equal(0, verify.Code);
        using var json = JsonDocument.Parse(verify.Out);
        Assert.Equal("TOTAL_PASSED", json.RootElement.GetProperty("indication").GetString());
        Assert.Equal("ACCEPTED", json.RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public void NpkiSign_WrongPassword_ExitsTwoWithOneLine()
    {
        var citizen = demo.Pki.Citizen("yessign-general");
        var folder = Path.Combine(demo.Directory, citizen.Folder);

        var result = Run("npki", "sign", "--cert", Path.Combine(folder, "signCert.der"), "--key", Path.Combine(folder, "signPri.key"), "--password", "nope", "--in", demo.ManifestPath, "--out", Path.Combine(demo.Directory, "x.p7s"));

        Assert.Equal(2, result.Code);
        Assert.Contains("password", result.Err, StringComparison.OrdinalIgnoreCase);
        Assert.Single(result.Err.Trim().Split('\n'));
    }

    [Fact]
    public void ChainValidate_ValidDemoCitizen_ExitsZero()
    {
        var citizen = demo.Pki.Citizen("tradesign-general");
        var result = Run(
            "chain", "validate",
            "--anchor", Path.Combine(demo.TrustDirectory, "root", "DEMO-KISA-RootCA4.der"),
            "--intermediate", Path.Combine(demo.TrustDirectory, "ca", "TradeSign.der"),
            "--cert", Path.Combine(demo.Directory, citizen.Folder, "signCert.der"),
            "--crl", Path.Combine(demo.TrustDirectory, "crl", "TradeSign.crl"), Path.Combine(demo.TrustDirectory, "crl", "root.crl"),
            "--at", DemoPkiFixture.Now.ToString("O"),
            "--key-usage", "digitalSignature", "nonRepudiation",
            "--policy", citizen.PolicyOid, "--explicit-policy");

        Assert.Equal(0, result.Code);
        Assert.Contains("TOTAL_PASSED", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ChainValidate_RevokedCitizen_ExitsOne()
    {
        var citizen = demo.Pki.Citizen("crosscert-revoked");
        var result = Run(
            "chain", "validate",
            "--anchor", Path.Combine(demo.TrustDirectory, "root", "DEMO-KISA-RootCA4.der"),
            "--intermediate", Path.Combine(demo.TrustDirectory, "ca", "CrossCert.der"),
            "--cert", Path.Combine(demo.Directory, citizen.Folder, "signCert.der"),
            "--crl", Path.Combine(demo.TrustDirectory, "crl", "CrossCert.crl"), Path.Combine(demo.TrustDirectory, "crl", "root.crl"),
            "--at", DemoPkiFixture.Now.ToString("O"));

        Assert.Equal(1, result.Code);
        Assert.Contains("\"REVOKED\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ChainValidate_PolicyNotInUserInitialSetWithExplicitPolicy_ExitsOne()
    {
        var citizen = demo.Pki.Citizen("yessign-banking");
        var result = Run(
            "chain", "validate",
            "--anchor", Path.Combine(demo.TrustDirectory, "root", "DEMO-KISA-RootCA4.der"),
            "--intermediate", Path.Combine(demo.TrustDirectory, "ca", "yessign.der"),
            "--cert", Path.Combine(demo.Directory, citizen.Folder, "signCert.der"),
            "--at", DemoPkiFixture.Now.ToString("O"),
            "--policy", "1.2.410.200005.1.1.1", "--explicit-policy", "--no-revocation");

        Assert.Equal(1, result.Code);
        Assert.Contains("CHAIN_CONSTRAINTS_FAILURE", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("pem-garbage")]
    [InlineData("missing")]
    [InlineData("huge")]
    public void ChainValidate_BadInputFile_ExitsTwoWithOneLineAndNoStackTrace(string kind)
    {
        var path = Path.Combine(demo.Directory, "bad-" + kind);
        var cert = demo.Pki.Citizen("yessign-general").Sign.CertificateDer;
        switch (kind)
        {
            case "truncated":
                File.WriteAllBytes(path, cert[..(cert.Length / 2)]);
                break;
            case "pem-garbage":
                File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n");
                break;
            case "huge":
                using (var stream = File.Create(path))
                {
                    stream.SetLength(PkiFiles.MaxFileBytes + 1);
                }

                break;
        }

        var result = Run("chain", "validate", "--anchor", path, "--cert", path);

        Assert.Equal(2, result.Code);
        Assert.Single(result.Err.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownOption_ExitsTwo()
    {
        var result = Run("verify", "--bogus");

        Assert.Equal(2, result.Code);
        Assert.StartsWith("petition:", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Help_ExitsZeroAndListsCommands()
    {
        var result = Run("--help");

        Assert.Equal(0, result.Code);
        Assert.Contains("verify", result.Out, StringComparison.Ordinal);
        Assert.Contains("chain", result.Out, StringComparison.Ordinal);
    }
}
