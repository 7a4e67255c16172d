using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Petition.Core.Auditing;
using Petition.Infrastructure.Persistence;
using Petition.Pki;
using Petition.Pki.Certificates;
using Petition.Pki.Validation;

namespace Petition.Infrastructure.Trust;

/// <summary>Everything the trust-store page shows.</summary>
public sealed record TrustStoreOverview(TrustStoreState State, IReadOnlyList<TrustCertificate> Certificates, IReadOnlyList<TrustCrl> Crls);

/// <summary>
/// Administers the database trust store: certificates (add, enable, disable), CRLs (upload, fetched), revocation settings,
/// the demo PKI (demo mode) and a one-time import of a configured trust directory. Every change is one transaction that
/// starts by bumping <see cref="TrustStoreState.Version"/> (which also serialises concurrent writers on every node) and
/// ends with its audit record.
/// </summary>
public sealed partial class TrustStoreAdmin(PetitionDbContext db, IAuditLog audit, TimeProvider clock, ILogger<TrustStoreAdmin> logger)
{
    public const string NotACertificateMessage = "인증서 파일이 아닙니다. DER(.der, .cer, .crt) 또는 PEM(-----BEGIN CERTIFICATE-----) 형식의 X.509 CA 인증서를 올려 주세요.";
    public const string CrlAsCertificateMessage = "올린 파일은 인증서가 아니라 인증서 폐지 목록(CRL)입니다. 아래의 'CRL 올리기'에서 올려 주세요.";
    public const string NotACrlMessage = "CRL 파일이 아닙니다. DER(.crl) 또는 PEM(-----BEGIN X509 CRL-----) 형식의 인증서 폐지 목록을 올려 주세요.";
    public const string CertificateAsCrlMessage = "올린 파일은 CRL이 아니라 인증서입니다. 위의 '인증서 올리기'에서 올려 주세요.";
    public const string DuplicateMessage = "이미 신뢰 목록에 있는 인증서입니다: {0} (SHA-256 {1}).";
    public const string NotCaMessage = "CA 인증서가 아닙니다(기본 제약조건 cA가 없음): {0}. 개인·서버 인증서는 신뢰 목록에 올릴 수 없습니다.";
    public const string CrlIssuerUnknownMessage = "이 CRL을 서명한 인증기관 인증서가 신뢰 목록에 없거나 사용 중지되어 있습니다(발급자 {0}). 먼저 그 인증기관의 인증서를 올리고 사용으로 두세요.";
    public const string CrlNotNewerMessage = "같은 인증기관의 CRL 중 이보다 새롭거나 같은 것이 이미 있습니다(발급자 {0}, 기존 발행 {1}).";
    public const string DeltaCrlMessage = "델타 CRL은 받지 않습니다. 전체 CRL을 올려 주세요(발급자 {0}).";
    public const string OcspUrlMessage = "OCSP 응답기 주소는 http:// 또는 https://로 시작하는 전체 주소여야 합니다(예: http://ocsp.example.kr/).";

    /// <summary>The page's content: the state, every certificate (anchors first) and every CRL.</summary>
    public async Task<TrustStoreOverview> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        var state = await db.TrustStoreStates.AsNoTracking().FirstOrDefaultAsync(s => s.Id == TrustStoreState.SingletonId, cancellationToken) ?? new TrustStoreState();
        var certificates = await db.TrustCertificates.AsNoTracking().OrderBy(c => c.Kind).ThenBy(c => c.SubjectDn).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var crls = await db.TrustCrls.AsNoTracking().OrderBy(c => c.IssuerDn).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        return new TrustStoreOverview(state, certificates, crls);
    }

    /// <summary>
    /// Adds the certificates of a DER or PEM file (one or several). Self-signed certificates become anchors and others
    /// intermediates, unless <paramref name="kind"/> says otherwise. Nothing is added when any of them is refused.
    /// </summary>
    public async Task<TrustChangeResult> AddCertificatesAsync(byte[] file, TrustCertificateKind? kind, TrustActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(actor);
        IReadOnlyList<CertificateDescription> certificates;
        try
        {
            certificates = CertificateDescription.Read(file);
        }
        catch (PkiFormatException)
        {
            return TrustChangeResult.Refused(IsCrl(file) ? CrlAsCertificateMessage : NotACertificateMessage);
        }

        if (certificates.FirstOrDefault(c => !c.IsCa) is { } endEntity)
        {
            return TrustChangeResult.Refused(NotCaMessage, endEntity.Subject);
        }

        if (certificates.GroupBy(c => c.FingerprintSha256).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return TrustChangeResult.Refused(DuplicateMessage, twice.First().Subject, twice.Key);
        }

        return await ChangeAsync(actor, async (now, ct) =>
        {
            var fingerprints = certificates.Select(c => c.FingerprintSha256).ToList();
            var existing = await db.TrustCertificates.Where(c => fingerprints.Contains(c.FingerprintSha256)).Select(c => c.FingerprintSha256).FirstOrDefaultAsync(ct);
            if (existing is not null)
            {
                return (TrustChangeResult.Refused(DuplicateMessage, certificates.First(c => c.FingerprintSha256 == existing).Subject, existing), false);
            }

            foreach (var certificate in certificates)
            {
                var row = NewRow(certificate, kind ?? KindOf(certificate), TrustSource.Upload, actor.Name, now);
                db.TrustCertificates.Add(row);
                await db.SaveChangesAsync(ct);
                await AuditAsync(actor, AuditActions.TrustCertificateAdded, "TrustCertificate", row.FingerprintSha256, $"{row.Kind}: {row.SubjectDn}", now, ct);
            }

            return (certificates.Count == 1
                ? TrustChangeResult.Done("인증서를 신뢰 목록에 추가했습니다: {0}", certificates[0].Subject)
                : TrustChangeResult.Done("인증서 {0}개를 신뢰 목록에 추가했습니다.", certificates.Count), true);
        }, cancellationToken);
    }

    /// <summary>Enables or disables a certificate; disabled certificates leave every snapshot at once.</summary>
    public Task<TrustChangeResult> SetEnabledAsync(long id, bool enabled, TrustActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ChangeAsync(actor, async (now, ct) =>
        {
            var row = await db.TrustCertificates.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (row is null)
            {
                return (TrustChangeResult.Refused("신뢰 목록에 그 인증서가 없습니다. 목록을 새로 고친 뒤 다시 시도해 주세요."), false);
            }

            if (row.Enabled == enabled)
            {
                return (TrustChangeResult.Done(enabled ? "이미 사용 중인 인증서입니다: {0}" : "이미 사용 중지된 인증서입니다: {0}", row.SubjectDn), false);
            }

            row.Enabled = enabled;
            row.ChangedAtUtc = now;
            row.ChangedBy = actor.Name;
            await db.SaveChangesAsync(ct);
            await AuditAsync(actor, enabled ? AuditActions.TrustCertificateEnabled : AuditActions.TrustCertificateDisabled, "TrustCertificate", row.FingerprintSha256, row.SubjectDn, now, ct);
            return (enabled
                ? TrustChangeResult.Done("인증서를 다시 사용합니다: {0}", row.SubjectDn)
                : TrustChangeResult.Done("인증서 사용을 중지했습니다. 이 인증기관이 발급한 인증서는 지금부터 검증에 실패합니다: {0}", row.SubjectDn), true);
        }, cancellationToken);
    }

    /// <summary>
    /// Adds the CRLs of an uploaded DER or PEM file. Each must verify with the key of an enabled trust-store certificate
    /// and replaces that CA's CRL only when it is newer.
    /// </summary>
    public async Task<TrustChangeResult> AddCrlsAsync(byte[] file, TrustActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(actor);
        IReadOnlyList<CrlDescription> crls;
        try
        {
            crls = CrlDescription.Read(file);
        }
        catch (PkiFormatException)
        {
            return TrustChangeResult.Refused(IsCertificate(file) ? CertificateAsCrlMessage : NotACrlMessage);
        }

        if (crls.FirstOrDefault(c => c.IsDelta) is { } delta)
        {
            return TrustChangeResult.Refused(DeltaCrlMessage, delta.Issuer);
        }

        return await ChangeAsync(actor, async (now, ct) =>
        {
            var enabled = await db.TrustCertificates.Where(c => c.Enabled).ToListAsync(ct);
            foreach (var crl in crls)
            {
                var issuer = enabled.FirstOrDefault(c => crl.IsSignedBy(c.Der));
                if (issuer is null)
                {
                    return (TrustChangeResult.Refused(CrlIssuerUnknownMessage, crl.Issuer), false);
                }

                var stored = await StoreCrlAsync(crl, issuer, TrustSource.Upload, null, now, ct);
                if (!stored.Stored)
                {
                    return (TrustChangeResult.Refused(CrlNotNewerMessage, crl.Issuer, Format(stored.ExistingThisUpdate)), false);
                }

                await AuditAsync(actor, AuditActions.TrustCrlAdded, "TrustCrl", crl.Issuer, $"thisUpdate {Format(crl.ThisUpdate.UtcDateTime)}, {crl.RevokedCount} revoked", now, ct);
            }

            return (crls.Count == 1
                ? TrustChangeResult.Done("CRL을 등록했습니다: {0} (폐지 {1}건)", crls[0].Issuer, crls[0].RevokedCount)
                : TrustChangeResult.Done("CRL {0}개를 등록했습니다.", crls.Count), true);
        }, cancellationToken);
    }

    /// <summary>
    /// Stores a CRL downloaded from a distribution point (by the verifier or the refresh job) when an enabled CA signed
    /// it and it is newer than the one stored; records the fetch on the CA's CRL row either way.
    /// </summary>
    public async Task<TrustChangeResult> StoreFetchedCrlAsync(byte[] der, string? url, TrustActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(der);
        CrlDescription crl;
        try
        {
            var read = CrlDescription.Read(der);
            if (read.Count != 1 || read[0].IsDelta)
            {
                return TrustChangeResult.Refused(NotACrlMessage);
            }

            crl = read[0];
        }
        catch (PkiFormatException)
        {
            return TrustChangeResult.Refused(NotACrlMessage);
        }

        return await ChangeAsync(actor, async (now, ct) =>
        {
            var enabled = await db.TrustCertificates.Where(c => c.Enabled).ToListAsync(ct);
            var issuer = enabled.FirstOrDefault(c => crl.IsSignedBy(c.Der));
            if (issuer is null)
            {
                return (TrustChangeResult.Refused(CrlIssuerUnknownMessage, crl.Issuer), false);
            }

            var stored = await StoreCrlAsync(crl, issuer, TrustSource.DistributionPoint, url, now, ct);
            if (!stored.Stored)
            {
                return (TrustChangeResult.Refused(CrlNotNewerMessage, crl.Issuer, Format(stored.ExistingThisUpdate)), false);
            }

            await AuditAsync(actor, AuditActions.TrustCrlRefreshed, "TrustCrl", crl.Issuer, $"{url ?? "-"}: thisUpdate {Format(crl.ThisUpdate.UtcDateTime)}, {crl.RevokedCount} revoked", now, ct);
            return (TrustChangeResult.Done("CRL을 배포지점에서 갱신했습니다: {0}", crl.Issuer), true);
        }, cancellationToken);
    }

    /// <summary>Saves the revocation settings (OCSP on/off and responder, CRL refreshing from distribution points).</summary>
    public Task<TrustChangeResult> SaveSettingsAsync(bool ocspEnabled, string? ocspResponderUrl, bool refreshCrls, TrustActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var url = string.IsNullOrWhiteSpace(ocspResponderUrl) ? null : ocspResponderUrl.Trim();
        if (url is not null && (url.Length > 2000 || !RevocationSettings.IsHttpUrl(url)))
        {
            return Task.FromResult(TrustChangeResult.Refused(OcspUrlMessage));
        }

        return ChangeAsync(actor, async (now, ct) =>
        {
            await db.TrustStoreStates.Where(s => s.Id == TrustStoreState.SingletonId).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.OcspEnabled, ocspEnabled).SetProperty(x => x.OcspResponderUrl, url).SetProperty(x => x.RefreshCrlsFromDistributionPoints, refreshCrls),
                ct);
            var reason = string.Create(CultureInfo.InvariantCulture, $"OCSP {(ocspEnabled ? "on" : "off")}, responder {url ?? "AIA"}, CRL refresh {(refreshCrls ? "on" : "off")}");
            await AuditAsync(actor, AuditActions.TrustSettingsChanged, "TrustStore", "settings", reason, now, ct);
            return (TrustChangeResult.Done("검증 설정을 저장했습니다. 다음 검증부터 모든 서버에 적용됩니다."), true);
        }, cancellationToken);
    }

    /// <summary>
    /// Demo mode: loads the demo PKI's trust directory (Source = Demo) unless the store already holds the entries of
    /// the manifest generated at <paramref name="generatedAt"/>. A regenerated demo PKI replaces the older demo entries
    /// (a demo CA the administrator had disabled stays disabled). Returns whether anything changed.
    /// </summary>
    public async Task<bool> SyncDemoAsync(string generatedAt, string trustDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(generatedAt);
        await ReenableDemoAsync(cancellationToken);
        var current = await db.TrustStoreStates.AsNoTracking().Where(s => s.Id == TrustStoreState.SingletonId).Select(s => s.DemoGeneratedAt).FirstOrDefaultAsync(cancellationToken);
        if (current == generatedAt)
        {
            return false;
        }

        var (certificates, crls) = TrustDirectoryReader.Read(trustDirectory);
        var changed = false;
        await ChangeAsync(TrustActor.System, async (now, ct) =>
        {
            // The version bump above serialised us with other nodes: one of them may have loaded it meanwhile.
            var state = await db.TrustStoreStates.FirstAsync(s => s.Id == TrustStoreState.SingletonId, ct);
            if (state.DemoGeneratedAt == generatedAt)
            {
                return (TrustChangeResult.Done("-"), false);
            }

            var old = await db.TrustCertificates.Where(c => c.Source == TrustSource.Demo).ToListAsync(ct);
            var disabledSubjects = old.Where(c => !c.Enabled && c.ChangedBy != DemoModeOffMarker).Select(c => c.SubjectDn).ToHashSet(StringComparer.Ordinal);
            var oldIds = old.Select(c => c.Id).ToList();
            var removedCrls = await db.TrustCrls.Where(c => c.Source == TrustSource.Demo || (c.IssuerCertificateId != null && oldIds.Contains(c.IssuerCertificateId.Value))).ExecuteDeleteAsync(ct);
            db.TrustCertificates.RemoveRange(old);
            await db.SaveChangesAsync(ct);

            var present = await db.TrustCertificates.Select(c => c.FingerprintSha256).ToListAsync(ct);
            var added = 0;
            foreach (var certificate in certificates.Where(c => !present.Contains(c.FingerprintSha256)).DistinctBy(c => c.FingerprintSha256))
            {
                var row = NewRow(certificate, KindOf(certificate), TrustSource.Demo, "system (demo PKI)", now);
                row.Enabled = !disabledSubjects.Contains(row.SubjectDn);
                db.TrustCertificates.Add(row);
                added++;
            }

            await db.SaveChangesAsync(ct);
            var all = await db.TrustCertificates.ToListAsync(ct);
            var crlCount = 0;
            foreach (var crl in crls.Where(c => !c.IsDelta))
            {
                if (all.FirstOrDefault(c => crl.IsSignedBy(c.Der)) is { } issuer && (await StoreCrlAsync(crl, issuer, TrustSource.Demo, null, now, ct)).Stored)
                {
                    crlCount++;
                }
            }

            state.DemoGeneratedAt = generatedAt;
            await db.SaveChangesAsync(ct);
            await AuditAsync(
                TrustActor.System, AuditActions.TrustCertificateAdded, "TrustStore", "demo",
                string.Create(CultureInfo.InvariantCulture, $"Demo PKI {generatedAt}: {added} certificates and {crlCount} CRLs loaded; {old.Count} older demo certificates and {removedCrls} CRLs removed"),
                now, ct);
            LogDemoLoaded(logger, generatedAt, added, crlCount);
            changed = true;
            return (TrustChangeResult.Done("-"), true);
        }, cancellationToken);
        return changed;
    }

    /// <summary>
    /// Outside demo mode: disables every enabled demo certificate (Source = Demo), whose citizen keys are public, in one
    /// transaction with the version bump and one audit record. Returns how many were disabled (0: nothing changed).
    /// </summary>
    /// <summary>
    /// Marks the demo rows <see cref="DisableDemoAsync"/> disabled, so that demo mode coming back enables exactly those again
    /// (and never a demo CA an administrator disabled).
    /// </summary>
    public const string DemoModeOffMarker = "system (demo mode off)";

    public async Task<int> DisableDemoAsync(CancellationToken cancellationToken = default)
    {
        if (!await db.TrustCertificates.AsNoTracking().AnyAsync(c => c.Source == TrustSource.Demo && c.Enabled, cancellationToken))
        {
            return 0;
        }

        var disabled = 0;
        await ChangeAsync(TrustActor.System, async (now, ct) =>
        {
            // Read again after the version bump: another node may have disabled them meanwhile.
            var rows = await db.TrustCertificates.Where(c => c.Source == TrustSource.Demo && c.Enabled).ToListAsync(ct);
            if (rows.Count == 0)
            {
                return (TrustChangeResult.Done("-"), false);
            }

            foreach (var row in rows)
            {
                row.Enabled = false;
                row.ChangedAtUtc = now;
                row.ChangedBy = DemoModeOffMarker;
            }

            await db.SaveChangesAsync(ct);
            await AuditAsync(
                TrustActor.System, AuditActions.TrustCertificateDisabled, "TrustStore", "demo",
                Truncate(string.Create(CultureInfo.InvariantCulture, $"Demo mode is off: {rows.Count} demo certificates disabled ({string.Join("; ", rows.Select(r => r.SubjectDn))})"), 2000),
                now, ct);
            LogDemoDisabled(logger, rows.Count);
            disabled = rows.Count;
            return (TrustChangeResult.Done("-"), true);
        }, cancellationToken);
        return disabled;
    }

    /// <summary>Demo mode is on again: the demo rows disabled only because it was off are enabled again (audited).</summary>
    private async Task ReenableDemoAsync(CancellationToken cancellationToken)
    {
        if (!await db.TrustCertificates.AsNoTracking().AnyAsync(c => c.Source == TrustSource.Demo && !c.Enabled && c.ChangedBy == DemoModeOffMarker, cancellationToken))
        {
            return;
        }

        await ChangeAsync(TrustActor.System, async (now, ct) =>
        {
            var rows = await db.TrustCertificates.Where(c => c.Source == TrustSource.Demo && !c.Enabled && c.ChangedBy == DemoModeOffMarker).ToListAsync(ct);
            if (rows.Count == 0)
            {
                return (TrustChangeResult.Done("-"), false);
            }

            foreach (var row in rows)
            {
                row.Enabled = true;
                row.ChangedAtUtc = now;
                row.ChangedBy = TrustActor.System.Name;
            }

            await db.SaveChangesAsync(ct);
            await AuditAsync(
                TrustActor.System, AuditActions.TrustCertificateEnabled, "TrustStore", "demo",
                string.Create(CultureInfo.InvariantCulture, $"Demo mode is on again: {rows.Count} demo certificates enabled"), now, ct);
            return (TrustChangeResult.Done("-"), true);
        }, cancellationToken);
    }

    /// <summary>
    /// Outside demo mode: imports a configured trust directory (the former file-based trust store) once, as uploads, when
    /// the store holds no entry of its own yet. Returns whether anything was imported.
    /// </summary>
    public async Task<bool> ImportDirectoryOnceAsync(string trustDirectory, CancellationToken cancellationToken = default)
    {
        if (await db.TrustCertificates.AnyAsync(c => c.Source != TrustSource.Demo, cancellationToken))
        {
            return false;
        }

        var (certificates, crls) = TrustDirectoryReader.Read(trustDirectory);
        var actor = new TrustActor(null, "system (Portal:TrustDirectory)");
        var imported = false;
        await ChangeAsync(actor, async (now, ct) =>
        {
            if (await db.TrustCertificates.AnyAsync(c => c.Source != TrustSource.Demo, ct))
            {
                return (TrustChangeResult.Done("-"), false);
            }

            var present = await db.TrustCertificates.Select(c => c.FingerprintSha256).ToListAsync(ct);
            foreach (var certificate in certificates.Where(c => !present.Contains(c.FingerprintSha256)).DistinctBy(c => c.FingerprintSha256))
            {
                var row = NewRow(certificate, KindOf(certificate), TrustSource.Upload, actor.Name, now);
                db.TrustCertificates.Add(row);
                await db.SaveChangesAsync(ct);
                await AuditAsync(actor, AuditActions.TrustCertificateAdded, "TrustCertificate", row.FingerprintSha256, $"{row.Kind}: {row.SubjectDn} (imported from {trustDirectory})", now, ct);
            }

            var all = await db.TrustCertificates.Where(c => c.Enabled).ToListAsync(ct);
            foreach (var crl in crls.Where(c => !c.IsDelta))
            {
                if (all.FirstOrDefault(c => crl.IsSignedBy(c.Der)) is { } issuer && (await StoreCrlAsync(crl, issuer, TrustSource.Upload, null, now, ct)).Stored)
                {
                    await AuditAsync(actor, AuditActions.TrustCrlAdded, "TrustCrl", crl.Issuer, $"imported from {trustDirectory}", now, ct);
                }
            }

            imported = true;
            LogImported(logger, trustDirectory, certificates.Count, crls.Count);
            return (TrustChangeResult.Done("-"), true);
        }, cancellationToken);
        return imported;
    }

    /// <summary>Records a fetch attempt (and its failure reason, or null for success) on the CA's CRL row, if it has one.</summary>
    internal async Task RecordFetchAsync(long issuerCertificateId, string? url, string? error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.TrustCrls.Where(c => c.IssuerCertificateId == issuerCertificateId).ExecuteUpdateAsync(
            s => s.SetProperty(c => c.LastFetchAttemptUtc, now).SetProperty(c => c.LastFetchError, error)
                .SetProperty(c => c.DistributionPointUrl, c => c.DistributionPointUrl ?? url),
            cancellationToken);
    }

    internal static TrustCertificateKind KindOf(CertificateDescription certificate) =>
        certificate.IsSelfSigned ? TrustCertificateKind.Anchor : TrustCertificateKind.Intermediate;

    private static TrustCertificate NewRow(CertificateDescription certificate, TrustCertificateKind kind, TrustSource source, string addedBy, DateTime now) => new()
    {
        Kind = kind,
        Der = certificate.Der,
        FingerprintSha256 = certificate.FingerprintSha256,
        FingerprintSha1 = certificate.FingerprintSha1,
        SubjectDn = Truncate(certificate.Subject, 1000),
        IssuerDn = Truncate(certificate.Issuer, 1000),
        SerialNumber = Truncate(certificate.SerialNumber, 128),
        NotBeforeUtc = certificate.NotBefore.UtcDateTime,
        NotAfterUtc = certificate.NotAfter.UtcDateTime,
        PolicyOids = [.. certificate.PolicyOids],
        CrlDistributionPoints = [.. certificate.CrlDistributionPoints],
        Enabled = true,
        Source = source,
        AddedAtUtc = now,
        AddedBy = Truncate(addedBy, 256),
    };

    /// <summary>Replaces <paramref name="issuer"/>'s CRL with <paramref name="crl"/> when it is newer (or adds it).</summary>
    private async Task<(bool Stored, DateTime? ExistingThisUpdate)> StoreCrlAsync(CrlDescription crl, TrustCertificate issuer, TrustSource source, string? url, DateTime now, CancellationToken cancellationToken)
    {
        var existing = await db.TrustCrls.Where(c => c.IssuerCertificateId == issuer.Id).OrderByDescending(c => c.ThisUpdateUtc).ToListAsync(cancellationToken);
        if (existing.FirstOrDefault() is { } newest && newest.ThisUpdateUtc >= crl.ThisUpdate.UtcDateTime)
        {
            return (false, newest.ThisUpdateUtc);
        }

        var keepUrl = url ?? existing.Select(c => c.DistributionPointUrl).FirstOrDefault(u => u is not null);
        db.TrustCrls.RemoveRange(existing);
        db.TrustCrls.Add(new TrustCrl
        {
            Der = crl.Der,
            IssuerDn = Truncate(crl.Issuer, 1000),
            IssuerCertificateId = issuer.Id,
            ThisUpdateUtc = crl.ThisUpdate.UtcDateTime,
            NextUpdateUtc = crl.NextUpdate?.UtcDateTime,
            CrlNumber = crl.CrlNumber is { Length: <= 100 } number ? number : null,
            RevokedCount = crl.RevokedCount,
            Source = source,
            DistributionPointUrl = keepUrl is { Length: <= 2000 } ? keepUrl : null,
            AddedAtUtc = now,
            LastFetchAttemptUtc = source == TrustSource.DistributionPoint ? now : null,
        });
        await db.SaveChangesAsync(cancellationToken);
        return (true, null);
    }

    /// <summary>
    /// One change in one transaction: the version bump first (it takes the write lock, so concurrent writers on any node
    /// queue behind it), then <paramref name="body"/>; committed only when the body says so.
    /// </summary>
    private async Task<TrustChangeResult> ChangeAsync(
        TrustActor actor, Func<DateTime, CancellationToken, Task<(TrustChangeResult Result, bool Commit)>> body, CancellationToken cancellationToken)
    {
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var actorName = Truncate(actor.Name, 256);
            await db.TrustStoreStates.Where(s => s.Id == TrustStoreState.SingletonId).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Version, x => x.Version + 1).SetProperty(x => x.UpdatedAtUtc, now).SetProperty(x => x.UpdatedBy, actorName),
                ct);
            var (result, commit) = await body(now, ct);
            if (commit)
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            else
            {
                await transaction.RollbackAsync(ct);
            }

            db.ChangeTracker.Clear();
            return result;
        }, cancellationToken);
    }

    private Task AuditAsync(TrustActor actor, string action, string targetType, string targetId, string reason, DateTime now, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord
        {
            AtUtc = now,
            ActorId = actor.UserId,
            ActorName = actor.Name,
            Action = action,
            TargetType = targetType,
            TargetId = Truncate(targetId, 200),
            Reason = reason,
            IpAddress = actor.IpAddress,
        }, cancellationToken);

    private static bool IsCrl(byte[] file)
    {
        try
        {
            return CrlDescription.Read(file).Count > 0;
        }
        catch (PkiFormatException)
        {
            return false;
        }
    }

    private static bool IsCertificate(byte[] file)
    {
        try
        {
            return PkiFiles.ReadCertificates(file).Count > 0;
        }
        catch (PkiFormatException)
        {
            return false;
        }
    }

    private static string Format(DateTime? utc) => utc is { } value ? value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "-";

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo PKI {GeneratedAt} loaded into the trust store: {Certificates} certificates, {Crls} CRLs")]
    private static partial void LogDemoLoaded(ILogger logger, string generatedAt, int certificates, int crls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo mode is off: {Count} demo trust certificates disabled")]
    private static partial void LogDemoDisabled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trust directory {Directory} imported into the trust store: {Certificates} certificates, {Crls} CRLs")]
    private static partial void LogImported(ILogger logger, string directory, int certificates, int crls);
}
