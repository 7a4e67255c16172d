using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;
using Petition.Pki.Certificates;
using Petition.Pki.Npki;

namespace Petition.Pki.Demo;

/// <summary>What makes a demo citizen special.</summary>
public enum DemoCitizenStatus
{
    Valid,
    Revoked,
    Expired,
    NotYetValid,

    /// <summary>A usage-restricted (은행) certificate, rejected by a 범용-only petition type.</summary>
    WrongPolicy,

    /// <summary>A valid certificate of someone else: used with the applicant RRN of another citizen it fails the VID check.</summary>
    SecondPerson,

    /// <summary>A key file without R: the identity check cannot be made.</summary>
    NoRandomNumber,
}

/// <summary>Options of <see cref="DemoPkiGenerator"/>.</summary>
public sealed class DemoPkiOptions
{
    /// <summary>The reference time; all validity periods are relative to it.</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>RSA key size (2048 in the real profile).</summary>
    public int KeySize { get; set; } = 2048;

    /// <summary>CRL nextUpdate = thisUpdate + this.</summary>
    public TimeSpan CrlValidity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>When true, every CRL's nextUpdate lies in the past (for revocation TRY_LATER tests).</summary>
    public bool StaleCrls { get; set; }

    /// <summary>Base URL written into the CRL distribution points (not fetched unless the verifier is told to).</summary>
    public string CrlBaseUrl { get; set; } = "http://crl.demo.invalid/";
}

/// <summary>A demo CA (the root or a licensed CA).</summary>
public sealed class DemoAuthority
{
    internal DemoAuthority(string id, NpkiCa? ca, X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        Id = id;
        Ca = ca;
        Certificate = certificate;
        PrivateKey = privateKey;
    }

    /// <summary>"root" or the CA id.</summary>
    public string Id { get; }

    /// <summary>The licensed CA it imitates, null for the root.</summary>
    public NpkiCa? Ca { get; }

    public X509Certificate Certificate { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The current CRL (DER).</summary>
    public byte[] Crl { get; internal set; } = [];

    internal List<(Org.BouncyCastle.Math.BigInteger Serial, DateTimeOffset When)> Revoked { get; } = [];

    internal long NextSerial { get; set; } = 1;
}

/// <summary>A certificate and its encrypted key file.</summary>
public sealed class DemoKeyPair
{
    internal DemoKeyPair(X509Certificate certificate, byte[] keyFile, NpkiPrivateKey key)
    {
        Certificate = certificate;
        KeyFile = keyFile;
        Key = key;
    }

    public X509Certificate Certificate { get; }

    public byte[] CertificateDer => Certificate.GetEncoded();

    /// <summary>The encrypted key file (signPri.key / kmPri.key format).</summary>
    public byte[] KeyFile { get; }

    /// <summary>The decrypted key (for tests and benchmarks).</summary>
    public NpkiPrivateKey Key { get; }
}

/// <summary>A demo citizen with an NPKI folder.</summary>
public sealed class DemoCitizen
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The certificate owner's fictitious RRN (YYMMDD-SXXXXXX).</summary>
    public required string Rrn { get; init; }

    /// <summary>The RRN to type as the applicant in a demo (differs from <see cref="Rrn"/> for the second-person case).</summary>
    public required string ApplicantRrn { get; init; }

    public required string Password { get; init; }

    public required NpkiCa Ca { get; init; }

    public required CertificateUsage Usage { get; init; }

    public required string PolicyOid { get; init; }

    public required DemoCitizenStatus Status { get; init; }

    public required NpkiKeyProtection KeyProtection { get; init; }

    /// <summary>R, or null for <see cref="DemoCitizenStatus.NoRandomNumber"/>.</summary>
    public byte[]? RandomNum { get; init; }

    public required DemoKeyPair Sign { get; init; }

    public required DemoKeyPair KeyManagement { get; init; }

    /// <summary>Folder relative to the output root: NPKI/&lt;CA&gt;/USER/&lt;cn=...&gt;.</summary>
    public required string Folder { get; init; }

    /// <summary>Expected result when signed now and verified against a petition type accepting 범용 only.</summary>
    public required string ExpectedIndication { get; init; }

    public string? ExpectedSubIndication { get; init; }

    public required string ExpectedOutcome { get; init; }
}

/// <summary>The generated demo PKI (in memory; <see cref="DemoPkiGenerator.Write"/> puts it on disk).</summary>
public sealed class DemoPki
{
    internal DemoPki(DemoPkiOptions options, DemoAuthority root, IReadOnlyList<DemoAuthority> cas)
    {
        Options = options;
        Root = root;
        Authorities = cas;
    }

    public DemoPkiOptions Options { get; }

    public DemoAuthority Root { get; }

    /// <summary>The six licensed CAs.</summary>
    public IReadOnlyList<DemoAuthority> Authorities { get; }

    public IReadOnlyList<DemoCitizen> Citizens { get; internal set; } = [];

    /// <summary>The portal's key-management certificate (receives R encrypted) and its key.</summary>
    public DemoKeyPair PortalKeyManagement { get; internal set; } = null!;

    public string PortalKeyManagementPassword { get; internal set; } = string.Empty;

    /// <summary>The institution's signing certificate (signs issued documents).</summary>
    public DemoKeyPair Institution { get; internal set; } = null!;

    public string InstitutionPassword { get; internal set; } = string.Empty;

    public DemoAuthority Authority(string caId) =>
        Authorities.First(a => string.Equals(a.Id, caId, StringComparison.OrdinalIgnoreCase));

    public DemoCitizen Citizen(string id) => Citizens.First(c => c.Id == id);

    /// <summary>All CRLs (root and CAs), DER.</summary>
    public IEnumerable<byte[]> Crls => Authorities.Select(a => a.Crl).Prepend(Root.Crl);
}
