using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Pkix;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Store;

namespace Petition.Pki.Validation;

/// <summary>RFC 5280 section 6.1.1 inputs and the caller's bounds on path building.</summary>
public sealed record PathValidationSettings
{
    /// <summary>user-initial-policy-set; empty means any-policy.</summary>
    public IReadOnlyCollection<string> InitialPolicies { get; init; } = [];

    public bool InitialExplicitPolicy { get; init; }

    public bool InitialPolicyMappingInhibit { get; init; }

    public bool InitialAnyPolicyInhibit { get; init; }

    /// <summary>Longest path (intermediates) the builder explores: bounds work in cross-certified meshes.</summary>
    public int MaxPathLength { get; init; } = 5;

    /// <summary>Most candidate intermediates given to the builder.</summary>
    public int MaxCandidateCertificates { get; init; } = 32;
}

internal enum PathFailure
{
    None,
    NoChain,
    Constraints,
}

/// <summary>A built and RFC 5280-validated path: signer first, anchor last.</summary>
internal sealed record PathResult(PathFailure Failure, IReadOnlyList<X509Certificate> Path, X509Certificate? Anchor, string Message)
{
    public bool Success => Failure == PathFailure.None;

    /// <summary>Latest notBefore / earliest notAfter of all certificates including the anchor.</summary>
    public DateTimeOffset WindowStart { get; init; }

    public DateTimeOffset WindowEnd { get; init; }
}

/// <summary>
/// Builds and validates paths with BouncyCastle's PKIX classes (RFC 5280 section 6, PKITS-tested) and adds the
/// checks BouncyCastle leaves to the caller: the anchor's own validity, basic constraints, key usage and path length,
/// the anchor's name constraints, and a bound on the building work.
/// </summary>
internal static class PathBuilder
{
    public static PathResult Build(
        VettedCertificate target,
        PreparedTrust trust,
        IEnumerable<VettedCertificate> extraCertificates,
        DateTimeOffset validationTime,
        PathValidationSettings settings)
    {
        if (trust.Anchors.Count == 0)
        {
            return new PathResult(PathFailure.NoChain, [], null, "The trust store has no trust anchor.");
        }

        if (trust.Snapshot.IsDistrusted(target))
        {
            return new PathResult(PathFailure.NoChain, [], null, $"The certificate '{target.SubjectDN}' has been disabled in the trust store.");
        }

        // Bound the work: only certificates on some issuer chain of the target (by name), at most N. A certificate the
        // administrator disabled is never used, also when the signature embeds it.
        var candidates = SelectCandidates(
            target, trust.Intermediates.Concat(extraCertificates.Where(c => !trust.Snapshot.IsDistrusted(c))), settings);

        var selector = new X509CertStoreSelector { Certificate = target };
        var parameters = new PkixBuilderParameters(trust.AnchorSet, selector)
        {
            IsRevocationEnabled = false,
            Date = validationTime.UtcDateTime,
            IsExplicitPolicyRequired = settings.InitialExplicitPolicy,
            IsPolicyMappingInhibited = settings.InitialPolicyMappingInhibit,
            IsAnyPolicyInhibited = settings.InitialAnyPolicyInhibit,
            MaxPathLength = settings.MaxPathLength,
        };
        if (settings.InitialPolicies.Count > 0)
        {
            parameters.SetInitialPolicies(new HashSet<string>(settings.InitialPolicies, StringComparer.Ordinal));
        }

        parameters.AddStoreCert(CollectionUtilities.CreateStore(candidates.Append<X509Certificate>(target).ToList()));

        PkixCertPathBuilderResult result;
        try
        {
            result = new PkixCertPathBuilder().Build(parameters);
        }
        catch (PkixCertPathBuilderException e)
        {
            return e.InnerException is null
                ? new PathResult(PathFailure.NoChain, [], null, "No certificate chain to a trust anchor: " + e.Message)
                : new PathResult(PathFailure.Constraints, [], null, "Path validation failed: " + Innermost(e));
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e) || e is PkixCertPathValidatorException)
        {
            return new PathResult(PathFailure.Constraints, [], null, "Path validation failed: " + e.Message);
        }

        var path = result.CertPath.Certificates.ToList();
        var anchor = result.TrustAnchor.TrustedCert;
        var problem = CheckAnchor(anchor, path, validationTime);
        if (problem is not null)
        {
            return new PathResult(PathFailure.Constraints, path, anchor, problem);
        }

        var all = path.Append(anchor).ToList();
        return new PathResult(PathFailure.None, path, anchor, "ok")
        {
            WindowStart = all.Max(c => new DateTimeOffset(c.NotBefore, TimeSpan.Zero)),
            WindowEnd = all.Min(c => new DateTimeOffset(c.NotAfter, TimeSpan.Zero)),
        };
    }

    private static List<X509Certificate> SelectCandidates(X509Certificate target, IEnumerable<VettedCertificate> pool, PathValidationSettings settings)
    {
        var list = pool.Distinct().Cast<X509Certificate>().ToList();
        var selected = new List<X509Certificate>();
        var frontier = new List<X509Name> { target.IssuerDN };
        for (var depth = 0; depth <= settings.MaxPathLength && frontier.Count > 0 && selected.Count < settings.MaxCandidateCertificates; depth++)
        {
            var next = new List<X509Name>();
            foreach (var cert in list)
            {
                if (selected.Count >= settings.MaxCandidateCertificates)
                {
                    break;
                }

                if (!selected.Contains(cert) && frontier.Any(n => n.Equivalent(cert.SubjectDN, true)))
                {
                    selected.Add(cert);
                    if (!cert.IssuerDN.Equivalent(cert.SubjectDN, true))
                    {
                        next.Add(cert.IssuerDN);
                    }
                }
            }

            frontier = next;
        }

        return selected;
    }

    private static string? CheckAnchor(X509Certificate anchor, List<X509Certificate> path, DateTimeOffset time)
    {
        if (time.UtcDateTime < anchor.NotBefore || time.UtcDateTime > anchor.NotAfter)
        {
            return $"The trust anchor '{anchor.SubjectDN}' is outside its validity period at {time:O}.";
        }

        if (anchor.Version == 3)
        {
            if (anchor.GetBasicConstraints() < 0)
            {
                return $"The trust anchor '{anchor.SubjectDN}' is not a CA certificate (basicConstraints cA is not set).";
            }

            var keyUsage = anchor.GetKeyUsage();
            if (keyUsage is not null && !keyUsage[5])
            {
                return $"The trust anchor '{anchor.SubjectDN}' lacks keyCertSign.";
            }

            var pathLen = anchor.GetBasicConstraints();
            var intermediates = path.Count - 1;
            if (pathLen != int.MaxValue && intermediates > pathLen)
            {
                return $"The path has {intermediates} intermediate CA(s) but the trust anchor allows pathLenConstraint {pathLen}.";
            }

            var nameConstraints = anchor.GetExtensionValue(X509Extensions.NameConstraints);
            if (nameConstraints is not null)
            {
                var constraints = NameConstraints.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(nameConstraints.GetOctets()));
                var validator = new PkixNameConstraintValidator();
                if (constraints.PermittedSubtreesValue is { } permitted)
                {
                    validator.IntersectPermittedSubtree(permitted.Elements);
                }

                foreach (var subtree in constraints.ExcludedSubtreesValue?.GetElements() ?? [])
                {
                    validator.AddExcludedSubtree(subtree);
                }

                foreach (var cert in path)
                {
                    try
                    {
                        validator.CheckDN(cert.SubjectDN);
                    }
                    catch (PkixNameConstraintValidatorException)
                    {
                        return $"'{cert.SubjectDN}' violates the trust anchor's name constraints.";
                    }
                }
            }
        }

        return null;
    }

    private static string Innermost(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            messages.Add(x.Message);
        }

        return string.Join(" -> ", messages.Distinct());
    }
}
