using System.Globalization;
using Petition.Pki.Demo;
using Petition.Pki.Npki;

namespace Petition.Web.Tests.Support;

/// <summary>
/// The demo PKI the portal generates in demo mode, shared by every test host of the day (the portal
/// generates it once under a file lock). Tests read the citizens' NPKI folders from it, as a citizen would.
/// </summary>
public static class DemoPkiFiles
{
    public static readonly string Directory = Path.Combine(
        Path.GetTempPath(), "petition-demo-pki", DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    public static DemoManifest Manifest => DemoPkiGenerator.ReadManifest(Path.Combine(Directory, DemoPkiGenerator.ManifestFileName));

    public static DemoManifestCitizen Citizen(string id) => Manifest.Citizens.Single(c => c.Id == id);

    public static byte[] SignCert(DemoManifestCitizen citizen) => File.ReadAllBytes(Path.Combine(Directory, citizen.Folder, "signCert.der"));

    public static NpkiPrivateKey SignKey(DemoManifestCitizen citizen) =>
        NpkiKeyFile.Decrypt(File.ReadAllBytes(Path.Combine(Directory, citizen.Folder, "signPri.key")), citizen.Password);

    public static byte[] PortalKmCert => File.ReadAllBytes(Path.Combine(Directory, Manifest.Portal.KmCertificate));
}
