using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Petition.Pki.Certificates;
using Petition.Pki.Npki;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Petition.Pki.Validation;

/// <summary>
/// A BouncyCastle certificate whose RSA signatures (the ones it carries, checked with an issuer key) are verified
/// with .NET (OpenSSL) instead of BouncyCastle's managed RSA, and whose public key object is built without
/// BouncyCastle's per-instance Miller-Rabin test on the modulus (ADR-103). BouncyCastle's PKIX classes still do
/// all RFC 5280 processing; they just call these overrides for the signature step. Verdicts are cached per issuer
/// key, so a certificate kept in a cache is checked once.
/// </summary>
internal sealed class VettedCertificate : X509Certificate
{
    private readonly Lock _lock = new();
    private RsaPublicKeys.Verifier? _verifier;
    private AsymmetricKeyParameter? _publicKey;
    private CertificateSummary? _summary;
    private Box<IdentifyData?>? _identifyData;
    private byte[]? _issuerDer;
    private Verdict? _lastVerdict;
    private readonly int? _derHashCode;

    public VettedCertificate(X509CertificateStructure structure, string? fingerprint = null)
        : base(structure)
    {
        Fingerprint = fingerprint ?? FingerprintOf(structure.GetEncoded(Asn1Encodable.Der));
    }

    /// <summary>A certificate parsed from <paramref name="der"/> (kept, so it is never encoded again).</summary>
    public VettedCertificate(X509CertificateStructure structure, byte[] der, string? fingerprint = null)
        : base(structure)
    {
        Der = der;
        Fingerprint = fingerprint ?? FingerprintOf(der);
        _derHashCode = Org.BouncyCastle.Utilities.Arrays.GetHashCode(der);
    }

    /// <summary>SHA-256 of the DER encoding, upper-case hex.</summary>
    public string Fingerprint { get; }

    /// <summary>The encoding the certificate was parsed from, when known (do not modify).</summary>
    internal byte[]? Der { get; }

    public CertificateSummary Summary => _summary ??= CertificateSummary.From(this);

    /// <summary>npkiIdentifyData of the subjectAltName (parsed once).</summary>
    public IdentifyData? IdentifyData => (_identifyData ??= new Box<IdentifyData?>(VirtualId.ReadIdentifyData(this))).Value;

    /// <summary>DER of the issuer Name (for matching a CMS SignerIdentifier without parsing it).</summary>
    public byte[] IssuerDer => _issuerDer ??= CertificateStructure.Issuer.GetEncoded(Asn1Encodable.Der);

    public static string FingerprintOf(byte[] der) => Convert.ToHexString(SHA256.HashData(der));

    /// <summary>The same certificate as a <see cref="VettedCertificate"/> (itself when it already is one).</summary>
    public static VettedCertificate From(X509Certificate certificate) =>
        certificate as VettedCertificate ?? new VettedCertificate(certificate.CertificateStructure);

    /// <summary>Verifies an RSA PKCS#1 v1.5 signature made with this certificate's key (.NET).</summary>
    public bool VerifyData(byte[] data, byte[] signature, HashAlgorithmName hash) =>
        GetVerifier() is { } verifier && verifier.Verify(data, signature, hash);

    /// <summary>Verifies a signature over <paramref name="tbs"/> made with this certificate's key; null when the algorithm is not RSA PKCS#1 v1.5.</summary>
    public bool? VerifySignature(AlgorithmIdentifier algorithm, ReadOnlySpan<byte> tbs, byte[] signature)
    {
        var hash = RsaPublicKeys.HashFor(algorithm);
        if (hash is null)
        {
            return null;
        }

        var verifier = GetVerifier();
        return verifier is null ? null : verifier.Verify(tbs, signature, hash.Value);
    }

    /// <summary>The encoding it was parsed from (BouncyCastle would encode the structure again).</summary>
    public override byte[] GetEncoded() => Der is { } der ? (byte[])der.Clone() : base.GetEncoded();

    /// <summary>
    /// Certificates are equal when their encodings are: two vetted ones by fingerprint, without encoding them again; a
    /// plain BouncyCastle certificate by its encoding against the kept bytes. (For a certificate that is not DER, the
    /// kept bytes are what was received, not BouncyCastle's re-encoding; RFC 5280 certificates are DER.)
    /// </summary>
    public override bool Equals(object? obj) => obj switch
    {
        VettedCertificate other => string.Equals(Fingerprint, other.Fingerprint, StringComparison.Ordinal),
        X509Certificate plain when Der is { } der => der.AsSpan().SequenceEqual(plain.GetEncoded()),
        _ => base.Equals(obj),
    };

    /// <summary>BouncyCastle's hash of the encoding (the value a plain X509Certificate of the same DER gives), computed once.</summary>
    public override int GetHashCode() => _derHashCode ?? base.GetHashCode();

    public override AsymmetricKeyParameter GetPublicKey()
    {
        if (_publicKey is { } key)
        {
            return key;
        }

        lock (_lock)
        {
            if (_publicKey is null)
            {
                var verifier = GetVerifier();
                _publicKey = verifier is null ? base.GetPublicKey() : verifier.BouncyCastleKey;
            }

            return _publicKey;
        }
    }

    public override bool IsSignatureValid(AsymmetricKeyParameter key) => VerifyWith(key) ?? base.IsSignatureValid(key);

    public override void Verify(AsymmetricKeyParameter key)
    {
        var valid = VerifyWith(key);
        if (valid is null)
        {
            base.Verify(key);
        }
        else if (!valid.Value)
        {
            throw new InvalidKeyException("Public key presented not for certificate signature");
        }
    }

    private bool? VerifyWith(AsymmetricKeyParameter key)
    {
        if (key is not RsaKeyParameters { IsPrivate: false } rsa)
        {
            return null;
        }

        var hash = RsaPublicKeys.HashFor(SignatureAlgorithm);
        if (hash is null || !SignatureAlgorithm.Equals(TbsCertificate.Signature))
        {
            return null; // BouncyCastle handles (and rejects) what we do not
        }

        var verifier = RsaPublicKeys.VerifierFor(rsa);
        if (_lastVerdict is { } last && ReferenceEquals(last.Key, verifier))
        {
            return last.Valid;
        }

        var valid = verifier.Verify(TbsBytes(), GetSignature(), hash.Value);
        _lastVerdict = new Verdict(verifier, valid);
        return valid;
    }

    /// <summary>
    /// The signed tbsCertificate bytes as they appear in the certificate (sliced from the kept DER; BouncyCastle's
    /// <see cref="X509Certificate.GetTbsCertificate"/> encodes the structure again).
    /// </summary>
    private ReadOnlySpan<byte> TbsBytes() => SignedPart(Der) is { IsEmpty: false } tbs ? tbs : GetTbsCertificate();

    /// <summary>
    /// The first element (tbsCertificate, tbsCertList) of a DER SEQUENCE as it appears in <paramref name="der"/>; empty
    /// when there is nothing to slice or the framing is not DER.
    /// </summary>
    internal static ReadOnlySpan<byte> SignedPart(byte[]? der)
    {
        if (der is null)
        {
            return [];
        }

        try
        {
            AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out var offset, out var length, out _);
            AsnDecoder.ReadEncodedValue(der.AsSpan(offset, length), AsnEncodingRules.DER, out _, out _, out var signedLength);
            return der.AsSpan(offset, signedLength);
        }
        catch (AsnContentException)
        {
            return [];
        }
    }

    private RsaPublicKeys.Verifier? GetVerifier()
    {
        if (_verifier is { } verifier)
        {
            return verifier;
        }

        lock (_lock)
        {
            return _verifier ??= RsaPublicKeys.FromSubjectPublicKeyInfo(CertificateStructure.SubjectPublicKeyInfo);
        }
    }

    private sealed record Verdict(object Key, bool Valid);

    private sealed record Box<T>(T Value);
}

/// <summary>RSA public keys shared between BouncyCastle (key objects for PKIX) and .NET (the actual verification).</summary>
internal static class RsaPublicKeys
{
    private const int MinModulusBits = 1024;
    private const int MaxModulusBits = 16384;

    // NPKI keys use 65537; an exponent of thousands of bits would make every verification a full modular
    // exponentiation (a denial of service with a self-made certificate). OpenSSL has the same cap above 3072 bits.
    private const int MaxExponentBits = 64;

    // BouncyCastle's internal constructor (isPrivate, modulus, exponent, isInternal) skips its modulus validation
    // (a Miller-Rabin "is composite" test, about 30 ms for RSA-2048). We run the cheap structural checks ourselves.
    private static readonly ConstructorInfo? UncheckedConstructor = typeof(RsaKeyParameters).GetConstructor(
        BindingFlags.Instance | BindingFlags.NonPublic, [typeof(bool), typeof(BcBigInteger), typeof(BcBigInteger), typeof(bool)]);

    // Odd primes below 744 in groups whose product stays below 2^32, so (residue << 32 | word) fits a ulong, and for
    // each group 2^(32k) mod product for the words of a modulus up to 4096 bits (HasSmallFactor sums word * power).
    private const int PowerTableWords = 128;
    private static readonly (ulong Product, int[] Primes)[] SmallPrimeGroups = GroupSmallPrimes(743);
    private static readonly uint[][] WordPowers = [.. SmallPrimeGroups.Select(g => PowersOfTwo32(g.Product, PowerTableWords))];
    private static readonly ConditionalWeakTable<RsaKeyParameters, Verifier> Verifiers = new();

    /// <summary>True when key objects are built without BouncyCastle's Miller-Rabin test (the fast path).</summary>
    public static bool FastKeyConstruction => UncheckedConstructor is not null;

    public static HashAlgorithmName? HashFor(AlgorithmIdentifier algorithm)
    {
        if (algorithm.Parameters is not (null or Asn1Null))
        {
            return null;
        }

        var oid = algorithm.Algorithm;
        return oid.Equals(PkcsObjectIdentifiers.Sha256WithRsaEncryption) ? HashAlgorithmName.SHA256
            : oid.Equals(PkcsObjectIdentifiers.Sha384WithRsaEncryption) ? HashAlgorithmName.SHA384
            : oid.Equals(PkcsObjectIdentifiers.Sha512WithRsaEncryption) ? HashAlgorithmName.SHA512
            : null;
    }

    /// <summary>A verifier for an RSA SubjectPublicKeyInfo; null when the key is not RSA or fails the structural checks.</summary>
    public static Verifier? FromSubjectPublicKeyInfo(SubjectPublicKeyInfo spki)
    {
        if (!PkcsObjectIdentifiers.RsaEncryption.Equals(spki.Algorithm.Algorithm))
        {
            return null;
        }

        try
        {
            var key = RsaPublicKeyStructure.GetInstance(spki.ParsePublicKey());
            return IsPlausible(key.Modulus, key.PublicExponent) ? new Verifier(key.Modulus, key.PublicExponent) : null;
        }
        catch (Exception e) when (Asn1Utilities.IsParseException(e))
        {
            return null;
        }
    }

    /// <summary>The verifier of a BouncyCastle key (registered when we built it, otherwise created and remembered).</summary>
    public static Verifier VerifierFor(RsaKeyParameters key) =>
        Verifiers.GetValue(key, k => new Verifier(k.Modulus, k.Exponent, k));

    /// <summary>Odd modulus of 1024..16384 bits without a prime factor below 744, odd exponent of 2..64 bits (≥ 3).</summary>
    internal static bool IsPlausible(BcBigInteger modulus, BcBigInteger exponent) =>
        modulus.SignValue > 0 && modulus.TestBit(0) && modulus.BitLength is >= MinModulusBits and <= MaxModulusBits
        && exponent.SignValue > 0 && exponent.TestBit(0) && exponent.BitLength is >= 2 and <= MaxExponentBits && exponent.CompareTo(modulus) < 0
        && !HasSmallFactor(modulus.ToByteArrayUnsigned());

    /// <summary>True when an odd prime below 744 divides the big-endian number (BouncyCastle's Gcd is far slower).</summary>
    internal static bool HasSmallFactor(ReadOnlySpan<byte> bigEndian)
    {
        // The number as big-endian 32-bit words (the first one possibly shorter), reduced by each group's product.
        var head = bigEndian.Length % 4;
        Span<uint> words = stackalloc uint[(bigEndian.Length + 3) / 4];
        var w = 0;
        if (head > 0)
        {
            uint first = 0;
            foreach (var b in bigEndian[..head])
            {
                first = (first << 8) | b;
            }

            words[w++] = first;
        }

        for (var i = head; i < bigEndian.Length; i += 4)
        {
            words[w++] = BinaryPrimitives.ReadUInt32BigEndian(bigEndian[i..]);
        }

        for (var g = 0; g < SmallPrimeGroups.Length; g++)
        {
            var (product, primes) = SmallPrimeGroups[g];
            var residue = words.Length <= PowerTableWords ? Residue(words, product, WordPowers[g]) : Residue(words, product);
            foreach (var prime in primes)
            {
                if (residue % (ulong)prime == 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The big-endian words modulo <paramref name="product"/> by Horner's rule (one division per word).</summary>
    private static ulong Residue(ReadOnlySpan<uint> words, ulong product)
    {
        ulong residue = 0;
        foreach (var word in words)
        {
            residue = ((residue << 32) | word) % product;
        }

        return residue;
    }

    /// <summary>The big-endian words modulo <paramref name="product"/> as the sum of word * (2^(32k) mod product): three divisions in all.</summary>
    private static ulong Residue(ReadOnlySpan<uint> words, ulong product, uint[] powers)
    {
        ulong low = 0;
        ulong high = 0;
        for (var k = 0; k < words.Length; k++)
        {
            var term = (ulong)words[words.Length - 1 - k] * powers[k];
            low += term;
            high += low < term ? 1UL : 0UL;
        }

        // high * 2^64 + low, with 2^64 mod product = powers[2]
        return ((high % product * powers[2]) + (low % product)) % product;
    }

    private static uint[] PowersOfTwo32(ulong product, int count)
    {
        var powers = new uint[count];
        ulong power = 1 % product;
        for (var k = 0; k < count; k++)
        {
            powers[k] = (uint)power;
            power = (power << 32) % product;
        }

        return powers;
    }

    private static RsaKeyParameters CreateKey(BcBigInteger modulus, BcBigInteger exponent)
    {
        if (UncheckedConstructor is not null)
        {
            try
            {
                return (RsaKeyParameters)UncheckedConstructor.Invoke([false, modulus, exponent, true]);
            }
            catch (TargetInvocationException)
            {
                // fall through to the public (validating) constructor
            }
        }

        return new RsaKeyParameters(false, modulus, exponent);
    }

    private static (ulong, int[])[] GroupSmallPrimes(int limit)
    {
        var groups = new List<(ulong, int[])>();
        var current = new List<int>();
        ulong product = 1;
        for (var n = 3; n <= limit; n += 2)
        {
            var prime = true;
            for (var d = 3; d * d <= n; d += 2)
            {
                if (n % d == 0)
                {
                    prime = false;
                    break;
                }
            }

            if (!prime)
            {
                continue;
            }

            if (product * (ulong)n >= 1UL << 32)
            {
                groups.Add((product, [.. current]));
                current.Clear();
                product = 1;
            }

            current.Add(n);
            product *= (ulong)n;
        }

        groups.Add((product, [.. current]));
        return [.. groups];
    }

    /// <summary>
    /// An RSA public key and its BouncyCastle twin. Signatures are checked in managed code (<see cref="ManagedRsaPublicKey"/>,
    /// no key import, no lock, ADR-104): with AVX2 always (as fast as OpenSSL); without it, for a key's first
    /// <see cref="ManagedVerifications"/> signatures, after which the key is imported into .NET (OpenSSL) once, since
    /// the scalar loop is about 4.5 OpenSSL verifications and the import about ten. Keys or hashes the managed code
    /// does not handle go to OpenSSL at once.
    /// </summary>
    internal sealed class Verifier
    {
        /// <summary>Managed verifications before the key is imported into OpenSSL (without AVX2).</summary>
        public const int ManagedVerifications = 16;

        private readonly Lock _lock = new();
        private readonly BcBigInteger _modulus;
        private readonly BcBigInteger _exponent;
        private readonly ManagedRsaPublicKey? _managed;
        private int _uses;
        private RSA? _rsa;
        private RsaKeyParameters? _bcKey;

        public Verifier(BcBigInteger modulus, BcBigInteger exponent, RsaKeyParameters? bcKey = null)
        {
            _modulus = modulus;
            _exponent = exponent;
            _bcKey = bcKey;
            _managed = ManagedRsaPublicKey.TryCreate(modulus.ToByteArrayUnsigned(), exponent.ToByteArrayUnsigned());
        }

        /// <summary>True when signatures with this key can be checked in managed code.</summary>
        public bool Managed => _managed is not null;

        /// <summary>True once the key lives in OpenSSL.</summary>
        public bool Imported => Volatile.Read(ref _rsa) is not null;

        /// <summary>The BouncyCastle key object (built once, registered so that PKIX signature checks come back here).</summary>
        public RsaKeyParameters BouncyCastleKey
        {
            get
            {
                if (_bcKey is { } key)
                {
                    return key;
                }

                lock (_lock)
                {
                    if (_bcKey is null)
                    {
                        var created = CreateKey(_modulus, _exponent);
                        Verifiers.AddOrUpdate(created, this);
                        _bcKey = created;
                    }

                    return _bcKey;
                }
            }
        }

        public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName hash)
        {
            if (_exponent.BitLength > MaxExponentBits)
            {
                return false; // never a full-length exponentiation for a self-made key
            }

            if (_managed is { } managed && ManagedRsaPublicKey.Supports(hash)
                && (managed.Vectorized || (Volatile.Read(ref _rsa) is null && Interlocked.Increment(ref _uses) <= ManagedVerifications)))
            {
                Span<byte> digest = stackalloc byte[64];
                var length = CryptographicOperations.HashData(hash, data, digest);
                return managed.VerifyHash(digest[..length], hash, signature);
            }

            try
            {
                lock (_lock)
                {
                    _rsa ??= RSA.Create(new RSAParameters { Modulus = _modulus.ToByteArrayUnsigned(), Exponent = _exponent.ToByteArrayUnsigned() });
                    return _rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
                }
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }
}

/// <summary>A bounded, thread-safe cache of <see cref="VettedCertificate"/>s by fingerprint (lives across trust-store snapshots).</summary>
internal sealed class VettedCertificateCache(int capacity = 10_000)
{
    private readonly ConcurrentDictionary<string, VettedCertificate> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public VettedCertificate Get(X509CertificateStructure structure)
    {
        var der = structure.GetEncoded(Asn1Encodable.Der);
        var fingerprint = VettedCertificate.FingerprintOf(der);
        if (_entries.TryGetValue(fingerprint, out var cached))
        {
            return cached;
        }

        var created = new VettedCertificate(structure, der, fingerprint);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        return _entries.GetOrAdd(fingerprint, created);
    }

    /// <summary>The certificate with this DER encoding (parsed only on a cache miss).</summary>
    public VettedCertificate Get(ReadOnlyMemory<byte> der)
    {
        var fingerprint = Convert.ToHexString(SHA256.HashData(der.Span));
        if (_entries.TryGetValue(fingerprint, out var cached))
        {
            return cached;
        }

        var structure = X509CertificateStructure.GetInstance(Asn1Utilities.ParseDer(der.Span, "certificate"));
        var created = new VettedCertificate(structure, der.ToArray(), fingerprint);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        return _entries.GetOrAdd(fingerprint, created);
    }

    /// <summary>The cached certificate equal to <paramref name="certificate"/>; a vetted one (from the trust store) is cached as it is.</summary>
    public VettedCertificate Get(X509Certificate certificate)
    {
        if (certificate is not VettedCertificate vetted)
        {
            return Get(certificate.CertificateStructure);
        }

        if (_entries.TryGetValue(vetted.Fingerprint, out var cached))
        {
            return cached;
        }

        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        return _entries.GetOrAdd(vetted.Fingerprint, vetted);
    }

    public void Clear() => _entries.Clear();
}

/// <summary>A BouncyCastle CRL that keeps the DER it was parsed from, so its signed part is never encoded again.</summary>
internal sealed class VettedCrl(CertificateList list, byte[] der) : X509Crl(list)
{
    /// <summary>The encoding the CRL was parsed from (do not modify).</summary>
    public byte[] Der { get; } = der;

    /// <summary>The signed tbsCertList bytes as they appear in the CRL.</summary>
    public ReadOnlySpan<byte> TbsBytes() => VettedCertificate.SignedPart(Der) is { IsEmpty: false } tbs ? tbs : GetTbsCertList();

    public override byte[] GetEncoded() => (byte[])Der.Clone();
}
