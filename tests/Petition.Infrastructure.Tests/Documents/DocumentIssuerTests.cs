using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Petition.Core.Documents;
using Petition.Infrastructure.Documents;

namespace Petition.Infrastructure.Tests.Documents;

public sealed partial class DocumentIssuerTests
{
    private static async Task<(Petition.Core.Applications.PetitionRecord Petition, IssuedDocument Document)> IssueAsync(string name = "홍길동")
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var petition = await TestPetitions.SubmitWageArrearsAsync(database, name);
        return (petition, TestInstitution.Issuer().Issue(petition, DocumentNumber.New(), TestPetitions.IssuedAt));
    }

    [Fact]
    public async Task Issue_PdfText_ShowsTitleNumbersKoreanNameMaskedRrnAnswersAndIssuer()
    {
        var (petition, document) = await IssueAsync();

        var text = Poppler.PdfToText(document.Pdf);
        var flat = Regex.Replace(text, @"\s+", " ");

        Assert.Equal("체불임금등·사업주확인서", document.Title);
        Assert.Contains("체불임금등·사업주확인서", flat, StringComparison.Ordinal);
        Assert.Contains(document.DocumentNumber, flat, StringComparison.Ordinal);
        Assert.Contains(petition.ReceiptNumber, flat, StringComparison.Ordinal);
        Assert.Contains("홍길동", flat, StringComparison.Ordinal);
        Assert.Contains("800101-1******", flat, StringComparison.Ordinal);
        Assert.DoesNotContain("800101-1234567", flat, StringComparison.Ordinal);
        Assert.Contains("사업장명 한빛상사", flat, StringComparison.Ordinal);
        Assert.Contains("체불 금품 총액(원) 3,500,000", flat, StringComparison.Ordinal);
        Assert.Contains("근로개선지도과", flat, StringComparison.Ordinal);

        // 06:30 UTC is 15:30 in Korea.
        Assert.Contains("2026년 12월 3일 15:30", flat, StringComparison.Ordinal);
        Assert.Contains("고용노동부장관", flat, StringComparison.Ordinal);
        Assert.Equal(petition.Id, document.PetitionId);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(document.Pdf)), document.PdfSha256);
    }

    [Fact]
    public async Task Issue_PdfSignature_VerifiesAgainstTheInstitutionCertificate_AndPopplerAgrees()
    {
        var (_, document) = await IssueAsync();

        var (signed, cms) = SignedRangeAndCms(document.Pdf);
        var signer = cms.GetSignerInfos().GetSigners().Single();
        Assert.True(signer.Verify(TestInstitution.Key.Certificate));
        Assert.Equal(CmsSignedGenerator.DigestSha256, signer.DigestAlgorithmID.Algorithm.Id);
        Assert.True(signed.Length > document.Pdf.Length - 20000);

        var check = PdfSignatureReader.Verify(document.Pdf);
        Assert.Equal(PdfSignatureStatus.Valid, check.Status);
        Assert.Equal(TestInstitution.Key.CertificateDer, check.Signer!.GetEncoded());

        var poppler = Poppler.PdfSig(document.Pdf);
        Assert.Contains("Signature is Valid", poppler, StringComparison.Ordinal);
        Assert.Contains("Total document signed", poppler, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_OneByteChangedInsideTheSignedRange_SignatureFails()
    {
        var (_, document) = await IssueAsync();
        var (start, length, _, _) = ByteRange(document.Pdf);
        var tampered = (byte[])document.Pdf.Clone();
        var at = start + (length / 2);
        tampered[at] = (byte)(tampered[at] == (byte)'0' ? '1' : '0');

        var (signed, cms) = SignedRangeAndCms(tampered);
        var signer = new CmsSignedData(new CmsProcessableByteArray(signed), cms.ContentInfo).GetSignerInfos().GetSigners().Single();
        Assert.ThrowsAny<CmsException>(() => signer.Verify(TestInstitution.Key.Certificate));
        Assert.Equal(PdfSignatureStatus.Modified, PdfSignatureReader.Verify(tampered).Status);
        Assert.DoesNotContain("Signature is Valid", Poppler.PdfSig(tampered), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_QrPayload_VerifiesOfflineWithTheCertificateAlone()
    {
        var (petition, document) = await IssueAsync();

        Assert.StartsWith("PETDOC1.", document.QrPayload, StringComparison.Ordinal);
        Assert.Equal(QrPayloadError.None, QrPayload.Verify(document.QrPayload, TestInstitution.Key.Certificate, out var claims));
        Assert.Equal(document.DocumentNumber, claims!.DocumentNumber);
        Assert.Equal(petition.ReceiptNumber, claims.ReceiptNumber);
        Assert.Equal("체불임금등·사업주확인서", claims.Title);
        Assert.Equal("홍*동", claims.MaskedName);
        Assert.Equal(TestPetitions.IssuedAt, claims.IssuedAtUtc);
        Assert.Equal(TestInstitution.Key.KeyId, claims.KeyId);
        Assert.Matches("^[0-9a-f]{64}$", claims.ContentSha256);

        // The payload never carries the full name.
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(document.QrPayload.Split('.')[1])));
        Assert.DoesNotContain("홍길동", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QrPayload_ChangedClaimsOrOtherKey_AreRejected()
    {
        var (_, document) = await IssueAsync();
        var parts = document.QrPayload.Split('.');
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1])));
        var forgedJson = json.Replace("홍*동", "김*수", StringComparison.Ordinal);
        Assert.NotEqual(json, forgedJson);
        var forged = $"{parts[0]}.{Base64Url(Encoding.UTF8.GetBytes(forgedJson))}.{parts[2]}";

        Assert.Equal(QrPayloadError.BadSignature, QrPayload.Verify(forged, TestInstitution.Key.Certificate, out var claims));
        Assert.Null(claims);

        var strangerDocument = TestInstitution.Issuer(TestInstitution.Stranger).Issue(
            await PetitionAsync(), DocumentNumber.New(), TestPetitions.IssuedAt);
        Assert.Equal(QrPayloadError.BadSignature, QrPayload.Verify(strangerDocument.QrPayload, TestInstitution.Key.Certificate, out _));

        Assert.Equal(QrPayloadError.Malformed, QrPayload.Verify("PETDOC1.abc", TestInstitution.Key.Certificate, out _));
        Assert.Equal(QrPayloadError.Malformed, QrPayload.Verify(document.QrPayload.Replace("PETDOC1", "PETDOC2", StringComparison.Ordinal), TestInstitution.Key.Certificate, out _));
    }

    [Fact]
    public void DocumentNumber_New_IsFourGroupsOfCrockfordBase32_AndNormalizesWhatPeopleType()
    {
        var numbers = Enumerable.Range(0, 200).Select(_ => DocumentNumber.New()).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct(StringComparer.Ordinal).Count());
        Assert.All(numbers, n => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$", n));
        Assert.All(numbers, n => Assert.True(DocumentNumber.TryNormalize(n, out var same) && same == n));

        var number = numbers[0];
        Assert.True(DocumentNumber.TryNormalize(" " + number.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant() + " ", out var typed));
        Assert.Equal(number, typed);

        // Every single-character change is caught by the check character.
        var compact = number.Replace("-", string.Empty, StringComparison.Ordinal);
        for (var i = 0; i < compact.Length; i++)
        {
            foreach (var c in "0123456789ABCDEFGHJKMNPQRSTVWXYZ".Where(c => c != compact[i]))
            {
                var changed = compact[..i] + c + compact[(i + 1)..];
                Assert.False(DocumentNumber.TryNormalize(changed, out _), changed);
            }
        }

        Assert.False(DocumentNumber.TryNormalize("20261201-000001", out _));
        Assert.False(DocumentNumber.TryNormalize(null, out _));
    }

    [Theory]
    [InlineData("홍길동", "홍*동")]
    [InlineData("남궁민수", "남**수")]
    [InlineData("이산", "이*")]
    public void NameMask_KeepsFirstAndLastLetter(string name, string masked) => Assert.Equal(masked, NameMask.Mask(name));

    private static async Task<Petition.Core.Applications.PetitionRecord> PetitionAsync()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        return await TestPetitions.SubmitWageArrearsAsync(database);
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRangePattern();

    /// <summary>The test's own reading of /ByteRange, independent of PdfSignatureReader.</summary>
    private static (int Start, int Length, int Start2, int Length2) ByteRange(byte[] pdf)
    {
        var m = ByteRangePattern().Matches(Encoding.Latin1.GetString(pdf)).Single();
        int At(int i) => int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture);
        return (At(1), At(2), At(3), At(4));
    }

    private static (byte[] Signed, CmsSignedData Cms) SignedRangeAndCms(byte[] pdf)
    {
        var (start, length, start2, length2) = ByteRange(pdf);
        Assert.Equal(0, start);
        Assert.Equal(pdf.Length, start2 + length2);
        var signed = pdf[..length].Concat(pdf[start2..]).ToArray();
        var hex = Encoding.ASCII.GetString(pdf, length + 1, start2 - length - 2);
        using var input = new Asn1InputStream(Convert.FromHexString(hex));
        var cms = new CmsSignedData(new CmsProcessableByteArray(signed), ContentInfo.GetInstance(input.ReadObject()));
        return (signed, cms);
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + (s.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
