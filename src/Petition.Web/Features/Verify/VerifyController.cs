using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Petition.Core.Applications;
using Petition.Core.Documents;
using Petition.Infrastructure.Documents;
using Petition.Web.Features.Documents;
using Petition.Web.Features.Shared;

namespace Petition.Web.Features.Verify;

/// <summary>Which of the three ways the visitor checked.</summary>
public enum VerifyMethod
{
    Number,
    Qr,
    Pdf,
}

public sealed class VerifyViewModel
{
    public string? DocumentNumber { get; set; }

    public string? QrPayload { get; set; }

    public VerifyMethod? Method { get; set; }

    public VerifyResult? Result { get; set; }
}

/// <summary>A genuine document, as the page shows it (the name masked).</summary>
public sealed record VerifyResult(VerifyMethod Method, string Title, string DocumentNumber, string ReceiptNumber, string MaskedName, string IssuedAt);

/// <summary>
/// 발급문서 진위확인: anyone checks an issued document by its number, by the QR code's payload, or by
/// uploading the PDF. Rate-limited like tracking; shows nothing beyond title, numbers, masked name and time.
/// </summary>
[Route("verify")]
public sealed class VerifyController(DocumentVerifier verifier) : Controller
{
    public const string FileField = "File";

    [HttpGet("")]
    public IActionResult Index() => View(new VerifyViewModel());

    [HttpPost("number")]
    [EnableRateLimiting(DocumentsRegistration.VerifyRateLimit)]
    public async Task<IActionResult> NumberAsync(VerifyViewModel input, CancellationToken cancellationToken)
    {
        Prepare(input, VerifyMethod.Number);
        var normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(input.DocumentNumber))
        {
            this.AddOrderedModelError(nameof(input.DocumentNumber), "발급번호를 입력해 주세요.");
        }
        else if (!DocumentNumber.TryNormalize(input.DocumentNumber, out normalized))
        {
            this.AddOrderedModelError(nameof(input.DocumentNumber), "발급번호 형식이 올바르지 않습니다. 문서 상단의 발급번호 16자리(예: 7K3M-9QX2-AB4D-WZ8E)를 다시 확인해 주세요.");
        }

        if (!ModelState.IsValid)
        {
            return View("Index", input);
        }

        input.DocumentNumber = normalized;
        return Show(input, await verifier.VerifyNumberAsync(normalized, cancellationToken), nameof(input.DocumentNumber));
    }

    [HttpPost("qr")]
    [EnableRateLimiting(DocumentsRegistration.VerifyRateLimit)]
    public async Task<IActionResult> QrAsync(VerifyViewModel input, CancellationToken cancellationToken)
    {
        Prepare(input, VerifyMethod.Qr);
        if (string.IsNullOrWhiteSpace(input.QrPayload))
        {
            this.AddOrderedModelError(nameof(input.QrPayload), "QR코드를 읽은 내용을 붙여 넣어 주세요.");
            return View("Index", input);
        }

        return Show(input, await verifier.VerifyQrAsync(input.QrPayload, cancellationToken), nameof(input.QrPayload));
    }

    [HttpPost("pdf")]
    [EnableRateLimiting(DocumentsRegistration.VerifyRateLimit)]
    public async Task<IActionResult> PdfAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        var input = new VerifyViewModel();
        Prepare(input, VerifyMethod.Pdf);
        if (file is null || file.Length == 0)
        {
            this.AddOrderedModelError(FileField, "확인할 발급문서 PDF 파일을 선택해 주세요.");
            return View("Index", input);
        }

        if (file.Length > DocumentVerifier.MaxPdfBytes)
        {
            this.AddOrderedModelError(FileField, $"PDF 파일은 {DocumentVerifier.MaxPdfBytes / 1024}KB 이하만 확인할 수 있습니다. 민원마당에서 내려받은 발급문서를 그대로 올려 주세요.");
            return View("Index", input);
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        return Show(input, await verifier.VerifyPdfAsync(bytes, cancellationToken), FileField);
    }

    private void Prepare(VerifyViewModel input, VerifyMethod method)
    {
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        input.Method = method;
    }

    private ViewResult Show(VerifyViewModel input, DocumentVerification verification, string field)
    {
        if (verification is { IsGenuine: true, Document: { } document })
        {
            input.Result = new VerifyResult(
                input.Method!.Value, document.Title, document.DocumentNumber, document.ReceiptNumber, document.MaskedApplicantName,
                KoreanTime.Format(document.IssuedAtUtc));
        }
        else
        {
            this.AddOrderedModelError(field, Message(verification.Outcome));
        }

        return View("Index", input);
    }

    /// <summary>The specific reason a document was not confirmed.</summary>
    public static string Message(VerificationOutcome outcome) => outcome switch
    {
        VerificationOutcome.Genuine => "발급된 문서가 맞습니다.",
        VerificationOutcome.UnknownNumber => "입력하신 발급번호로 발급된 문서가 없습니다. 발급번호를 다시 확인해 주세요.",
        VerificationOutcome.QrMalformed => "붙여 넣은 내용이 발급문서 QR코드의 형식(PETDOC1.으로 시작)이 아닙니다. QR코드를 읽은 내용을 빠짐없이 붙여 넣어 주세요.",
        VerificationOutcome.QrBadSignature => "QR코드의 전자서명이 고용노동부 기관 인증서로 검증되지 않습니다. 내용이 바뀌었거나 위조된 QR코드입니다.",
        VerificationOutcome.QrUnknownNumber => "QR코드의 서명은 올바르지만, 그 발급번호로 발급된 기록이 없습니다. 발급 기관에 문의해 주세요.",
        VerificationOutcome.QrMismatch => "QR코드의 내용이 발급 기록과 일치하지 않습니다. 발급 기관에 문의해 주세요.",
        VerificationOutcome.NotPdf => "PDF 파일이 아닙니다. 민원마당에서 내려받은 발급문서(PDF)를 올려 주세요.",
        VerificationOutcome.PdfUnsigned => "전자서명이 없는 PDF입니다. 민원마당에서 발급한 원본 PDF가 아닙니다.",
        VerificationOutcome.PdfModified => "PDF의 전자서명이 검증되지 않습니다. 발급된 뒤 문서의 내용이 변경되었습니다.",
        VerificationOutcome.PdfWrongSigner => "PDF가 고용노동부 기관 인증서가 아닌 다른 인증서로 서명되어 있습니다. 발급된 원본이 아닙니다.",
        VerificationOutcome.PdfNotIssued => "기관 인증서의 서명은 있으나 발급 기록의 원본 파일과 일치하지 않습니다. 발급받은 원본 PDF를 올려 주세요.",
        VerificationOutcome.Unavailable => "지금은 기관 인증서를 불러올 수 없어 진위를 확인할 수 없습니다. 잠시 후 다시 시도해 주세요.",
        _ => "문서를 확인할 수 없습니다.",
    };
}
