using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Picks the GEMM micro-kernel for this CPU (AVX-512 when present, else AVX2) and runs it on one C tile,
/// including partial edge tiles and the optional per-column bias epilogue.
/// </summary>
internal static unsafe class GemmKernel
{
    /// <summary>True when the 512-bit kernel runs; a JIT-time constant, so the other branch is dropped.</summary>
    public static readonly bool Use512 = Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    public static int MR => Use512 ? GemmKernel512.MR : GemmKernel256.MR;

    public static int NR<T>() where T : unmanaged => Use512 ? GemmKernel512.NR<T>() : GemmKernel256.NR<T>();

    /// <summary>
    /// C tile (rows x cols, at most MR x NR) (+)= packed A panel x packed B panel over kc, then adds
    /// bias[j] to column j when <paramref name="bias"/> is given (the last K block passes it).
    /// </summary>
    public static void Tile<T>(int kc, T* pa, T* pb, T* pc, int ldc, int rows, int cols, bool add, T* bias)
        where T : unmanaged, INumberBase<T>
    {
        int mr = MR, nr = NR<T>();
        if (rows == mr && cols == nr)
        {
            Kernel(kc, pa, pb, pc, ldc, add);
            if (bias != null) AddBias(pc, ldc, rows, cols, bias);
            return;
        }
        // edge tile: the packed panels are zero-padded, so compute the full tile into scratch and copy the valid part
        T* tmp = stackalloc T[GemmKernel512.MR * 2 * Vector512<T>.Count];
        Kernel(kc, pa, pb, tmp, nr, false);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++)
                pc[r * ldc + j] = add ? pc[r * ldc + j] + tmp[r * nr + j] : tmp[r * nr + j];
        if (bias != null) AddBias(pc, ldc, rows, cols, bias);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel<T>(int kc, T* pa, T* pb, T* pc, int ldc, bool add) where T : unmanaged
    {
        if (Use512) GemmKernel512.Kernel(kc, pa, pb, pc, ldc, add);
        else GemmKernel256.Kernel(kc, pa, pb, pc, ldc, add);
    }

    private static void AddBias<T>(T* pc, int ldc, int rows, int cols, T* bias) where T : unmanaged, INumberBase<T>
    {
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++) pc[r * ldc + j] += bias[j];
    }
}
