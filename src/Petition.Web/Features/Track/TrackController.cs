using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Workbench;
using Petition.Infrastructure.Persistence;
using Petition.Web.Features.Apply;
using Petition.Web.Features.Shared;
using Petition.Web.Features.Signing;

namespace Petition.Web.Features.Track;

/// <summary>
/// Non-member tracking (신청 조회). The lookup (receipt number plus name and date of birth) never says which of
/// the three was wrong and is rate-limited, so receipt numbers cannot be probed. A match opens the petition in
/// this browser for a short while (<see cref="TrackingAccess"/>) and redirects to its status page
/// (<c>GET /track/{접수번호}</c>); without that access the status page, the document and the supplement form
/// show the lookup form again and nothing of the petition.
/// </summary>
[Route("track")]
public sealed partial class TrackController(
    IPetitionRepository petitions,
    IPetitionTypeRepository types,
    IPetitionWorkflow workflow,
    IRrnProtector rrnProtector,
    TrackingAccess access,
    PetitionDbContext db,
    PortalPki portalPki,
    Microsoft.Extensions.Options.IOptions<PortalPkiOptions> portalOptions,
    TimeProvider clock) : Controller
{
    private const string NotFoundMessage = "입력하신 정보와 일치하는 신청 내역이 없습니다. 접수번호, 성명, 생년월일을 다시 확인해 주세요.";
    private const string SupplementedNotice = "supplemented";

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    private int AccessMinutes => (int)Math.Round(access.Lifetime.TotalMinutes);

    [HttpGet("")]
    public IActionResult Index(bool ended = false)
    {
        Response.Headers.CacheControl = "no-store";
        return View("Index", new TrackViewModel { Ended = ended, AccessMinutes = AccessMinutes });
    }

    [HttpPost("")]
    [EnableRateLimiting(DependencyInjection.TrackingRateLimit)]
    public async Task<IActionResult> LookupAsync(TrackViewModel input, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        input.AccessMinutes = AccessMinutes;
        input.AccessNeeded = false;
        input.Ended = false;
        var number = string.Empty;
        if (string.IsNullOrWhiteSpace(input.ReceiptNumber))
        {
            this.AddOrderedModelError(nameof(input.ReceiptNumber), "접수번호를 입력해 주세요.");
        }
        else if (!ReceiptNumber.TryNormalize(input.ReceiptNumber, out number))
        {
            this.AddOrderedModelError(nameof(input.ReceiptNumber), "접수번호는 20261201-000001 형식으로 입력해 주세요.");
        }

        if (string.IsNullOrWhiteSpace(input.Name))
        {
            this.AddOrderedModelError(nameof(input.Name), "신청인 성명을 입력해 주세요.");
        }

        DateOnly birthDate = default;
        if (string.IsNullOrWhiteSpace(input.BirthDate))
        {
            this.AddOrderedModelError(nameof(input.BirthDate), "생년월일을 입력해 주세요.");
        }
        else if (!DateOnly.TryParseExact(input.BirthDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out birthDate))
        {
            this.AddOrderedModelError(nameof(input.BirthDate), "생년월일은 1990-01-31 형식으로 입력해 주세요.");
        }

        if (!ModelState.IsValid)
        {
            return View("Index", input);
        }

        var petition = await petitions.GetByReceiptNumberAsync(number, cancellationToken);
        if (petition is null || petition.BirthDate != birthDate
            || !string.Equals(petition.ApplicantName, input.Name!.Trim(), StringComparison.Ordinal))
        {
            this.AddOrderedModelError(string.Empty, NotFoundMessage);
            return View("Index", input);
        }

        access.Grant(HttpContext, petition);
        return Redirect(StatusUrl(petition.ReceiptNumber)); // PRG: the status page is a GET of its own
    }

    [HttpGet("{receipt}")]
    public Task<IActionResult> StatusAsync(string receipt, string? notice, CancellationToken cancellationToken) =>
        WithAccessAsync(receipt, async petition => View("Status", await StatusModelAsync(
            petition, null, notice == SupplementedNotice && petition.Status == PetitionStatus.InProgress
                ? "보완 서류가 제출되었습니다. 담당자가 다시 검토합니다." : null, cancellationToken)), cancellationToken);

    /// <summary>조회 종료: this browser forgets the petition.</summary>
    [HttpPost("{receipt}/end")]
    public IActionResult End(string receipt)
    {
        if (ReceiptNumber.TryNormalize(receipt, out var number))
        {
            access.End(HttpContext, number);
        }

        return Redirect("/track?ended=true");
    }

    /// <summary>The issued document (online issuance), inline by default or as a download.</summary>
    [HttpGet("{receipt}/document")]
    public Task<IActionResult> DocumentAsync(string receipt, bool download, CancellationToken cancellationToken) =>
        WithAccessAsync(receipt, async petition =>
        {
            var document = await db.IssuedDocuments.AsNoTracking()
                .Where(d => d.PetitionId == petition.Id)
                .OrderByDescending(d => d.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (document is null || petition.Status != PetitionStatus.Completed)
            {
                return NotFound();
            }

            var disposition = new ContentDispositionHeaderValue(download ? "attachment" : "inline");
            disposition.SetHttpFileName(DocumentFileName(document.Title, document.DocumentNumber));
            var headers = Response.Headers;
            headers.ContentDisposition = disposition.ToString();
            headers.CacheControl = "no-store, private";
            headers.Pragma = "no-cache";

            // Shown in a frame of the status page (same origin only); a PDF needs nothing else.
            headers.XFrameOptions = "SAMEORIGIN";
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'self'";
            return File(document.Pdf, "application/pdf");
        }, cancellationToken);

    public static string StatusUrl(string receiptNumber) => "/track/" + receiptNumber;

    /// <summary>"{제목}_{발급번호}.pdf" without characters a file system refuses (the header carries it as RFC 5987 UTF-8).</summary>
    public static string DocumentFileName(string title, string documentNumber)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['\\', '/', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var clean = new string([.. $"{title}_{documentNumber}".Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c)]).Trim();
        return (clean.Length == 0 ? "document" : clean) + ".pdf";
    }

    /// <summary>
    /// Runs <paramref name="action"/> with the petition when this browser holds valid access to it; otherwise shows
    /// the lookup form with the receipt number filled in (and nothing of the petition).
    /// </summary>
    private async Task<IActionResult> WithAccessAsync(string receipt, Func<PetitionRecord, Task<IActionResult>> action, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (!ReceiptNumber.TryNormalize(receipt, out var number))
        {
            return NotFound();
        }

        var petitionId = access.Find(HttpContext, number);
        var petition = petitionId is null ? null : await petitions.GetByReceiptNumberAsync(number, cancellationToken);
        if (petition is null || petition.Id != petitionId)
        {
            if (HttpMethods.IsGet(Request.Method) && Request.Path.Value?.EndsWith("/document", StringComparison.Ordinal) == true)
            {
                return Redirect(StatusUrl(number));
            }

            ModelState.Clear();
            return View("Index", new TrackViewModel { ReceiptNumber = number, AccessNeeded = true, AccessMinutes = AccessMinutes });
        }

        if (number != receipt)
        {
            return Redirect(StatusUrl(number) + Request.QueryString);
        }

        return await action(petition);
    }

    private async Task<TrackStatusViewModel> StatusModelAsync(
        PetitionRecord petition, SupplementFormModel? supplement, string? notice, CancellationToken cancellationToken)
    {
        TrackDocument? document = null;
        if (petition.Status == PetitionStatus.Completed && petition.Delivery == DeliveryMethod.Online)
        {
            var issued = await db.IssuedDocuments.AsNoTracking()
                .Where(d => d.PetitionId == petition.Id)
                .OrderByDescending(d => d.Id)
                .Select(d => new { d.DocumentNumber, d.Title, d.IssuedAtUtc })
                .FirstOrDefaultAsync(cancellationToken);
            if (issued is not null)
            {
                var url = StatusUrl(petition.ReceiptNumber) + "/document";
                document = new TrackDocument(issued.DocumentNumber, issued.Title, KoreanTime.Format(issued.IssuedAtUtc), url, url + "?download=true");
            }
        }

        if (supplement is null && petition.Status == PetitionStatus.SupplementRequested)
        {
            supplement = SupplementForm(petition, petition.Answers.ToDictionary(a => a.Key, a => (string?)a.Value, StringComparer.Ordinal), null);
        }

        return new TrackStatusViewModel
        {
            ReceiptNumber = petition.ReceiptNumber,
            PetitionTypeName = petition.PetitionTypeName,
            Department = petition.Department,
            Status = petition.Status,
            ReceivedAt = KoreanTime.Format(petition.ReceivedAtUtc),
            DueDate = KoreanTime.Format(petition.DueDate),
            Delivery = petition.Delivery,
            DeliveryName = petition.Delivery.KoreanName(),
            Fee = ApplyController.FeeText(petition.FeeKrw) + petition.FeeStatus switch
            {
                FeeStatus.PayAtCounter => " · 창구에서 납부",
                FeeStatus.Paid => " · 결제 완료",
                FeeStatus.Refunded => " · 환불됨",
                _ => string.Empty,
            },
            FeeAmount = ApplyController.FeeText(petition.FeeKrw),
            Identity = petition.Identity switch
            {
                IdentityVerification.NotRequired => "본인 확인이 필요 없는 민원",
                IdentityVerification.VerifiedBySignature => "공동인증서 전자서명으로 확인됨",
                IdentityVerification.CheckAtCounter => petition.CounterIdentityCheckedAtUtc is not null
                    ? "창구에서 신분증으로 확인됨"
                    : "미확인 · 방문 수령 시 창구에서 신분증으로 확인",
                _ => string.Empty,
            },
            IdentityCode = petition.Identity,
            History = petition.History
                .OrderBy(h => h.AtUtc).ThenBy(h => h.Id)
                .Select(h => new TrackHistoryRow(
                    KoreanTime.Format(h.AtUtc), h.ToStatus.KoreanName(),
                    h.Actor == StatusRules.CitizenActor ? "민원인" : petition.Department, h.Note))
                .ToList(),
            CompletedAt = petition.CompletedAtUtc is { } completed ? KoreanTime.Format(completed) : null,
            Document = document,
            MailedOn = petition.MailedOn is { } mailed ? KoreanTime.Format(mailed) : null,
            PostalTrackingNumber = StatusRules.FormatTrackingNumber(petition.PostalTrackingNumber),
            MailingAddress = petition.MailingAddress?.OneLine,
            CounterIdentityCheckedAt = petition.CounterIdentityCheckedAtUtc is { } checkedAt ? KoreanTime.Format(checkedAt) : null,
            PayAtCounter = petition.FeeStatus == FeeStatus.PayAtCounter,
            RejectionReason = petition.RejectionReason,
            Refund = petition.Status != PetitionStatus.Rejected ? TrackRefund.None : petition.FeeStatus switch
            {
                FeeStatus.Refunded => TrackRefund.Refunded,
                FeeStatus.Paid => TrackRefund.Pending,
                _ => TrackRefund.None,
            },
            Supplement = petition.Status == PetitionStatus.SupplementRequested || supplement is not null ? supplement : null,
            Notice = notice,
            AccessMinutes = AccessMinutes,
        };
    }

    private SupplementFormModel SupplementForm(PetitionRecord petition, IReadOnlyDictionary<string, string?> values, string? message) => new()
    {
        Request = petition.SupplementRequest ?? string.Empty,
        RequestedAt = petition.SupplementRequestedAtUtc is { } at ? KoreanTime.Format(at) : null,
        Fields = petition.Form.Fields.Select(f => new FormFieldViewModel { Definition = f, Value = values.GetValueOrDefault(f.Key) }).ToList(),
        Message = message,
        Stamp = petition.ConcurrencyStamp,
        RequiresSignature = RequiresSignature(petition),
        SigningAvailable = portalPki.IsConfigured,
    };

    /// <summary>A petition received with a verified signature is answered with a signature too.</summary>
    private static bool RequiresSignature(PetitionRecord petition) =>
        petition.Identity == IdentityVerification.VerifiedBySignature || petition.SignatureCms is not null;
}
