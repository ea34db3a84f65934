using System.Buffers;
using System.Numerics;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend
{
    /// <inheritdoc/>
    public Tensor Conv2d(Tensor x, Tensor w, Conv2dGeometry g, Shape outShape) =>
        Dispatch.Float<Tensor, ConvFn>(x.DType, new(this, 0, x, w, g, outShape), "Conv2d");

    /// <inheritdoc/>
    public Tensor Conv2dBackwardInput(Tensor gradOut, Tensor w, Shape inputShape, Conv2dGeometry g) =>
        Dispatch.Float<Tensor, ConvFn>(gradOut.DType, new(this, 1, gradOut, w, g, inputShape), "Conv2dBackwardInput");

    /// <inheritdoc/>
    public Tensor Conv2dBackwardWeight(Tensor x, Tensor gradOut, Shape weightShape, Conv2dGeometry g) =>
        Dispatch.Float<Tensor, ConvFn>(x.DType, new(this, 2, x, gradOut, g, weightShape), "Conv2dBackwardWeight");

    // Kind 0: forward (X = x, Y = w); 1: input gradient (X = gradOut, Y = w); 2: weight gradient (X = x, Y = gradOut).
    private readonly record struct ConvFn(NativeBackend B, int Kind, Tensor X, Tensor Y, Conv2dGeometry G, Shape Out) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var r = Kind switch
            {
                0 => ConvKernels.Forward(NativeTensors.Data<T>(X), X.Shape, NativeTensors.Data<T>(Y), Y.Shape, G, Out),
                1 => ConvKernels.BackwardInput(NativeTensors.Data<T>(X), X.Shape, NativeTensors.Data<T>(Y), Y.Shape, G, Out),
                _ => ConvKernels.BackwardWeight(NativeTensors.Data<T>(X), X.Shape, NativeTensors.Data<T>(Y), Y.Shape, G, Out),
            };
            return NativeTensors.Wrap(B, r, Out);
        }
    }
}

/// <summary>Convolution by im2col + GEMM, per image and group.</summary>
internal static class ConvKernels
{
    public static T[] Forward<T>(T[] x, Shape xs, T[] w, Shape ws, Conv2dGeometry g, Shape ys) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], o = ys[1], oh = ys[2], ow = ys[3];
        int groups = g.Groups, cg = c / groups, og = o / groups, ckk = cg * g.KernelH * g.KernelW, ohw = oh * ow;
        var y = new T[ys.Size];
        bool identity = Im2Col.IsIdentity(g);
        PerImage<T>(n, (long)o * ohw * ckk, (i, col) =>
        {
            for (int gi = 0; gi < groups; gi++)
            {
                int xOff = (i * c + gi * cg) * h * wd;
                T[] bMat = x;
                int bOff = xOff;
                if (!identity)
                {
                    Im2Col.Unfold(x, xOff, cg, h, wd, g, oh, ow, col!);
                    bMat = col!;
                    bOff = 0;
                }
                Gemm.Run(og, ohw, ckk, w, gi * og * ckk, ckk, 1, bMat, bOff, ohw, 1, y, (i * o + gi * og) * ohw, ohw, false);
            }
        }, identity ? 0 : ckk * ohw);
        return y;
    }

    public static T[] BackwardInput<T>(T[] dy, Shape ys, T[] w, Shape ws, Conv2dGeometry g, Shape xs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], o = ys[1], oh = ys[2], ow = ys[3];
        int groups = g.Groups, cg = c / groups, og = o / groups, ckk = cg * g.KernelH * g.KernelW, ohw = oh * ow;
        var dx = new T[xs.Size];
        bool identity = Im2Col.IsIdentity(g);
        PerImage<T>(n, (long)o * ohw * ckk, (i, col) =>
        {
            for (int gi = 0; gi < groups; gi++)
            {
                int xOff = (i * c + gi * cg) * h * wd, dyOff = (i * o + gi * og) * ohw;
                // dcol = W_g^T [ckk, og] x dY_g [og, ohw]
                if (identity)
                {
                    Gemm.Run(ckk, ohw, og, w, gi * og * ckk, 1, ckk, dy, dyOff, ohw, 1, dx, xOff, ohw, false);
                    continue;
                }
                Gemm.Run(ckk, ohw, og, w, gi * og * ckk, 1, ckk, dy, dyOff, ohw, 1, col!, 0, ohw, false);
                Im2Col.Fold(col!, cg, h, wd, g, oh, ow, dx, xOff);
            }
        }, identity ? 0 : ckk * ohw);
        return dx;
    }

    public static T[] BackwardWeight<T>(T[] x, Shape xs, T[] dy, Shape ys, Conv2dGeometry g, Shape ws) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], o = ys[1], oh = ys[2], ow = ys[3];
        int groups = g.Groups, cg = c / groups, og = o / groups, ckk = cg * g.KernelH * g.KernelW, ohw = oh * ow;
        var dw = new T[ws.Size];
        bool identity = Im2Col.IsIdentity(g);
        var col = identity ? null : ArrayPool<T>.Shared.Rent(ckk * ohw);
        try
        {
            // images in order, so the batch sum has one fixed order; each GEMM is parallel inside
            for (int i = 0; i < n; i++)
                for (int gi = 0; gi < groups; gi++)
                {
                    int xOff = (i * c + gi * cg) * h * wd, dyOff = (i * o + gi * og) * ohw;
                    T[] cols = x;
                    int colOff = xOff;
                    if (!identity)
                    {
                        Im2Col.Unfold(x, xOff, cg, h, wd, g, oh, ow, col!);
                        cols = col!;
                        colOff = 0;
                    }
                    // dW_g [og, ckk] += dY_g [og, ohw] x col^T [ohw, ckk]
                    Gemm.Run(og, ckk, ohw, dy, dyOff, ohw, 1, cols, colOff, 1, ohw, dw, gi * og * ckk, ckk, i > 0);
                }
        }
        finally
        {
            if (col is not null) ArrayPool<T>.Shared.Return(col);
        }
        return dw;
    }

    // Runs body(image, scratch) for every image: across threads when each image is small, else in order
    // with the GEMMs parallel inside. Either way every output element is written by one thread.
    private static void PerImage<T>(int n, long flopsPerImage, Action<int, T[]?> body, int scratch) where T : unmanaged
    {
        int grain = flopsPerImage >= 1L << 22 ? n : 1;
        NativeParallel.For(n, grain, (s, e) =>
        {
            var col = scratch > 0 ? ArrayPool<T>.Shared.Rent(scratch) : null;
            try
            {
                for (int i = s; i < e; i++) body(i, col);
            }
            finally
            {
                if (col is not null) ArrayPool<T>.Shared.Return(col);
            }
        });
    }
}
