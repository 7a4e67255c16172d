using Microsoft.AspNetCore.Mvc;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Workbench;
using Petition.Pki.Certificates;
using Petition.Pki.Validation;
using Petition.Web.Features.Shared;
using Petition.Web.Features.Signing;

namespace Petition.Web.Features.Track;

/// <summary>
/// 보완 제출: the citizen answers a supplement request from the status page. The answers are checked with the
/// wizard's <see cref="FormValidator"/>; a petition that was signed is answered with a new signature over a
/// supplement document of its own (<see cref="PetitionDocument.BuildSupplement"/>), verified like step 6
/// (signature, chain, revocation, policy, VID against the applicant's RRN, one-time nonce).
/// </summary>
public sealed partial class TrackController
{
    private const string MessageField = "Message";
    private const string MessageLabel = "보완 내용";

    [HttpPost("{receipt}/supplement")]
    public Task<IActionResult> SupplementAsync(
        string receipt, [FromForm] Dictionary<string, string?>? answers, [FromForm] string? message, [FromForm] Guid? stamp,
        [FromServices] ISigningChallengeRepository challenges, CancellationToken cancellationToken) =>
        WithAccessAsync(receipt, async petition =>
        {
            ModelState.Clear();
            var submitted = answers ?? [];
            if (!Validate(petition, submitted, message, out var normalized, out var text))
            {
                return await ShowFormAsync(petition, submitted, message, cancellationToken);
            }

            if (petition.Status != PetitionStatus.SupplementRequested)
            {
                this.AddOrderedModelError(string.Empty, StatusRules.SupplementNotOpenMessage);
                return await ShowFormAsync(petition, submitted, message, cancellationToken);
            }

            if (RequiresSignature(petition))
            {
                return View("SupplementSign", await SignModelAsync(petition, normalized, text, stamp ?? Guid.Empty, null, challenges, cancellationToken));
            }

            var result = await workflow.RespondToSupplementAsync(petition.Id, stamp ?? Guid.Empty, new SupplementAnswer(normalized, text), cancellationToken);
            return await AfterAnswerAsync(petition, result, submitted, message, cancellationToken);
        }, cancellationToken);

    /// <summary>"수정": back from the signing page to the form, with what was typed.</summary>
    [HttpPost("{receipt}/supplement/edit")]
    public Task<IActionResult> EditSupplementAsync(
        string receipt, [FromForm] Dictionary<string, string?>? answers, [FromForm] string? message, CancellationToken cancellationToken) =>
        WithAccessAsync(receipt, petition =>
        {
            ModelState.Clear();
            return ShowFormAsync(petition, answers ?? [], message, cancellationToken);
        }, cancellationToken);

    [HttpPost("{receipt}/supplement/sign")]
    public Task<IActionResult> SignSupplementAsync(
        string receipt, [FromForm] Dictionary<string, string?>? answers, [FromForm] string? message, [FromForm] Guid? stamp,
        [FromForm] string? nonce, [FromForm] string? signedData, [FromForm] string? encryptedR,
        [FromServices] ISigningChallengeRepository challenges, [FromServices] SubmissionVerifier verifier,
        [FromServices] ILogger<TrackController> logger, CancellationToken cancellationToken) =>
        WithAccessAsync(receipt, async petition =>
        {
            ModelState.Clear();
            var submitted = answers ?? [];
            var expectedStamp = stamp ?? Guid.Empty;
            if (!Validate(petition, submitted, message, out var normalized, out var text))
            {
                return await ShowFormAsync(petition, submitted, message, cancellationToken);
            }

            if (petition.Status != PetitionStatus.SupplementRequested)
            {
                this.AddOrderedModelError(string.Empty, StatusRules.SupplementNotOpenMessage);
                return await ShowFormAsync(petition, submitted, message, cancellationToken);
            }

            Task<SupplementSignViewModel> Refused(string failure) =>
                SignModelAsync(petition, normalized, text, expectedStamp, failure, challenges, cancellationToken);

            var material = await portalPki.GetAsync();
            if (material is null)
            {
                return View("SupplementSign", await Refused("전자서명 확인 서비스를 지금 사용할 수 없습니다. 잠시 뒤 다시 시도해 주세요. 입력하신 보완 내용은 아직 제출되지 않았습니다."));
            }

            var key = PetitionDocument.SupplementChallengeKey(petition.Id);
            var challenge = string.IsNullOrEmpty(nonce) ? null : await challenges.GetAsync(nonce, cancellationToken);
            if (challenge is null || challenge.DraftId != key || !challenge.IsOpen(UtcNow)
                || challenge.Document != PetitionDocument.BuildSupplement(petition, normalized, text, challenge.Nonce, challenge.IssuedAtUtc))
            {
                return View("SupplementSign", await Refused("서명할 보완 제출서가 만료되었거나 이미 사용되었습니다. 아래 보완 제출서에 다시 서명해 주세요."));
            }

            if (TryUnprotect(petition) is not { } applicantRrn)
            {
                return View("SupplementSign", await Refused("저장된 신청인 정보를 확인할 수 없어 전자서명을 확인하지 못했습니다. 담당 부서에 문의해 주세요."));
            }

            if (!BrowserSignature.TryDecode(signedData, out var cms))
            {
                return View("SupplementSign", await Refused("전자서명 값을 받지 못했습니다. 인증서를 선택하고 비밀번호를 입력한 뒤 다시 서명해 주세요."));
            }

            var report = await verifier.VerifyAsync(
                material, challenge, cms, BrowserSignature.TryDecode(encryptedR, out var envelope) ? envelope : null,
                applicantRrn, await AcceptedPoliciesAsync(petition, cancellationToken), cancellationToken);

            LogSupplementSignatureChecked(logger, petition.Id, report.Indication, report.SubIndication, report.Outcome);
            if (!report.Accepted)
            {
                return View("SupplementSign", await Refused(report.MessageKo));
            }

            var signer = report.Signer;
            var result = await workflow.RespondToSupplementAsync(petition.Id, expectedStamp, new SupplementAnswer(
                normalized, text, cms, report.ToJson(indented: false),
                signer is null ? "확인됨" : $"{signer.OwnerName} · {signer.CaName} · {signer.UsageKorean}"), cancellationToken);
            return await AfterAnswerAsync(petition, result, submitted, message, cancellationToken);
        }, cancellationToken);

    private bool Validate(
        PetitionRecord petition, IReadOnlyDictionary<string, string?> submitted, string? message,
        out Dictionary<string, string> normalized, out string text)
    {
        var (answers, errors) = FormValidator.Validate(petition.Form, submitted);
        foreach (var error in errors)
        {
            this.AddOrderedModelError($"Answers[{error.Key}]", error.Message);
        }

        var (trimmed, messageError) = StatusRules.RequiredText(message?.Replace("\r\n", "\n", StringComparison.Ordinal), MessageLabel, StatusRules.CitizenMessageMaxLength);
        if (messageError is not null)
        {
            this.AddOrderedModelError(MessageField, messageError);
        }

        normalized = answers;
        text = trimmed ?? string.Empty;
        return errors.Count == 0 && messageError is null;
    }

    private async Task<IActionResult> AfterAnswerAsync(
        PetitionRecord petition, TransitionResult result, IReadOnlyDictionary<string, string?> submitted, string? message, CancellationToken cancellationToken)
    {
        switch (result.Outcome)
        {
            case TransitionOutcome.Done:
                return Redirect(StatusUrl(petition.ReceiptNumber) + "?notice=" + SupplementedNotice);
            case TransitionOutcome.NotFound:
                return NotFound();
            case TransitionOutcome.Conflict:
                this.AddOrderedModelError(string.Empty, RequiresSignature(petition)
                    ? "보완 서류를 제출하는 사이에 민원의 처리 상태가 바뀌었습니다. 아래 현재 상태를 확인하고, 보완 요청이 남아 있으면 다시 제출(서명)해 주세요. 입력하신 내용은 그대로 남아 있습니다."
                    : "보완 서류를 제출하는 사이에 민원의 처리 상태가 바뀌었습니다. 아래 현재 상태를 확인하고, 보완 요청이 남아 있으면 다시 제출해 주세요. 입력하신 내용은 그대로 남아 있습니다.");
                break;
            case TransitionOutcome.NotAllowed:
                this.AddOrderedModelError(string.Empty, result.Message ?? StatusRules.SupplementNotOpenMessage);
                break;
            case TransitionOutcome.Invalid:
                this.AddOrderedModelError(string.Empty, result.Message ?? "보완 내용을 확인해 주세요.");
                break;
        }

        // Show the petition as it is now, with everything the citizen typed.
        var current = await petitions.GetByReceiptNumberAsync(petition.ReceiptNumber, cancellationToken) ?? petition;
        return await ShowFormAsync(current, submitted, message, cancellationToken);
    }

    private async Task<IActionResult> ShowFormAsync(
        PetitionRecord petition, IReadOnlyDictionary<string, string?> submitted, string? message, CancellationToken cancellationToken)
    {
        var form = SupplementForm(petition, submitted, message);
        return View("Status", await StatusModelAsync(petition, form, null, cancellationToken));
    }

    private async Task<SupplementSignViewModel> SignModelAsync(
        PetitionRecord petition, Dictionary<string, string> answers, string message, Guid stamp, string? failure,
        ISigningChallengeRepository challenges, CancellationToken cancellationToken)
    {
        var material = await portalPki.GetAsync();
        if (material is null)
        {
            return new SupplementSignViewModel
            {
                ReceiptNumber = petition.ReceiptNumber,
                PetitionTypeName = petition.PetitionTypeName,
                Available = false,
                Failure = failure ?? "전자서명 확인 서비스를 지금 사용할 수 없습니다. 잠시 뒤 다시 시도해 주세요. 입력하신 보완 내용은 아직 제출되지 않았습니다.",
                Answers = answers,
                Message = message,
                Stamp = stamp,
            };
        }

        var now = UtcNow;
        var key = PetitionDocument.SupplementChallengeKey(petition.Id);
        var challenge = await challenges.FindOpenAsync(key, now, cancellationToken);
        if (challenge is null || challenge.Document != PetitionDocument.BuildSupplement(petition, answers, message, challenge.Nonce, challenge.IssuedAtUtc))
        {
            var nonce = PetitionDocument.NewNonce();
            challenge = new SigningChallenge
            {
                Nonce = nonce,
                DraftId = key,
                Document = PetitionDocument.BuildSupplement(petition, answers, message, nonce, now),
                IssuedAtUtc = now,
                ExpiresAtUtc = now + portalOptions.Value.ChallengeLifetime,
            };
            await challenges.AddAsync(challenge, cancellationToken);
        }

        return new SupplementSignViewModel
        {
            ReceiptNumber = petition.ReceiptNumber,
            PetitionTypeName = petition.PetitionTypeName,
            Available = true,
            Failure = failure,
            Document = challenge.Document,
            Nonce = challenge.Nonce,
            KmCertificate = Convert.ToBase64String(material.KmCertificateDer),
            AcceptedPolicyOids = await AcceptedPoliciesAsync(petition, cancellationToken),
            Answers = answers,
            Message = message,
            Stamp = stamp,
        };
    }

    /// <summary>범용 personal certificates always; the petition type adds 은행 / 증권 policies, as on step 6.</summary>
    private async Task<IReadOnlyList<string>> AcceptedPoliciesAsync(PetitionRecord petition, CancellationToken cancellationToken)
    {
        // The version the petition was filed with: a later edit of the type does not change which certificates it accepts.
        var accepted = (await types.GetVersionAsync(petition.PetitionTypeId, petition.PetitionTypeVersion, cancellationToken))?.AcceptedPolicyOids
            ?? (await types.GetAsync(petition.PetitionTypeId, cancellationToken))?.AcceptedPolicyOids
            ?? [];
        return [.. NpkiCaCatalog.PersonalPoliciesFor(CertificateUsage.General).Union(accepted, StringComparer.Ordinal)];
    }

    private Petition.Core.Identity.Rrn? TryUnprotect(PetitionRecord petition)
    {
        try
        {
            return rrnProtector.Unprotect(petition.RrnProtected);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Supplement signature for petition {PetitionId}: {Indication} {SubIndication} {Outcome}")]
    private static partial void LogSupplementSignatureChecked(ILogger logger, long petitionId, Indication indication, SubIndication? subIndication, PortalOutcome outcome);
}
