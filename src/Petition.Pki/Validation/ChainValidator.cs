using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Petition.Pki.Certificates;

namespace Petition.Pki.Validation;

/// <summary>Input of a stand-alone chain validation (the CLI's <c>chain validate</c>).</summary>
public sealed record ChainValidationRequest
{
    public required X509Certificate EndEntity { get; init; }

    public IReadOnlyList<X509Certificate> TrustAnchors { get; init; } = [];

    public IReadOnlyList<X509Certificate> Intermediates { get; init; } = [];

    public IReadOnlyList<X509Crl> Crls { get; init; } = [];

    public required DateTimeOffset ValidationTime { get; init; }

    /// <summary>KeyUsage names that must be set (digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, cRLSign).</summary>
    public IReadOnlyList<string> RequiredKeyUsages { get; init; } = [];

    /// <summary>Extended key usage OIDs that must be present (anyExtendedKeyUsage satisfies any).</summary>
    public IReadOnlyList<string> RequiredExtendedKeyUsages { get; init; } = [];

    /// <summary>Check revocation with the given CRLs (missing/stale gives INDETERMINATE / TRY_LATER).</summary>
    public bool CheckRevocation { get; init; } = true;

    public PathValidationSettings Settings { get; init; } = new();
}

/// <summary>Result of a stand-alone chain validation.</summary>
public sealed record ChainValidationReport
{
    public required Indication Indication { get; init; }

    public SubIndication? SubIndication { get; init; }

    public bool Valid => Indication == Indication.TotalPassed;

    public required DateTimeOffset ValidationTime { get; init; }

    public IReadOnlyList<ChainElement> Chain { get; init; } = [];

    public IReadOnlyList<RevocationEvidence> Revocation { get; init; } = [];

    public IReadOnlyList<string> Details { get; init; } = [];

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, ValidationReport.JsonIndented);
}

/// <summary>RFC 5280 path validation of one certificate against given anchors, intermediates and CRLs.</summary>
public static class ChainValidator
{
    private static readonly string[] KeyUsageNames =
        ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"];

    /// <summary>Validates; never throws for bad certificates (the report says what failed).</summary>
    public static async Task<ChainValidationReport> ValidateAsync(ChainValidationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var time = request.ValidationTime;
        ChainValidationReport Result(Indication indication, SubIndication? sub, string detail, IReadOnlyList<ChainElement>? chain = null, IReadOnlyList<RevocationEvidence>? revocation = null) => new()
        {
            Indication = indication,
            SubIndication = sub,
            ValidationTime = time,
            Chain = chain ?? [],
            Revocation = revocation ?? [],
            Details = [detail],
        };

        foreach (var name in request.RequiredKeyUsages)
        {
            var bit = Array.FindIndex(KeyUsageNames, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            if (bit < 0)
            {
                throw new ArgumentException($"Unknown key usage '{name}'. Known: {string.Join(", ", KeyUsageNames)}.", nameof(request));
            }

            var usage = request.EndEntity.GetKeyUsage();
            if (usage is null || !usage[bit])
            {
                return Result(Indication.Indeterminate, SubIndication.ChainConstraintsFailure, $"The end-entity certificate lacks KeyUsage {KeyUsageNames[bit]}.");
            }
        }

        if (request.RequiredExtendedKeyUsages.Count > 0)
        {
            var eku = request.EndEntity.GetExtendedKeyUsage();
            foreach (var oid in request.RequiredExtendedKeyUsages)
            {
                var has = eku is not null && eku.Any(e => e.Id == oid || e.Id == KeyPurposeID.AnyExtendedKeyUsage.Id);
                if (!has)
                {
                    return Result(Indication.Indeterminate, SubIndication.ChainConstraintsFailure, $"The end-entity certificate lacks extended key usage {oid}.");
                }
            }
        }

        var ee = request.EndEntity;
        if (time.UtcDateTime < ee.NotBefore)
        {
            return Result(Indication.TotalFailed, SubIndication.NotYetValid, $"The certificate is valid from {ee.NotBefore:O}.");
        }

        if (time.UtcDateTime > ee.NotAfter)
        {
            return Result(Indication.TotalFailed, SubIndication.Expired, $"The certificate expired on {ee.NotAfter:O}.");
        }

        var snapshot = new TrustStoreSnapshot(0, request.TrustAnchors, request.Intermediates, request.Crls);
        var cache = new VettedCertificateCache();
        var path = PathBuilder.Build(cache.Get(ee), new PreparedTrust(snapshot, cache), [], time, request.Settings);
        if (!path.Success)
        {
            return Result(
                Indication.Indeterminate,
                path.Failure == PathFailure.NoChain ? SubIndication.NoCertificateChainFound : SubIndication.ChainConstraintsFailure,
                path.Message);
        }

        var chain = new List<ChainElement>();
        for (var i = 0; i < path.Path.Count; i++)
        {
            chain.Add(SubmissionVerifier.Element(i == 0 ? "END_ENTITY" : "CA", path.Path[i]));
        }

        chain.Add(SubmissionVerifier.Element("TRUST_ANCHOR", path.Anchor!));
        if (!request.CheckRevocation)
        {
            return Result(Indication.TotalPassed, null, "Valid path; revocation not checked.", chain);
        }

        var checker = new RevocationChecker(new PkiOptions(), new InMemoryTrustStore(), null, null);
        var evidence = new List<RevocationEvidence>();
        for (var i = 0; i < path.Path.Count; i++)
        {
            var issuer = i + 1 < path.Path.Count ? path.Path[i + 1] : path.Anchor!;
            var item = await checker.CheckAsync(path.Path[i], issuer, snapshot, time, cancellationToken).ConfigureAwait(false);
            evidence.Add(item);
            if (item.Status == RevocationChecker.Revoked)
            {
                return Result(
                    i == 0 ? Indication.TotalFailed : Indication.Indeterminate,
                    i == 0 ? SubIndication.Revoked : SubIndication.RevokedCaNoPoe,
                    $"'{path.Path[i].SubjectDN}' was revoked on {item.RevocationTime:O}.",
                    chain,
                    evidence);
            }

            if (item.Status == RevocationChecker.Unknown)
            {
                return Result(Indication.Indeterminate, SubIndication.TryLater, $"No fresh CRL for '{path.Path[i].SubjectDN}' ({item.Source}).", chain, evidence);
            }
        }

        return Result(Indication.TotalPassed, null, "Valid path; revocation checked.", chain, evidence);
    }

    /// <summary>Reads certificates from files (DER or PEM); throws <see cref="PkiFormatException"/> for unreadable input.</summary>
    public static IReadOnlyList<X509Certificate> ReadCertificateFiles(IEnumerable<string> paths) =>
        [.. paths.SelectMany(p => PkiFiles.ReadCertificates(PkiFiles.ReadFile(p)))];

    /// <summary>Reads CRLs from files (DER or PEM).</summary>
    public static IReadOnlyList<X509Crl> ReadCrlFiles(IEnumerable<string> paths) =>
        [.. paths.SelectMany(p => PkiFiles.ReadCrls(PkiFiles.ReadFile(p)))];
}
