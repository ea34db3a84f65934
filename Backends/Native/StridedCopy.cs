using System.Runtime.CompilerServices;
namespace KerasSharp.Backends.Native;

/// <summary>
/// Copies a strided view into a strided destination: the kernel behind permute, broadcast, slice, pad and concat.
/// Dimensions are merged first, so contiguous runs become span copies and broadcast runs become fills;
/// batched 2-D transposes go to <see cref="BlockTranspose"/>.
/// </summary>
internal static class StridedCopy
{
    private const int Grain = 1 << 15;

    public static void Run<T>(T[] src, int srcOff, int[] srcStrides, T[] dst, int dstOff, int[] dstStrides, ReadOnlySpan<int> dims)
        where T : unmanaged
    {
        foreach (var d in dims) if (d == 0) return;
        var l = BroadcastLayout.Merge(dims, [dstStrides, srcStrides]);
        if (BlockTranspose.TryRun(src, srcOff, dst, dstOff, l)) return;
        int inner = l.Inner, sd = l.Strides[0][^1], ss = l.Strides[1][^1];
        NativeParallel.For(l.Rows, Math.Max(1, Grain / inner), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            var c = new BroadcastLayout.Cursor(l, s);
            for (int r = s; r < e; r++, c.Next())
            {
                int od = dstOff + c.Offsets[0], os = srcOff + c.Offsets[1];
                if (sd == 1 && ss == 1) Array.Copy(src, os, dst, od, inner);
                else if (sd == 1 && ss == 0) dst.AsSpan(od, inner).Fill(src[os]);
                else for (int i = 0; i < inner; i++) dst[od + i * sd] = src[os + i * ss];
            }
        });
    }

    /// <summary>Row-major strides of <paramref name="dims"/>.</summary>
    public static int[] Contiguous(ReadOnlySpan<int> dims)
    {
        var s = new int[dims.Length];
        int acc = 1;
        for (int i = dims.Length - 1; i >= 0; i--) { s[i] = acc; acc *= dims[i]; }
        return s;
    }
}
