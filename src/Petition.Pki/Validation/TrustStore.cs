using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.X509;
using Petition.Pki.Certificates;

namespace Petition.Pki.Validation;

/// <summary>
/// The administrator-managed trust store: trust anchors (the root), intermediates (licensed CAs) and CRLs.
/// The web app backs it by the database; <see cref="InMemoryTrustStore"/> serves tests, the CLI and single nodes.
/// </summary>
public interface ITrustStore
{
    /// <summary>An immutable view of the store. Its <see cref="TrustStoreSnapshot.Version"/> changes whenever content changes.</summary>
    ValueTask<TrustStoreSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a CRL fetched from a distribution point (replacing an older CRL of the same issuer).</summary>
    ValueTask AddCrlAsync(byte[] crlDer, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a CRL fetched from <paramref name="distributionPoint"/> (a store may remember where to refresh it from).
    /// The default ignores the address.
    /// </summary>
    ValueTask AddCrlAsync(byte[] crlDer, Uri? distributionPoint, CancellationToken cancellationToken = default) =>
        AddCrlAsync(crlDer, cancellationToken);
}

/// <summary>An immutable trust-store content; caches derived data (parsed CRL indexes) for its lifetime.</summary>
public sealed class TrustStoreSnapshot
{
    private readonly ConcurrentDictionary<string, CrlIndex?> _crlIndexes = new(StringComparer.Ordinal);

    public TrustStoreSnapshot(long version, IReadOnlyList<X509Certificate> anchors, IReadOnlyList<X509Certificate> intermediates, IReadOnlyList<X509Crl> crls)
        : this(version, anchors, intermediates, crls, null)
    {
    }

    /// <summary>A snapshot that also carries revocation settings overriding the verifier's <see cref="PkiOptions"/>.</summary>
    public TrustStoreSnapshot(
        long version, IReadOnlyList<X509Certificate> anchors, IReadOnlyList<X509Certificate> intermediates, IReadOnlyList<X509Crl> crls, RevocationSettings? revocation)
        : this(version, anchors, intermediates, crls, revocation, null)
    {
    }

    /// <summary>
    /// A snapshot that also names certificates the administrator has disabled (SHA-256 fingerprints of their DER, hex):
    /// path building never uses them, whether they come from the store or are embedded in a signature.
    /// </summary>
    public TrustStoreSnapshot(
        long version, IReadOnlyList<X509Certificate> anchors, IReadOnlyList<X509Certificate> intermediates, IReadOnlyList<X509Crl> crls,
        RevocationSettings? revocation, IEnumerable<string>? distrustedFingerprints)
    {
        Version = version;
        Anchors = anchors;
        Intermediates = intermediates;
        Crls = crls;
        Revocation = revocation;
        DistrustedFingerprints = distrustedFingerprints is null
            ? new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>(distrustedFingerprints, StringComparer.OrdinalIgnoreCase);
    }

    public long Version { get; }

    /// <summary>Revocation settings of the store (OCSP, CRL fetching); null to use the verifier's <see cref="PkiOptions"/>.</summary>
    public RevocationSettings? Revocation { get; }

    public IReadOnlyList<X509Certificate> Anchors { get; }

    public IReadOnlyList<X509Certificate> Intermediates { get; }

    public IReadOnlyList<X509Crl> Crls { get; }

    /// <summary>
    /// SHA-256 fingerprints (hex of the DER, case-insensitive) of certificates the administrator has disabled; empty by
    /// default. Path building ignores any certificate listed here, wherever it came from.
    /// </summary>
    public IReadOnlySet<string> DistrustedFingerprints { get; }

    /// <summary>Whether <paramref name="certificate"/> is one the administrator has disabled.</summary>
    public bool IsDistrusted(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (DistrustedFingerprints.Count == 0)
        {
            return false;
        }

        var fingerprint = certificate is VettedCertificate vetted ? vetted.Fingerprint : VettedCertificate.FingerprintOf(certificate.GetEncoded());
        return DistrustedFingerprints.Contains(fingerprint);
    }

    /// <summary>The newest CRL of <paramref name="issuer"/> whose signature verifies with the issuer's key (cached).</summary>
    internal CrlIndex? GetCrl(X509Certificate issuer)
    {
        var key = issuer is VettedCertificate vetted
            ? vetted.Fingerprint
            : issuer.SubjectDN.ToString() + "|" + Convert.ToHexString(SHA256.HashData(issuer.CertificateStructure.SubjectPublicKeyInfo.GetEncoded()));
        return _crlIndexes.GetOrAdd(key, _ =>
        {
            CrlIndex? best = null;
            foreach (var crl in Crls)
            {
                if (!crl.IssuerDN.Equivalent(issuer.SubjectDN, true))
                {
                    continue;
                }

                var index = CrlIndex.TryCreate(crl, issuer, "trust store");
                if (index is not null && (best is null || index.ThisUpdate > best.ThisUpdate))
                {
                    best = index;
                }
            }

            return best;
        });
    }
}

/// <summary>A parsed, signature-checked CRL with a serial-number index.</summary>
internal sealed class CrlIndex
{
    private readonly Dictionary<string, (DateTimeOffset When, int? Reason)> _revoked;

    private CrlIndex(X509Crl crl, string source, Dictionary<string, (DateTimeOffset, int?)> revoked)
    {
        Crl = crl;
        Source = source;
        _revoked = revoked;
        ThisUpdate = new DateTimeOffset(crl.ThisUpdate, TimeSpan.Zero);
        NextUpdate = crl.NextUpdate is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
        var number = crl.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.CrlNumber);
        if (number is not null)
        {
            CrlNumber = Org.BouncyCastle.Asn1.DerInteger.GetInstance(number.GetOctets()).Value.ToString();
        }
    }

    public X509Crl Crl { get; }

    public string Source { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset? NextUpdate { get; }

    public string? CrlNumber { get; }

    public bool TryGetRevocation(Org.BouncyCastle.Math.BigInteger serial, out DateTimeOffset when, out int? reason)
    {
        if (_revoked.TryGetValue(serial.ToString(16), out var entry))
        {
            (when, reason) = entry;
            return true;
        }

        when = default;
        reason = null;
        return false;
    }

    public bool IsFreshAt(DateTimeOffset time, TimeSpan skew) =>
        ThisUpdate <= time + skew && NextUpdate is { } next && next >= time;

    /// <summary>Indexes the CRL if its signature verifies with the issuer's key and it is a full CRL; otherwise null.</summary>
    public static CrlIndex? TryCreate(X509Crl crl, X509Certificate issuer, string source)
    {
        try
        {
            if (!crl.IssuerDN.Equivalent(issuer.SubjectDN, true) || !IsSignatureValid(crl, issuer))
            {
                return null;
            }

            if (crl.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.DeltaCrlIndicator) is not null)
            {
                return null;
            }

            var revoked = new Dictionary<string, (DateTimeOffset, int?)>(StringComparer.Ordinal);
            foreach (var entry in crl.GetRevokedCertificates() ?? (IEnumerable<X509CrlEntry>)[])
            {
                int? reason = null;
                var reasonValue = entry.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.ReasonCode);
                if (reasonValue is not null)
                {
                    reason = Org.BouncyCastle.Asn1.DerEnumerated.GetInstance(reasonValue.GetOctets()).IntValueExact;
                }

                revoked[entry.SerialNumber.ToString(16)] = (new DateTimeOffset(entry.RevocationDate, TimeSpan.Zero), reason);
            }

            return new CrlIndex(crl, source, revoked);
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            return null;
        }
    }

    /// <summary>RSA PKCS#1 v1.5 CRL signatures are checked with .NET; anything else with BouncyCastle.</summary>
    private static bool IsSignatureValid(X509Crl crl, X509Certificate issuer)
    {
        var list = crl.CertificateList;
        if (list.SignatureAlgorithm.Equals(list.TbsCertList.Signature)
            && VettedCertificate.From(issuer).VerifySignature(
                list.SignatureAlgorithm, crl is VettedCrl vetted ? vetted.TbsBytes() : crl.GetTbsCertList(), crl.GetSignature()) is { } valid)
        {
            return valid;
        }

        return crl.IsSignatureValid(issuer.GetPublicKey());
    }
}

/// <summary>A snapshot's certificates as <see cref="VettedCertificate"/>s from a long-lived cache, with the PKIX anchor set.</summary>
internal sealed class PreparedTrust
{
    public PreparedTrust(TrustStoreSnapshot snapshot, VettedCertificateCache cache)
    {
        Snapshot = snapshot;
        Anchors = [.. snapshot.Anchors.Select(cache.Get).Where(c => !snapshot.IsDistrusted(c))];
        Intermediates = [.. snapshot.Intermediates.Select(cache.Get).Where(c => !snapshot.IsDistrusted(c))];
        AnchorSet = [.. Anchors.Select(a => new Org.BouncyCastle.Pkix.TrustAnchor(a, null))];
    }

    public TrustStoreSnapshot Snapshot { get; }

    public IReadOnlyList<VettedCertificate> Anchors { get; }

    public IReadOnlyList<VettedCertificate> Intermediates { get; }

    public HashSet<Org.BouncyCastle.Pkix.TrustAnchor> AnchorSet { get; }
}

/// <summary>A thread-safe in-memory trust store.</summary>
public sealed class InMemoryTrustStore : ITrustStore
{
    private readonly Lock _lock = new();
    private readonly List<X509Certificate> _anchors = [];
    private readonly List<X509Certificate> _intermediates = [];
    private readonly List<X509Crl> _crls = [];
    private long _version;
    private TrustStoreSnapshot? _snapshot;

    /// <summary>Adds a trust anchor (DER or PEM).</summary>
    public InMemoryTrustStore AddAnchor(ReadOnlySpan<byte> certificate)
    {
        var certs = PkiFiles.ReadCertificates(certificate);
        lock (_lock)
        {
            _anchors.AddRange(certs);
            Changed();
        }

        return this;
    }

    /// <summary>Adds an untrusted intermediate CA certificate (DER or PEM).</summary>
    public InMemoryTrustStore AddIntermediate(ReadOnlySpan<byte> certificate)
    {
        var certs = PkiFiles.ReadCertificates(certificate);
        lock (_lock)
        {
            _intermediates.AddRange(certs);
            Changed();
        }

        return this;
    }

    /// <summary>Adds a CRL (DER or PEM), replacing an older one of the same issuer.</summary>
    public InMemoryTrustStore AddCrl(ReadOnlySpan<byte> crl)
    {
        var crls = PkiFiles.ReadCrls(crl);
        lock (_lock)
        {
            foreach (var item in crls)
            {
                _crls.RemoveAll(c => c.IssuerDN.Equivalent(item.IssuerDN, true) && c.ThisUpdate <= item.ThisUpdate);
                if (!_crls.Any(c => c.IssuerDN.Equivalent(item.IssuerDN, true)))
                {
                    _crls.Add(item);
                }
            }

            Changed();
        }

        return this;
    }

    /// <summary>
    /// Loads a directory tree: *.crl files are CRLs; certificates (*.der, *.cer, *.crt, *.pem) are anchors when
    /// self-signed and intermediates otherwise.
    /// </summary>
    public InMemoryTrustStore AddDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new PkiFormatException($"Trust directory not found: {directory}");
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var extension = Path.GetExtension(file).ToLowerInvariant();
            if (extension == ".crl")
            {
                AddCrl(PkiFiles.ReadFile(file));
            }
            else if (extension is ".der" or ".cer" or ".crt" or ".pem")
            {
                foreach (var cert in PkiFiles.ReadCertificates(PkiFiles.ReadFile(file)))
                {
                    var der = cert.GetEncoded();
                    if (IsSelfSigned(cert))
                    {
                        AddAnchor(der);
                    }
                    else
                    {
                        AddIntermediate(der);
                    }
                }
            }
        }

        return this;
    }

    public ValueTask<TrustStoreSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _snapshot ??= new TrustStoreSnapshot(_version, [.. _anchors], [.. _intermediates], [.. _crls]);
            return ValueTask.FromResult(_snapshot);
        }
    }

    public ValueTask AddCrlAsync(byte[] crlDer, CancellationToken cancellationToken = default)
    {
        AddCrl(crlDer);
        return ValueTask.CompletedTask;
    }

    internal static bool IsSelfSigned(X509Certificate cert)
    {
        if (!cert.IssuerDN.Equivalent(cert.SubjectDN, true))
        {
            return false;
        }

        try
        {
            var vetted = VettedCertificate.From(cert);
            return vetted.IsSignatureValid(vetted.GetPublicKey());
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            return false;
        }
    }

    private void Changed()
    {
        _version++;
        _snapshot = null;
    }
}
