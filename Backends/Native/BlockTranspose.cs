using System.Runtime.CompilerServices;
namespace KerasSharp.Backends.Native;

/// <summary>
/// Copies that are a batch of 2-D transposes, e.g. the [N, C, HW] &lt;-&gt; [N, HW, C] permutes around channels_last
/// convolutions and pooling: the destination is contiguous along one dimension and the source along another, so an
/// element-by-element copy reads (or writes) one element per cache line. Here the matrix goes in square tiles that
/// fit in L1, 32-bit types as 8 x 8 register transposes (<see cref="Transpose8x8"/>).
/// </summary>
internal static unsafe class BlockTranspose
{
    private const int Tile = 8;
    private const int Grain = 1 << 14;

    /// <summary>
    /// Runs the copy when the merged layout <paramref name="l"/> (destination strides first) is [batch,] rows x cols with
    /// the destination contiguous along cols and the source along rows; false (nothing copied) otherwise.
    /// </summary>
    public static bool TryRun<T>(T[] src, int srcOff, T[] dst, int dstOff, BroadcastLayout l) where T : unmanaged
    {
        int r = l.Dims.Length;
        if (r < 2 || r > 3) return false;
        int[] sd = l.Strides[0], ss = l.Strides[1];
        int rows = l.Dims[r - 2], cols = l.Dims[r - 1];
        if (sd[r - 1] != 1 || ss[r - 2] != 1 || rows < Tile || cols < Tile) return false;
        int batch = r == 3 ? l.Dims[0] : 1;
        int bd = r == 3 ? sd[0] : 0, bs = r == 3 ? ss[0] : 0, ldd = sd[r - 2], lds = ss[r - 1];
        // each work item: one band of Tile destination rows of one matrix
        int bands = (rows + Tile - 1) / Tile;
        NativeParallel.For(batch * bands, Math.Max(1, Grain / (Tile * cols)),
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            fixed (T* ps = src, pd = dst)
                for (int item = s; item < e; item++)
                {
                    int b = item / bands, i0 = (item - b * bands) * Tile;
                    Band8(ps + srcOff + (long)b * bs + i0, lds, pd + dstOff + (long)b * bd + (long)i0 * ldd, ldd, Math.Min(Tile, rows - i0), cols);
                }
        });
        return true;
    }

    // d[i*ldd + j] = s[i + j*lds] for i < rows (at most Tile), j < cols.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Band8<T>(T* s, long lds, T* d, long ldd, int rows, int cols) where T : unmanaged
    {
        int j = 0;
        if (rows == Tile && sizeof(T) == 4 && Transpose8x8.IsSupported)
            for (; j + Tile <= cols; j += Tile)
                Transpose8x8.Run((float*)(s + j * lds), lds, (float*)(d + j), ldd);
        for (; j < cols; j++)
            for (int i = 0; i < rows; i++) d[i * ldd + j] = s[i + j * lds];
    }
}
