using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// The ILGPU GEMM: 64x64 tiles of C per group of 256 threads, each thread 4x4 outputs spaced 16 apart, K walked
/// 16 at a time through shared memory. Loads follow the stored layout of A and B so that neighbouring threads read
/// neighbouring addresses whichever operand is transposed. Edge tiles load zeros and skip stores outside C.
/// Sums run over k in ascending order in T (float32 accumulates in float32, as the CPU GEMM does).
/// </summary>
internal static class GemmTiledKernel
{
    /// <summary>Rows and columns of C per group.</summary>
    public const int Tile = 64;

    /// <summary>Threads per group.</summary>
    public const int Threads = 256;

    private const int Depth = 16;

    /// <summary>The kernel body; launched with grid (ceil(N/64), ceil(M/64), batch) and group (256, 1, 1).</summary>
    public static void Kernel<T>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, GemmArgs s)
        where T : unmanaged, INumber<T>
    {
        var tileA = SharedMemory.Allocate<T>(Depth * Tile); // [p][row]
        var tileB = SharedMemory.Allocate<T>(Depth * Tile); // [p][col]
        int tid = Group.IdxX, tx = tid & 15, ty = tid >> 4;
        int row0 = Grid.IdxY * Tile, col0 = Grid.IdxX * Tile;
        long batch = Grid.IdxZ;
        long aOff = batch * s.StrideA, bOff = batch * s.StrideB, cOff = batch * s.StrideC;
        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
        T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
        T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
        for (int p0 = 0; p0 < s.K; p0 += Depth)
        {
            for (int q = 0; q < 4; q++)
            {
                int e = tid + q * Threads;
                int row, p;
                if (s.TransA == 0) { row = e >> 4; p = e & 15; }
                else { p = e >> 6; row = e & 63; }
                int gi = row0 + row, gp = p0 + p;
                T va = T.Zero;
                if (gi < s.M && gp < s.K)
                    va = a[aOff + (s.TransA == 0 ? (long)gi * s.K + gp : (long)gp * s.M + gi)];
                tileA[p * Tile + row] = va;

                int col;
                if (s.TransB == 0) { p = e >> 6; col = e & 63; }
                else { col = e >> 4; p = e & 15; }
                int gj = col0 + col;
                gp = p0 + p;
                T vb = T.Zero;
                if (gj < s.N && gp < s.K)
                    vb = b[bOff + (s.TransB == 0 ? (long)gp * s.N + gj : (long)gj * s.K + gp)];
                tileB[p * Tile + col] = vb;
            }
            Group.Barrier();
            for (int p = 0; p < Depth; p++)
            {
                int ar = p * Tile + ty, bc = p * Tile + tx;
                T a0 = tileA[ar], a1 = tileA[ar + 16], a2 = tileA[ar + 32], a3 = tileA[ar + 48];
                T b0 = tileB[bc], b1 = tileB[bc + 16], b2 = tileB[bc + 32], b3 = tileB[bc + 48];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            Group.Barrier();
        }
        int r = row0 + ty, cc = col0 + tx;
        Store(c, s, cOff, r, cc, c00, c01, c02, c03);
        Store(c, s, cOff, r + 16, cc, c10, c11, c12, c13);
        Store(c, s, cOff, r + 32, cc, c20, c21, c22, c23);
        Store(c, s, cOff, r + 48, cc, c30, c31, c32, c33);
    }

    private static void Store<T>(ArrayView<T> c, GemmArgs s, long cOff, int row, int col, T v0, T v1, T v2, T v3)
        where T : unmanaged, INumber<T>
    {
        if (row >= s.M) return;
        long line = cOff + (long)row * s.N;
        Put(c, s, line, col, v0);
        Put(c, s, line, col + 16, v1);
        Put(c, s, line, col + 32, v2);
        Put(c, s, line, col + 48, v3);
    }

    private static void Put<T>(ArrayView<T> c, GemmArgs s, long line, int col, T v) where T : unmanaged, INumber<T>
    {
        if (col >= s.N) return;
        long at = line + col;
        c[at] = s.Accumulate != 0 ? c[at] + v : v;
    }

    /// <summary>
    /// One thread per element of C, no shared memory: for accelerators whose groups are smaller than 256 threads
    /// (ILGPU's default CPU accelerator allows 16). Same sums in the same order as <see cref="Kernel{T}"/>.
    /// </summary>
    public static void Simple<T>(Index3D at, ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, GemmArgs s)
        where T : unmanaged, INumber<T>
    {
        int col = at.X, row = at.Y;
        long batch = at.Z;
        long aOff = batch * s.StrideA, bOff = batch * s.StrideB;
        T sum = T.Zero;
        for (int p = 0; p < s.K; p++)
        {
            T va = a[aOff + (s.TransA == 0 ? (long)row * s.K + p : (long)p * s.M + row)];
            T vb = b[bOff + (s.TransB == 0 ? (long)p * s.N + col : (long)col * s.K + p)];
            sum += va * vb;
        }
        long o = batch * s.StrideC + (long)row * s.N + col;
        c[o] = s.Accumulate != 0 ? c[o] + sum : sum;
    }
}
