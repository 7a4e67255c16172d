using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using Petition.Pki.Certificates;
using Petition.Pki.Npki;
using Petition.Pki.Validation;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Petition.Pki.Demo;

/// <summary>
/// Generates the demo PKI: a DEMO look-alike of the KISA root, one licensed CA per seed-page CA, citizens in the real
/// NPKI profile (valid, revoked, expired, not yet valid, wrong policy, second person, no R), a CRL per CA, the
/// portal's key-management certificate and an institution signing certificate. Nothing here is a real CA.
/// </summary>
public static class DemoPkiGenerator
{
    /// <summary>File name of the manifest written at the output root.</summary>
    public const string ManifestFileName = "demo-citizens.json";

    private const string SignatureAlgorithm = "SHA256WithRSA";

    private sealed record CitizenSpec(
        string Id,
        string Name,
        string Rrn,
        string CaId,
        CertificateUsage Usage,
        DemoCitizenStatus Status,
        NpkiKeyProtection Protection,
        string? ApplicantRrn = null);

    private static readonly CitizenSpec[] Specs =
    [
        new("yessign-general", "홍길동", "800101-1234567", "yessign", CertificateUsage.General, DemoCitizenStatus.Valid, NpkiKeyProtection.PbeWithSha1AndSeedCbc),
        new("signgate-general", "김민준", "850315-1000012", "signGATE", CertificateUsage.General, DemoCitizenStatus.Valid, NpkiKeyProtection.Pbes2SeedCbc),
        new("signkorea-general", "이서연", "900720-2000023", "SignKorea", CertificateUsage.General, DemoCitizenStatus.Valid, NpkiKeyProtection.PbeWithSha1AndSeedCbc),
        new("crosscert-general", "박지훈", "781105-1000034", "CrossCert", CertificateUsage.General, DemoCitizenStatus.Valid, NpkiKeyProtection.Pbes2Aria128Cbc),
        new("tradesign-general", "최수아", "020202-4000045", "TradeSign", CertificateUsage.General, DemoCitizenStatus.Valid, NpkiKeyProtection.PbeWithSha1AndSeedCbc),
        new("ncasign-general", "정우진", "670830-1000056", "NCASign", CertificateUsage.General, DemoCitizenStatus.Valid, NpkiKeyProtection.Pbes2SeedCbc),
        new("yessign-banking", "강하은", "950412-2000067", "yessign", CertificateUsage.Banking, DemoCitizenStatus.Valid, NpkiKeyProtection.PbeWithSha1AndSeedCbc),
        new("signkorea-securities", "윤도현", "880918-1000078", "SignKorea", CertificateUsage.Securities, DemoCitizenStatus.Valid, NpkiKeyProtection.PbeWithSha1AndSeedCbc),
        new("crosscert-revoked", "임채원", "920101-2000089", "CrossCert", CertificateUsage.General, DemoCitizenStatus.Revoked, NpkiKeyProtection.PbeWithSha1AndSeedCbc),
        new("signgate-expired", "한지민", "830505-2000090", "signGATE", CertificateUsage.General, DemoCitizenStatus.Expired, NpkiKeyProtection.PbeWithSha1AndSeedCbc),
        new("tradesign-notyetvalid", "오태양", "010101-3000101", "TradeSign", CertificateUsage.General, DemoCitizenStatus.NotYetValid, NpkiKeyProtection.Pbes2SeedCbc),
        new("signgate-wrongpolicy", "서예린", "970707-2000112", "signGATE", CertificateUsage.Banking, DemoCitizenStatus.WrongPolicy, NpkiKeyProtection.PbeWithSha1AndSeedCbc),
        new("yessign-secondperson", "홍길순", "820202-2000123", "yessign", CertificateUsage.General, DemoCitizenStatus.SecondPerson, NpkiKeyProtection.PbeWithSha1AndSeedCbc, "800101-1234567"),
        new("ncasign-norandom", "문가온", "990909-1000134", "NCASign", CertificateUsage.General, DemoCitizenStatus.NoRandomNumber, NpkiKeyProtection.PbeWithSha1AndSeedCbc),
    ];

    /// <summary>Generates the demo PKI in memory.</summary>
    public static DemoPki Generate(DemoPkiOptions? options = null, IProgress<string>? progress = null)
    {
        options ??= new DemoPkiOptions();
        var now = options.Now.UtcDateTime;
        var keyCount = 1 + NpkiCaCatalog.All.Count + (Specs.Length * 2) + 2;
        progress?.Report($"Generating {keyCount} RSA-{options.KeySize} keys");
        var keys = GenerateKeys(keyCount, options.KeySize);
        var k = 0;

        progress?.Report("Issuing the DEMO root and the six licensed CAs");
        var rootKey = keys[k++];
        var rootName = new X509Name("C=KR,O=DEMO KISA,OU=DEMO Korea Certification Authority Central,CN=DEMO KISA RootCA 4 (NOT REAL)");
        var rootCert = IssueCa(rootName, rootKey.Public, rootName, rootKey.Private, null, BigInteger.One, now.AddYears(-5), now.AddYears(15), null, null);
        var root = new DemoAuthority("root", null, rootCert, rootKey.Private) { NextSerial = 100 };

        var cas = new List<DemoAuthority>();
        foreach (var ca in NpkiCaCatalog.All)
        {
            var caKey = keys[k++];
            var subject = new X509Name($"C=kr,O={ca.Organization},OU=AccreditedCA,CN={ca.Id}CA DEMO Class 2");
            var cert = IssueCa(subject, caKey.Public, rootName, rootKey.Private, rootCert, BigInteger.ValueOf(root.NextSerial++), now.AddYears(-3), now.AddYears(7), 0, options.CrlBaseUrl + "root.crl");
            cas.Add(new DemoAuthority(ca.Id, ca, cert, caKey.Private) { NextSerial = 1000 });
        }

        var pki = new DemoPki(options, root, cas);
        var citizens = new List<DemoCitizen>();
        var index = 0;
        foreach (var spec in Specs)
        {
            progress?.Report($"Citizen {spec.Name} ({spec.CaId}, {spec.Usage.Korean()}, {spec.Status})");
            citizens.Add(IssueCitizen(pki, spec, keys[k++], keys[k++], index++));
        }

        pki.Citizens = citizens;

        progress?.Report("Portal key-management and institution certificates");
        var nia = pki.Authority(NpkiCaCatalog.Nia.Id);
        pki.PortalKeyManagementPassword = "demo-portal-km-1!";
        pki.PortalKeyManagement = IssueServer(pki, nia, keys[k++], "CN=고용노동부 민원포털 DEMO km,OU=Government,OU=DEMO,O=NCASign,C=kr", KeyUsage.KeyEncipherment, pki.PortalKeyManagementPassword);
        pki.InstitutionPassword = "demo-institution-1!";
        pki.Institution = IssueServer(pki, nia, keys[k++], "CN=고용노동부 DEMO 기관인증,OU=Government,OU=DEMO,O=NCASign,C=kr", KeyUsage.DigitalSignature | KeyUsage.NonRepudiation, pki.InstitutionPassword);

        progress?.Report("Issuing CRLs");
        var thisUpdate = options.StaleCrls ? options.Now - options.CrlValidity - TimeSpan.FromDays(10) : options.Now - TimeSpan.FromDays(1);
        foreach (var authority in cas.Append(root))
        {
            authority.Crl = IssueCrl(pki, authority, thisUpdate, thisUpdate + options.CrlValidity);
        }

        return pki;
    }

    /// <summary>Issues a CRL of <paramref name="authority"/> listing its revoked certificates, with chosen times (e.g. stale).</summary>
    public static byte[] IssueCrl(DemoPki pki, DemoAuthority authority, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IEnumerable<(BigInteger Serial, DateTimeOffset When)>? extraRevoked = null)
    {
        ArgumentNullException.ThrowIfNull(pki);
        ArgumentNullException.ThrowIfNull(authority);
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(authority.Certificate.SubjectDN);
        generator.SetThisUpdate(thisUpdate.UtcDateTime);
        generator.SetNextUpdate(nextUpdate.UtcDateTime);
        foreach (var (serial, when) in authority.Revoked.Concat(extraRevoked ?? []))
        {
            generator.AddCrlEntry(serial, when.UtcDateTime, CrlReason.KeyCompromise);
        }

        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(authority.Certificate));
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.ValueOf(thisUpdate.ToUnixTimeSeconds())));
        return generator.Generate(new Asn1SignatureFactory(SignatureAlgorithm, authority.PrivateKey)).GetEncoded();
    }

    /// <summary>Writes the demo PKI as NPKI folders, a trust directory and the manifest; returns the manifest path.</summary>
    public static string Write(DemoPki pki, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(pki);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        Directory.CreateDirectory(outputDirectory);
        var trust = Path.Combine(outputDirectory, "trust");
        WriteFile(Path.Combine(trust, "root", "DEMO-KISA-RootCA4.der"), pki.Root.Certificate.GetEncoded());
        WriteFile(Path.Combine(trust, "crl", "root.crl"), pki.Root.Crl);
        foreach (var ca in pki.Authorities)
        {
            WriteFile(Path.Combine(trust, "ca", ca.Id + ".der"), ca.Certificate.GetEncoded());
            WriteFile(Path.Combine(trust, "crl", ca.Id + ".crl"), ca.Crl);
        }

        foreach (var citizen in pki.Citizens)
        {
            var folder = Path.Combine(outputDirectory, citizen.Folder);
            WriteFile(Path.Combine(folder, "signCert.der"), citizen.Sign.CertificateDer);
            WriteFile(Path.Combine(folder, "signPri.key"), citizen.Sign.KeyFile);
            WriteFile(Path.Combine(folder, "kmCert.der"), citizen.KeyManagement.CertificateDer);
            WriteFile(Path.Combine(folder, "kmPri.key"), citizen.KeyManagement.KeyFile);
        }

        WriteFile(Path.Combine(outputDirectory, "portal", "km", "kmCert.der"), pki.PortalKeyManagement.CertificateDer);
        WriteFile(Path.Combine(outputDirectory, "portal", "km", "kmPri.key"), pki.PortalKeyManagement.KeyFile);
        WriteFile(Path.Combine(outputDirectory, "portal", "institution", "signCert.der"), pki.Institution.CertificateDer);
        WriteFile(Path.Combine(outputDirectory, "portal", "institution", "signPri.key"), pki.Institution.KeyFile);

        var manifest = new DemoManifest
        {
            Description = "DEMO PKI for the petition portal. NOT a real CA; all people and numbers are fictitious.",
            GeneratedAt = pki.Options.Now,
            TrustDirectory = "trust",
            RootCertificate = "trust/root/DEMO-KISA-RootCA4.der",
            Portal = new DemoManifestPortal
            {
                KmCertificate = "portal/km/kmCert.der",
                KmPrivateKey = "portal/km/kmPri.key",
                KmPassword = pki.PortalKeyManagementPassword,
                InstitutionCertificate = "portal/institution/signCert.der",
                InstitutionPrivateKey = "portal/institution/signPri.key",
                InstitutionPassword = pki.InstitutionPassword,
            },
            Authorities = [.. pki.Authorities.Select(a => new DemoManifestAuthority
            {
                Id = a.Id,
                Name = a.Ca!.KoreanName,
                Certificate = $"trust/ca/{a.Id}.der",
                Crl = $"trust/crl/{a.Id}.crl",
            })],
            Citizens = [.. pki.Citizens.Select(c => new DemoManifestCitizen
            {
                Id = c.Id,
                Folder = c.Folder.Replace('\\', '/'),
                Name = c.Name,
                Rrn = c.Rrn,
                ApplicantRrn = c.ApplicantRrn,
                Password = c.Password,
                Ca = c.Ca.Id,
                CaName = c.Ca.KoreanName,
                Usage = c.Usage.Korean(),
                PolicyOid = c.PolicyOid,
                Status = c.Status.ToEtsiName(),
                KeyProtection = c.KeyProtection.ToString(),
                RandomNum = c.RandomNum is null ? null : Convert.ToHexStringLower(c.RandomNum),
                NotBefore = new DateTimeOffset(c.Sign.Certificate.NotBefore, TimeSpan.Zero),
                NotAfter = new DateTimeOffset(c.Sign.Certificate.NotAfter, TimeSpan.Zero),
                ExpectedIndication = c.ExpectedIndication,
                ExpectedSubIndication = c.ExpectedSubIndication,
                ExpectedOutcome = c.ExpectedOutcome,
            })],
        };
        var path = Path.Combine(outputDirectory, ManifestFileName);
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, ManifestJson), new UTF8Encoding(false));
        return path;
    }

    /// <summary>Reads a manifest written by <see cref="Write"/>.</summary>
    public static DemoManifest ReadManifest(string path) =>
        JsonSerializer.Deserialize<DemoManifest>(File.ReadAllText(path), ManifestJson)
        ?? throw new PkiFormatException("The demo manifest is empty.");

    internal static readonly JsonSerializerOptions ManifestJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private static void WriteFile(string path, byte[] data)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, data);
    }

    private static AsymmetricCipherKeyPair[] GenerateKeys(int count, int keySize)
    {
        var keys = new AsymmetricCipherKeyPair[count];
        Parallel.For(0, count, i =>
        {
            using var rsa = RSA.Create(keySize);
            keys[i] = DotNetUtilities.GetRsaKeyPair(rsa.ExportParameters(true));
        });
        return keys;
    }

    private static X509Certificate IssueCa(
        X509Name subject,
        AsymmetricKeyParameter publicKey,
        X509Name issuer,
        AsymmetricKeyParameter issuerKey,
        X509Certificate? issuerCert,
        BigInteger serial,
        DateTime notBefore,
        DateTime notAfter,
        int? pathLength,
        string? crlUrl)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(serial);
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore);
        generator.SetNotAfter(notAfter);
        generator.SetPublicKey(publicKey);
        generator.AddExtension(X509Extensions.BasicConstraints, true, pathLength is { } p ? new BasicConstraints(p) : new BasicConstraints(true));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey));
        if (issuerCert is not null)
        {
            generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuerCert));
            generator.AddExtension(X509Extensions.CertificatePolicies, false, new DerSequence(new PolicyInformation(new DerObjectIdentifier("2.5.29.32.0"))));
        }

        if (crlUrl is not null)
        {
            generator.AddExtension(X509Extensions.CrlDistributionPoints, false, CrlDistributionPoint(crlUrl));
        }

        return generator.Generate(new Asn1SignatureFactory(SignatureAlgorithm, issuerKey));
    }

    private static CrlDistPoint CrlDistributionPoint(string url) =>
        new([new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, url))), null, null)]);

    private static DemoCitizen IssueCitizen(DemoPki pki, CitizenSpec spec, AsymmetricCipherKeyPair signKey, AsymmetricCipherKeyPair kmKey, int index)
    {
        var authority = pki.Authority(spec.CaId);
        var ca = authority.Ca!;
        var now = pki.Options.Now;
        var (notBefore, notAfter) = spec.Status switch
        {
            DemoCitizenStatus.Expired => (now.AddYears(-2).AddDays(-30), now.AddDays(-30)),
            DemoCitizenStatus.NotYetValid => (now.AddDays(30), now.AddYears(2).AddDays(30)),
            DemoCitizenStatus.Revoked => (now.AddDays(-60), now.AddYears(2).AddDays(-60)),
            _ => (now.AddDays(-1), now.AddYears(2).AddDays(-1)),
        };
        var policy = NpkiCaCatalog.Policies.First(p => p.CaId == ca.Id && p.Usage == spec.Usage && !p.Corporate).Oid;
        var idSuffix = $"00{(index + 1) * 7919:D4}{ca.Id.Length:D2}1000{index:D4}";
        var subject = new X509Name($"C=kr,O={ca.Organization},OU=DEMO,OU=personal4IB,CN={spec.Name}(){idSuffix}");
        var randomNum = spec.Status == DemoCitizenStatus.NoRandomNumber ? null : SHA1.HashData(Encoding.UTF8.GetBytes($"demo-R:{spec.Id}:{spec.Rrn}"));

        var serial = BigInteger.ValueOf(authority.NextSerial++);
        var generator = CitizenGenerator(authority, subject, signKey.Public, serial, notBefore, notAfter, policy, pki.Options.CrlBaseUrl + ca.Id + ".crl");
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        generator.AddExtension(X509Extensions.SubjectAlternativeName, false, VirtualId.BuildSubjectAltName(spec.Name, spec.Rrn, randomNum ?? SHA1.HashData(Encoding.UTF8.GetBytes(spec.Id))));
        var signCert = generator.Generate(new Asn1SignatureFactory(SignatureAlgorithm, authority.PrivateKey));

        var kmGenerator = CitizenGenerator(authority, subject, kmKey.Public, BigInteger.ValueOf(authority.NextSerial++), notBefore, notAfter, policy, pki.Options.CrlBaseUrl + ca.Id + ".crl");
        kmGenerator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyEncipherment));
        var kmCert = kmGenerator.Generate(new Asn1SignatureFactory(SignatureAlgorithm, authority.PrivateKey));

        if (spec.Status == DemoCitizenStatus.Revoked)
        {
            authority.Revoked.Add((signCert.SerialNumber, now.AddDays(-7)));
            authority.Revoked.Add((kmCert.SerialNumber, now.AddDays(-7)));
        }

        var password = $"demo-{spec.Id}-1!";
        var signPrivate = new NpkiPrivateKey((RsaPrivateCrtKeyParameters)signKey.Private, randomNum);
        var kmPrivate = new NpkiPrivateKey((RsaPrivateCrtKeyParameters)kmKey.Private, randomNum);
        var (indication, sub, outcome) = Expected(spec.Status, spec.Usage);
        return new DemoCitizen
        {
            Id = spec.Id,
            Name = spec.Name,
            Rrn = spec.Rrn,
            ApplicantRrn = spec.ApplicantRrn ?? spec.Rrn,
            Password = password,
            Ca = ca,
            Usage = spec.Usage,
            PolicyOid = policy,
            Status = spec.Status,
            KeyProtection = spec.Protection,
            RandomNum = randomNum,
            Sign = new DemoKeyPair(signCert, NpkiKeyFile.Encrypt(signPrivate, password, spec.Protection), signPrivate),
            KeyManagement = new DemoKeyPair(kmCert, NpkiKeyFile.Encrypt(kmPrivate, password, spec.Protection), kmPrivate),
            Folder = Path.Combine("NPKI", ca.Id, "USER", FolderName(subject)),
            ExpectedIndication = indication.ToEtsiName(),
            ExpectedSubIndication = sub?.ToEtsiName(),
            ExpectedOutcome = outcome.ToEtsiName(),
        };
    }

    private static (Indication Indication, SubIndication? Sub, PortalOutcome Outcome) Expected(DemoCitizenStatus status, CertificateUsage usage) => status switch
    {
        DemoCitizenStatus.Revoked => (Indication.TotalFailed, SubIndication.Revoked, PortalOutcome.SignatureNotValid),
        DemoCitizenStatus.Expired => (Indication.TotalFailed, SubIndication.Expired, PortalOutcome.SignatureNotValid),
        DemoCitizenStatus.NotYetValid => (Indication.TotalFailed, SubIndication.NotYetValid, PortalOutcome.SignatureNotValid),
        DemoCitizenStatus.WrongPolicy => (Indication.TotalPassed, null, PortalOutcome.PolicyNotAccepted),
        DemoCitizenStatus.SecondPerson => (Indication.TotalPassed, null, PortalOutcome.IdentityMismatch),
        DemoCitizenStatus.NoRandomNumber => (Indication.TotalPassed, null, PortalOutcome.IdentityNotVerifiable),
        DemoCitizenStatus.Valid when usage != CertificateUsage.General => (Indication.TotalPassed, null, PortalOutcome.PolicyNotAccepted),
        DemoCitizenStatus.Valid => (Indication.TotalPassed, null, PortalOutcome.Accepted),
        _ => (Indication.TotalPassed, null, PortalOutcome.Accepted),
    };

    private static X509V3CertificateGenerator CitizenGenerator(
        DemoAuthority authority, X509Name subject, AsymmetricKeyParameter publicKey, BigInteger serial, DateTimeOffset notBefore, DateTimeOffset notAfter, string policy, string crlUrl)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(serial);
        generator.SetIssuerDN(authority.Certificate.SubjectDN);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore.UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetPublicKey(publicKey);
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(authority.Certificate));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey));
        generator.AddExtension(X509Extensions.CertificatePolicies, false, new DerSequence(new PolicyInformation(new DerObjectIdentifier(policy))));
        generator.AddExtension(X509Extensions.CrlDistributionPoints, false, CrlDistributionPoint(crlUrl));
        return generator;
    }

    private static DemoKeyPair IssueServer(DemoPki pki, DemoAuthority authority, AsymmetricCipherKeyPair key, string subject, int keyUsage, string password)
    {
        var now = pki.Options.Now;
        var generator = CitizenGenerator(
            authority,
            new X509Name(subject),
            key.Public,
            BigInteger.ValueOf(authority.NextSerial++),
            now.AddDays(-1),
            now.AddYears(3),
            "1.2.410.200004.5.3.1.1",
            pki.Options.CrlBaseUrl + authority.Id + ".crl");
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(keyUsage));
        var cert = generator.Generate(new Asn1SignatureFactory(SignatureAlgorithm, authority.PrivateKey));
        var privateKey = new NpkiPrivateKey((RsaPrivateCrtKeyParameters)key.Private, null);
        return new DemoKeyPair(cert, NpkiKeyFile.Encrypt(privateKey, password, NpkiKeyProtection.Pbes2SeedCbc), privateKey);
    }

    /// <summary>NPKI folder name: "cn=...,ou=...,o=...,c=kr" (most specific first, as NPKI clients write it).</summary>
    private static string FolderName(X509Name subject)
    {
        var oids = subject.GetOidList();
        var values = subject.GetValueList();
        var parts = new List<string>();
        for (var i = oids.Count - 1; i >= 0; i--)
        {
            var label = X509Name.DefaultSymbols.TryGetValue(oids[i], out var symbol) ? symbol.ToLowerInvariant() : oids[i].Id;
            parts.Add($"{label}={values[i]}");
        }

        return string.Join(",", parts);
    }
}

/// <summary>The demo-citizens.json manifest.</summary>
public sealed class DemoManifest
{
    public string Description { get; set; } = string.Empty;

    public DateTimeOffset GeneratedAt { get; set; }

    public string TrustDirectory { get; set; } = string.Empty;

    public string RootCertificate { get; set; } = string.Empty;

    public DemoManifestPortal Portal { get; set; } = new();

    public List<DemoManifestAuthority> Authorities { get; set; } = [];

    public List<DemoManifestCitizen> Citizens { get; set; } = [];
}

public sealed class DemoManifestPortal
{
    public string KmCertificate { get; set; } = string.Empty;

    public string KmPrivateKey { get; set; } = string.Empty;

    public string KmPassword { get; set; } = string.Empty;

    public string InstitutionCertificate { get; set; } = string.Empty;

    public string InstitutionPrivateKey { get; set; } = string.Empty;

    public string InstitutionPassword { get; set; } = string.Empty;
}

public sealed class DemoManifestAuthority
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Certificate { get; set; } = string.Empty;

    public string Crl { get; set; } = string.Empty;
}

public sealed class DemoManifestCitizen
{
    public string Id { get; set; } = string.Empty;

    public string Folder { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Rrn { get; set; } = string.Empty;

    public string ApplicantRrn { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string Ca { get; set; } = string.Empty;

    public string CaName { get; set; } = string.Empty;

    public string Usage { get; set; } = string.Empty;

    public string PolicyOid { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public string KeyProtection { get; set; } = string.Empty;

    public string? RandomNum { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public string ExpectedIndication { get; set; } = string.Empty;

    public string? ExpectedSubIndication { get; set; }

    public string ExpectedOutcome { get; set; } = string.Empty;
}
