using System.Text.Json;
using Petition.Pki.Certificates;
using Petition.Pki.Cms;
using Petition.Pki.Demo;
using Petition.Pki.Npki;
using Petition.Pki.Validation;

namespace Petition.Pki.Tests;

[Collection(DemoPkiCollection.Name)]
public sealed class SubmissionVerifierTests(DemoPkiFixture demo)
{
    private SubmissionVerifier CreateVerifier(ITrustStore? store = null, INonceRegistry? nonces = null) =>
        new(store ?? demo.CreateTrustStore(), nonces ?? new InMemoryNonceRegistry(), new FixedTimeProvider(DemoPkiFixture.Now));

    public static TheoryData<string> AllCitizens() => [.. DemoPkiFixtureCitizenIds];

    private static readonly string[] DemoPkiFixtureCitizenIds =
    [
        "yessign-general", "signgate-general", "signkorea-general", "crosscert-general", "tradesign-general", "ncasign-general",
        "yessign-banking", "signkorea-securities", "crosscert-revoked", "signgate-expired", "tradesign-notyetvalid",
        "signgate-wrongpolicy", "yessign-secondperson", "ncasign-norandom",
    ];

    [Theory]
    [MemberData(nameof(AllCitizens))]
    public async Task VerifyAsync_EachDemoCitizenWithGeneralPolicy_GivesManifestExpectation(string id)
    {
        var citizen = demo.Pki.Citizen(id);
        var (submission, _) = demo.Sign(citizen, "nonce-" + id);

        var report = await CreateVerifier().VerifyAsync(submission, VerificationPolicy.GeneralPurpose());

        Assert.Equal(citizen.ExpectedIndication, report.Indication.ToEtsiName());
        Assert.Equal(citizen.ExpectedSubIndication, report.SubIndication?.ToEtsiName());
        Assert.Equal(citizen.ExpectedOutcome, report.Outcome.ToEtsiName());
    }

    [Theory]
    [InlineData("yessign-general", CertificateUsage.General)]
    [InlineData("signgate-general", CertificateUsage.General)]
    [InlineData("signkorea-general", CertificateUsage.General)]
    [InlineData("crosscert-general", CertificateUsage.General)]
    [InlineData("tradesign-general", CertificateUsage.General)]
    [InlineData("ncasign-general", CertificateUsage.General)]
    [InlineData("yessign-banking", CertificateUsage.Banking)]
    [InlineData("signgate-wrongpolicy", CertificateUsage.Banking)]
    [InlineData("signkorea-securities", CertificateUsage.Securities)]
    public async Task VerifyAsync_ValidCitizenWithItsUsageAccepted_IsAccepted(string id, CertificateUsage usage)
    {
        var citizen = demo.Pki.Citizen(id);
        var (submission, _) = demo.Sign(citizen, "usage-" + id);

        var report = await CreateVerifier().VerifyAsync(submission, VerificationPolicy.ForUsages(usage));

        Assert.True(report.Accepted, report.ToJson());
        Assert.Equal(usage, report.Signer!.Usage);
        Assert.Equal(citizen.Ca.Id, report.Signer.CaId);
        Assert.Equal(citizen.Name, report.Signer.OwnerName);
        Assert.Equal(3, report.Chain.Count);
        Assert.Equal(2, report.Revocation.Count);
        Assert.All(report.Revocation, r => Assert.Equal("GOOD", r.Status));
        Assert.Equal(VidCheckResult.Match, report.Identity!.Result);
    }

    [Fact]
    public async Task VerifyAsync_TamperedContent_IsContentMismatchHashFailure()
    {
        var citizen = demo.Pki.Citizen("yessign-general");
        var (submission, content) = demo.Sign(citizen, "tamper-1");
        var changed = (byte[])content.Clone();
        changed[^3] ^= 0x01;

        var report = await CreateVerifier().VerifyAsync(submission with { ExpectedContent = changed }, VerificationPolicy.GeneralPurpose());

        Assert.Equal(Indication.TotalFailed, report.Indication);
        Assert.Equal(SubIndication.HashFailure, report.SubIndication);
        Assert.Equal(PortalOutcome.ContentMismatch, report.Outcome);
    }

    [Fact]
    public async Task VerifyAsync_ContentChangedInsideCms_IsHashFailure()
    {
        var citizen = demo.Pki.Citizen("yessign-general");
        var (submission, content) = demo.Sign(citizen, "tamper-2");
        var cms = (byte[])submission.Cms.Clone();
        var at = cms.AsSpan().IndexOf(content);
        cms[at + 10] ^= 0x20;

        var report = await CreateVerifier().VerifyAsync(submission with { Cms = cms }, VerificationPolicy.GeneralPurpose());

        Assert.Equal(Indication.TotalFailed, report.Indication);
        Assert.Equal(SubIndication.HashFailure, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_SignatureBitFlipped_IsSigCryptoFailure()
    {
        var citizen = demo.Pki.Citizen("yessign-general");
        var (submission, _) = demo.Sign(citizen, "sigflip");
        var cms = (byte[])submission.Cms.Clone();
        cms[^5] ^= 0x01;

        var report = await CreateVerifier().VerifyAsync(submission with { Cms = cms }, VerificationPolicy.GeneralPurpose());

        Assert.Equal(Indication.TotalFailed, report.Indication);
        Assert.Equal(SubIndication.SigCryptoFailure, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_SameNonceTwice_SecondIsNonceReplayed()
    {
        var nonces = new InMemoryNonceRegistry();
        var verifier = CreateVerifier(nonces: nonces);
        var (submission, _) = demo.Sign(demo.Pki.Citizen("signgate-general"), "replay-me");

        var first = await verifier.VerifyAsync(submission, VerificationPolicy.GeneralPurpose());
        var second = await verifier.VerifyAsync(submission, VerificationPolicy.GeneralPurpose());

        Assert.Equal(PortalOutcome.Accepted, first.Outcome);
        Assert.Equal(PortalOutcome.NonceReplayed, second.Outcome);
        Assert.Equal(Indication.TotalPassed, second.Indication);
    }

    [Fact]
    public async Task VerifyAsync_NoCrlsInStore_IsTryLater()
    {
        var (submission, _) = demo.Sign(demo.Pki.Citizen("yessign-general"), "nocrl");

        var report = await CreateVerifier(demo.CreateTrustStore(withCrls: false)).VerifyAsync(submission, VerificationPolicy.GeneralPurpose());

        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.Equal(SubIndication.TryLater, report.SubIndication);
        Assert.Equal("UNKNOWN", report.Revocation[^1].Status);
    }

    [Fact]
    public async Task VerifyAsync_StaleCrl_IsTryLaterNotGood()
    {
        var store = demo.CreateTrustStore(withCrls: false);
        store.AddCrl(demo.Pki.Root.Crl);
        var ca = demo.Pki.Authority("yessign");
        store.AddCrl(DemoPkiGenerator.IssueCrl(demo.Pki, ca, DemoPkiFixture.Now.AddDays(-40), DemoPkiFixture.Now.AddDays(-10)));
        var (submission, _) = demo.Sign(demo.Pki.Citizen("yessign-general"), "stale");

        var report = await CreateVerifier(store).VerifyAsync(submission, VerificationPolicy.GeneralPurpose());

        Assert.Equal(SubIndication.TryLater, report.SubIndication);
        Assert.Contains("stale", report.Revocation[^1].Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_StaleCrlRefreshedFromDistributionPoint_IsAccepted()
    {
        var store = demo.CreateTrustStore(withCrls: false);
        store.AddCrl(demo.Pki.Root.Crl);
        var ca = demo.Pki.Authority("yessign");
        store.AddCrl(DemoPkiGenerator.IssueCrl(demo.Pki, ca, DemoPkiFixture.Now.AddDays(-40), DemoPkiFixture.Now.AddDays(-10)));
        var downloader = new FakeCrlDownloader(ca.Crl);
        var options = Microsoft.Extensions.Options.Options.Create(new PkiOptions { FetchCrlsFromDistributionPoints = true });
        var verifier = new SubmissionVerifier(store, new InMemoryNonceRegistry(), new FixedTimeProvider(DemoPkiFixture.Now), options, downloader);
        var (submission, _) = demo.Sign(demo.Pki.Citizen("yessign-general"), "refresh");

        var report = await verifier.VerifyAsync(submission, VerificationPolicy.GeneralPurpose());

        Assert.True(report.Accepted, report.ToJson());
        Assert.Equal("http://crl.demo.invalid/yessign.crl", downloader.Requested.Single().ToString());
        Assert.Equal("http://crl.demo.invalid/yessign.crl", report.Revocation[0].Source);
    }

    [Fact]
    public async Task VerifyAsync_RevokedAfterSigningTime_IsRevokedNoPoe()
    {
        var citizen = demo.Pki.Citizen("crosscert-revoked");
        var (submission, _) = demo.Sign(citizen, "rev-nopoe", DemoPkiFixture.Now.AddDays(-8));

        var report = await CreateVerifier().VerifyAsync(submission, VerificationPolicy.GeneralPurpose() with { MaxSignatureAge = null });

        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.Equal(SubIndication.RevokedNoPoe, report.SubIndication);
        Assert.NotNull(report.Revocation[0].RevocationTime);
    }

    [Fact]
    public async Task VerifyAsync_UnknownRoot_IsNoCertificateChainFound()
    {
        var store = new InMemoryTrustStore();
        store.AddAnchor(demo.Pki.Authority("signGATE").Certificate.GetEncoded());
        var (submission, _) = demo.Sign(demo.Pki.Citizen("yessign-general"), "nochain");

        var report = await CreateVerifier(store).VerifyAsync(submission, VerificationPolicy.GeneralPurpose());

        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.Equal(SubIndication.NoCertificateChainFound, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_SignedWithKmCertificate_IsChainConstraintsFailure()
    {
        var citizen = demo.Pki.Citizen("yessign-general");
        var content = DemoPkiFixture.Document("km");
        var cms = NpkiSigner.Sign(content, citizen.KeyManagement.Certificate, citizen.KeyManagement.Key, DemoPkiFixture.Now);

        var report = await CreateVerifier().VerifyAsync(new SignedSubmission { Cms = cms, ExpectedContent = content, ApplicantRrn = citizen.Rrn, RandomNum = citizen.RandomNum }, VerificationPolicy.GeneralPurpose());

        Assert.Equal(SubIndication.ChainConstraintsFailure, report.SubIndication);
        Assert.Contains("KeyUsage", report.Details[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_SigningTimeInFuture_IsSigConstraintsFailure()
    {
        var (submission, _) = demo.Sign(demo.Pki.Citizen("yessign-general"), "future", DemoPkiFixture.Now.AddHours(2));

        var report = await CreateVerifier().VerifyAsync(submission, VerificationPolicy.GeneralPurpose());

        Assert.Equal(SubIndication.SigConstraintsFailure, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_ExpiredNowButSignedWhileValid_IsOutOfBoundsNoPoe()
    {
        var citizen = demo.Pki.Citizen("signgate-expired");
        var (submission, _) = demo.Sign(citizen, "oob", DemoPkiFixture.Now.AddDays(-40));

        var report = await CreateVerifier().VerifyAsync(submission, VerificationPolicy.GeneralPurpose() with { MaxSignatureAge = null });

        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.Equal(SubIndication.OutOfBoundsNoPoe, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_WrongRandomNum_IsIdentityMismatch()
    {
        var citizen = demo.Pki.Citizen("tradesign-general");
        var (submission, _) = demo.Sign(citizen, "wrong-r");
        var r = (byte[])citizen.RandomNum!.Clone();
        r[0] ^= 1;

        var report = await CreateVerifier().VerifyAsync(submission with { RandomNum = r }, VerificationPolicy.GeneralPurpose());

        Assert.Equal(PortalOutcome.IdentityMismatch, report.Outcome);
    }

    [Fact]
    public async Task VerifyAsync_RandomNumDecryptedFromEnvelope_IsAccepted()
    {
        var citizen = demo.Pki.Citizen("crosscert-general");
        var envelope = RandomNumberEnvelope.Encrypt(citizen.RandomNum, demo.Pki.PortalKeyManagement.Certificate);
        var portalKey = NpkiKeyFile.Decrypt(demo.Pki.PortalKeyManagement.KeyFile, demo.Pki.PortalKeyManagementPassword);
        var r = RandomNumberEnvelope.Decrypt(envelope, portalKey);
        var (submission, _) = demo.Sign(citizen, "envelope");

        var report = await CreateVerifier().VerifyAsync(submission with { RandomNum = r }, VerificationPolicy.GeneralPurpose());

        Assert.Equal(citizen.RandomNum, r);
        Assert.True(report.Accepted, report.ToJson());
    }

    [Fact]
    public async Task VerifyAsync_Garbage_IsFormatFailure()
    {
        var report = await CreateVerifier().VerifyAsync(new SignedSubmission { Cms = [0x30, 0x03, 0x02, 0x01, 0x01], ExpectedContent = [] }, VerificationPolicy.GeneralPurpose());

        Assert.Equal(Indication.TotalFailed, report.Indication);
        Assert.Equal(SubIndication.FormatFailure, report.SubIndication);
    }

    [Fact]
    public async Task ToJson_AcceptedReport_UsesEtsiNamesAndBothLanguages()
    {
        var (submission, _) = demo.Sign(demo.Pki.Citizen("yessign-general"), "json");
        var report = await CreateVerifier().VerifyAsync(submission, VerificationPolicy.GeneralPurpose());

        using var json = JsonDocument.Parse(report.ToJson());

        Assert.Equal("TOTAL_PASSED", json.RootElement.GetProperty("indication").GetString());
        Assert.Equal("ACCEPTED", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("800101-1******", json.RootElement.GetProperty("identity").GetProperty("maskedRrn").GetString());
        Assert.Contains("본인", json.RootElement.GetProperty("messageKo").GetString(), StringComparison.Ordinal);
        Assert.Contains("applicant", json.RootElement.GetProperty("messageEn").GetString(), StringComparison.Ordinal);
        Assert.Equal("GOOD", json.RootElement.GetProperty("revocation")[0].GetProperty("status").GetString());
        Assert.True(json.RootElement.GetProperty("revocation")[0].TryGetProperty("nextUpdate", out _));
    }

    [Fact]
    public async Task ToJson_FailedReport_UsesSnakeCaseSubIndication()
    {
        var (submission, _) = demo.Sign(demo.Pki.Citizen("crosscert-revoked"), "json-rev");
        var report = await CreateVerifier().VerifyAsync(submission, VerificationPolicy.GeneralPurpose());

        using var json = JsonDocument.Parse(report.ToJson());

        Assert.Equal("TOTAL_FAILED", json.RootElement.GetProperty("indication").GetString());
        Assert.Equal("REVOKED", json.RootElement.GetProperty("subIndication").GetString());
        Assert.Contains("폐지", report.MessageKo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_WarmSecondCall_ReusesCachedPath()
    {
        var verifier = CreateVerifier();
        var citizen = demo.Pki.Citizen("ncasign-general");
        var first = await verifier.VerifyAsync(demo.Sign(citizen, "warm-1").Submission, VerificationPolicy.GeneralPurpose());

        var second = await verifier.VerifyAsync(demo.Sign(citizen, "warm-2").Submission, VerificationPolicy.GeneralPurpose());

        Assert.True(first.Accepted);
        Assert.True(second.Accepted);
        Assert.Equal(first.Chain, second.Chain);
    }

    private sealed class FakeCrlDownloader(byte[] crl) : ICrlDownloader
    {
        public List<Uri> Requested { get; } = [];

        public Task<byte[]?> DownloadAsync(Uri url, CancellationToken cancellationToken)
        {
            Requested.Add(url);
            return Task.FromResult<byte[]?>(crl);
        }
    }
}
