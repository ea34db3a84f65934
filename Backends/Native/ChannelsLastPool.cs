using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Pooling of channels-last data: each output pixel is a max or a mean over its window's input pixels, each a
/// contiguous run of channels, so the inner loop is a vector op over channels with no layout change. Only cells
/// inside the image take part (as in <see cref="PoolKernels"/>): the max is the first maximum with NaN winning, the
/// average sums the window in the same order and divides by its count, and a window with no cell inside gives 0.
/// Parallel over output rows.
/// </summary>
internal static class ChannelsLastPool
{
    public static T[] Forward<T>(PoolOp op, T[] x, Shape xs, Conv2dGeometry g, Shape ys) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = xs[0], h = xs[1], w = xs[2], c = xs[3], oh = ys[1], ow = ys[2];
        var y = NativeTensors.Alloc<T>(ys);
        if (y.Length == 0) return y;
        var rows = PoolRanges.Of(oh, h, g.KernelH, g.StrideH, g.PadTop, g.DilationH);
        var cols = PoolRanges.Of(ow, w, g.KernelW, g.StrideW, g.PadLeft, g.DilationW);
        int grain = Math.Max(1, (1 << 15) / Math.Max(1, ow * c * g.KernelH * g.KernelW));
        // optimised from the first call: a cold Predict pools whole feature maps in it
        NativeParallel.For(n * oh, grain, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            for (int line = s; line < e; line++)
            {
                int img = line / oh, i = line - img * oh;
                var (r0, r1) = rows[i];
                int ih0 = i * g.StrideH - g.PadTop;
                for (int j = 0; j < ow; j++)
                {
                    var (c0, c1) = cols[j];
                    var dst = y.AsSpan((line * ow + j) * c, c);
                    if (r0 >= r1 || c0 >= c1)
                    {
                        dst.Clear();
                        continue;
                    }
                    int iw0 = j * g.StrideW - g.PadLeft;
                    bool first = true;
                    for (int ki = r0; ki < r1; ki++)
                    {
                        int ih = ih0 + ki * g.DilationH;
                        for (int kj = c0; kj < c1; kj++)
                        {
                            var src = x.AsSpan(((img * h + ih) * w + iw0 + kj * g.DilationW) * c, c);
                            if (first) src.CopyTo(dst);
                            else if (op == PoolOp.Max) Max(src, dst);
                            else System.Numerics.Tensors.TensorPrimitives.Add(dst, src, dst);
                            first = false;
                        }
                    }
                    if (op == PoolOp.Average)
                        System.Numerics.Tensors.TensorPrimitives.Divide(dst, T.CreateTruncating((r1 - r0) * (c1 - c0)), dst);
                }
            }
        });
        return y;
    }

    // best = x where x > best or x is NaN (and best is not NaN): the first maximum, NaN winning, lane by lane.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Max<T>(ReadOnlySpan<T> x, Span<T> best) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (; i <= x.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var v = Vector512.Create(x.Slice(i, Vector512<T>.Count));
                var b = Vector512.Create(best.Slice(i, Vector512<T>.Count));
                var take = (Vector512.GreaterThan(v, b) | ~Vector512.Equals(v, v)) & Vector512.Equals(b, b);
                Vector512.ConditionalSelect(take, v, b).CopyTo(best.Slice(i, Vector512<T>.Count));
            }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var v = Vector256.Create(x.Slice(i, Vector256<T>.Count));
                var b = Vector256.Create(best.Slice(i, Vector256<T>.Count));
                var take = (Vector256.GreaterThan(v, b) | ~Vector256.Equals(v, v)) & Vector256.Equals(b, b);
                Vector256.ConditionalSelect(take, v, b).CopyTo(best.Slice(i, Vector256<T>.Count));
            }
        for (; i < x.Length; i++)
            if ((x[i] > best[i] || T.IsNaN(x[i])) && !T.IsNaN(best[i])) best[i] = x[i];
    }
}
