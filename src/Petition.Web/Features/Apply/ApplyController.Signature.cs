using Microsoft.AspNetCore.Mvc;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Pki.Certificates;
using Petition.Pki.Validation;
using Petition.Web.Features.Signing;

namespace Petition.Web.Features.Apply;

/// <summary>Step 6 (인증서 확인): the browser signs the document the server prepared; the server verifies it.</summary>
public sealed partial class ApplyController
{
    /// <summary>Base64 of a CMS SignedData with one RSA-2048 certificate stays well under this.</summary>

    private bool SigningAvailable => portalPki.IsConfigured;

    [HttpGet("{id:guid}/signature")]
    public Task<IActionResult> SignatureAsync(Guid id, [FromServices] ISigningChallengeRepository challenges, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Signature, async draft => View("Signature", await SignatureModelAsync(draft, challenges, null, cancellationToken)), cancellationToken);

    [HttpPost("{id:guid}/signature")]
    public Task<IActionResult> SignatureAsync(
        Guid id, string? nonce, string? signedData, string? encryptedR,
        [FromServices] ISigningChallengeRepository challenges, [FromServices] SubmissionVerifier verifier,
        [FromServices] ILogger<ApplyController> logger, CancellationToken cancellationToken) =>
        WithDraftAsync(id, WizardStep.Signature, async draft =>
        {
            var material = await portalPki.GetAsync();
            var challenge = string.IsNullOrEmpty(nonce) ? null : await challenges.GetAsync(nonce, cancellationToken);
            if (material is null)
            {
                return View("Signature", await SignatureModelAsync(draft, challenges, "전자서명 확인 서비스를 지금 사용할 수 없습니다. 잠시 뒤 다시 시도하거나 인증서 없이 신청해 주세요.", cancellationToken));
            }

            if (challenge is null || challenge.DraftId != draft.Id || !challenge.IsOpen(UtcNow) || !StillDescribes(challenge, draft))
            {
                return View("Signature", await SignatureModelAsync(draft, challenges, "서명할 신청서가 만료되었거나 이미 사용되었습니다. 아래 신청서에 다시 서명해 주세요.", cancellationToken));
            }

            if (TryUnprotect(draft) is not { } applicantRrn)
            {
                return View("Signature", await SignatureModelAsync(draft, challenges, "저장된 주민등록번호를 확인할 수 없습니다. 2단계(신청인 기본사항)에서 주민등록번호를 다시 입력해 주세요.", cancellationToken));
            }

            if (!BrowserSignature.TryDecode(signedData, out var cms))
            {
                return View("Signature", await SignatureModelAsync(draft, challenges, "전자서명 값을 받지 못했습니다. 인증서를 선택하고 비밀번호를 입력한 뒤 다시 서명해 주세요.", cancellationToken));
            }

            var report = await verifier.VerifyAsync(
                material, challenge, cms, BrowserSignature.TryDecode(encryptedR, out var envelope) ? envelope : null,
                applicantRrn, AcceptedPolicies(draft), cancellationToken);

            LogSignatureChecked(logger, draft.Id, report.Indication, report.SubIndication, report.Outcome);
            if (!report.Accepted)
            {
                return View("Signature", await SignatureModelAsync(draft, challenges, report.MessageKo, cancellationToken));
            }

            var signer = report.Signer;
            draft.RecordSignature(new SignatureEvidence(
                cms, report.ToJson(indented: false), signer is null ? "확인됨" : $"{signer.OwnerName} · {signer.CaName} · {signer.UsageKorean}", UtcNow));
            await SaveAsync(draft, cancellationToken);
            return WizardFlow.SubmitStep(draft) == WizardStep.Signature
                ? await SubmitAsync(draft, cancellationToken)
                : RedirectToStep(draft, WizardFlow.Next(draft, WizardStep.Signature));
        }, cancellationToken);

    private async Task<SignatureViewModel> SignatureModelAsync(Draft draft, ISigningChallengeRepository challenges, string? failure, CancellationToken cancellationToken)
    {
        var material = await portalPki.GetAsync();
        var model = Page(new SignatureViewModel
        {
            Available = material is not null,
            Failure = failure,
            FeeKrw = draft.FeeKrw,
            SubmitsHere = WizardFlow.SubmitStep(draft) == WizardStep.Signature,
            AcceptedPolicyOids = AcceptedPolicies(draft),
        }, draft, WizardStep.Signature);
        if (material is null)
        {
            return model;
        }

        var now = UtcNow;
        var challenge = await challenges.FindOpenAsync(draft.Id, now, cancellationToken);
        if (challenge is null || !StillDescribes(challenge, draft))
        {
            var nonce = PetitionDocument.NewNonce();
            challenge = new SigningChallenge
            {
                Nonce = nonce,
                DraftId = draft.Id,
                Document = PetitionDocument.Build(draft, draft.Published!, nonce, now),
                IssuedAtUtc = now,
                ExpiresAtUtc = now + portalOptions.Value.ChallengeLifetime,
            };
            await challenges.AddAsync(challenge, cancellationToken);
        }

        model.Document = challenge.Document;
        model.Nonce = challenge.Nonce;
        model.KmCertificate = Convert.ToBase64String(material.KmCertificateDer);
        return model;
    }

    /// <summary>범용 personal certificates are always accepted; a type adds 은행 / 증권 policies (never "any").</summary>
    private static IReadOnlyList<string> AcceptedPolicies(Draft draft) =>
        [.. NpkiCaCatalog.PersonalPoliciesFor(CertificateUsage.General).Union(draft.Published!.AcceptedPolicyOids, StringComparer.Ordinal)];

    /// <summary>A challenge issued before the citizen changed an answer no longer describes the draft.</summary>
    private static bool StillDescribes(SigningChallenge challenge, Draft draft) =>
        challenge.Document == PetitionDocument.Build(draft, draft.Published!, challenge.Nonce, challenge.IssuedAtUtc);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signature for draft {DraftId}: {Indication} {SubIndication} {Outcome}")]
    private static partial void LogSignatureChecked(ILogger logger, Guid draftId, Indication indication, SubIndication? subIndication, PortalOutcome outcome);
}
