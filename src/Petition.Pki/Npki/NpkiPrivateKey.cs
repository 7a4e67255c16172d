using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using BcAttribute = Org.BouncyCastle.Asn1.Cms.Attribute;

namespace Petition.Pki.Npki;

/// <summary>A decrypted NPKI private key: the RSA key and, when present, the random number R used by the VID check.</summary>
public sealed class NpkiPrivateKey
{
    public NpkiPrivateKey(RsaPrivateCrtKeyParameters key, byte[]? randomNum)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        RandomNum = randomNum is null ? null : (byte[])randomNum.Clone();
    }

    /// <summary>The RSA private key (BouncyCastle form).</summary>
    public RsaPrivateCrtKeyParameters Key { get; }

    /// <summary>R (randomNum attribute, usually 20 bytes), or null when the key file carries none.</summary>
    public byte[]? RandomNum { get; }

    /// <summary>The key as a .NET <see cref="RSA"/> (caller disposes).</summary>
    public RSA ToRsa()
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(DotNetUtilities.ToRSAParameters(Key));
        return rsa;
    }

    /// <summary>Parses an unencrypted DER PKCS#8 PrivateKeyInfo (RSA), reading the randomNum attribute if present.</summary>
    public static NpkiPrivateKey FromPrivateKeyInfo(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        PrivateKeyInfo info;
        try
        {
            info = PrivateKeyInfo.GetInstance(Asn1Utilities.ParseDer(der, "private key"));
        }
        catch (PkiFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or InvalidOperationException or IOException)
        {
            throw new PkiFormatException("The private key is not a PKCS#8 PrivateKeyInfo.", e);
        }

        return FromPrivateKeyInfo(info);
    }

    internal static NpkiPrivateKey FromPrivateKeyInfo(PrivateKeyInfo info)
    {
        if (!PkcsObjectIdentifiers.RsaEncryption.Equals(info.PrivateKeyAlgorithm.Algorithm))
        {
            throw new PkiFormatException($"Unsupported private key algorithm {info.PrivateKeyAlgorithm.Algorithm.Id}; NPKI keys are RSA.");
        }

        var rsa = RsaPrivateKeyStructure.GetInstance(info.ParsePrivateKey());
        // A damaged ciphertext can still decrypt to a parseable structure: check the key is consistent.
        var one = Org.BouncyCastle.Math.BigInteger.One;
        if (rsa.Prime1.SignValue <= 0 || rsa.Prime2.SignValue <= 0
            || !rsa.Prime1.Multiply(rsa.Prime2).Equals(rsa.Modulus)
            || !rsa.PublicExponent.Multiply(rsa.Exponent1).Mod(rsa.Prime1.Subtract(one)).Equals(one)
            || !rsa.PublicExponent.Multiply(rsa.Exponent2).Mod(rsa.Prime2.Subtract(one)).Equals(one)
            || !rsa.Prime2.Multiply(rsa.Coefficient).Mod(rsa.Prime1).Equals(one))
        {
            throw new PkiFormatException("The RSA private key is inconsistent (damaged key file or wrong password).");
        }

        var key = new RsaPrivateCrtKeyParameters(
            rsa.Modulus, rsa.PublicExponent, rsa.PrivateExponent, rsa.Prime1, rsa.Prime2, rsa.Exponent1, rsa.Exponent2, rsa.Coefficient);
        byte[]? r = null;
        if (info.Attributes is { } attributes)
        {
            foreach (var element in attributes)
            {
                var attribute = BcAttribute.GetInstance(element);
                if (NpkiOids.RandomNumOid.Equals(attribute.AttrType) && attribute.AttrValues.Count > 0)
                {
                    var value = attribute.AttrValues[0];
                    r = value is DerBitString bits ? bits.GetOctets() : Asn1OctetString.GetInstance(value).GetOctets();
                }
            }
        }

        return new NpkiPrivateKey(key, r);
    }

    /// <summary>DER PKCS#8 PrivateKeyInfo with the randomNum attribute (when R is present).</summary>
    public byte[] ToPrivateKeyInfo()
    {
        var rsa = new RsaPrivateKeyStructure(
            Key.Modulus, Key.PublicExponent, Key.Exponent, Key.P, Key.Q, Key.DP, Key.DQ, Key.QInv);
        Asn1Set? attributes = null;
        if (RandomNum is not null)
        {
            attributes = new DerSet(new BcAttribute(NpkiOids.RandomNumOid, new DerSet(new DerBitString(RandomNum))));
        }

        var info = new PrivateKeyInfo(
            new Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance), rsa, attributes);
        return info.GetEncoded(Asn1Encodable.Der);
    }
}
