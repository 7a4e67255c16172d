using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Petition.Pki.Certificates;
using Petition.Pki.Cms;
using Petition.Pki.Npki;

namespace Petition.Pki.Validation;

/// <summary>
/// Verifies a signed submission (step 6): CMS signature over the signed attributes, content equality, the signer
/// certificate, the chain to a trust anchor (RFC 5280 via BouncyCastle PKIX), validity at signing time and now,
/// KeyUsage, revocation (CRL / OCSP), the policy allow-list, the VID identity check and the one-time nonce.
/// Thread-safe; register it as a singleton so that its caches (parsed certificates, validated paths) live long.
/// </summary>
public sealed class SubmissionVerifier
{
    private const int MaxCacheEntries = 10_000;

    private readonly ITrustStore _trustStore;
    private readonly INonceRegistry? _nonces;
    private readonly TimeProvider _clock;
    private readonly PkiOptions _options;
    private readonly RevocationChecker _revocation;
    private readonly VettedCertificateCache _certificates = new(MaxCacheEntries);
    private readonly ConcurrentDictionary<PathKey, CachedPath> _paths = new();
    private readonly ConditionalWeakTable<TrustStoreSnapshot, PreparedTrust> _prepared = new();
    private readonly ConditionalWeakTable<PathValidationSettings, string> _settingsKeys = new();

    public SubmissionVerifier(
        ITrustStore trustStore,
        INonceRegistry? nonces = null,
        TimeProvider? clock = null,
        IOptions<PkiOptions>? options = null,
        ICrlDownloader? crlDownloader = null,
        IOcspClient? ocspClient = null)
    {
        ArgumentNullException.ThrowIfNull(trustStore);
        _trustStore = trustStore;
        _nonces = nonces;
        _clock = clock ?? TimeProvider.System;
        _options = options?.Value ?? new PkiOptions();
        _revocation = new RevocationChecker(_options, trustStore, crlDownloader, ocspClient);
    }

    /// <summary>Verifies a submission; never throws for bad input (the report says what failed).</summary>
    public async Task<ValidationReport> VerifyAsync(SignedSubmission request, VerificationPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        try
        {
            return await VerifyCoreAsync(request, policy, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e) || e is PkiException)
        {
            // Last line of defence: malformed input that slipped past the structural checks.
            return new ValidationReport
            {
                Indication = Indication.TotalFailed,
                SubIndication = Validation.SubIndication.FormatFailure,
                Outcome = PortalOutcome.SignatureNotValid,
                ValidationTime = request.ValidationTime ?? _clock.GetUtcNow(),
                Details = [$"Malformed input ({e.GetType().Name}: {e.Message})."],
            };
        }
    }

    private async Task<ValidationReport> VerifyCoreAsync(SignedSubmission request, VerificationPolicy policy, CancellationToken cancellationToken)
    {
        var now = request.ValidationTime ?? _clock.GetUtcNow();
        var details = new List<string>();

        ValidationReport Fail(Indication indication, SubIndication sub, string detail, PortalOutcome outcome = PortalOutcome.SignatureNotValid, CertificateSummary? signer = null, DateTimeOffset? signingTime = null, IReadOnlyList<ChainElement>? chain = null, IReadOnlyList<RevocationEvidence>? revocation = null)
        {
            details.Add(detail);
            return new ValidationReport
            {
                Indication = indication,
                SubIndication = sub,
                Outcome = outcome,
                ValidationTime = now,
                SigningTime = signingTime,
                Signer = signer,
                Chain = chain ?? [],
                Revocation = revocation ?? [],
                Details = details,
            };
        }

        if (request.Cms is null || request.Cms.Length == 0 || request.Cms.Length > _options.MaxSubmissionBytes)
        {
            return Fail(Indication.TotalFailed, SubIndication.FormatFailure, $"The CMS is empty or larger than {_options.MaxSubmissionBytes} bytes.");
        }

        ParsedSignedData cms;
        try
        {
            cms = ParsedSignedData.Parse(request.Cms, _options.MaxEmbeddedCertificates);
        }
        catch (PkiFormatException e)
        {
            return Fail(Indication.TotalFailed, SubIndication.FormatFailure, e.Message);
        }

        // Signer certificate.
        var embedded = new List<VettedCertificate>(cms.Certificates.Count);
        foreach (var der in cms.Certificates)
        {
            var cached = GetCertificate(der);
            if (cached is null)
            {
                return Fail(Indication.TotalFailed, SubIndication.FormatFailure, "A certificate inside the CMS is malformed.");
            }

            embedded.Add(cached);
        }

        var signerCert = embedded.FirstOrDefault(c => MatchesSigner(c, cms));
        if (signerCert is null)
        {
            return Fail(Indication.Indeterminate, SubIndication.NoSigningCertificateFound, "The signer's certificate is not in the CMS.", signingTime: cms.SigningTime);
        }

        var summary = signerCert.Summary;
        var signingTime = cms.SigningTime;

        // Message digest and signature over the signed attributes.
        var hash = cms.DigestAlgorithm switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => default,
        };
        if (hash == default)
        {
            return Fail(Indication.Indeterminate, SubIndication.CryptoConstraintsFailureNoPoe, $"Digest algorithm {cms.DigestAlgorithm} is not accepted (SHA-256/384/512 only).", signer: summary, signingTime: signingTime);
        }

        var contentDigest = HashData(hash, cms.Content);
        if (!CryptographicOperations.FixedTimeEquals(contentDigest, cms.MessageDigest))
        {
            return Fail(Indication.TotalFailed, SubIndication.HashFailure, "The messageDigest attribute does not match the signed content.", signer: summary, signingTime: signingTime);
        }

        if (cms.SignatureAlgorithm is not ("1.2.840.113549.1.1.1" or "1.2.840.113549.1.1.11" or "1.2.840.113549.1.1.12" or "1.2.840.113549.1.1.13"))
        {
            return Fail(Indication.Indeterminate, SubIndication.CryptoConstraintsFailureNoPoe, $"Signature algorithm {cms.SignatureAlgorithm} is not accepted (RSA PKCS#1 v1.5).", signer: summary, signingTime: signingTime);
        }

        if (!signerCert.VerifyData(cms.SignedAttributesDer, cms.Signature, hash))
        {
            return Fail(Indication.TotalFailed, SubIndication.SigCryptoFailure, "The signature does not verify with the signer's public key.", signer: summary, signingTime: signingTime);
        }

        if (!CryptographicOperations.FixedTimeEquals(cms.Content, request.ExpectedContent ?? []))
        {
            return Fail(Indication.TotalFailed, SubIndication.HashFailure, "The signed content differs from the expected document.", PortalOutcome.ContentMismatch, summary, signingTime);
        }

        // Signing time constraints.
        if (signingTime > now + policy.MaxSigningTimeSkew)
        {
            return Fail(Indication.Indeterminate, SubIndication.SigConstraintsFailure, $"The signingTime {signingTime:O} lies in the future of {now:O}.", signer: summary, signingTime: signingTime);
        }

        if (policy.MaxSignatureAge is { } maxAge && signingTime < now - maxAge)
        {
            return Fail(Indication.Indeterminate, SubIndication.SigConstraintsFailure, $"The signingTime {signingTime:O} is older than {maxAge}.", signer: summary, signingTime: signingTime);
        }

        var cert = signerCert;
        if (signingTime < summary.NotBefore)
        {
            return Fail(Indication.TotalFailed, SubIndication.NotYetValid, $"The certificate is valid from {summary.NotBefore:O}, after the signing time.", signer: summary, signingTime: signingTime);
        }

        if (signingTime > summary.NotAfter)
        {
            return Fail(Indication.TotalFailed, SubIndication.Expired, $"The certificate expired on {summary.NotAfter:O}, before the signing time.", signer: summary, signingTime: signingTime);
        }

        // KeyUsage: the NPKI signing profile has digitalSignature and nonRepudiation.
        var keyUsage = cert.GetKeyUsage();
        if (keyUsage is null || !(keyUsage[0] || keyUsage[1]))
        {
            return Fail(Indication.Indeterminate, SubIndication.ChainConstraintsFailure, "The certificate's KeyUsage lacks digitalSignature / nonRepudiation.", signer: summary, signingTime: signingTime);
        }

        // Chain (cached per trust-store version, signer, embedded certificates and RFC 5280 inputs).
        var snapshot = await _trustStore.GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        var cachedPath = GetPath(signerCert, embedded, snapshot, signingTime, policy.Path);
        var path = cachedPath.Result;
        if (!path.Success)
        {
            return path.Failure == PathFailure.NoChain
                ? Fail(Indication.Indeterminate, SubIndication.NoCertificateChainFound, path.Message, signer: summary, signingTime: signingTime)
                : Fail(Indication.Indeterminate, SubIndication.ChainConstraintsFailure, path.Message, signer: summary, signingTime: signingTime);
        }

        var chain = cachedPath.Chain;
        if (now < path.WindowStart || now > path.WindowEnd)
        {
            foreach (var element in path.Path.Append(path.Anchor!))
            {
                if (now.UtcDateTime > element.NotAfter || now.UtcDateTime < element.NotBefore)
                {
                    return Fail(Indication.Indeterminate, SubIndication.OutOfBoundsNoPoe, $"'{element.SubjectDN}' is outside its validity period now ({now:O}).", signer: summary, signingTime: signingTime, chain: chain);
                }
            }
        }

        // Revocation of every certificate except the anchor (a good verdict from trust-store CRLs is reused while they are fresh).
        IReadOnlyList<RevocationEvidence> evidence;
        if (!_options.UseOcsp && cachedPath.Revocation is { } known && known.IsFreshAt(now))
        {
            evidence = known.StampedAt(now);
        }
        else
        {
            var checkedEvidence = new List<RevocationEvidence>(path.Path.Count);
            evidence = checkedEvidence;
            for (var i = 0; i < path.Path.Count; i++)
            {
                var subject = path.Path[i];
                var issuer = i + 1 < path.Path.Count ? path.Path[i + 1] : path.Anchor!;
                var item = await _revocation.CheckAsync(subject, issuer, snapshot, now, cancellationToken).ConfigureAwait(false);
                checkedEvidence.Add(item);
                if (item.Status == RevocationChecker.Revoked)
                {
                    if (i > 0)
                    {
                        return Fail(Indication.Indeterminate, SubIndication.RevokedCaNoPoe, $"The CA certificate '{subject.SubjectDN}' is revoked since {item.RevocationTime:O}.", signer: summary, signingTime: signingTime, chain: chain, revocation: checkedEvidence);
                    }

                    return item.RevocationTime <= signingTime
                        ? Fail(Indication.TotalFailed, SubIndication.Revoked, $"The certificate was revoked on {item.RevocationTime:O}, before the signing time.", signer: summary, signingTime: signingTime, chain: chain, revocation: checkedEvidence)
                        : Fail(Indication.Indeterminate, SubIndication.RevokedNoPoe, $"The certificate was revoked on {item.RevocationTime:O}, after the claimed signing time (no proof of existence).", signer: summary, signingTime: signingTime, chain: chain, revocation: checkedEvidence);
                }

                if (item.Status == RevocationChecker.Unknown && policy.RequireRevocationCheck)
                {
                    return Fail(Indication.Indeterminate, SubIndication.TryLater, $"No fresh revocation information for '{subject.SubjectDN}' ({item.Source}).", signer: summary, signingTime: signingTime, chain: chain, revocation: checkedEvidence);
                }
            }

            cachedPath.Revocation = KnownRevocation.TryCreate(checkedEvidence, _options.ClockSkew);
        }

        // The signature is valid (TOTAL_PASSED); now the portal's own checks.
        ValidationReport Passed(PortalOutcome outcome, IdentityEvidence? identity, string? detail = null)
        {
            if (detail is not null)
            {
                details.Add(detail);
            }

            return new ValidationReport
            {
                Indication = Indication.TotalPassed,
                Outcome = outcome,
                ValidationTime = now,
                SigningTime = signingTime,
                Signer = summary,
                Chain = chain,
                Revocation = evidence,
                Identity = identity,
                Details = details,
            };
        }

        if (policy.AcceptedPolicyOids.Count > 0 && !summary.PolicyOids.Any(policy.AcceptedPolicyOids.Contains))
        {
            return Passed(PortalOutcome.PolicyNotAccepted, null, $"Certificate policies [{string.Join(", ", summary.PolicyOids)}] are not in the accepted list.");
        }

        IdentityEvidence? identityEvidence = null;
        if (policy.RequireIdentityCheck || request.ApplicantRrn is not null)
        {
            var vid = CheckIdentity(cert, request.ApplicantRrn, request.RandomNum);
            identityEvidence = new IdentityEvidence(vid, cert.IdentifyData?.HashAlgorithmOid, MaskRrn(request.ApplicantRrn));
            if (vid == VidCheckResult.Mismatch)
            {
                return Passed(PortalOutcome.IdentityMismatch, identityEvidence, "The VID does not match the applicant's RRN.");
            }

            if (vid != VidCheckResult.Match && policy.RequireIdentityCheck)
            {
                return Passed(PortalOutcome.IdentityNotVerifiable, identityEvidence, $"Identity check not possible: {vid}.");
            }
        }

        if (request.Nonce is { } nonce && _nonces is not null && !await _nonces.TryConsumeAsync(nonce, cancellationToken).ConfigureAwait(false))
        {
            return Passed(PortalOutcome.NonceReplayed, identityEvidence, "The document nonce was already used.");
        }

        return Passed(PortalOutcome.Accepted, identityEvidence);
    }

    /// <summary>Drops all cached certificates and paths (the trust-store version already keys path entries).</summary>
    public void ClearCaches()
    {
        _certificates.Clear();
        _paths.Clear();
        _prepared.Clear();
    }

    internal static string? MaskRrn(string? rrn)
    {
        var digits = VirtualId.NormalizeRrn(rrn);
        return digits is null ? null : $"{digits[..6]}-{digits[6]}******";
    }

    private static byte[] HashData(HashAlgorithmName name, byte[] data) =>
        name == HashAlgorithmName.SHA384 ? SHA384.HashData(data)
        : name == HashAlgorithmName.SHA512 ? SHA512.HashData(data)
        : SHA256.HashData(data);

    private static bool MatchesSigner(VettedCertificate cert, ParsedSignedData cms)
    {
        if (cms.SignerKeyIdentifier is { } ski)
        {
            var certSki = cert.GetExtensionValue(X509Extensions.SubjectKeyIdentifier);
            return certSki is not null && Asn1OctetString.GetInstance(certSki.GetOctets()).GetOctets().AsSpan().SequenceEqual(ski);
        }

        if (cms.SignerSerial is not { } serial || cms.SignerIssuer is not { } issuer || !new Org.BouncyCastle.Math.BigInteger(serial).Equals(cert.SerialNumber))
        {
            return false;
        }

        return issuer.AsSpan().SequenceEqual(cert.IssuerDer)
            || X509Name.GetInstance(Asn1Object.FromByteArray(issuer)).Equivalent(cert.IssuerDN, true);
    }

    private static VidCheckResult CheckIdentity(VettedCertificate cert, string? rrn, byte[]? randomNum)
    {
        var idn = VirtualId.NormalizeRrn(rrn);
        if (idn is null)
        {
            return VidCheckResult.InvalidRrn;
        }

        return randomNum is null || randomNum.Length == 0 ? VidCheckResult.NoRandomNumber : VirtualId.Check(cert.IdentifyData, idn, randomNum);
    }

    private VettedCertificate? GetCertificate(ReadOnlyMemory<byte> der)
    {
        try
        {
            return _certificates.Get(der);
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e) || e is PkiFormatException)
        {
            return null;
        }
    }

    private CachedPath GetPath(VettedCertificate signer, List<VettedCertificate> embedded, TrustStoreSnapshot snapshot, DateTimeOffset time, PathValidationSettings settings)
    {
        var others = embedded.Count == 1 ? string.Empty : string.Join(',', embedded.Where(e => e != signer).Select(e => e.Fingerprint).Order(StringComparer.Ordinal));
        var key = new PathKey(snapshot.Version, signer.Fingerprint, others, _settingsKeys.GetValue(settings, SettingsKey));
        // The version changes with every store change (a disabled CA included); the distrust check on a hit also covers
        // stores whose snapshots share a version.
        if (_paths.TryGetValue(key, out var cached) && time >= cached.Result.WindowStart && time <= cached.Result.WindowEnd
            && !UsesDistrusted(cached.Result, snapshot))
        {
            return cached;
        }

        var trust = _prepared.GetValue(snapshot, s => new PreparedTrust(s, _certificates));
        var result = PathBuilder.Build(signer, trust, embedded.Where(e => e != signer), time, settings);
        var entry = new CachedPath(result, result.Success ? ToChain(result) : []);
        if (result.Success)
        {
            if (_paths.Count >= MaxCacheEntries)
            {
                _paths.Clear();
            }

            _paths[key] = entry;
        }

        return entry;
    }

    private static bool UsesDistrusted(PathResult path, TrustStoreSnapshot snapshot) =>
        snapshot.DistrustedFingerprints.Count > 0
        && (path.Path.Any(snapshot.IsDistrusted) || (path.Anchor is { } anchor && snapshot.IsDistrusted(anchor)));

    private static string SettingsKey(PathValidationSettings settings) => new StringBuilder()
        .AppendJoin(',', settings.InitialPolicies.Order(StringComparer.Ordinal)).Append('|')
        .Append(settings.InitialExplicitPolicy).Append(settings.InitialPolicyMappingInhibit).Append(settings.InitialAnyPolicyInhibit)
        .Append('|').Append(settings.MaxPathLength).Append('|').Append(settings.MaxCandidateCertificates)
        .ToString();

    private static List<ChainElement> ToChain(PathResult path)
    {
        var list = new List<ChainElement>();
        for (var i = 0; i < path.Path.Count; i++)
        {
            list.Add(Element(i == 0 ? "SIGNER" : "CA", path.Path[i]));
        }

        list.Add(Element("TRUST_ANCHOR", path.Anchor!));
        return list;
    }

    internal static ChainElement Element(string role, X509Certificate cert) => new(
        role,
        cert.SubjectDN.ToString(),
        cert.IssuerDN.ToString(),
        cert.SerialNumber.ToString(16),
        new DateTimeOffset(cert.NotBefore, TimeSpan.Zero),
        new DateTimeOffset(cert.NotAfter, TimeSpan.Zero),
        cert is VettedCertificate vetted ? vetted.Fingerprint.ToLowerInvariant() : Convert.ToHexStringLower(SHA256.HashData(cert.GetEncoded())));

    private readonly record struct PathKey(long Version, string Signer, string Others, string Settings);

    /// <summary>A validated path with its report chain and, once checked, its reusable revocation verdict.</summary>
    private sealed class CachedPath(PathResult result, IReadOnlyList<ChainElement> chain)
    {
        public PathResult Result { get; } = result;

        public IReadOnlyList<ChainElement> Chain { get; } = chain;

        public KnownRevocation? Revocation { get; set; }
    }

    /// <summary>All-GOOD revocation evidence from the trust store's CRLs, valid while every CRL is fresh.</summary>
    private sealed class KnownRevocation
    {
        private readonly IReadOnlyList<RevocationEvidence> _items;
        private readonly DateTimeOffset _from;
        private readonly DateTimeOffset _until;
        private Stamp _stamp;

        private KnownRevocation(IReadOnlyList<RevocationEvidence> items, DateTimeOffset from, DateTimeOffset until)
        {
            _items = items;
            _from = from;
            _until = until;
            _stamp = new Stamp(items[0].CheckedAt, items);
        }

        public static KnownRevocation? TryCreate(IReadOnlyList<RevocationEvidence> items, TimeSpan skew)
        {
            if (items.Count == 0 || items.Any(e => e.Status != RevocationChecker.Good || e.Kind != "CRL" || e.Source != "trust store" || e.ThisUpdate is null || e.NextUpdate is null))
            {
                return null;
            }

            return new KnownRevocation([.. items], items.Max(e => e.ThisUpdate!.Value) - skew, items.Min(e => e.NextUpdate!.Value));
        }

        public bool IsFreshAt(DateTimeOffset now) => now >= _from && now <= _until;

        public IReadOnlyList<RevocationEvidence> StampedAt(DateTimeOffset now)
        {
            var stamp = _stamp;
            if (stamp.At == now)
            {
                return stamp.Items;
            }

            IReadOnlyList<RevocationEvidence> items = [.. _items.Select(e => e with { CheckedAt = now })];
            _stamp = new Stamp(now, items);
            return items;
        }

        private sealed record Stamp(DateTimeOffset At, IReadOnlyList<RevocationEvidence> Items);
    }
}
