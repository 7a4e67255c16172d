using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Petition.Infrastructure.Documents;
using Petition.Pki.Npki;
using Petition.Web.Features.Signing;

namespace Petition.Web.Features.Documents;

/// <summary>
/// The institution key that signs issued documents: in demo mode the demo PKI's institution certificate
/// (loaded with the portal PKI, renewed with it); otherwise the files configured under <c>Documents</c>. A
/// Development host with neither (tests that do not turn demo mode on) gets a throw-away key for the life of the
/// process, so completion still issues documents; it is logged, and never used outside Development.
/// </summary>
public sealed partial class PortalInstitutionKeySource(
    PortalPki pki, IOptions<DocumentOptions> options, IHostEnvironment environment, ILogger<PortalInstitutionKeySource> logger) : IInstitutionKeySource
{
    private readonly Lazy<InstitutionKey?> _configured = new(() => LoadConfigured(options.Value, environment, logger));
    private readonly Lazy<InstitutionKey> _ephemeral = new(() => CreateEphemeral(logger));
    private readonly Lock _gate = new();
    private (PortalPkiMaterial Material, InstitutionKey Key)? _fromPki;

    public async Task<InstitutionKey?> GetAsync()
    {
        if (pki.IsConfigured && await pki.GetAsync() is { InstitutionCertificateDer: { } der, InstitutionKey: { } npki } material)
        {
            lock (_gate)
            {
                if (_fromPki is not { } cached || !ReferenceEquals(cached.Material, material))
                {
                    _fromPki = (material, new InstitutionKey(new X509Certificate(der), npki.Key));
                }

                return _fromPki.Value.Key;
            }
        }

        if (_configured.Value is { } configured)
        {
            return configured;
        }

        return environment.IsDevelopment() ? _ephemeral.Value : null;
    }

    private static InstitutionKey? LoadConfigured(DocumentOptions options, IHostEnvironment environment, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.InstitutionCertificate) || string.IsNullOrWhiteSpace(options.InstitutionPrivateKey))
        {
            return null;
        }

        string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path);
        try
        {
            var certificate = new X509Certificate(File.ReadAllBytes(Resolve(options.InstitutionCertificate)));
            var key = NpkiKeyFile.Decrypt(File.ReadAllBytes(Resolve(options.InstitutionPrivateKey)), options.InstitutionPassword ?? string.Empty);
            return new InstitutionKey(certificate, key.Key);
        }
        catch (Exception ex)
        {
            LogLoadFailed(logger, ex);
            return null;
        }
    }

    private static InstitutionKey CreateEphemeral(ILogger logger)
    {
        LogEphemeral(logger);
        var generator = new RsaKeyPairGenerator();
        generator.Init(new KeyGenerationParameters(new SecureRandom(), 2048));
        var pair = generator.GenerateKeyPair();
        var name = new X509Name("C=kr,O=DEMO,OU=Development,CN=고용노동부 임시 기관인증 (개발용)");
        var certificate = new X509V3CertificateGenerator();
        certificate.SetSerialNumber(BigInteger.ValueOf(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        certificate.SetIssuerDN(name);
        certificate.SetSubjectDN(name);
        certificate.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        certificate.SetNotAfter(DateTime.UtcNow.AddYears(1));
        certificate.SetPublicKey(pair.Public);
        certificate.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        return new InstitutionKey(certificate.Generate(new Asn1SignatureFactory("SHA256WITHRSA", pair.Private)), pair.Private);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The institution certificate configured under Documents could not be loaded; documents cannot be issued")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No institution certificate (demo mode off, none configured): issuing documents with a throw-away Development key")]
    private static partial void LogEphemeral(ILogger logger);
}
