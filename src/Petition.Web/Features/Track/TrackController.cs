using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Web.Features.Apply;
using Petition.Web.Features.Shared;

namespace Petition.Web.Features.Track;

public sealed class TrackViewModel
{
    public string? ReceiptNumber { get; set; }

    public string? Name { get; set; }

    /// <summary>Date of birth, yyyy-MM-dd (the date input's value).</summary>
    public string? BirthDate { get; set; }

    public TrackResult? Result { get; set; }
}

public sealed record TrackHistoryRow(string At, string Status, string? Note);

public sealed record TrackResult(
    string ReceiptNumber, string PetitionTypeName, string Department, string Status, PetitionStatus StatusCode,
    string ReceivedAt, string DueDate, string Delivery, string Fee, string Identity, IReadOnlyList<TrackHistoryRow> History);

/// <summary>
/// Non-member tracking (신청 조회): receipt number plus name and date of birth. A miss never says which of
/// the three was wrong, and lookups are rate-limited, so receipt numbers cannot be probed.
/// </summary>
[Route("track")]
public sealed class TrackController(IPetitionRepository petitions) : Controller
{
    private const string NotFoundMessage = "입력하신 정보와 일치하는 신청 내역이 없습니다. 접수번호, 성명, 생년월일을 다시 확인해 주세요.";

    [HttpGet("")]
    public IActionResult Index() => View(new TrackViewModel());

    [HttpPost("")]
    [EnableRateLimiting(DependencyInjection.TrackingRateLimit)]
    public async Task<IActionResult> IndexAsync(TrackViewModel input, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
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
            return View(input);
        }

        var petition = await petitions.GetByReceiptNumberAsync(number, cancellationToken);
        if (petition is null || petition.BirthDate != birthDate
            || !string.Equals(petition.ApplicantName, input.Name!.Trim(), StringComparison.Ordinal))
        {
            this.AddOrderedModelError(string.Empty, NotFoundMessage);
            return View(input);
        }

        input.Result = new TrackResult(
            petition.ReceiptNumber,
            petition.PetitionTypeName,
            petition.Department,
            petition.Status.KoreanName(),
            petition.Status,
            KoreanTime.Format(petition.ReceivedAtUtc),
            KoreanTime.Format(petition.DueDate),
            petition.Delivery.KoreanName(),
            ApplyController.FeeText(petition.FeeKrw) + petition.FeeStatus switch
            {
                FeeStatus.PayAtCounter => " · 창구에서 납부",
                FeeStatus.Paid => " · 결제 완료",
                FeeStatus.Refunded => " · 환불됨",
                _ => string.Empty,
            },
            petition.Identity switch
            {
                IdentityVerification.NotRequired => "본인 확인이 필요 없는 민원",
                IdentityVerification.VerifiedBySignature => "공동인증서 전자서명으로 확인됨",
                IdentityVerification.CheckAtCounter => "미확인 · 방문 수령 시 창구에서 신분증으로 확인",
                _ => string.Empty,
            },
            petition.History
                .OrderBy(h => h.AtUtc)
                .Select(h => new TrackHistoryRow(KoreanTime.Format(h.AtUtc), h.ToStatus.KoreanName(), h.Note))
                .ToList());
        return View(input);
    }
}
