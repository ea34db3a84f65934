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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        // edge tile: only its own rows are computed (the packed panels are zero-padded past them)
        TileRows(kc, pa, 1, mr, pb, nr, pc, ldc, rows, cols, add, bias);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel<T>(int kc, T* pa, T* pb, T* pc, int ldc, bool add) where T : unmanaged
    {
        if (Use512) GemmKernel512.Kernel(kc, pa, pb, pc, ldc, add);
        else GemmKernel256.Kernel(kc, pa, pb, pc, ldc, add);
    }

    /// <summary>
    /// C tile (rows x cols, at most MR x NR) (+)= A x B over kc with A read in place (A(r, p) = a[r*rs + p*cs])
    /// and B rows ldb apart (a packed panel: ldb = NR), then the bias epilogue. Only the tile's own rows are
    /// computed (row-generic kernel); a partial column count goes through a scratch tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TileRows<T>(int kc, T* a, nint rs, nint cs, T* b, nint ldb, T* pc, int ldc, int rows, int cols, bool add, T* bias)
        where T : unmanaged, INumberBase<T>
    {
        int nr = NR<T>();
        if (cols == nr)
            Rows(rows, kc, a, rs, cs, b, ldb, pc, ldc, add);
        else
        {
            T* tmp = stackalloc T[GemmKernel512.MR * 2 * Vector512<T>.Count];
            Rows(rows, kc, a, rs, cs, b, ldb, tmp, nr, false);
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < cols; j++)
                    pc[r * ldc + j] = add ? pc[r * ldc + j] + tmp[r * nr + j] : tmp[r * nr + j];
        }
        if (bias != null) AddBias(pc, ldc, rows, cols, bias);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<T>(int rows, int kc, T* a, nint rs, nint cs, T* b, nint ldb, T* c, int ldc, bool add) where T : unmanaged
    {
        if (Use512)
        {
            switch (rows)
            {
                case 1: GemmKernel512.KernelRows<T, Rows1>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 2: GemmKernel512.KernelRows<T, Rows2>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 3: GemmKernel512.KernelRows<T, Rows3>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 4: GemmKernel512.KernelRows<T, Rows4>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 5: GemmKernel512.KernelRows<T, Rows5>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 6: GemmKernel512.KernelRows<T, Rows6>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 7: GemmKernel512.KernelRows<T, Rows7>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 8: GemmKernel512.KernelRows<T, Rows8>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 9: GemmKernel512.KernelRows<T, Rows9>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 10: GemmKernel512.KernelRows<T, Rows10>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 11: GemmKernel512.KernelRows<T, Rows11>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 12: GemmKernel512.KernelRows<T, Rows12>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 13: GemmKernel512.KernelRows<T, Rows13>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 14: GemmKernel512.KernelRows<T, Rows14>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
            }
        }
        else
        {
            switch (rows)
            {
                case 1: GemmKernel256.KernelRows<T, Rows1>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 2: GemmKernel256.KernelRows<T, Rows2>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 3: GemmKernel256.KernelRows<T, Rows3>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 4: GemmKernel256.KernelRows<T, Rows4>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 5: GemmKernel256.KernelRows<T, Rows5>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
                case 6: GemmKernel256.KernelRows<T, Rows6>(kc, a, rs, cs, b, ldb, c, ldc, add); return;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(rows));
    }

    // vectorised: a projection with a bias (a recurrent layer's chunk of steps, a Dense layer) pays it on every row
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBias<T>(T* pc, int ldc, int rows, int cols, T* bias) where T : unmanaged, INumberBase<T>
    {
        int w = Vector<T>.Count;
        for (int r = 0; r < rows; r++)
        {
            T* row = pc + (long)r * ldc;
            int j = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
                for (; j <= cols - w; j += w) (Vector.Load(row + j) + Vector.Load(bias + j)).Store(row + j);
            for (; j < cols; j++) row[j] += bias[j];
        }
    }
}
