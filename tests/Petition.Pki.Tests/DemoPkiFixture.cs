using System.Text;
using Petition.Pki.Cms;
using Petition.Pki.Demo;
using Petition.Pki.Validation;

namespace Petition.Pki.Tests;

/// <summary>Generates the demo PKI once per test run and writes it to a temporary directory.</summary>
public sealed class DemoPkiFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public DemoPkiFixture()
    {
        Pki = DemoPkiGenerator.Generate(new DemoPkiOptions { Now = Now });
        Directory = Path.Combine(Path.GetTempPath(), "petition-pki-tests-" + Guid.NewGuid().ToString("N"));
        ManifestPath = DemoPkiGenerator.Write(Pki, Directory);
    }

    public DemoPki Pki { get; }

    public string Directory { get; }

    public string ManifestPath { get; }

    public string TrustDirectory => Path.Combine(Directory, "trust");

    public InMemoryTrustStore CreateTrustStore(bool withCrls = true)
    {
        var store = new InMemoryTrustStore();
        store.AddAnchor(Pki.Root.Certificate.GetEncoded());
        foreach (var ca in Pki.Authorities)
        {
            store.AddIntermediate(ca.Certificate.GetEncoded());
        }

        if (withCrls)
        {
            foreach (var crl in Pki.Crls)
            {
                store.AddCrl(crl);
            }
        }

        return store;
    }

    public static byte[] Document(string nonce) => Encoding.UTF8.GetBytes($"<petition type=\"demo\"><nonce>{nonce}</nonce><body>등본 발급 신청</body></petition>");

    public (SignedSubmission Submission, byte[] Content) Sign(DemoCitizen citizen, string nonce, DateTimeOffset? signingTime = null)
    {
        var content = Document(nonce);
        var cms = NpkiSigner.Sign(content, citizen.Sign.Certificate, citizen.Sign.Key, signingTime ?? Now);
        return (new SignedSubmission
        {
            Cms = cms,
            ExpectedContent = content,
            Nonce = nonce,
            ApplicantRrn = citizen.ApplicantRrn,
            RandomNum = citizen.RandomNum,
        }, content);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DemoPkiCollection : ICollectionFixture<DemoPkiFixture>
{
    public const string Name = "Demo PKI";
}

/// <summary>A fixed clock.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
