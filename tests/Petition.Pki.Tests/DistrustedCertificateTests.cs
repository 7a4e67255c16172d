using Petition.Pki.Certificates;
using Petition.Pki.Cms;
using Petition.Pki.Validation;

namespace Petition.Pki.Tests;

/// <summary>A CA the administrator disabled is never used for a chain, also when the signature embeds its certificate.</summary>
[Collection(DemoPkiCollection.Name)]
public sealed class DistrustedCertificateTests(DemoPkiFixture demo)
{
    [Fact]
    public async Task VerifyAsync_DisabledCaEmbeddedInSignature_IsNoCertificateChainFound()
    {
        var citizen = demo.Pki.Citizen("yessign-general");
        var ca = demo.Pki.Authority(citizen.Ca.Id);
        var store = new SwitchableTrustStore(Snapshot(1, ca, distrusted: false));
        var verifier = new SubmissionVerifier(store, new InMemoryNonceRegistry(), new FixedTimeProvider(DemoPkiFixture.Now));

        var trusted = await verifier.VerifyAsync(SignEmbeddingCa(citizen, ca, "embedded-1"), VerificationPolicy.GeneralPurpose());
        Assert.True(trusted.Accepted, trusted.ToJson());
        Assert.Equal(Indication.TotalPassed, trusted.Indication);

        // The administrator disables the CA: the store leaves it out and lists it as distrusted, with a new version.
        store.Current = Snapshot(2, ca, distrusted: true);
        var report = await verifier.VerifyAsync(SignEmbeddingCa(citizen, ca, "embedded-2"), VerificationPolicy.GeneralPurpose());

        Assert.NotEqual(Indication.TotalPassed, report.Indication);
        Assert.False(report.Accepted);
        Assert.Equal(SubIndication.NoCertificateChainFound, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_DistrustedCaWithUnchangedVersion_DoesNotReuseCachedPath()
    {
        var citizen = demo.Pki.Citizen("signgate-general");
        var ca = demo.Pki.Authority(citizen.Ca.Id);
        var store = new SwitchableTrustStore(Snapshot(7, ca, distrusted: false));
        var verifier = new SubmissionVerifier(store, new InMemoryNonceRegistry(), new FixedTimeProvider(DemoPkiFixture.Now));
        Assert.True((await verifier.VerifyAsync(SignEmbeddingCa(citizen, ca, "same-1"), VerificationPolicy.GeneralPurpose())).Accepted);

        store.Current = Snapshot(7, ca, distrusted: true);
        var report = await verifier.VerifyAsync(SignEmbeddingCa(citizen, ca, "same-2"), VerificationPolicy.GeneralPurpose());

        Assert.Equal(SubIndication.NoCertificateChainFound, report.SubIndication);
    }

    [Fact]
    public void Snapshot_ExistingConstructors_HaveNoDistrustedFingerprints()
    {
        var snapshot = new TrustStoreSnapshot(1, [demo.Pki.Root.Certificate], [], []);

        Assert.Empty(snapshot.DistrustedFingerprints);
        Assert.False(snapshot.IsDistrusted(demo.Pki.Root.Certificate));
    }

    private SignedSubmission SignEmbeddingCa(Demo.DemoCitizen citizen, Demo.DemoAuthority ca, string nonce)
    {
        var content = DemoPkiFixture.Document(nonce);
        return new SignedSubmission
        {
            Cms = NpkiSigner.Sign(content, citizen.Sign.Certificate, citizen.Sign.Key, DemoPkiFixture.Now, [ca.Certificate]),
            ExpectedContent = content,
            Nonce = nonce,
            ApplicantRrn = citizen.ApplicantRrn,
            RandomNum = citizen.RandomNum,
        };
    }

    /// <summary>The demo store; with <paramref name="distrusted"/> the CA is left out and its fingerprint listed, as DbTrustStore does.</summary>
    private TrustStoreSnapshot Snapshot(long version, Demo.DemoAuthority ca, bool distrusted)
    {
        var intermediates = demo.Pki.Authorities.Where(a => !distrusted || a != ca).Select(a => a.Certificate).ToList();
        var crls = demo.Pki.Crls.Select(c => PkiFiles.ParseCrl(c)).ToList();
        string[] fingerprints = distrusted ? [VettedCertificate.FingerprintOf(ca.Certificate.GetEncoded())] : [];
        return new TrustStoreSnapshot(version, [demo.Pki.Root.Certificate], intermediates, crls, null, fingerprints);
    }

    private sealed class SwitchableTrustStore(TrustStoreSnapshot initial) : ITrustStore
    {
        public TrustStoreSnapshot Current { get; set; } = initial;

        public ValueTask<TrustStoreSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Current);

        public ValueTask AddCrlAsync(byte[] crlDer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
