using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Ocsp;
using Petition.Pki.Demo;
using Petition.Pki.Validation;

namespace Petition.Pki.Tests;

/// <summary>OCSP through <see cref="IOcspClient"/> with responses built in-process (no network).</summary>
[Collection(DemoPkiCollection.Name)]
public sealed class OcspTests(DemoPkiFixture demo)
{
    private static readonly DateTimeOffset Now = DemoPkiFixture.Now;

    private SubmissionVerifier CreateVerifier(IOcspClient client, bool withCrls = false) => new(
        demo.CreateTrustStore(withCrls),
        new InMemoryNonceRegistry(),
        new FixedTimeProvider(Now),
        Options.Create(new PkiOptions { UseOcsp = true, OcspResponderUrl = "http://ocsp.test.invalid/" }),
        null,
        client);

    private async Task<ValidationReport> VerifyWith(FakeResponder responder, string citizenId = "yessign-general", bool withCrls = false)
    {
        var (submission, _) = demo.Sign(demo.Pki.Citizen(citizenId), "ocsp-" + Guid.NewGuid().ToString("N"));
        return await CreateVerifier(responder, withCrls).VerifyAsync(submission, VerificationPolicy.GeneralPurpose());
    }

    [Fact]
    public async Task VerifyAsync_OcspGoodForSignerAndCa_IsAcceptedWithOcspEvidence()
    {
        var responder = new FakeResponder(demo.Pki);

        var report = await VerifyWith(responder);

        Assert.True(report.Accepted, report.ToJson());
        Assert.Equal(2, report.Revocation.Count);
        Assert.All(report.Revocation, r => Assert.Equal(("OCSP", "GOOD"), (r.Kind, r.Status)));
        Assert.Equal("http://ocsp.test.invalid/", report.Revocation[0].Source);
        Assert.Equal(2, responder.Requests);
    }

    [Fact]
    public async Task VerifyAsync_OcspRevokedBeforeSigning_IsTotalFailedRevoked()
    {
        var responder = new FakeResponder(demo.Pki) { Status = _ => new RevokedStatus(Now.AddDays(-2).UtcDateTime, CrlReason.KeyCompromise) };

        var report = await VerifyWith(responder);

        Assert.Equal(Indication.TotalFailed, report.Indication);
        Assert.Equal(SubIndication.Revoked, report.SubIndication);
        Assert.Equal("OCSP", report.Revocation[0].Kind);
        Assert.Equal(Now.AddDays(-2), report.Revocation[0].RevocationTime);
        Assert.Equal(CrlReason.KeyCompromise, report.Revocation[0].RevocationReason);
    }

    [Fact]
    public async Task VerifyAsync_OcspRevokedAfterSigningTime_IsRevokedNoPoe()
    {
        var responder = new FakeResponder(demo.Pki) { Status = _ => new RevokedStatus(Now.AddMinutes(1).UtcDateTime, CrlReason.Superseded) };

        var report = await VerifyWith(responder);

        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.Equal(SubIndication.RevokedNoPoe, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_OcspRevokesCaCertificate_IsRevokedCaNoPoe()
    {
        var ca = demo.Pki.Authority("yessign").Certificate;
        var responder = new FakeResponder(demo.Pki)
        {
            Status = id => id.SerialNumber.Equals(ca.SerialNumber) ? new RevokedStatus(Now.AddDays(-1).UtcDateTime, CrlReason.CACompromise) : CertificateStatus.Good,
        };

        var report = await VerifyWith(responder);

        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.Equal(SubIndication.RevokedCaNoPoe, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_OcspUnknownWithoutCrls_IsTryLater()
    {
        var responder = new FakeResponder(demo.Pki) { Status = _ => new UnknownStatus() };

        var report = await VerifyWith(responder);

        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.Equal(SubIndication.TryLater, report.SubIndication);
        Assert.Equal("UNKNOWN", report.Revocation[0].Status);
    }

    [Fact]
    public async Task VerifyAsync_OcspUnknownWithFreshCrls_FallsBackToCrlAndIsAccepted()
    {
        var responder = new FakeResponder(demo.Pki) { Status = _ => new UnknownStatus() };

        var report = await VerifyWith(responder, withCrls: true);

        Assert.True(report.Accepted, report.ToJson());
        Assert.All(report.Revocation, r => Assert.Equal(("CRL", "GOOD"), (r.Kind, r.Status)));
    }

    [Fact]
    public async Task VerifyAsync_OcspSignedByUnrelatedKey_IsIgnoredAndTryLater()
    {
        var responder = new FakeResponder(demo.Pki) { SigningKey = _ => TestChains.Key(3).Private };

        var report = await VerifyWith(responder);

        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.Equal(SubIndication.TryLater, report.SubIndication);
        Assert.DoesNotContain(report.Revocation, r => r.Kind == "OCSP");
    }

    [Fact]
    public async Task VerifyAsync_OcspRevokedButBadSignature_DoesNotCountAsRevocationOrGood()
    {
        var responder = new FakeResponder(demo.Pki)
        {
            SigningKey = _ => TestChains.Key(3).Private,
            Status = _ => new RevokedStatus(Now.AddDays(-2).UtcDateTime, CrlReason.KeyCompromise),
        };

        var report = await VerifyWith(responder, withCrls: true);

        Assert.True(report.Accepted, report.ToJson());
        Assert.All(report.Revocation, r => Assert.Equal("CRL", r.Kind));
    }

    [Fact]
    public async Task VerifyAsync_OcspStaleNextUpdate_IsTryLater()
    {
        var responder = new FakeResponder(demo.Pki) { ThisUpdate = Now.AddDays(-3), NextUpdate = Now.AddDays(-1) };

        var report = await VerifyWith(responder);

        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.Equal(SubIndication.TryLater, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_OcspWithoutNextUpdateOlderThanMaxAge_IsTryLater()
    {
        var responder = new FakeResponder(demo.Pki) { ThisUpdate = Now.AddHours(-2), NextUpdate = null };

        var report = await VerifyWith(responder);

        Assert.Equal(SubIndication.TryLater, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_OcspThisUpdateInFuture_IsTryLater()
    {
        var responder = new FakeResponder(demo.Pki) { ThisUpdate = Now.AddHours(1), NextUpdate = Now.AddHours(2) };

        var report = await VerifyWith(responder);

        Assert.Equal(SubIndication.TryLater, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_OcspResponderReturnsNothingOrGarbage_IsTryLater()
    {
        var responder = new FakeResponder(demo.Pki) { Raw = [0x30, 0x03, 0x0a, 0x01] };

        var report = await VerifyWith(responder);

        Assert.Equal(SubIndication.TryLater, report.SubIndication);
        Assert.True(responder.Requests >= 1);
    }

    [Fact]
    public async Task VerifyAsync_OcspResponseForOtherSerial_IsTryLater()
    {
        var responder = new FakeResponder(demo.Pki) { SerialOffset = 1 };

        var report = await VerifyWith(responder);

        Assert.Equal(SubIndication.TryLater, report.SubIndication);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task VerifyAsync_DelegatedResponder_TrustedOnlyWithOcspSigningEku(bool withEku, bool expectAccepted)
    {
        var responder = new FakeResponder(demo.Pki) { Delegate = ca => IssueResponder(ca, withEku) };

        var report = await VerifyWith(responder);

        if (expectAccepted)
        {
            Assert.True(report.Accepted, report.ToJson());
            Assert.All(report.Revocation, r => Assert.Equal("OCSP", r.Kind));
        }
        else
        {
            Assert.Equal(Indication.Indeterminate, report.Indication);
            Assert.Equal(SubIndication.TryLater, report.SubIndication);
        }
    }

    /// <summary>A responder certificate issued by the CA, with or without id-kp-OCSPSigning.</summary>
    private static (Org.BouncyCastle.X509.X509Certificate Certificate, AsymmetricKeyParameter Key) IssueResponder(DemoAuthority ca, bool withEku)
    {
        var keys = TestChains.Key(5);
        var generator = new Org.BouncyCastle.X509.X509V3CertificateGenerator();
        generator.SetSerialNumber(Org.BouncyCastle.Math.BigInteger.ValueOf(777_000 + (withEku ? 1 : 0)));
        generator.SetIssuerDN(ca.Certificate.SubjectDN);
        generator.SetSubjectDN(TestChains.Name($"CN=OCSP Responder {ca.Id}, O=Test, C=KR"));
        generator.SetNotBefore(Now.AddDays(-1).UtcDateTime);
        generator.SetNotAfter(Now.AddDays(30).UtcDateTime);
        generator.SetPublicKey(keys.Public);
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        if (withEku)
        {
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_OCSPSigning));
        }

        return (generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", ca.PrivateKey)), keys.Private);
    }

    /// <summary>Answers OCSP requests like a CA responder; each knob breaks one property of the response.</summary>
    private sealed class FakeResponder(DemoPki pki) : IOcspClient
    {
        public Func<CertificateID, CertificateStatus?> Status { get; init; } = _ => CertificateStatus.Good;

        /// <summary>The key signing the response for the given issuer (default: the issuer CA's own key).</summary>
        public Func<DemoAuthority, AsymmetricKeyParameter>? SigningKey { get; init; }

        public DateTimeOffset ThisUpdate { get; init; } = Now.AddMinutes(-10);

        public DateTimeOffset? NextUpdate { get; init; } = Now.AddHours(12);

        public byte[]? Raw { get; init; }

        /// <summary>A delegated responder (certificate included in the response, which it signs).</summary>
        public Func<DemoAuthority, (Org.BouncyCastle.X509.X509Certificate Certificate, AsymmetricKeyParameter Key)>? Delegate { get; init; }

        public int SerialOffset { get; init; }

        public int Requests { get; private set; }

        public Task<byte[]?> SendAsync(Uri responder, byte[] request, CancellationToken cancellationToken)
        {
            Requests++;
            if (Raw is not null)
            {
                return Task.FromResult<byte[]?>(Raw);
            }

            var id = new OcspReq(request).GetRequestList()[0].GetCertID();
            var issuer = pki.Authorities.Append(pki.Root).First(a => id.MatchesIssuer(a.Certificate));
            var generator = new BasicOcspRespGenerator(new RespID(issuer.Certificate.SubjectDN));
            var answered = SerialOffset == 0
                ? id
                : new CertificateID(CertificateID.DigestSha1, issuer.Certificate, id.SerialNumber.Add(Org.BouncyCastle.Math.BigInteger.ValueOf(SerialOffset)));
            generator.AddResponse(answered, Status(id), ThisUpdate.UtcDateTime, NextUpdate?.UtcDateTime, null);
            var delegated = Delegate?.Invoke(issuer);
            var key = delegated?.Key ?? SigningKey?.Invoke(issuer) ?? issuer.PrivateKey;
            var chain = delegated is { } d ? new[] { d.Certificate } : null;
            var basic = generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", key), chain, Now.UtcDateTime);
            return Task.FromResult<byte[]?>(new OCSPRespGenerator().Generate(OcspRespStatus.Successful, basic).GetEncoded());
        }
    }
}
