using System.Collections.Concurrent;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using Petition.Pki.Certificates;

namespace Petition.Pki.Validation;

/// <summary>Revocation status of one certificate, from OCSP (when configured) or CRLs; never "good" without evidence.</summary>
internal sealed class RevocationChecker(PkiOptions options, ITrustStore store, ICrlDownloader? downloader, IOcspClient? ocspClient)
{
    public const string Good = "GOOD";
    public const string Revoked = "REVOKED";
    public const string Unknown = "UNKNOWN";

    private readonly ConcurrentDictionary<string, CrlIndex> _fetched = new(StringComparer.Ordinal);

    public async Task<RevocationEvidence> CheckAsync(X509Certificate cert, X509Certificate issuer, TrustStoreSnapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = snapshot.Revocation ?? RevocationSettings.From(options);
        if (settings.UseOcsp && ocspClient is not null)
        {
            var ocsp = await TryOcspAsync(cert, issuer, settings.OcspResponderUrl, now, cancellationToken).ConfigureAwait(false);
            if (ocsp is not null && ocsp.Status != Unknown)
            {
                return ocsp;
            }
        }

        var index = snapshot.GetCrl(issuer);
        if (index is not null && index.IsFreshAt(now, options.ClockSkew))
        {
            return FromCrl(cert, index, now);
        }

        var key = issuer.SubjectDN + "|" + issuer.SerialNumber;
        if (_fetched.TryGetValue(key, out var cached) && cached.IsFreshAt(now, options.ClockSkew))
        {
            return FromCrl(cert, cached, now);
        }

        if (settings.FetchCrlsFromDistributionPoints && downloader is not null)
        {
            foreach (var url in CrlUrls(cert))
            {
                var fetched = await TryDownloadAsync(url, issuer, cancellationToken).ConfigureAwait(false);
                if (fetched is { } f && f.Index.IsFreshAt(now, options.ClockSkew))
                {
                    _fetched[key] = f.Index;
                    await store.AddCrlAsync(f.Der, url, cancellationToken).ConfigureAwait(false);
                    return FromCrl(cert, f.Index, now);
                }
            }
        }

        return new RevocationEvidence
        {
            Subject = cert.SubjectDN.ToString(),
            SerialNumber = cert.SerialNumber.ToString(16),
            Status = Unknown,
            Kind = "CRL",
            Source = index is null ? "none (no CRL of the issuer in the trust store)" : "trust store (stale CRL)",
            ThisUpdate = index?.ThisUpdate,
            NextUpdate = index?.NextUpdate,
            CrlNumber = index?.CrlNumber,
            CheckedAt = now,
        };
    }

    private static RevocationEvidence FromCrl(X509Certificate cert, CrlIndex index, DateTimeOffset now)
    {
        var revoked = index.TryGetRevocation(cert.SerialNumber, out var when, out var reason);
        return new RevocationEvidence
        {
            Subject = cert.SubjectDN.ToString(),
            SerialNumber = cert.SerialNumber.ToString(16),
            Status = revoked ? Revoked : Good,
            Kind = "CRL",
            Source = index.Source,
            ThisUpdate = index.ThisUpdate,
            NextUpdate = index.NextUpdate,
            CrlNumber = index.CrlNumber,
            RevocationTime = revoked ? when : null,
            RevocationReason = revoked ? reason : null,
            CheckedAt = now,
        };
    }

    private async Task<(CrlIndex Index, byte[] Der)?> TryDownloadAsync(Uri url, X509Certificate issuer, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.NetworkTimeout);
            var der = await downloader!.DownloadAsync(url, timeout.Token).ConfigureAwait(false);
            if (der is null)
            {
                return null;
            }

            var crl = PkiFiles.ParseCrl(der);
            var index = CrlIndex.TryCreate(crl, issuer, url.ToString());
            return index is null ? null : (index, der);
        }
        catch (Exception e) when (e is PkiException or HttpRequestException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    internal static IEnumerable<Uri> CrlUrls(X509Certificate cert)
    {
        CrlDistPoint? points;
        try
        {
            var value = cert.GetExtensionValue(X509Extensions.CrlDistributionPoints);
            points = value is null ? null : CrlDistPoint.GetInstance(Asn1Object.FromByteArray(value.GetOctets()));
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            points = null;
        }

        foreach (var point in points?.GetDistributionPoints() ?? [])
        {
            if (point.DistributionPointName?.Type != DistributionPointName.FullName)
            {
                continue;
            }

            foreach (var name in GeneralNames.GetInstance(point.DistributionPointName.Name).GetNames())
            {
                if (name.TagNo == GeneralName.UniformResourceIdentifier
                    && Uri.TryCreate(((IAsn1String)name.Name).GetString(), UriKind.Absolute, out var uri)
                    && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                {
                    yield return uri;
                }
            }
        }
    }

    private async Task<RevocationEvidence?> TryOcspAsync(X509Certificate cert, X509Certificate issuer, string? responderUrl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var responder = !string.IsNullOrWhiteSpace(responderUrl) && Uri.TryCreate(responderUrl, UriKind.Absolute, out var configured) ? configured : OcspUrl(cert);
        if (responder is null)
        {
            return null;
        }

        try
        {
            var id = new CertificateID(CertificateID.DigestSha1, issuer, cert.SerialNumber);
            var generator = new OcspReqGenerator();
            generator.AddRequest(id);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.NetworkTimeout);
            var bytes = await ocspClient!.SendAsync(responder, generator.Generate().GetEncoded(), timeout.Token).ConfigureAwait(false);
            if (bytes is null || bytes.Length > 1024 * 1024)
            {
                return null;
            }

            var response = new OcspResp(bytes);
            if (response.Status != OcspRespStatus.Successful || response.GetResponseObject() is not BasicOcspResp basic)
            {
                return null;
            }

            if (!VerifyOcspSignature(basic, issuer, now))
            {
                return null;
            }

            foreach (var single in basic.Responses)
            {
                var singleId = single.GetCertID();
                if (!singleId.SerialNumber.Equals(cert.SerialNumber) || !singleId.MatchesIssuer(issuer))
                {
                    continue;
                }

                var thisUpdate = new DateTimeOffset(single.ThisUpdate, TimeSpan.Zero);
                DateTimeOffset? nextUpdate = single.NextUpdate is { } n ? new DateTimeOffset(n, TimeSpan.Zero) : null;
                var fresh = thisUpdate <= now + options.ClockSkew && (nextUpdate is { } next ? next >= now : thisUpdate + options.OcspMaxAge >= now);
                var status = single.GetCertStatus();
                var (text, when, reason) = status switch
                {
                    null => (Good, (DateTimeOffset?)null, (int?)null),
                    RevokedStatus r => (Revoked, new DateTimeOffset(r.RevocationTime, TimeSpan.Zero), r.HasRevocationReason ? r.RevocationReason : (int?)null),
                    _ => (Unknown, null, null),
                };
                if (!fresh)
                {
                    text = Unknown;
                }

                return new RevocationEvidence
                {
                    Subject = cert.SubjectDN.ToString(),
                    SerialNumber = cert.SerialNumber.ToString(16),
                    Status = text,
                    Kind = "OCSP",
                    Source = responder.ToString(),
                    ThisUpdate = thisUpdate,
                    NextUpdate = nextUpdate,
                    RevocationTime = when,
                    RevocationReason = reason,
                    CheckedAt = now,
                };
            }

            return null;
        }
        catch (Exception e) when (e is PkiException or HttpRequestException or OperationCanceledException or OcspException || Asn1Utilities.IsParseException(e))
        {
            return null;
        }
    }

    private static bool VerifyOcspSignature(BasicOcspResp basic, X509Certificate issuer, DateTimeOffset now)
    {
        if (basic.Verify(issuer.GetPublicKey()))
        {
            return true;
        }

        // Delegated responder: issued by the CA, with id-kp-OCSPSigning, valid now.
        foreach (var responder in basic.GetCerts() ?? [])
        {
            try
            {
                if (!responder.IssuerDN.Equivalent(issuer.SubjectDN, true) || !responder.IsSignatureValid(issuer.GetPublicKey()))
                {
                    continue;
                }

                var eku = responder.GetExtendedKeyUsage();
                if (eku is null || !eku.Contains(KeyPurposeID.id_kp_OCSPSigning) || !responder.IsValid(now.UtcDateTime))
                {
                    continue;
                }

                if (basic.Verify(responder.GetPublicKey()))
                {
                    return true;
                }
            }
            catch (Exception e) when (Asn1Utilities.IsParseException(e))
            {
                // ignore this candidate
            }
        }

        return false;
    }

    private static Uri? OcspUrl(X509Certificate cert)
    {
        try
        {
            var value = cert.GetExtensionValue(X509Extensions.AuthorityInfoAccess);
            if (value is null)
            {
                return null;
            }

            var aia = AuthorityInformationAccess.GetInstance(Asn1Object.FromByteArray(value.GetOctets()));
            foreach (var description in aia.GetAccessDescriptions())
            {
                if (description.AccessMethod.Equals(AccessDescription.IdADOcsp)
                    && description.AccessLocation.TagNo == GeneralName.UniformResourceIdentifier
                    && Uri.TryCreate(((IAsn1String)description.AccessLocation.Name).GetString(), UriKind.Absolute, out var uri))
                {
                    return uri;
                }
            }
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            return null;
        }

        return null;
    }
}
