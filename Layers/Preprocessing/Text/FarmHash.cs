using System.Buffers.Binary;
using System.Numerics;

namespace KerasSharp.Layers;

/// <summary>
/// FarmHash's Fingerprint64 (farmhashna's 64-bit hash, the one TensorFlow's <c>to_hash_bucket_fast</c> and so
/// Keras's Hashing layer use), over bytes read little-endian. It is a fixed function: the same bytes give the same
/// number on every platform and version, which is what lets saved Hashing layers agree with Keras.
/// </summary>
internal static class FarmHash
{
    private const ulong K0 = 0xc3a5c85c97cb3127UL;
    private const ulong K1 = 0xb492b66fbe98f273UL;
    private const ulong K2 = 0x9ae16a3b2f90404fUL;

    private static ulong U64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);
    private static ulong U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);
    private static ulong Rot(ulong v, int shift) => BitOperations.RotateRight(v, shift);
    private static ulong ShiftMix(ulong v) => v ^ (v >> 47);

    private static ulong Mix16(ulong u, ulong v, ulong mul)
    {
        ulong a = (u ^ v) * mul;
        a ^= a >> 47;
        ulong b = (v ^ a) * mul;
        b ^= b >> 47;
        return b * mul;
    }

    /// <summary>Fingerprint64 of <paramref name="s"/>.</summary>
    public static ulong Fingerprint64(ReadOnlySpan<byte> s)
    {
        int n = s.Length;
        if (n <= 16) return Short(s);
        if (n <= 32) return Medium(s);
        if (n <= 64) return Long(s);
        return Loop(s);
    }

    private static ulong Short(ReadOnlySpan<byte> s)
    {
        ulong n = (ulong)s.Length;
        if (n >= 8)
        {
            ulong mul = K2 + n * 2, a = U64(s, 0) + K2, b = U64(s, s.Length - 8);
            return Mix16(Rot(b, 37) * mul + a, (Rot(a, 25) + b) * mul, mul);
        }
        if (n >= 4)
        {
            ulong mul = K2 + n * 2;
            return Mix16(n + (U32(s, 0) << 3), U32(s, s.Length - 4), mul);
        }
        if (n > 0)
        {
            uint y = s[0] + ((uint)s[s.Length >> 1] << 8);
            uint z = (uint)n + ((uint)s[^1] << 2);
            return ShiftMix(y * K2 ^ z * K0) * K2;
        }
        return K2;
    }

    private static ulong Medium(ReadOnlySpan<byte> s)
    {
        ulong n = (ulong)s.Length, mul = K2 + n * 2;
        ulong a = U64(s, 0) * K1, b = U64(s, 8), c = U64(s, s.Length - 8) * mul, d = U64(s, s.Length - 16) * K2;
        return Mix16(Rot(a + b, 43) + Rot(c, 30) + d, a + Rot(b + K2, 18) + c, mul);
    }

    private static ulong Long(ReadOnlySpan<byte> s)
    {
        ulong n = (ulong)s.Length, mul = K2 + n * 2;
        ulong a = U64(s, 0) * K2, b = U64(s, 8), c = U64(s, s.Length - 8) * mul, d = U64(s, s.Length - 16) * K2;
        ulong y = Rot(a + b, 43) + Rot(c, 30) + d;
        ulong z = Mix16(y, a + Rot(b + K2, 18) + c, mul);
        ulong e = U64(s, 16) * mul, f = U64(s, 24);
        ulong g = (y + U64(s, s.Length - 32)) * mul, h = (z + U64(s, s.Length - 24)) * mul;
        return Mix16(Rot(e + f, 43) + Rot(g, 30) + h, e + Rot(f + a, 18) + g, mul);
    }

    private static (ulong, ulong) Weak32(ReadOnlySpan<byte> s, int at, ulong a, ulong b)
    {
        ulong w = U64(s, at), x = U64(s, at + 8), y = U64(s, at + 16), z = U64(s, at + 24);
        a += w;
        b = Rot(b + a + z, 21);
        ulong c = a;
        a += x;
        a += y;
        b += Rot(a, 44);
        return (a + z, b + c);
    }

    private static ulong Loop(ReadOnlySpan<byte> s)
    {
        const ulong seed = 81;
        int len = s.Length;
        ulong x = seed, y = unchecked(seed * K1 + 113), z = ShiftMix(y * K2 + 113) * K2;
        (ulong First, ulong Second) v = (0, 0), w = (0, 0);
        x = x * K2 + U64(s, 0);
        int end = (len - 1) / 64 * 64, last64 = len - 64, p = 0;
        do
        {
            x = Rot(x + y + v.First + U64(s, p + 8), 37) * K1;
            y = Rot(y + v.Second + U64(s, p + 48), 42) * K1;
            x ^= w.Second;
            y += v.First + U64(s, p + 40);
            z = Rot(z + w.First, 33) * K1;
            v = Weak32(s, p, v.Second * K1, x + w.First);
            w = Weak32(s, p + 32, z + w.Second, y + U64(s, p + 16));
            (z, x) = (x, z);
            p += 64;
        } while (p != end);
        ulong mul = K1 + ((z & 0xff) << 1);
        p = last64;
        w.First += (ulong)((len - 1) & 63);
        v.First += w.First;
        w.First += v.First;
        x = Rot(x + y + v.First + U64(s, p + 8), 37) * mul;
        y = Rot(y + v.Second + U64(s, p + 48), 42) * mul;
        x ^= w.Second * 9;
        y += v.First * 9 + U64(s, p + 40);
        z = Rot(z + w.First, 33) * mul;
        v = Weak32(s, p, v.Second * mul, x + w.First);
        w = Weak32(s, p + 32, z + w.Second, y + U64(s, p + 16));
        (z, x) = (x, z);
        return Mix16(Mix16(v.First, w.First, mul) + ShiftMix(y) * K0 + z, Mix16(v.Second, w.Second, mul) + x, mul);
    }
}
