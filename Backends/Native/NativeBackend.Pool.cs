using System.Numerics;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend
{
    /// <inheritdoc/>
    public Tensor Pool2d(PoolOp op, Tensor x, Conv2dGeometry g, Shape outShape) =>
        Dispatch.Float<Tensor, PoolFn>(x.DType, new(this, op, x, null, g, outShape), "Pool2d");

    /// <inheritdoc/>
    public Tensor Pool2dBackward(PoolOp op, Tensor x, Tensor gradOut, Conv2dGeometry g) =>
        Dispatch.Float<Tensor, PoolFn>(x.DType, new(this, op, x, gradOut, g, x.Shape), "Pool2dBackward");

    private readonly record struct PoolFn(NativeBackend B, PoolOp Op, Tensor X, Tensor? Grad, Conv2dGeometry G, Shape Out) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var x = NativeTensors.Data<T>(X);
            var r = Grad is null
                ? PoolKernels.Forward(Op, x, X.Shape, G, Out)
                : PoolKernels.Backward(Op, x, X.Shape, NativeTensors.Data<T>(Grad), Grad.Shape, G);
            return NativeTensors.Wrap(B, r, Out);
        }
    }
}

/// <summary>
/// Direct pooling loops, parallel over (image, channel) planes. Only cells inside the image take part:
/// padding never wins a max and is not counted in an average. A window with no cell inside gives 0.
/// </summary>
internal static class PoolKernels
{
    public static T[] Forward<T>(PoolOp op, T[] x, Shape xs, Conv2dGeometry g, Shape ys) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = xs[0] * xs[1], h = xs[2], w = xs[3], oh = ys[2], ow = ys[3];
        var y = new T[ys.Size];
        NativeParallel.For(planes, Math.Max(1, (1 << 14) / Math.Max(1, oh * ow * g.KernelH * g.KernelW)), (s, e) =>
        {
            for (int pl = s; pl < e; pl++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        int at = Window(op, x, pl * h * w, h, w, g, i, j, out T value);
                        y[(pl * oh + i) * ow + j] = at < 0 && op == PoolOp.Max ? T.Zero : value;
                    }
        });
        return y;
    }

    public static T[] Backward<T>(PoolOp op, T[] x, Shape xs, T[] dy, Shape ys, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = xs[0] * xs[1], h = xs[2], w = xs[3], oh = ys[2], ow = ys[3];
        var dx = new T[xs.Size];
        NativeParallel.For(planes, Math.Max(1, (1 << 14) / Math.Max(1, oh * ow * g.KernelH * g.KernelW)), (s, e) =>
        {
            for (int pl = s; pl < e; pl++)
            {
                int xOff = pl * h * w;
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        T grad = dy[(pl * oh + i) * ow + j];
                        if (op == PoolOp.Max)
                        {
                            int at = Window(op, x, xOff, h, w, g, i, j, out _);
                            if (at >= 0) dx[xOff + at] += grad;
                            continue;
                        }
                        int count = Count(h, w, g, i, j);
                        if (count == 0) continue;
                        T share = grad / T.CreateTruncating(count);
                        for (int ki = 0; ki < g.KernelH; ki++)
                        {
                            int ih = i * g.StrideH - g.PadTop + ki * g.DilationH;
                            if ((uint)ih >= (uint)h) continue;
                            for (int kj = 0; kj < g.KernelW; kj++)
                            {
                                int iw = j * g.StrideW - g.PadLeft + kj * g.DilationW;
                                if ((uint)iw < (uint)w) dx[xOff + ih * w + iw] += share;
                            }
                        }
                    }
            }
        });
        return dx;
    }

    // Max: the first maximum (NaN wins) and its offset in the plane; average: the mean of the valid cells.
    // Returns -1 when the window has no cell inside the image.
    private static int Window<T>(PoolOp op, T[] x, int off, int h, int w, in Conv2dGeometry g, int i, int j, out T value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T best = T.NegativeInfinity, sum = T.Zero;
        int at = -1, count = 0;
        for (int ki = 0; ki < g.KernelH; ki++)
        {
            int ih = i * g.StrideH - g.PadTop + ki * g.DilationH;
            if ((uint)ih >= (uint)h) continue;
            for (int kj = 0; kj < g.KernelW; kj++)
            {
                int iw = j * g.StrideW - g.PadLeft + kj * g.DilationW;
                if ((uint)iw >= (uint)w) continue;
                T v = x[off + ih * w + iw];
                count++;
                if (op == PoolOp.Average) { sum += v; continue; }
                if (at < 0 || v > best || (T.IsNaN(v) && !T.IsNaN(best)))
                {
                    best = v;
                    at = ih * w + iw;
                }
            }
        }
        if (op == PoolOp.Average)
        {
            value = count == 0 ? T.Zero : sum / T.CreateTruncating(count);
            return count == 0 ? -1 : 0;
        }
        value = best;
        return at;
    }

    private static int Count(int h, int w, in Conv2dGeometry g, int i, int j)
    {
        int rows = 0, cols = 0;
        for (int ki = 0; ki < g.KernelH; ki++)
            if ((uint)(i * g.StrideH - g.PadTop + ki * g.DilationH) < (uint)h) rows++;
        for (int kj = 0; kj < g.KernelW; kj++)
            if ((uint)(j * g.StrideW - g.PadLeft + kj * g.DilationW) < (uint)w) cols++;
        return rows * cols;
    }
}
