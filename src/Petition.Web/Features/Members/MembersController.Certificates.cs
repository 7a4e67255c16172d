using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Auditing;
using Petition.Core.Identity;
using Petition.Infrastructure.Identity;
using Petition.Pki.Certificates;
using Petition.Pki.Validation;
using Petition.Web.Features.Signing;
using Petition.Web.Infrastructure;

namespace Petition.Web.Features.Members;

/// <summary>
/// Certificate sign-in and binding. The server issues a one-time document (kept in the signing challenges table,
/// like step 6), the browser signs it with the NPKI key using the petition's signing script, and
/// <see cref="SubmissionVerifier"/> checks signature, chain, revocation and policy (any personal 범용, 은행 or 증권
/// certificate) and consumes the nonce. Binding also runs the VID check against the member's stored RRN (decrypted
/// here for the check only); sign-in then finds the member by the certificate's SHA-256 fingerprint.
/// </summary>
public sealed partial class MembersController
{
    public const string SignInFormat = "moel-member-signin/1";

    public const string BindFormat = "moel-member-bind/1";

    /// <summary>The browser's key for its sign-in challenges (so a challenge is signable only where it was shown).</summary>
    public const string ChallengeCookie = "Petition.MemberChallenge";

    /// <summary>Personal 범용, 은행 and 증권 certificates of the six CAs.</summary>
    public static IReadOnlyList<string> SignInPolicies { get; } =
        [.. new[] { CertificateUsage.General, CertificateUsage.Banking, CertificateUsage.Securities }.SelectMany(NpkiCaCatalog.PersonalPoliciesFor).Distinct(StringComparer.Ordinal)];

    [HttpGet("signin/certificate")]
    public async Task<IActionResult> CertificateSignInAsync(
        string? returnUrl, [FromServices] PortalPki pki, [FromServices] ISigningChallengeRepository challenges,
        [FromServices] IOptions<PortalPkiOptions> pkiOptions, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        return View("CertificateSignIn", await SignInChallengeModelAsync(pki, challenges, pkiOptions.Value, null, LocalOrNull(returnUrl), cancellationToken));
    }

    [HttpPost("signin/certificate")]
    [EnableRateLimiting(MemberAuth.SignInRateLimit)]
    public async Task<IActionResult> CertificateSignInAsync(
        string? nonce, string? signedData, string? returnUrl,
        [FromServices] PortalPki pki, [FromServices] ISigningChallengeRepository challenges, [FromServices] SubmissionVerifier verifier,
        [FromServices] IOptions<PortalPkiOptions> pkiOptions, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        returnUrl = LocalOrNull(returnUrl);
        async Task<IActionResult> AgainAsync(string failure) =>
            View("CertificateSignIn", await SignInChallengeModelAsync(pki, challenges, pkiOptions.Value, failure, returnUrl, cancellationToken));

        var material = await pki.GetAsync();
        if (material is null)
        {
            return await AgainAsync(l["인증서 로그인을 지금 사용할 수 없습니다. 잠시 뒤 다시 시도하거나 아이디로 로그인해 주세요."]);
        }

        var challenge = string.IsNullOrEmpty(nonce) || nonce.Length > 64 ? null : await challenges.GetAsync(nonce, cancellationToken);
        if (challenge is null || BrowserKey() is not { } key || challenge.DraftId != ChallengeKey(SignInFormat, key)
            || !challenge.IsOpen(UtcNow) || !challenge.Document.Contains(SignInFormat, StringComparison.Ordinal))
        {
            return await AgainAsync(l["로그인 문서가 만료되었거나 이미 사용되었습니다. 아래 문서에 다시 서명해 주세요."]);
        }

        if (!BrowserSignature.TryDecode(signedData, out var cms))
        {
            return await AgainAsync(l["전자서명 값을 받지 못했습니다. 인증서를 선택하고 비밀번호를 입력한 뒤 다시 서명해 주세요."]);
        }

        var report = await verifier.VerifyAsync(
            new SignedSubmission { Cms = cms, ExpectedContent = Encoding.UTF8.GetBytes(challenge.Document), Nonce = challenge.Nonce },
            new VerificationPolicy { AcceptedPolicyOids = SignInPolicies, RequireIdentityCheck = false },
            cancellationToken);
        var serial = report.Signer?.SerialNumber.ToUpperInvariant();
        if (!report.Accepted)
        {
            var message = report.SubIndication is SubIndication.Revoked or SubIndication.RevokedNoPoe
                ? l["폐지된 인증서로는 로그인할 수 없습니다. 인증서가 폐지(효력정지)되었으니 인증기관에서 재발급 받은 뒤 다시 등록해 주세요."].Value
                : ReportMessage(report);
            var bound = report.Signer is { } signer ? await store.FindCertificateAsync(Fingerprint(signer), cancellationToken) : null;
            var owner = bound is null ? null : await users.FindByIdAsync(bound.UserId);
            await audit.AppendAsync(CertificateRecord(owner, AuditActions.MemberCertificateSignInFailed, serial, FailureReason(report)), cancellationToken);
            LogCertificateRefused(logger, report.Indication, report.SubIndication, report.Outcome);
            return await AgainAsync(message);
        }

        var certificate = await store.FindCertificateAsync(Fingerprint(report.Signer!), cancellationToken);
        var user = certificate is null ? null : await users.FindByIdAsync(certificate.UserId);
        if (certificate is null || user is null || user.RrnProtected is null)
        {
            await audit.AppendAsync(CertificateRecord(null, AuditActions.MemberCertificateSignInFailed, serial, "등록되지 않은 인증서"), cancellationToken);
            return await AgainAsync(l["이 인증서는 회원 계정에 등록되어 있지 않습니다. 아이디로 로그인한 뒤 계정 관리의 ‘인증서 등록’에서 먼저 등록해 주세요."]);
        }

        await store.TouchCertificateAsync(certificate, UtcNow, cancellationToken);
        await StartSessionAsync(user, MemberAuth.CertificateMethod);
        await audit.AppendAsync(CertificateRecord(user, AuditActions.MemberCertificateSignIn, serial, certificate.Summary), cancellationToken);
        LogSignedIn(logger, user.Id, MemberAuth.CertificateMethod);
        Response.Cookies.Delete(ChallengeCookie, new CookieOptions { Path = "/members" });
        return LocalRedirect(SafeReturnUrl(returnUrl));
    }

    [HttpGet("account/certificates/new")]
    [Authorize(Policy = MemberAuth.Policy)]
    public async Task<IActionResult> BindCertificateAsync(
        [FromServices] PortalPki pki, [FromServices] ISigningChallengeRepository challenges,
        [FromServices] IOptions<PortalPkiOptions> pkiOptions, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (await MemberAsync() is not { } user)
        {
            return Challenge(MemberAuth.Scheme);
        }

        return View("BindCertificate", await BindChallengeModelAsync(user, pki, challenges, pkiOptions.Value, null, cancellationToken));
    }

    [HttpPost("account/certificates/new")]
    [Authorize(Policy = MemberAuth.Policy)]
    public async Task<IActionResult> BindCertificateAsync(
        string? nonce, string? signedData, string? encryptedR,
        [FromServices] PortalPki pki, [FromServices] ISigningChallengeRepository challenges, [FromServices] SubmissionVerifier verifier,
        [FromServices] IOptions<PortalPkiOptions> pkiOptions, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (await MemberAsync() is not { } user)
        {
            return Challenge(MemberAuth.Scheme);
        }

        async Task<IActionResult> AgainAsync(string failure) =>
            View("BindCertificate", await BindChallengeModelAsync(user, pki, challenges, pkiOptions.Value, failure, cancellationToken));

        var material = await pki.GetAsync();
        if (material is null)
        {
            return await AgainAsync(l["인증서 확인 서비스를 지금 사용할 수 없습니다. 잠시 뒤 다시 시도해 주세요."]);
        }

        var challenge = string.IsNullOrEmpty(nonce) || nonce.Length > 64 ? null : await challenges.GetAsync(nonce, cancellationToken);
        if (challenge is null || challenge.DraftId != ChallengeKey(BindFormat, user.Id) || !challenge.IsOpen(UtcNow))
        {
            return await AgainAsync(l["등록 문서가 만료되었거나 이미 사용되었습니다. 아래 문서에 다시 서명해 주세요."]);
        }

        if (!BrowserSignature.TryDecode(signedData, out var cms))
        {
            return await AgainAsync(l["전자서명 값을 받지 못했습니다. 인증서를 선택하고 비밀번호를 입력한 뒤 다시 서명해 주세요."]);
        }

        if ((await store.CertificatesAsync(user.Id, cancellationToken)).Count >= MemberStore.MaxCertificates)
        {
            return await AgainAsync(l["인증서는 {0}개까지 등록할 수 있습니다. 쓰지 않는 인증서를 해제한 뒤 등록해 주세요.", MemberStore.MaxCertificates]);
        }

        Rrn rrn;
        try
        {
            rrn = rrnProtector.Unprotect(user.RrnProtected!);
        }
        catch (CryptographicException)
        {
            return await AgainAsync(l["저장된 주민등록번호를 확인할 수 없어 인증서를 등록할 수 없습니다. 고객센터에 문의해 주세요."]);
        }

        var report = await verifier.VerifyAsync(
            material, challenge, cms, BrowserSignature.TryDecode(encryptedR, out var envelope) ? envelope : null, rrn, SignInPolicies, cancellationToken);
        var serial = report.Signer?.SerialNumber.ToUpperInvariant();
        if (!report.Accepted)
        {
            var message = report.Outcome == PortalOutcome.IdentityMismatch
                ? l["이 인증서는 회원님 본인의 인증서가 아닙니다. 인증서의 본인확인 정보(VID)가 가입할 때 입력한 주민등록번호와 일치하지 않습니다. 본인 명의의 인증서를 선택해 주세요."].Value
                : report.SubIndication is SubIndication.Revoked or SubIndication.RevokedNoPoe
                    ? l["폐지된 인증서는 등록할 수 없습니다. 인증기관에서 재발급 받은 인증서를 선택해 주세요."].Value
                    : ReportMessage(report);
            await audit.AppendAsync(CertificateRecord(user, AuditActions.CertificateBindFailed, serial, FailureReason(report)), cancellationToken);
            LogCertificateRefused(logger, report.Indication, report.SubIndication, report.Outcome);
            return await AgainAsync(message);
        }

        var signer = report.Signer!;
        var fingerprint = Fingerprint(signer);
        if (await store.FindCertificateAsync(fingerprint, cancellationToken) is { } existing)
        {
            return await AgainAsync(existing.UserId == user.Id
                ? l["이미 이 계정에 등록된 인증서입니다."]
                : l["다른 회원 계정에 이미 등록된 인증서입니다. 그 계정에서 등록을 해제한 뒤 다시 시도해 주세요."]);
        }

        var summary = $"{signer.CaName} · {signer.UsageKorean}";
        var bound = new MemberCertificate
        {
            UserId = user.Id,
            FingerprintSha256 = fingerprint,
            SubjectDn = Truncate(signer.Subject, 1000),
            IssuerDn = Truncate(signer.Issuer, 1000),
            SerialNumber = serial!,
            Summary = Truncate(summary, 200),
            NotAfterUtc = signer.NotAfter.UtcDateTime,
            BoundAtUtc = UtcNow,
        };
        if (!await store.BindAsync(bound, CertificateRecord(user, AuditActions.CertificateBound, serial, summary), cancellationToken))
        {
            return await AgainAsync(l["다른 회원 계정에 이미 등록된 인증서입니다. 그 계정에서 등록을 해제한 뒤 다시 시도해 주세요."]);
        }

        LogBound(logger, user.Id);
        return LocalRedirect("/members/account?bound=true");
    }

    [HttpPost("account/certificates/{id:long}/remove")]
    [Authorize(Policy = MemberAuth.Policy)]
    public async Task<IActionResult> UnbindCertificateAsync(long id, CancellationToken cancellationToken)
    {
        if (await MemberAsync() is not { } user)
        {
            return Challenge(MemberAuth.Scheme);
        }

        var removed = await store.UnbindAsync(user.Id, id, c => CertificateRecord(user, AuditActions.CertificateUnbound, c.SerialNumber, c.Summary), cancellationToken);
        return removed is null ? NotFound() : LocalRedirect("/members/account?unbound=true");
    }

    private async Task<MemberCertificateViewModel> SignInChallengeModelAsync(
        PortalPki pki, ISigningChallengeRepository challenges, PortalPkiOptions options, string? failure, string? returnUrl, CancellationToken cancellationToken)
    {
        var model = new MemberCertificateViewModel
        {
            Failure = failure,
            AcceptedPolicyOids = SignInPolicies,
            ReturnUrl = returnUrl,
            Action = "/members/signin/certificate",
        };
        if (await pki.GetAsync() is null)
        {
            return model;
        }

        var key = BrowserKey();
        if (key is null)
        {
            key = Guid.NewGuid().ToString("N");
            Response.Cookies.Append(ChallengeCookie, key, new CookieOptions
            {
                HttpOnly = true,
                Secure = Request.IsHttps,
                SameSite = SameSiteMode.Strict,
                IsEssential = true,
                Path = "/members",
                MaxAge = options.ChallengeLifetime,
            });
        }

        var challenge = await OpenChallengeAsync(challenges, ChallengeKey(SignInFormat, key), SignInDocument, options.ChallengeLifetime, cancellationToken);
        model.Available = true;
        model.Document = challenge.Document;
        model.Nonce = challenge.Nonce;
        return model;
    }

    private async Task<MemberCertificateViewModel> BindChallengeModelAsync(
        PortalUser user, PortalPki pki, ISigningChallengeRepository challenges, PortalPkiOptions options, string? failure, CancellationToken cancellationToken)
    {
        var model = new MemberCertificateViewModel
        {
            Failure = failure,
            AcceptedPolicyOids = SignInPolicies,
            Action = "/members/account/certificates/new",
        };
        var material = await pki.GetAsync();
        if (material is null)
        {
            return model;
        }

        var challenge = await OpenChallengeAsync(
            challenges, ChallengeKey(BindFormat, user.Id), (nonce, issuedAt) => BindDocument(user, nonce, issuedAt), options.ChallengeLifetime, cancellationToken);
        model.Available = true;
        model.Document = challenge.Document;
        model.Nonce = challenge.Nonce;
        model.KmCertificate = Convert.ToBase64String(material.KmCertificateDer);
        return model;
    }

    /// <summary>
    /// The open challenge under <paramref name="key"/>, or a new one when there is none or its document is no longer
    /// what <paramref name="document"/> writes for its nonce and time (the member's details changed since).
    /// </summary>
    private async Task<SigningChallenge> OpenChallengeAsync(
        ISigningChallengeRepository challenges, Guid key, Func<string, DateTime, string> document, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = UtcNow;
        var open = await challenges.FindOpenAsync(key, now, cancellationToken);
        if (open is not null && open.Document == document(open.Nonce, open.IssuedAtUtc))
        {
            return open;
        }

        var nonce = PetitionDocument.NewNonce();
        var challenge = new SigningChallenge
        {
            Nonce = nonce,
            DraftId = key,
            Document = document(nonce, now),
            IssuedAtUtc = now,
            ExpiresAtUtc = now + lifetime,
        };
        await challenges.AddAsync(challenge, cancellationToken);
        return challenge;
    }

    /// <summary>The document signed to sign in: its own title and format, so it is never a petition or a binding.</summary>
    public static string SignInDocument(string nonce, DateTime issuedAtUtc) =>
        "고용노동부 민원마당 회원 인증서 로그인\n"
        + $"문서 형식: {SignInFormat}\n"
        + "용도: 회원 로그인 (민원 신청서가 아닙니다)\n"
        + $"일회용 번호: {nonce}\n"
        + $"작성 시각: {issuedAtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\n";

    /// <summary>The document signed to bind a certificate to this account.</summary>
    public static string BindDocument(PortalUser user, string nonce, DateTime issuedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(user);
        return "고용노동부 민원마당 회원 인증서 등록\n"
            + $"문서 형식: {BindFormat}\n"
            + $"회원 아이디: {user.UserName}\n"
            + $"회원 성명: {user.DisplayName}\n"
            + $"주민등록번호: {user.RrnMasked}\n"
            + $"일회용 번호: {nonce}\n"
            + $"작성 시각: {issuedAtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\n";
    }

    /// <summary>
    /// The challenges table's owner key of a member challenge: a name-based Guid (SHA-256 of the format and the
    /// browser key or user id, version nibble 8), never equal to a draft id (random version-4 Guids).
    /// </summary>
    public static Guid ChallengeKey(string format, string id)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{format}:{id}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private string? BrowserKey() =>
        Request.Cookies.TryGetValue(ChallengeCookie, out var key) && key.Length == 32 && key.All(char.IsAsciiHexDigitLower) ? key : null;

    private async Task<PortalUser?> MemberAsync()
    {
        var id = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var user = id is null ? null : await users.FindByIdAsync(id);
        return user?.RrnProtected is null ? null : user;
    }

    private static string Fingerprint(CertificateSummary signer) => signer.Sha256Fingerprint.ToUpperInvariant();

    private static string ReportMessage(ValidationReport report) => PortalLocalization.IsEnglish ? report.MessageEn : report.MessageKo;

    private static string FailureReason(ValidationReport report) =>
        report.SubIndication is { } sub ? $"{report.Outcome} / {sub}" : report.Outcome.ToString();

    private AuditRecord CertificateRecord(PortalUser? user, string action, string? serial, string? reason) => new()
    {
        AtUtc = UtcNow,
        ActorId = user?.Id,
        ActorName = user?.UserName ?? "(인증서 로그인)",
        Action = action,
        TargetType = "MemberCertificate",
        TargetId = serial,
        Reason = user is null ? reason : $"{user.UserName}: {reason}",
        IpAddress = ClientIp,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Member certificate refused: {Indication} {SubIndication} {Outcome}")]
    private static partial void LogCertificateRefused(ILogger logger, Indication indication, SubIndication? subIndication, PortalOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {UserId} bound a certificate")]
    private static partial void LogBound(ILogger logger, string userId);
}
