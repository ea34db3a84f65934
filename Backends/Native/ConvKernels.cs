using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Convolution by im2col + GEMM over batches of images (see <see cref="ConvPlan"/>). A 1x1 stride-1
/// convolution of one image reads the input as the GEMM operand directly. Forward convolutions of unit horizontal
/// stride go to <see cref="ImplicitConv"/> instead, and so do stride-1 input gradients (<see cref="InputGradientAsConv"/>). Outputs and column scratch come
/// from <see cref="BufferPool{T}"/>, so a warm training step allocates nothing here.
/// </summary>
internal static class ConvKernels
{
    public static T[] Forward<T>(T[] x, Shape xs, T[] w, Shape ws, Conv2dGeometry g, Shape ys) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ImplicitConv.Supports(g)) return ImplicitConv.Forward(x, xs, w, g, ys);
        var p = new ConvPlan(xs, ys, g, deep: false);
        var y = NativeTensors.Alloc<T>(ys);
        p.ForChunks(chunk =>
        {
            var (i0, count) = p.Images(chunk);
            int cols = count * p.Ohw;
            bool direct = p.Identity && count == 1;
            var col = direct ? null : BufferPool<T>.Rent(p.Ckk * cols);
            var tmp = count == 1 ? null : BufferPool<T>.Rent(p.Og * cols);
            for (int gi = 0; gi < p.Groups; gi++)
            {
                T[] b = x;
                int bOff = p.XOff(i0, gi);
                if (!direct)
                {
                    for (int k = 0; k < count; k++)
                        Im2Col.Unfold(x, p.XOff(i0 + k, gi), p.Cg, p.H, p.W, g, p.OH, p.OW, col!, k * p.Ohw, cols);
                    (b, bOff) = (col!, 0);
                }
                // Y_g [og, cols] = W_g [og, ckk] x col [ckk, cols]
                if (tmp is null)
                    Gemm.Run(p.Og, cols, p.Ckk, w, gi * p.Og * p.Ckk, p.Ckk, 1, b, bOff, cols, 1, y, p.YOff(i0, gi), p.Ohw, false);
                else
                {
                    Gemm.Run(p.Og, cols, p.Ckk, w, gi * p.Og * p.Ckk, p.Ckk, 1, b, bOff, cols, 1, tmp, 0, cols, false);
                    p.Scatter(tmp, p.Og, count, y, p.YOff(i0, gi), p.O * p.Ohw);
                }
            }
            if (col is not null) BufferPool<T>.Return(col);
            if (tmp is not null) BufferPool<T>.Return(tmp);
        });
        return y;
    }

    public static T[] BackwardInput<T>(T[] dy, Shape ys, T[] w, Shape ws, Conv2dGeometry g, Shape xs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (InputGradientAsConv.Supports(g, ws[1])) return InputGradientAsConv.Run(dy, ys, w, ws, g, xs);
        var p = new ConvPlan(xs, ys, g, deep: false);
        var dx = NativeTensors.Alloc<T>(xs);
        int image = p.C * p.H * p.W;
        p.ForChunks(chunk =>
        {
            var (i0, count) = p.Images(chunk);
            int cols = count * p.Ohw;
            bool direct = p.Identity && count == 1;
            var col = direct ? null : BufferPool<T>.Rent(p.Ckk * cols);
            var dyb = count == 1 ? null : BufferPool<T>.Rent(p.Og * cols);
            if (!direct) dx.AsSpan(i0 * image, count * image).Clear();
            for (int gi = 0; gi < p.Groups; gi++)
            {
                T[] a = dy;
                int aOff = p.YOff(i0, gi);
                if (dyb is not null)
                {
                    p.Gather(dy, p.YOff(i0, gi), p.O * p.Ohw, p.Og, count, dyb);
                    (a, aOff) = (dyb, 0);
                }
                // dcol [ckk, cols] = W_g^T [ckk, og] x dY_g [og, cols]
                if (direct)
                {
                    Gemm.Run(p.Ckk, cols, p.Og, w, gi * p.Og * p.Ckk, 1, p.Ckk, a, aOff, cols, 1, dx, p.XOff(i0, gi), cols, false);
                    continue;
                }
                Gemm.Run(p.Ckk, cols, p.Og, w, gi * p.Og * p.Ckk, 1, p.Ckk, a, aOff, cols, 1, col!, 0, cols, false);
                for (int k = 0; k < count; k++)
                    Im2Col.Fold(col!, k * p.Ohw, cols, p.Cg, p.H, p.W, g, p.OH, p.OW, dx, p.XOff(i0 + k, gi));
            }
            if (col is not null) BufferPool<T>.Return(col);
            if (dyb is not null) BufferPool<T>.Return(dyb);
        });
        return dx;
    }

    // Below this many flops per image the weight gradient is summed in parts (images split into at most
    // WeightParts fixed ranges, each summed on one thread, then the parts added in order): its per-image
    // GEMMs are too small to be split across threads. The parts depend on the shapes only.
    private const long SmallImageFlops = 1L << 24;
    private const int WeightParts = 8;

    public static T[] BackwardWeight<T>(T[] x, Shape xs, T[] dy, Shape ys, Conv2dGeometry g, Shape ws) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = new ConvPlan(xs, ys, g, deep: true);
        var dw = NativeTensors.Alloc<T>(ws);
        if (p.N == 0)
        {
            dw.AsSpan().Clear();
            return dw;
        }
        long flops = 2L * p.Og * p.Groups * p.Ckk * p.Ohw;
        int parts = flops < SmallImageFlops ? Math.Min(p.N, WeightParts) : 1;
        if (parts == 1)
        {
            // images in order, so the batch sum has one fixed order; each GEMM is parallel inside
            SumImages(p, g, x, dy, 0, p.N, dw, 0);
            return dw;
        }
        int size = ws.Size;
        var partial = BufferPool<T>.Rent(parts * size);
        NativeParallel.For(parts, 1, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            for (int part = s; part < e; part++)
            {
                var (i0, i1) = NativeParallel.Range(p.N, parts, part);
                SumImages(p, g, x, dy, i0, i1, partial, part * size);
            }
        });
        partial.AsSpan(0, size).CopyTo(dw);
        for (int part = 1; part < parts; part++)
            System.Numerics.Tensors.TensorPrimitives.Add<T>(dw, partial.AsSpan(part * size, size), dw);
        BufferPool<T>.Return(partial);
        return dw;
    }

    // dW (at dwOff) = sum over images [i0, i1), one image per GEMM, in order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SumImages<T>(in ConvPlan p, in Conv2dGeometry g, T[] x, T[] dy, int i0, int i1, T[] dw, int dwOff)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var col = p.Identity ? null : BufferPool<T>.Rent(p.Ckk * p.Ohw);
        for (int i = i0; i < i1; i++)
            for (int gi = 0; gi < p.Groups; gi++)
            {
                T[] b = x;
                int bOff = p.XOff(i, gi);
                if (col is not null)
                {
                    Im2Col.Unfold(x, p.XOff(i, gi), p.Cg, p.H, p.W, g, p.OH, p.OW, col, 0, p.Ohw);
                    (b, bOff) = (col, 0);
                }
                // dW_g [og, ckk] (+)= dY_g [og, ohw] x col^T [ohw, ckk]
                Gemm.Run(p.Og, p.Ckk, p.Ohw, dy, p.YOff(i, gi), p.Ohw, 1, b, bOff, 1, p.Ohw, dw, dwOff + gi * p.Og * p.Ckk, p.Ckk, i > i0);
            }
        if (col is not null) BufferPool<T>.Return(col);
    }
}
