using Petition.Pki;
using Petition.Pki.Certificates;

namespace Petition.Infrastructure.Trust;

/// <summary>
/// Reads a trust directory tree as the file-based trust store did: *.crl files are CRLs; *.der, *.cer, *.crt and *.pem
/// are certificates (one or several each).
/// </summary>
internal static class TrustDirectoryReader
{
    public static (IReadOnlyList<CertificateDescription> Certificates, IReadOnlyList<CrlDescription> Crls) Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new PkiFormatException($"Trust directory not found: {directory}");
        }

        var certificates = new List<CertificateDescription>();
        var crls = new List<CrlDescription>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var extension = Path.GetExtension(file).ToLowerInvariant();
            if (extension == ".crl")
            {
                crls.AddRange(CrlDescription.Read(PkiFiles.ReadFile(file)));
            }
            else if (extension is ".der" or ".cer" or ".crt" or ".pem")
            {
                certificates.AddRange(CertificateDescription.Read(PkiFiles.ReadFile(file)));
            }
        }

        return (certificates, crls);
    }
}
