using System.Globalization;
using Petition.Infrastructure.Trust;
using Petition.Pki.Certificates;

namespace Petition.Web.Features.AdminTrust;

/// <summary>A policy OID with the CA and usage it stands for (NPKI catalog), when known.</summary>
public sealed record TrustPolicyView(string Oid, string? CaName, string? Usage, bool? Corporate);

/// <summary>One certificate of the trust store as the page lists it.</summary>
public sealed record TrustCertificateView(
    long Id, TrustCertificateKind Kind, string Subject, string Issuer, string SerialNumber, string FingerprintSha256, string FingerprintSha1,
    DateTime NotBeforeUtc, DateTime NotAfterUtc, bool Expired, bool NotYetValid, IReadOnlyList<TrustPolicyView> Policies,
    IReadOnlyList<string> CrlDistributionPoints, TrustSource Source, bool Enabled, string AddedBy, DateTime AddedAtUtc, string? ChangedBy, DateTime? ChangedAtUtc);

/// <summary>One CRL as the page lists it.</summary>
public sealed record TrustCrlView(
    long Id, string Issuer, DateTime ThisUpdateUtc, DateTime? NextUpdateUtc, int RevokedCount, string? CrlNumber, TrustSource Source,
    string? DistributionPointUrl, DateTime? LastFetchAttemptUtc, string? LastFetchError, bool Stale, bool IssuerEnabled);

/// <summary>The /admin/trust page.</summary>
public sealed class AdminTrustViewModel
{
    public IReadOnlyList<TrustCertificateView> Certificates { get; init; } = [];

    public IReadOnlyList<TrustCrlView> Crls { get; init; } = [];

    /// <summary>Enabled CAs without any CRL (their certificates' revocation cannot be checked).</summary>
    public IReadOnlyList<TrustCertificateView> MissingCrls { get; init; } = [];

    public IReadOnlyList<TrustCrlView> StaleCrls => [.. Crls.Where(c => c.Stale && c.IssuerEnabled)];

    public long Version { get; init; }

    public DateTime UpdatedAtUtc { get; init; }

    public string? UpdatedBy { get; init; }

    public string? DemoGeneratedAt { get; init; }

    public bool OcspEnabled { get; set; }

    public string? OcspResponderUrl { get; set; }

    public bool RefreshCrls { get; set; }

    public int MaxUploadKilobytes { get; init; }

    public static string Time(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).AddHours(9).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " KST";

    /// <summary>Builds the page from the store's content at <paramref name="now"/>.</summary>
    public static AdminTrustViewModel From(TrustStoreOverview overview, DateTimeOffset now, int maxUploadBytes, bool english)
    {
        ArgumentNullException.ThrowIfNull(overview);
        var utc = now.UtcDateTime;
        var certificates = overview.Certificates.Select(c => new TrustCertificateView(
            c.Id, c.Kind, c.SubjectDn, c.IssuerDn, c.SerialNumber, c.FingerprintSha256, c.FingerprintSha1,
            c.NotBeforeUtc, c.NotAfterUtc, c.NotAfterUtc < utc, c.NotBeforeUtc > utc,
            [.. c.PolicyOids.Select(oid => Policy(oid, english))], c.CrlDistributionPoints, c.Source, c.Enabled,
            c.AddedBy, c.AddedAtUtc, c.ChangedBy, c.ChangedAtUtc)).ToList();
        var enabledIds = overview.Certificates.Where(c => c.Enabled).Select(c => c.Id).ToHashSet();
        var crls = overview.Crls.Select(c => new TrustCrlView(
            c.Id, c.IssuerDn, c.ThisUpdateUtc, c.NextUpdateUtc, c.RevokedCount, c.CrlNumber, c.Source, c.DistributionPointUrl,
            c.LastFetchAttemptUtc, c.LastFetchError, c.NextUpdateUtc is not { } next || next < utc,
            c.IssuerCertificateId is { } issuer && enabledIds.Contains(issuer))).ToList();
        var withCrl = overview.Crls.Where(c => c.IssuerCertificateId is not null).Select(c => c.IssuerCertificateId!.Value).ToHashSet();
        return new AdminTrustViewModel
        {
            Certificates = certificates,
            Crls = crls,
            MissingCrls = [.. certificates.Where(c => c.Enabled && !withCrl.Contains(c.Id))],
            Version = overview.State.Version,
            UpdatedAtUtc = overview.State.UpdatedAtUtc,
            UpdatedBy = overview.State.UpdatedBy,
            DemoGeneratedAt = overview.State.DemoGeneratedAt,
            OcspEnabled = overview.State.OcspEnabled,
            OcspResponderUrl = overview.State.OcspResponderUrl,
            RefreshCrls = overview.State.RefreshCrlsFromDistributionPoints,
            MaxUploadKilobytes = maxUploadBytes / 1024,
        };
    }

    private static TrustPolicyView Policy(string oid, bool english)
    {
        if (NpkiCaCatalog.FindPolicy(oid) is not { } policy)
        {
            return new TrustPolicyView(oid, null, null, null);
        }

        var ca = NpkiCaCatalog.FindCa(policy.CaId);
        return new TrustPolicyView(
            oid,
            english ? ca?.EnglishName ?? policy.CaId : ca?.KoreanName ?? policy.CaId,
            english ? policy.Usage.English() : policy.Usage.Korean(),
            policy.Corporate);
    }
}
