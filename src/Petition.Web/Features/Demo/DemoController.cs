using System.IO.Compression;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Petition.Pki.Demo;
using Petition.Web.Features.Signing;

namespace Petition.Web.Features.Demo;

public sealed record DemoCertificateRow(
    string Id, string Name, string Rrn, string ApplicantRrn, string Password, string CaName, string Usage, string Status,
    string KeyProtection, string Expected, string NotAfter);

/// <summary>
/// 데모 인증서: in demo mode only, the demo citizens' NPKI folders as zips, with their passwords and
/// fictitious RRNs, so a newcomer can try the signed path at once. 404 in production configuration.
/// </summary>
[Route("demo/certificates")]
public sealed class DemoController(PortalPki pki, IOptions<DemoOptions> options) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> IndexAsync()
    {
        if (!options.Value.Enabled)
        {
            return NotFound();
        }

        var material = await pki.GetAsync();
        if (material?.Demo is not { } manifest)
        {
            return View("Index", Array.Empty<DemoCertificateRow>());
        }

        return View("Index", manifest.Citizens.Select(c => new DemoCertificateRow(
            c.Id, c.Name, c.Rrn, c.ApplicantRrn, c.Password, c.CaName, c.Usage, StatusText(c.Status), ProtectionText(c.KeyProtection),
            ExpectedText(c), c.NotAfter.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).ToList());
    }

    [HttpGet("{id}.zip")]
    public async Task<IActionResult> DownloadAsync(string id)
    {
        if (!options.Value.Enabled || await pki.GetAsync() is not { Demo: { } manifest, DemoDirectory: { } directory }
            || manifest.Citizens.FirstOrDefault(c => c.Id == id) is not { } citizen)
        {
            return NotFound();
        }

        var folder = Path.Combine(directory, citizen.Folder);
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in new[] { "signCert.der", "signPri.key", "kmCert.der", "kmPri.key" })
            {
                var path = Path.Combine(folder, file);
                if (System.IO.File.Exists(path))
                {
                    await zip.CreateEntryFromFileAsync(path, citizen.Folder.Replace('\\', '/') + "/" + file);
                }
            }
        }

        stream.Position = 0;
        return File(stream, "application/zip", $"NPKI-{citizen.Id}.zip");
    }

    private static string StatusText(string status) => status switch
    {
        "VALID" => "정상",
        "REVOKED" => "폐지됨",
        "EXPIRED" => "유효기간 만료",
        "NOT_YET_VALID" => "유효기간 시작 전",
        "WRONG_POLICY" => "용도 제한",
        "SECOND_PERSON" => "다른 사람 명의",
        "NO_RANDOM_NUMBER" => "본인확인 정보 없음",
        _ => status,
    };

    private static string ProtectionText(string protection) => protection switch
    {
        "PbeWithSha1AndSeedCbc" => "SEED (pbeWithSHA1AndSEED-CBC)",
        "Pbes2SeedCbc" => "SEED (PBES2)",
        "Pbes2Aria128Cbc" => "ARIA (PBES2, 브라우저 미지원)",
        _ => protection,
    };

    private static string ExpectedText(DemoManifestCitizen citizen) => citizen.ExpectedOutcome switch
    {
        "ACCEPTED" => "서명 확인됨",
        "POLICY_NOT_ACCEPTED" => "용도 불일치로 거절 (민원에 따라 허용)",
        "IDENTITY_MISMATCH" => $"본인 아님으로 거절 (신청인 주민등록번호 {citizen.ApplicantRrn}로 신청 시)",
        "IDENTITY_NOT_VERIFIABLE" => "본인 확인 불가로 거절",
        _ => citizen.ExpectedSubIndication switch
        {
            "REVOKED" => "폐지된 인증서로 거절",
            "EXPIRED" => "유효기간 만료로 거절",
            "NOT_YET_VALID" => "유효기간 전으로 거절",
            _ => "거절",
        },
    };
}
