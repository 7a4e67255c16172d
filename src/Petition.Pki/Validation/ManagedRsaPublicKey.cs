using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace Petition.Pki.Validation;

/// <summary>
/// RSASSA-PKCS1-v1_5 signature verification (RFC 8017 section 8.2.2) in managed code (ADR-104): for every key where
/// AVX2 runs the vector loop, for a key's first uses otherwise. On Linux, every RSA public-key import into OpenSSL 3
/// through .NET costs about eight to ten bare verifications; this class needs no import. It computes s^e mod n with Montgomery multiplication, rebuilds the
/// expected encoding EM' = 00 01 FF..FF 00 DigestInfo H and compares it with the whole of s^e mod n, as the RFC
/// prescribes (no parsing of the decrypted block, so no Bleichenbacher-style forgery). Only public data is
/// involved, so the code does not need to run in constant time.
/// Numbers are held in radix 2^w (w = 27 or 28) with one digit per 64-bit lane, so a row of the product
/// a[i] * b + m * n adds into the lanes without carry handling (AVX2 <c>vpmuludq</c> when available, otherwise
/// the same loop in scalar code); lanes are normalised once per multiplication. Instances are immutable and
/// thread-safe.
/// </summary>
internal sealed class ManagedRsaPublicKey
{
    /// <summary>Smallest modulus handled here (the portal accepts no smaller keys anyway).</summary>
    public const int MinModulusBits = 1024;

    /// <summary>Largest modulus handled here; larger keys go to OpenSSL.</summary>
    public const int MaxModulusBits = 4096;

    // Digit vectors hold Padded(digits) digits at [Offset, Offset + size) with zeros around them, so that the
    // multiplication can read b[j - 3 .. j + 3] for every block without bounds checks.
    private const int Offset = 4;

    private readonly ulong[] _modulus;   // n as a digit vector
    private readonly ulong[] _rSquared;  // R^2 mod n as a digit vector, R = 2^(w * size) (filled by ComputeRSquared)
    private readonly ulong _inverse;     // -n^-1 mod 2^w
    private readonly ulong _exponent;
    private readonly int _size;          // digits, a multiple of four
    private readonly int _width;
    private readonly ulong _mask;
    private readonly int _length;
    private readonly bool _vector;

    private ManagedRsaPublicKey(ulong[] modulus, ulong[] rSquared, int size, int width, ulong exponent, int length, bool vector)
    {
        _vector = vector;
        _modulus = modulus;
        _rSquared = rSquared;
        _size = size;
        _width = width;
        _mask = (1UL << width) - 1;
        _exponent = exponent;
        _length = length;
        _inverse = NegativeInverse(modulus[Offset]) & _mask;
    }

    /// <summary>Modulus length in bytes (the length every signature must have).</summary>
    public int Length => _length;

    /// <summary>True when the AVX2 loop runs (about as fast as OpenSSL); false for the scalar loop.</summary>
    public bool Vectorized => _vector;

    private int Stride => _size + (2 * Offset);

    /// <summary>
    /// The key for a big-endian modulus and exponent; null (use OpenSSL) for a modulus outside
    /// <see cref="MinModulusBits"/>..<see cref="MaxModulusBits"/>, an even modulus, or an exponent that is even,
    /// below 3 or longer than 64 bits. <paramref name="vectorized"/> false runs the scalar loop even where AVX2 is
    /// available (tests compare both).
    /// </summary>
    public static ManagedRsaPublicKey? TryCreate(ReadOnlySpan<byte> modulus, ReadOnlySpan<byte> exponent, bool vectorized = true)
    {
        modulus = TrimLeadingZeros(modulus);
        exponent = TrimLeadingZeros(exponent);
        if (modulus.IsEmpty || exponent.IsEmpty || exponent.Length > sizeof(ulong) || (modulus[^1] & 1) == 0)
        {
            return null;
        }

        var bits = (modulus.Length * 8) - BitOperations.LeadingZeroCount((uint)modulus[0]) + 24;
        if (bits is < MinModulusBits or > MaxModulusBits)
        {
            return null;
        }

        ulong e = 0;
        foreach (var b in exponent)
        {
            e = (e << 8) | b;
        }

        if (e < 3 || (e & 1) == 0)
        {
            return null;
        }

        // A lane collects at most 2 * size products below 2^(2w) plus carries: keep that below 2^64.
        var width = 28;
        var size = Padded(bits, width);
        if ((2 * size) + 4 >= 1 << (64 - (2 * width)))
        {
            width = 27;
            size = Padded(bits, width);
        }

        var stride = size + (2 * Offset);
        var n = new ulong[stride];
        if (!ToDigits(modulus, n, size, width))
        {
            return null;
        }

        var key = new ManagedRsaPublicKey(n, new ulong[stride], size, width, e, modulus.Length, vectorized && Avx2.IsSupported);
        key.ComputeRSquared(new BigInteger(modulus, isUnsigned: true, isBigEndian: true));
        return key;
    }

    /// <summary>
    /// R^2 mod n without a full-size division: X = 2^q * R mod n (q = w * size / 4, a short division) is the
    /// Montgomery form of 2^q; squaring it twice in Montgomery form gives the form of 2^(4q) = R, which is R^2 mod n.
    /// </summary>
    private void ComputeRSquared(BigInteger modulus)
    {
        var quarter = _width * _size / 4;
        var x = BigInteger.Remainder(BigInteger.One << ((4 * quarter) + quarter), modulus);
        var stride = Stride;
        Span<ulong> buffer = stackalloc ulong[(stride * 2) + (2 * _size) + 8];
        buffer.Clear(); // the digit vectors' zero padding is read by the multiplication
        var a = buffer[..stride];
        var b = buffer.Slice(stride, stride);
        ToDigits(x.ToByteArray(isUnsigned: true, isBigEndian: true), a, _size, _width);
        var lanes = buffer[(stride * 2)..];
        MontgomeryMultiply(a, a, b, lanes);
        MontgomeryMultiply(b, b, _rSquared, lanes);
    }

    /// <summary>True when the DigestInfo encoding of this hash algorithm is known here (SHA-256, SHA-384, SHA-512).</summary>
    public static bool Supports(HashAlgorithmName hash) => !DigestInfoPrefix(hash).IsEmpty;

    /// <summary>Verifies a PKCS#1 v1.5 signature over the digest <paramref name="hash"/>.</summary>
    public bool VerifyHash(ReadOnlySpan<byte> hash, HashAlgorithmName algorithm, ReadOnlySpan<byte> signature)
    {
        var prefix = DigestInfoPrefix(algorithm);
        if (signature.Length != _length || prefix.IsEmpty || hash.Length != prefix[^1] || prefix.Length + hash.Length + 11 > _length)
        {
            return false;
        }

        var stride = Stride;
        Span<ulong> buffer = stackalloc ulong[(stride * 4) + (2 * _size) + 8];
        buffer.Clear(); // the digit vectors' zero padding is read by the multiplication
        var s = buffer[..stride];
        var x = buffer.Slice(stride, stride);
        var y = buffer.Slice(stride * 2, stride);
        var t = buffer.Slice(stride * 3, stride);
        var lanes = buffer[(stride * 4)..];

        // RFC 8017 5.2.2: the signature representative must lie below n.
        if (!ToDigits(signature, s, _size, _width) || Compare(s, _modulus) >= 0)
        {
            return false;
        }

        // s into Montgomery form, s^e by left-to-right square and multiply, then back out of Montgomery form.
        MontgomeryMultiply(s, _rSquared, x, lanes);
        x.CopyTo(s);
        for (var bit = 62 - BitOperations.LeadingZeroCount(_exponent); bit >= 0; bit--)
        {
            MontgomeryMultiply(x, x, y, lanes);
            if (((_exponent >> bit) & 1) != 0)
            {
                MontgomeryMultiply(y, s, x, lanes);
            }
            else
            {
                y.CopyTo(x);
            }
        }

        t.Clear();
        t[Offset] = 1;
        MontgomeryMultiply(x, t, s, lanes);

        // EM' = 0x00 || 0x01 || PS (0xFF, at least 8 bytes) || 0x00 || DigestInfo prefix || H, compared as a number.
        Span<byte> expected = stackalloc byte[_length];
        var tail = prefix.Length + hash.Length;
        expected[0] = 0x00;
        expected[1] = 0x01;
        expected[2..(_length - tail - 1)].Fill(0xFF);
        expected[_length - tail - 1] = 0x00;
        prefix.CopyTo(expected[(_length - tail)..]);
        hash.CopyTo(expected[(_length - hash.Length)..]);
        return ToDigits(expected, t, _size, _width) && s.SequenceEqual(t);
    }

    /// <summary>result = a * b * R^-1 mod n for digit vectors a, b below n; result is a normalised digit vector below n.</summary>
    private void MontgomeryMultiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result, Span<ulong> lanes)
    {
        var size = _size;
        var width = _width;
        var mask = _mask;
        var inverse = _inverse;
        lanes = lanes[..((2 * size) + 8)];
        lanes.Clear();
        ref var laneRef = ref MemoryMarshal.GetReference(lanes);
        ref var bRef = ref MemoryMarshal.GetReference(b);
        ref var nRef = ref MemoryMarshal.GetArrayDataReference(_modulus);
        ulong b0 = b[Offset], b1 = b[Offset + 1], b2 = b[Offset + 2], b3 = b[Offset + 3];
        ulong n0 = _modulus[Offset], n1 = _modulus[Offset + 1], n2 = _modulus[Offset + 2], n3 = _modulus[Offset + 3];

        // Four rows at a time: lanes[i..] += sum over r of (a[i+r] * b + m[r] * n) shifted by r digits, where m[r]
        // makes lane i+r divisible by 2^w. The m values and the carry out of lanes i..i+3 are worked out in scalar
        // code first; the block pass then loads and stores each lane once per four rows (and at the addresses the
        // previous pass stored, so store-to-load forwarding works).
        for (var i = 0; i < size; i += 4)
        {
            ulong a0 = a[Offset + i], a1 = a[Offset + i + 1], a2 = a[Offset + i + 2], a3 = a[Offset + i + 3];
            var v = lanes[i] + (a0 * b0);
            var m0 = (v * inverse) & mask;
            var carry = (v + (m0 * n0)) >> width;
            v = lanes[i + 1] + carry + (a0 * b1) + (m0 * n1) + (a1 * b0);
            var m1 = (v * inverse) & mask;
            carry = (v + (m1 * n0)) >> width;
            v = lanes[i + 2] + carry + (a0 * b2) + (m0 * n2) + (a1 * b1) + (m1 * n1) + (a2 * b0);
            var m2 = (v * inverse) & mask;
            carry = (v + (m2 * n0)) >> width;
            v = lanes[i + 3] + carry + (a0 * b3) + (m0 * n3) + (a1 * b2) + (m1 * n2) + (a2 * b1) + (m2 * n1) + (a3 * b0);
            var m3 = (v * inverse) & mask;
            carry = (v + (m3 * n0)) >> width;

            ref var row = ref Unsafe.Add(ref laneRef, i);
            if (_vector)
            {
                var va0 = Vector256.Create(a0).AsUInt32();
                var va1 = Vector256.Create(a1).AsUInt32();
                var va2 = Vector256.Create(a2).AsUInt32();
                var va3 = Vector256.Create(a3).AsUInt32();
                var vm0 = Vector256.Create(m0).AsUInt32();
                var vm1 = Vector256.Create(m1).AsUInt32();
                var vm2 = Vector256.Create(m2).AsUInt32();
                var vm3 = Vector256.Create(m3).AsUInt32();
                for (nuint j = 0; j <= (nuint)size; j += 4)
                {
                    var k = j + Offset;
                    var sum = Vector256.LoadUnsafe(ref row, j)
                        + Avx2.Multiply(va0, Vector256.LoadUnsafe(ref bRef, k).AsUInt32())
                        + Avx2.Multiply(vm0, Vector256.LoadUnsafe(ref nRef, k).AsUInt32())
                        + Avx2.Multiply(va1, Vector256.LoadUnsafe(ref bRef, k - 1).AsUInt32())
                        + Avx2.Multiply(vm1, Vector256.LoadUnsafe(ref nRef, k - 1).AsUInt32())
                        + Avx2.Multiply(va2, Vector256.LoadUnsafe(ref bRef, k - 2).AsUInt32())
                        + Avx2.Multiply(vm2, Vector256.LoadUnsafe(ref nRef, k - 2).AsUInt32())
                        + Avx2.Multiply(va3, Vector256.LoadUnsafe(ref bRef, k - 3).AsUInt32())
                        + Avx2.Multiply(vm3, Vector256.LoadUnsafe(ref nRef, k - 3).AsUInt32());
                    sum.StoreUnsafe(ref row, j);
                }
            }
            else
            {
                for (nint j = 0; j < size + 4; j++)
                {
                    var k = j + Offset;
                    Unsafe.Add(ref row, j) +=
                        (a0 * Unsafe.Add(ref bRef, k)) + (m0 * Unsafe.Add(ref nRef, k))
                        + (a1 * Unsafe.Add(ref bRef, k - 1)) + (m1 * Unsafe.Add(ref nRef, k - 1))
                        + (a2 * Unsafe.Add(ref bRef, k - 2)) + (m2 * Unsafe.Add(ref nRef, k - 2))
                        + (a3 * Unsafe.Add(ref bRef, k - 3)) + (m3 * Unsafe.Add(ref nRef, k - 3));
                }
            }

            lanes[i + 4] += carry;
        }

        // The value is lanes[size..2*size-1] (unnormalised) and lies below 2n: normalise, then subtract n once if needed.
        ulong c = 0;
        for (var k = 0; k < size; k++)
        {
            var value = lanes[size + k] + c;
            result[Offset + k] = value & mask;
            c = value >> width;
        }

        if (c == 0 && Compare(result, _modulus) < 0)
        {
            return;
        }

        long borrow = 0;
        for (var k = Offset; k < Offset + size; k++)
        {
            var d = (long)result[k] - (long)_modulus[k] + borrow;
            result[k] = (ulong)d & mask;
            borrow = d >> width; // 0 or -1 (arithmetic shift)
        }
    }

    private static int Padded(int bits, int width) => ((bits + width - 1) / width + 3) & ~3;

    private static int Compare(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var i = a.Length - 1; i >= 0; i--)
        {
            if (a[i] != b[i])
            {
                return a[i] < b[i] ? -1 : 1;
            }
        }

        return 0;
    }

    /// <summary>-n^-1 mod 2^64 for an odd n (Newton's iteration doubles the correct low bits each step).</summary>
    private static ulong NegativeInverse(ulong odd)
    {
        var inverse = odd; // odd * odd ≡ 1 mod 8: three correct bits
        for (var i = 0; i < 5; i++)
        {
            inverse *= 2 - (odd * inverse);
        }

        return 0 - inverse;
    }

    /// <summary>
    /// A big-endian number into a digit vector of <paramref name="size"/> radix-2^w digits (little-endian, from
    /// <see cref="Offset"/>); false when the number needs more digits.
    /// </summary>
    private static bool ToDigits(ReadOnlySpan<byte> bigEndian, Span<ulong> vector, int size, int width)
    {
        bigEndian = TrimLeadingZeros(bigEndian);
        Span<byte> little = stackalloc byte[bigEndian.Length + sizeof(ulong)];
        little.Clear();
        for (var i = 0; i < bigEndian.Length; i++)
        {
            little[i] = bigEndian[bigEndian.Length - 1 - i];
        }

        var mask = (1UL << width) - 1;
        vector.Clear();
        var digits = vector.Slice(Offset, size);
        for (int k = 0, bit = 0; bit < bigEndian.Length * 8; k++, bit += width)
        {
            var digit = (BinaryPrimitives.ReadUInt64LittleEndian(little[(bit >> 3)..]) >> (bit & 7)) & mask;
            if (k >= size)
            {
                if (digit != 0)
                {
                    return false;
                }

                continue;
            }

            digits[k] = digit;
        }

        return true;
    }

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        var first = value.IndexOfAnyExcept((byte)0);
        return first < 0 ? [] : value[first..];
    }

    /// <summary>The DER DigestInfo before the hash (RFC 8017 section 9.2, note 1); its last byte is the hash length.</summary>
    private static ReadOnlySpan<byte> DigestInfoPrefix(HashAlgorithmName algorithm) =>
        algorithm == HashAlgorithmName.SHA256 ? [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]
        : algorithm == HashAlgorithmName.SHA384 ? [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30]
        : algorithm == HashAlgorithmName.SHA512 ? [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40]
        : [];
}
