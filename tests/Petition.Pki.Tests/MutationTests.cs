using System.Diagnostics;
using Petition.Pki.Certificates;
using Petition.Pki.Npki;
using Petition.Pki.Validation;

namespace Petition.Pki.Tests;

[Collection(DemoPkiCollection.Name)]
public sealed class MutationTests(DemoPkiFixture demo)
{
    private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(2);

    private static byte[] Mutate(Random random, byte[] original)
    {
        var data = (byte[])original.Clone();
        switch (random.Next(6))
        {
            case 0:
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                }

                return data;
            case 1:
                return data[..random.Next(data.Length)];
            case 2:
                data[random.Next(data.Length)] = (byte)random.Next(256);
                return data;
            case 3:
                var at = random.Next(data.Length);
                return [.. data[..at], (byte)random.Next(256), .. data[at..]];
            case 4:
                // Corrupt a length octet near the start of a structure.
                var position = random.Next(Math.Min(data.Length, 64));
                data[position] = (byte)(0x80 | random.Next(1, 5));
                return data;
            default:
                var start = random.Next(data.Length);
                var length = random.Next(1, Math.Min(32, data.Length - start) + 1);
                random.NextBytes(data.AsSpan(start, length));
                return data;
        }
    }

    [Fact]
    public async Task VerifyAsync_ThousandsOfCorruptedCms_FailCleanlyAndQuickly()
    {
        var citizen = demo.Pki.Citizen("yessign-general");
        var (submission, _) = demo.Sign(citizen, "mutation");
        var verifier = new SubmissionVerifier(demo.CreateTrustStore(), new InMemoryNonceRegistry(), new FixedTimeProvider(DemoPkiFixture.Now));
        var random = new Random(20260302);
        var accepted = 0;
        for (var i = 0; i < 2500; i++)
        {
            var cms = Mutate(random, submission.Cms);
            var stopwatch = Stopwatch.StartNew();
            var report = await verifier.VerifyAsync(submission with { Cms = cms, Nonce = null }, VerificationPolicy.GeneralPurpose());
            Assert.True(stopwatch.Elapsed < PerInputLimit, $"input {i} took {stopwatch.Elapsed}");
            if (report.Accepted)
            {
                accepted++;
                Assert.Equal(submission.ExpectedContent, submission.ExpectedContent);
            }
        }

        // A mutation may only be accepted if it left the signed bytes meaningfully intact (e.g. unsigned fields); such inputs must be rare.
        Assert.True(accepted < 100, $"{accepted} corrupted inputs were accepted");
    }

    [Fact]
    public void ParseCertificateAndCrl_ThousandsOfCorruptedInputs_ThrowOnlyPkiFormatException()
    {
        var cert = demo.Pki.Citizen("signgate-general").Sign.CertificateDer;
        var crl = demo.Pki.Authority("CrossCert").Crl;
        var random = new Random(7);
        var parsed = 0;
        for (var i = 0; i < 2000; i++)
        {
            var input = Mutate(random, i % 2 == 0 ? cert : crl);
            var stopwatch = Stopwatch.StartNew();
            try
            {
                if (i % 2 == 0)
                {
                    _ = CertificateSummary.From(PkiFiles.ReadCertificates(input)[0]);
                }
                else
                {
                    _ = PkiFiles.ReadCrls(input);
                }

                parsed++;
            }
            catch (PkiFormatException)
            {
            }

            Assert.True(stopwatch.Elapsed < PerInputLimit);
        }

        Assert.True(parsed < 2000);
    }

    [Fact]
    public void Decrypt_ThousandsOfCorruptedKeyFiles_ThrowOnlyPkiExceptions()
    {
        var citizen = demo.Pki.Citizen("crosscert-general");
        var random = new Random(11);
        var failures = 0;
        for (var i = 0; i < 1000; i++)
        {
            var input = Mutate(random, citizen.Sign.KeyFile);
            try
            {
                _ = NpkiKeyFile.Decrypt(input, citizen.Password);
            }
            catch (PkiException)
            {
                failures++;
            }
        }

        Assert.True(failures > 900, $"only {failures} corrupted key files failed");
    }

    [Fact]
    public async Task ValidateAsync_CorruptedTrustStoreCrls_NeverReportGood()
    {
        var citizen = demo.Pki.Citizen("tradesign-general");
        var random = new Random(13);
        for (var i = 0; i < 40; i++)
        {
            var store = demo.CreateTrustStore(withCrls: false);
            store.AddCrl(demo.Pki.Root.Crl);
            try
            {
                store.AddCrl(Mutate(random, demo.Pki.Authority("TradeSign").Crl));
            }
            catch (PkiFormatException)
            {
                continue;
            }

            var report = await new SubmissionVerifier(store, null, new FixedTimeProvider(DemoPkiFixture.Now))
                .VerifyAsync(demo.Sign(citizen, "crl-" + i).Submission, VerificationPolicy.GeneralPurpose());
            if (report.Indication == Indication.TotalPassed)
            {
                Assert.Equal("GOOD", report.Revocation[0].Status);
            }
            else
            {
                Assert.Equal(SubIndication.TryLater, report.SubIndication);
            }
        }
    }
}
