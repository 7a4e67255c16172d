using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
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
    private readonly ConcurrentDictionary<string, CachedCertificate> _certificates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PathResult> _paths = new(StringComparer.Ordinal);

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
        var embedded = new List<CachedCertificate>();
        foreach (var structure in cms.Certificates)
        {
            var cached = GetCertificate(structure);
            if (cached is null)
            {
                return Fail(Indication.TotalFailed, SubIndication.FormatFailure, "A certificate inside the CMS is malformed.");
            }

            embedded.Add(cached);
        }

        var signerCert = embedded.FirstOrDefault(c => MatchesSigner(c.Certificate, cms.SignerId));
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

        if (!signerCert.VerifyRsa(cms.SignedAttributesDer, cms.Signature, hash))
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

        var cert = signerCert.Certificate;
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

        // Chain.
        var snapshot = await _trustStore.GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        var path = GetPath(signerCert, embedded, snapshot, signingTime, policy.Path);
        if (!path.Success)
        {
            return path.Failure == PathFailure.NoChain
                ? Fail(Indication.Indeterminate, SubIndication.NoCertificateChainFound, path.Message, signer: summary, signingTime: signingTime)
                : Fail(Indication.Indeterminate, SubIndication.ChainConstraintsFailure, path.Message, signer: summary, signingTime: signingTime);
        }

        var chain = ToChain(path);
        foreach (var element in path.Path.Append(path.Anchor!))
        {
            if (now.UtcDateTime > element.NotAfter || now.UtcDateTime < element.NotBefore)
            {
                return Fail(Indication.Indeterminate, SubIndication.OutOfBoundsNoPoe, $"'{element.SubjectDN}' is outside its validity period now ({now:O}).", signer: summary, signingTime: signingTime, chain: chain);
            }
        }

        // Revocation of every certificate except the anchor.
        var evidence = new List<RevocationEvidence>();
        for (var i = 0; i < path.Path.Count; i++)
        {
            var subject = path.Path[i];
            var issuer = i + 1 < path.Path.Count ? path.Path[i + 1] : path.Anchor!;
            var item = await _revocation.CheckAsync(subject, issuer, snapshot, now, cancellationToken).ConfigureAwait(false);
            evidence.Add(item);
            if (item.Status == RevocationChecker.Revoked)
            {
                if (i > 0)
                {
                    return Fail(Indication.Indeterminate, SubIndication.RevokedCaNoPoe, $"The CA certificate '{subject.SubjectDN}' is revoked since {item.RevocationTime:O}.", signer: summary, signingTime: signingTime, chain: chain, revocation: evidence);
                }

                return item.RevocationTime <= signingTime
                    ? Fail(Indication.TotalFailed, SubIndication.Revoked, $"The certificate was revoked on {item.RevocationTime:O}, before the signing time.", signer: summary, signingTime: signingTime, chain: chain, revocation: evidence)
                    : Fail(Indication.Indeterminate, SubIndication.RevokedNoPoe, $"The certificate was revoked on {item.RevocationTime:O}, after the claimed signing time (no proof of existence).", signer: summary, signingTime: signingTime, chain: chain, revocation: evidence);
            }

            if (item.Status == RevocationChecker.Unknown && policy.RequireRevocationCheck)
            {
                return Fail(Indication.Indeterminate, SubIndication.TryLater, $"No fresh revocation information for '{subject.SubjectDN}' ({item.Source}).", signer: summary, signingTime: signingTime, chain: chain, revocation: evidence);
            }
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
            var vid = VirtualId.Check(cert, request.ApplicantRrn, request.RandomNum ?? [], request.RandomNum is not null);
            identityEvidence = new IdentityEvidence(vid, VirtualId.ReadIdentifyData(cert)?.HashAlgorithmOid, MaskRrn(request.ApplicantRrn));
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

    private static bool MatchesSigner(X509Certificate cert, SignerIdentifier id)
    {
        if (id.ID is Asn1TaggedObject tagged)
        {
            var ski = Asn1OctetString.GetInstance(tagged, false).GetOctets();
            var certSki = cert.GetExtensionValue(X509Extensions.SubjectKeyIdentifier);
            return certSki is not null && Asn1OctetString.GetInstance(certSki.GetOctets()).GetOctets().AsSpan().SequenceEqual(ski);
        }

        var issuerSerial = IssuerAndSerialNumber.GetInstance(id.ID);
        return issuerSerial.SerialNumber.Value.Equals(cert.SerialNumber) && issuerSerial.Issuer.Equivalent(cert.IssuerDN, true);
    }

    private CachedCertificate? GetCertificate(X509CertificateStructure structure)
    {
        var der = structure.GetEncoded(Asn1Encodable.Der);
        var key = Convert.ToHexString(SHA256.HashData(der));
        if (_certificates.TryGetValue(key, out var cached))
        {
            return cached;
        }

        try
        {
            var cert = new X509Certificate(structure);
            var created = new CachedCertificate(cert, key);
            if (_certificates.Count >= MaxCacheEntries)
            {
                _certificates.Clear();
            }

            return _certificates.GetOrAdd(key, created);
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e) || e is CryptographicException)
        {
            return null;
        }
    }

    private PathResult GetPath(CachedCertificate signer, List<CachedCertificate> embedded, TrustStoreSnapshot snapshot, DateTimeOffset time, PathValidationSettings settings)
    {
        var key = new StringBuilder()
            .Append(snapshot.Version).Append('|').Append(signer.Fingerprint).Append('|')
            .AppendJoin(',', embedded.Select(e => e.Fingerprint).Order(StringComparer.Ordinal)).Append('|')
            .AppendJoin(',', settings.InitialPolicies.Order(StringComparer.Ordinal)).Append('|')
            .Append(settings.InitialExplicitPolicy).Append(settings.InitialPolicyMappingInhibit).Append(settings.InitialAnyPolicyInhibit)
            .Append(settings.MaxPathLength).Append(settings.MaxCandidateCertificates)
            .ToString();
        if (_paths.TryGetValue(key, out var cached) && time >= cached.WindowStart && time <= cached.WindowEnd)
        {
            return cached;
        }

        var result = PathBuilder.Build(signer.Certificate, snapshot, embedded.Where(e => e != signer).Select(e => e.Certificate), time, settings);
        if (result.Success)
        {
            if (_paths.Count >= MaxCacheEntries)
            {
                _paths.Clear();
            }

            _paths[key] = result;
        }

        return result;
    }

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
        Convert.ToHexStringLower(SHA256.HashData(cert.GetEncoded())));

    /// <summary>A parsed certificate with its summary and a .NET RSA public key for fast verification.</summary>
    private sealed class CachedCertificate
    {
        private readonly RSA? _rsa;
        private readonly Lock _lock = new();

        public CachedCertificate(X509Certificate certificate, string fingerprint)
        {
            Certificate = certificate;
            Fingerprint = fingerprint;
            Summary = CertificateSummary.From(certificate);
            // Read the RSA key from the SPKI directly: BouncyCastle's GetPublicKey() runs a Miller-Rabin check on the
            // modulus (tens of milliseconds); .NET (OpenSSL) does the verification.
            var spki = certificate.CertificateStructure.SubjectPublicKeyInfo;
            if (Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.RsaEncryption.Equals(spki.Algorithm.Algorithm))
            {
                var rsaKey = Org.BouncyCastle.Asn1.X509.RsaPublicKeyStructure.GetInstance(spki.ParsePublicKey());
                _rsa = RSA.Create();
                _rsa.ImportParameters(new RSAParameters
                {
                    Modulus = rsaKey.Modulus.ToByteArrayUnsigned(),
                    Exponent = rsaKey.PublicExponent.ToByteArrayUnsigned(),
                });
            }
        }

        public X509Certificate Certificate { get; }

        public string Fingerprint { get; }

        public CertificateSummary Summary { get; }

        public bool VerifyRsa(byte[] data, byte[] signature, HashAlgorithmName hash)
        {
            if (_rsa is null)
            {
                return false;
            }

            try
            {
                lock (_lock)
                {
                    return _rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
                }
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }
}
