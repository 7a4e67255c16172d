using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Petition.Pki.Validation;

/// <summary>
/// RSASSA-PKCS1-v1_5 verification (RFC 8017 8.2.2) in managed code: a Montgomery modular exponentiation with
/// 64-bit limbs, then a full comparison with the expected EMSA-PKCS1-v1_5 encoding. Public-key operation only (no
/// secret data, so no constant-time requirement). Used for a key's first signature check, where importing the key
/// into OpenSSL costs several bare verifies (ADR-103).
/// </summary>
internal sealed class ManagedRsaVerifier
{
    private static readonly byte[] Sha256Prefix = Convert.FromHexString("3031300d060960864801650304020105000420");
    private static readonly byte[] Sha384Prefix = Convert.FromHexString("3041300d060960864801650304020205000430");
    private static readonly byte[] Sha512Prefix = Convert.FromHexString("3051300d060960864801650304020305000440");

    private readonly ulong[] _modulus; // little-endian limbs
    private readonly int _modulusBytes;
    private readonly byte[] _exponent; // big-endian, no leading zero
    private readonly ulong _n0; // -modulus^-1 mod 2^64
    private readonly ulong[] _rSquared; // R^2 mod modulus, R = 2^(64 * limbs)

    /// <param name="modulus">Big-endian, odd, no leading zero byte.</param>
    /// <param name="exponent">Big-endian, positive, no leading zero byte.</param>
    public ManagedRsaVerifier(byte[] modulus, byte[] exponent)
    {
        if (modulus.Length < 64 || modulus[0] == 0 || (modulus[^1] & 1) == 0 || exponent.Length == 0 || exponent[0] == 0)
        {
            throw new ArgumentException("Modulus must be odd and at least 512 bits, both numbers minimal big-endian.");
        }

        _modulusBytes = modulus.Length;
        _exponent = exponent;
        _modulus = ToLimbs(modulus, (modulus.Length + 7) / 8);
        var k = _modulus.Length;

        ulong inverse = _modulus[0]; // correct to 3 bits for an odd number; each Newton step doubles that
        for (var i = 0; i < 5; i++)
        {
            inverse *= 2 - (_modulus[0] * inverse);
        }

        _n0 = 0 - inverse;
        _rSquared = ComputeRSquared();
    }

    /// <summary>
    /// R^2 mod modulus: R mod modulus by doubling 2^(bits-1), then 2^c * R by c more doublings (cheap), then s Montgomery
    /// squarings (each squaring doubles the power of two: 2^c * R to 2^2c * R), where 64 * limbs = c * 2^s.
    /// </summary>
    private ulong[] ComputeRSquared()
    {
        var k = _modulus.Length;
        var bits = (k * 64) - BitOperations.LeadingZeroCount(_modulus[k - 1]);
        var x = new ulong[k];
        x[(bits - 1) / 64] = 1UL << ((bits - 1) % 64); // 2^(bits-1) < modulus
        var power = 64 * k;
        var squarings = BitOperations.TrailingZeroCount(power) - 6; // c = power >> squarings is a multiple of 64
        var doublings = (power - bits + 1) + (power >> squarings);
        for (var i = 0; i < doublings; i++)
        {
            DoubleModulo(x);
        }

        var temp = new ulong[k];
        var scratch = new ulong[k + 2];
        for (var i = 0; i < squarings; i++)
        {
            MontgomeryMultiply(x, x, temp, scratch);
            (x, temp) = (temp, x);
        }

        return x;
    }

    private void DoubleModulo(ulong[] x)
    {
        var n = _modulus;
        ulong carry = 0;
        for (var j = 0; j < x.Length; j++)
        {
            var next = x[j] >> 63;
            x[j] = (x[j] << 1) | carry;
            carry = next;
        }

        if (carry != 0 || Compare(x, n) >= 0)
        {
            ulong borrow = 0;
            for (var j = 0; j < x.Length; j++)
            {
                var nj = n[j];
                var d = x[j] - nj - borrow;
                borrow = (x[j] < nj || (x[j] == nj && borrow != 0)) ? 1UL : 0UL;
                x[j] = d;
            }
        }
    }

    public static bool Supports(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 || hash == HashAlgorithmName.SHA384 || hash == HashAlgorithmName.SHA512;

    /// <summary>RSASSA-PKCS1-v1_5 verify of <paramref name="data"/> with SHA-256/384/512.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName hash)
    {
        ReadOnlySpan<byte> prefix;
        Span<byte> digest = stackalloc byte[64];
        int digestLength;
        if (hash == HashAlgorithmName.SHA256)
        {
            prefix = Sha256Prefix;
            digestLength = SHA256.HashData(data, digest);
        }
        else if (hash == HashAlgorithmName.SHA384)
        {
            prefix = Sha384Prefix;
            digestLength = SHA384.HashData(data, digest);
        }
        else if (hash == HashAlgorithmName.SHA512)
        {
            prefix = Sha512Prefix;
            digestLength = SHA512.HashData(data, digest);
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(hash), hash.Name, "Only SHA-256/384/512 are supported.");
        }

        var emLength = _modulusBytes;
        var tLength = prefix.Length + digestLength;
        if (signature.Length != emLength || emLength < tLength + 11)
        {
            return false; // RFC 8017 8.2.2 step 1 and 9.2 step 3
        }

        var k = _modulus.Length;
        var s = ToLimbs(signature, k);
        if (Compare(s, _modulus) >= 0)
        {
            return false; // signature representative out of range
        }

        var encoded = new byte[emLength];
        var em = ToBigEndian(ModPow(s), encoded);
        if (!em)
        {
            return false;
        }

        var expected = new byte[emLength];
        expected[1] = 0x01;
        expected.AsSpan(2, emLength - tLength - 3).Fill(0xFF);
        prefix.CopyTo(expected.AsSpan(emLength - tLength));
        digest[..digestLength].CopyTo(expected.AsSpan(emLength - digestLength));
        return CryptographicOperations.FixedTimeEquals(encoded, expected);
    }

    /// <summary>signature^exponent mod modulus (plain, little-endian limbs).</summary>
    private ulong[] ModPow(ulong[] s)
    {
        var k = _modulus.Length;
        var scratch = new ulong[k + 2];
        var baseMont = new ulong[k];
        MontgomeryMultiply(s, _rSquared, baseMont, scratch);
        var x = (ulong[])baseMont.Clone();
        var temp = new ulong[k];

        // Left-to-right square-and-multiply; the leading 1 bit of the exponent is the initial x.
        var topBit = 7 - BitOperations.LeadingZeroCount((uint)_exponent[0]) + 24;
        for (var i = 0; i < _exponent.Length; i++)
        {
            for (var bit = i == 0 ? topBit - 1 : 7; bit >= 0; bit--)
            {
                MontgomeryMultiply(x, x, temp, scratch);
                (x, temp) = (temp, x);
                if (((_exponent[i] >> bit) & 1) != 0)
                {
                    MontgomeryMultiply(x, baseMont, temp, scratch);
                    (x, temp) = (temp, x);
                }
            }
        }

        var one = new ulong[k];
        one[0] = 1;
        MontgomeryMultiply(x, one, temp, scratch);
        return temp;
    }

    /// <summary>result = a * b * R^-1 mod modulus (CIOS), for a, b below the modulus.</summary>
    private void MontgomeryMultiply(ulong[] a, ulong[] b, ulong[] result, ulong[] t)
    {
        var n = _modulus;
        var k = n.Length;
        Array.Clear(t);
        ref var a0 = ref MemoryMarshal.GetArrayDataReference(a);
        ref var n0 = ref MemoryMarshal.GetArrayDataReference(n);
        ref var t0 = ref MemoryMarshal.GetArrayDataReference(t);
        for (var i = 0; i < k; i++)
        {
            ulong carry = 0;
            var bi = b[i];
            for (var j = 0; j < k; j++)
            {
                ref var tj = ref Unsafe.Add(ref t0, j);
                var hi = Math.BigMul(Unsafe.Add(ref a0, j), bi, out var lo);
                lo += tj;
                hi += lo < tj ? 1UL : 0UL;
                lo += carry;
                hi += lo < carry ? 1UL : 0UL;
                tj = lo;
                carry = hi;
            }

            var sum = t[k] + carry;
            t[k + 1] = sum < carry ? 1UL : 0UL;
            t[k] = sum;

            var m = t[0] * _n0;
            var high = Math.BigMul(m, n[0], out var low);
            low += t[0];
            high += low < t[0] ? 1UL : 0UL; // low is 0 by construction of m
            carry = high;
            for (var j = 1; j < k; j++)
            {
                var tj = Unsafe.Add(ref t0, j);
                var hi = Math.BigMul(m, Unsafe.Add(ref n0, j), out var lo);
                lo += tj;
                hi += lo < tj ? 1UL : 0UL;
                lo += carry;
                hi += lo < carry ? 1UL : 0UL;
                Unsafe.Add(ref t0, j - 1) = lo;
                carry = hi;
            }

            sum = t[k] + carry;
            t[k] = t[k + 1] + (sum < carry ? 1UL : 0UL);
            t[k - 1] = sum;
        }

        // t < 2 * modulus: subtract once when t >= modulus.
        if (t[k] != 0 || Compare(t.AsSpan(0, k), n) >= 0)
        {
            ulong borrow = 0;
            for (var j = 0; j < k; j++)
            {
                var nj = n[j];
                var d = t[j] - nj - borrow;
                borrow = (t[j] < nj || (t[j] == nj && borrow != 0)) ? 1UL : 0UL;
                result[j] = d;
            }
        }
        else
        {
            Array.Copy(t, result, k);
        }
    }

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

    private static ulong[] ToLimbs(ReadOnlySpan<byte> bigEndian, int limbs)
    {
        var result = new ulong[limbs];
        for (var i = 0; i < bigEndian.Length; i++)
        {
            var position = bigEndian.Length - 1 - i; // byte index from the least significant end
            result[position / 8] |= (ulong)bigEndian[i] << (8 * (position % 8));
        }

        return result;
    }

    /// <summary>Writes the number big-endian into <paramref name="output"/>; false when it does not fit.</summary>
    private static bool ToBigEndian(ReadOnlySpan<ulong> limbs, Span<byte> output)
    {
        for (var position = 0; position < limbs.Length * 8; position++)
        {
            var b = (byte)(limbs[position / 8] >> (8 * (position % 8)));
            if (position < output.Length)
            {
                output[output.Length - 1 - position] = b;
            }
            else if (b != 0)
            {
                return false;
            }
        }

        return true;
    }
}
