using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Petition.Infrastructure.Trust;
using Petition.Web.Features.Shared;
using Petition.Web.Features.Staff;
using Petition.Web.Infrastructure;

namespace Petition.Web.Features.AdminTrust;

/// <summary>
/// 인증서 신뢰 목록 (/admin/trust): the database trust store's certificates and CRLs, uploads, enable/disable with a
/// confirmation, revocation settings and a "refresh now" button. Every change is audited and takes effect on every
/// node with the next validation.
/// </summary>
[Route("admin/trust")]
[Authorize(Policy = StaffPolicies.Admin)]
public sealed class AdminTrustController(
    TrustStoreAdmin admin, IEnumerable<ITrustStoreBootstrap> bootstraps, IOptions<TrustStoreOptions> options, TimeProvider clock,
    IStringLocalizer<AdminTrustController> localizer) : Controller
{
    public const string CertificateFileField = "CertificateFile";
    public const string CrlFileField = "CrlFile";
    public const string OcspUrlField = "OcspResponderUrl";
    public const string IndexPath = "/admin/trust";
    private const string StatusKey = "TrustStatus";

    [HttpGet("")]
    public async Task<IActionResult> IndexAsync(CancellationToken cancellationToken)
    {
        await EnsureBootstrappedAsync(cancellationToken);
        return await PageAsync(null, cancellationToken);
    }

    [HttpPost("certificates")]
    [RequestFormLimits(MultipartBodyLengthLimit = 2 * 1024 * 1024)]
    public async Task<IActionResult> UploadCertificateAsync(IFormFile? certificateFile, string? kind, CancellationToken cancellationToken)
    {
        var bytes = await ReadUploadAsync(certificateFile, CertificateFileField, "올릴 인증서 파일을 선택해 주세요.", cancellationToken);
        if (bytes is null)
        {
            return await PageAsync(null, cancellationToken);
        }

        TrustCertificateKind? chosen = kind switch
        {
            "Anchor" => TrustCertificateKind.Anchor,
            "Intermediate" => TrustCertificateKind.Intermediate,
            _ => null,
        };
        var result = await admin.AddCertificatesAsync(bytes, chosen, Actor(), cancellationToken);
        return await AfterAsync(result, CertificateFileField, cancellationToken);
    }

    [HttpPost("crls")]
    [RequestFormLimits(MultipartBodyLengthLimit = 2 * 1024 * 1024)]
    public async Task<IActionResult> UploadCrlAsync(IFormFile? crlFile, CancellationToken cancellationToken)
    {
        var bytes = await ReadUploadAsync(crlFile, CrlFileField, "올릴 CRL 파일을 선택해 주세요.", cancellationToken);
        if (bytes is null)
        {
            return await PageAsync(null, cancellationToken);
        }

        var result = await admin.AddCrlsAsync(bytes, Actor(), cancellationToken);
        return await AfterAsync(result, CrlFileField, cancellationToken);
    }

    /// <summary>The confirmation page before enabling or disabling a certificate.</summary>
    [HttpGet("certificates/{id:long}/{change:regex(^(enable|disable)$)}")]
    public async Task<IActionResult> ConfirmAsync(long id, string change, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        var overview = await admin.GetOverviewAsync(cancellationToken);
        var model = AdminTrustViewModel.From(overview, clock.GetUtcNow(), options.Value.MaxUploadBytes, PortalLocalization.IsEnglish);
        var certificate = model.Certificates.FirstOrDefault(c => c.Id == id);
        if (certificate is null)
        {
            return NotFound();
        }

        ViewData["Enable"] = change == "enable";
        return View("Confirm", certificate);
    }

    [HttpPost("certificates/{id:long}/{change:regex(^(enable|disable)$)}")]
    public async Task<IActionResult> SetEnabledAsync(long id, string change, CancellationToken cancellationToken)
    {
        var result = await admin.SetEnabledAsync(id, change == "enable", Actor(), cancellationToken);
        return await AfterAsync(result, string.Empty, cancellationToken);
    }

    [HttpPost("settings")]
    public async Task<IActionResult> SaveSettingsAsync(bool ocspEnabled, string? ocspResponderUrl, bool refreshCrls, CancellationToken cancellationToken)
    {
        var result = await admin.SaveSettingsAsync(ocspEnabled, ocspResponderUrl, refreshCrls, Actor(), cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.Clear();
            this.AddOrderedModelError(OcspUrlField, Text(result.Message));
            return await PageAsync(m =>
            {
                m.OcspEnabled = ocspEnabled;
                m.OcspResponderUrl = ocspResponderUrl;
                m.RefreshCrls = refreshCrls;
            }, cancellationToken);
        }

        return Done(result);
    }

    [HttpPost("refresh")]
    public async Task<IActionResult> RefreshAsync([FromServices] CrlRefresher refresher, CancellationToken cancellationToken)
    {
        var summary = await refresher.RefreshAsync(cancellationToken);
        TempData[StatusKey] = summary.Enabled
            ? localizer["CRL 갱신을 마쳤습니다: 확인 {0}건, 받음 {1}건, 실패 {2}건.", summary.Checked, summary.Updated, summary.Failed].Value
            : localizer["배포지점에서 CRL을 받아 오는 설정이 꺼져 있어 아무것도 받지 않았습니다. 아래 검증 설정에서 켜 주세요."].Value;
        return Redirect(IndexPath);
    }

    private async Task EnsureBootstrappedAsync(CancellationToken cancellationToken)
    {
        foreach (var bootstrap in bootstraps)
        {
            await bootstrap.EnsureAsync(cancellationToken);
        }
    }

    private async Task<byte[]?> ReadUploadAsync(IFormFile? file, string field, string missing, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (file is null || file.Length == 0)
        {
            this.AddOrderedModelError(field, localizer[missing].Value);
            return null;
        }

        var max = options.Value.MaxUploadBytes;
        if (file.Length > max)
        {
            this.AddOrderedModelError(field, localizer["파일이 너무 큽니다. {0}KB 이하의 인증서 또는 CRL 파일만 올릴 수 있습니다.", max / 1024].Value);
            return null;
        }

        var bytes = new byte[file.Length];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    private async Task<IActionResult> AfterAsync(TrustChangeResult result, string field, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            return Done(result);
        }

        ModelState.Clear();
        this.AddOrderedModelError(field, Text(result.Message));
        return await PageAsync(null, cancellationToken);
    }

    private RedirectResult Done(TrustChangeResult result)
    {
        TempData[StatusKey] = Text(result.Message);
        return Redirect(IndexPath);
    }

    private async Task<IActionResult> PageAsync(Action<AdminTrustViewModel>? adjust, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        var overview = await admin.GetOverviewAsync(cancellationToken);
        var model = AdminTrustViewModel.From(overview, clock.GetUtcNow(), options.Value.MaxUploadBytes, PortalLocalization.IsEnglish);
        adjust?.Invoke(model);
        ViewData["Status"] = TempData[StatusKey] as string;
        return View("Index", model);
    }

    private string Text(TrustMessage message) => localizer[message.Text, message.Arguments].Value;

    private TrustActor Actor()
    {
        var actor = User.ToStaffActor(HttpContext.Connection.RemoteIpAddress?.ToString());
        return new TrustActor(
            actor?.UserId ?? User.FindFirstValue(ClaimTypes.NameIdentifier),
            actor?.DisplayName ?? User.Identity?.Name ?? "admin",
            HttpContext.Connection.RemoteIpAddress?.ToString());
    }
}
