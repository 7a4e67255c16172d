using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace Petition.Infrastructure.Documents;

/// <summary>The institution certificate (기관 인증서) and its private key, which sign issued documents and their QR payloads.</summary>
public sealed class InstitutionKey
{
    public InstitutionKey(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(privateKey);
        if (!privateKey.IsPrivate)
        {
            throw new ArgumentException("The institution key must be a private key.", nameof(privateKey));
        }

        Certificate = certificate;
        PrivateKey = privateKey;
        CertificateDer = certificate.GetEncoded();
        KeyId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(CertificateDer))[..16];
    }

    public X509Certificate Certificate { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    public byte[] CertificateDer { get; }

    /// <summary>The first 16 hex digits of the certificate's SHA-256: names the key in a QR payload.</summary>
    public string KeyId { get; }
}

/// <summary>Where the portal's institution key comes from (in the web app: the portal PKI).</summary>
public interface IInstitutionKeySource
{
    /// <summary>The key, or null when none is configured or it could not be loaded.</summary>
    Task<InstitutionKey?> GetAsync();
}
