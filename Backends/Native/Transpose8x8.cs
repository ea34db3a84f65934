using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace KerasSharp.Backends.Native;

/// <summary>An 8 x 8 block of 32-bit values transposed in AVX registers: whole-vector reads and writes on both sides.</summary>
internal static unsafe class Transpose8x8
{
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>d[r*ldd + c] = s[c*lds + r] for r, c in [0, 8). The shuffles move bits only, so any 32-bit type can pass as float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(float* s, long lds, float* d, long ldd)
    {
        var r0 = Avx.LoadVector256(s);
        var r1 = Avx.LoadVector256(s + lds);
        var r2 = Avx.LoadVector256(s + 2 * lds);
        var r3 = Avx.LoadVector256(s + 3 * lds);
        var r4 = Avx.LoadVector256(s + 4 * lds);
        var r5 = Avx.LoadVector256(s + 5 * lds);
        var r6 = Avx.LoadVector256(s + 6 * lds);
        var r7 = Avx.LoadVector256(s + 7 * lds);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
    }
}
