using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Petition.Pki.Npki;

namespace Petition.Pki.Cms;

/// <summary>
/// R travels from the browser to the server as CMS EnvelopedData (RSA key transport to the portal's key-management
/// certificate, AES-256-CBC content encryption); the server decrypts it with its km private key and never stores it.
/// </summary>
public static class RandomNumberEnvelope
{
    /// <summary>Encrypts R to the portal's km certificate (what the browser does).</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> randomNum, X509Certificate portalKmCertificate)
    {
        ArgumentNullException.ThrowIfNull(portalKmCertificate);
        var generator = new CmsEnvelopedDataGenerator(new SecureRandom());
        generator.AddKeyTransRecipient(portalKmCertificate);
        var envelope = generator.Generate(new CmsProcessableByteArray(randomNum.ToArray()), Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdAes256Cbc);
        return envelope.GetEncoded();
    }

    /// <summary>Decrypts R with the portal's km private key.</summary>
    /// <exception cref="PkiFormatException">The envelope is malformed or not addressed to this key.</exception>
    public static byte[] Decrypt(ReadOnlySpan<byte> envelope, NpkiPrivateKey portalKmKey)
    {
        ArgumentNullException.ThrowIfNull(portalKmKey);
        if (envelope.IsEmpty || envelope.Length > 64 * 1024)
        {
            throw new PkiFormatException("The encrypted R envelope is empty or too large.");
        }

        try
        {
            var data = new CmsEnvelopedData(envelope.ToArray());
            foreach (var recipient in data.GetRecipientInfos().GetRecipients())
            {
                try
                {
                    return recipient.GetContent(portalKmKey.Key);
                }
                catch (CmsException)
                {
                    // Not for this key: try the next recipient.
                }
            }
        }
        catch (Exception e) when (e is CmsException || Asn1Utilities.IsParseException(e))
        {
            throw new PkiFormatException("The encrypted R envelope is not a readable CMS EnvelopedData.", e);
        }

        throw new PkiFormatException("The encrypted R envelope is not addressed to the portal's key-management key.");
    }
}
