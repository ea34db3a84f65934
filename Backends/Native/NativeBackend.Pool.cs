using KerasSharp.Backends.Native.Gpu;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend
{
    /// <inheritdoc/>
    public Tensor Pool2d(PoolOp op, Tensor x, Conv2dGeometry g, Shape outShape)
    {
        if (GpuLaunch.OnGpu(x)) return GpuCompute.Pool2d(this, op, x, g, outShape);
        return Dispatch.Float<Tensor, PoolFn>(x.DType, new(this, op, x, null, g, outShape), "Pool2d");
    }

    /// <inheritdoc/>
    public Tensor Pool2dBackward(PoolOp op, Tensor x, Tensor gradOut, Conv2dGeometry g)
    {
        if (GpuLaunch.OnGpu(x) || GpuLaunch.OnGpu(gradOut)) return GpuCompute.Pool2dBackward(this, op, x, gradOut, g);
        return Dispatch.Float<Tensor, PoolFn>(x.DType, new(this, op, x, gradOut, g, x.Shape), "Pool2dBackward");
    }

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
/// Each output row and column's in-image kernel range is computed once, so the window loops run
/// without per-cell bounds tests.
/// </summary>
internal static class PoolKernels
{
    public static T[] Forward<T>(PoolOp op, T[] x, Shape xs, Conv2dGeometry g, Shape ys) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = xs[0] * xs[1], h = xs[2], w = xs[3], oh = ys[2], ow = ys[3];
        var y = NativeTensors.Alloc<T>(ys);
        if (MaxPool2x2.Applies(op, g))
        {
            NativeParallel.For(planes, Grain(oh * ow, g), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
            {
                for (int pl = s; pl < e; pl++)
                    MaxPool2x2.Forward<T>(x.AsSpan(pl * h * w, h * w), w, y.AsSpan(pl * oh * ow, oh * ow), oh, ow);
            });
            return y;
        }
        var rows = PoolRanges.Of(oh, h, g.KernelH, g.StrideH, g.PadTop, g.DilationH);
        var cols = PoolRanges.Of(ow, w, g.KernelW, g.StrideW, g.PadLeft, g.DilationW);
        NativeParallel.For(planes, Grain(oh * ow, g), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            for (int pl = s; pl < e; pl++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        int at = Window(op, x, pl * h * w, w, g, rows, cols, i, j, out T value);
                        y[(pl * oh + i) * ow + j] = at < 0 ? T.Zero : value;
                    }
        });
        return y;
    }

    public static T[] Backward<T>(PoolOp op, T[] x, Shape xs, T[] dy, Shape ys, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = xs[0] * xs[1], h = xs[2], w = xs[3], oh = ys[2], ow = ys[3];
        var dx = NativeTensors.Alloc<T>(xs);
        if (MaxPool2x2.Applies(op, g))
        {
            NativeParallel.For(planes, Grain(oh * ow, g), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
            {
                for (int pl = s; pl < e; pl++)
                    MaxPool2x2.Backward<T>(x.AsSpan(pl * h * w, h * w), w, dy.AsSpan(pl * oh * ow, oh * ow), dx.AsSpan(pl * h * w, h * w), oh, ow);
            });
            return dx;
        }
        var rows = PoolRanges.Of(oh, h, g.KernelH, g.StrideH, g.PadTop, g.DilationH);
        var cols = PoolRanges.Of(ow, w, g.KernelW, g.StrideW, g.PadLeft, g.DilationW);
        NativeParallel.For(planes, Grain(oh * ow, g), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            dx.AsSpan(s * h * w, (e - s) * h * w).Clear();
            for (int pl = s; pl < e; pl++)
            {
                int xOff = pl * h * w;
                for (int i = 0; i < oh; i++)
                {
                    var (r0, r1) = rows[i];
                    int ih0 = i * g.StrideH - g.PadTop;
                    for (int j = 0; j < ow; j++)
                    {
                        T grad = dy[(pl * oh + i) * ow + j];
                        if (op == PoolOp.Max)
                        {
                            int at = Window(op, x, xOff, w, g, rows, cols, i, j, out _);
                            if (at >= 0) dx[xOff + at] += grad;
                            continue;
                        }
                        var (c0, c1) = cols[j];
                        int count = (r1 - r0) * (c1 - c0);
                        if (count <= 0) continue;
                        T share = grad / T.CreateTruncating(count);
                        int iw0 = j * g.StrideW - g.PadLeft;
                        for (int ki = r0; ki < r1; ki++)
                        {
                            int line = xOff + (ih0 + ki * g.DilationH) * w + iw0;
                            for (int kj = c0; kj < c1; kj++) dx[line + kj * g.DilationW] += share;
                        }
                    }
                }
            }
        });
        return dx;
    }

    private static int Grain(int outPlane, in Conv2dGeometry g) => Math.Max(1, (1 << 14) / Math.Max(1, outPlane * g.KernelH * g.KernelW));

    // Max: the first maximum (NaN wins) and its offset in the plane; average: the mean of the valid cells.
    // Returns -1 when the window has no cell inside the image.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Window<T>(PoolOp op, T[] x, int off, int w, in Conv2dGeometry g, (int, int)[] rows, (int, int)[] cols,
                                 int i, int j, out T value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (r0, r1) = rows[i];
        var (c0, c1) = cols[j];
        int ih0 = i * g.StrideH - g.PadTop, iw0 = j * g.StrideW - g.PadLeft, dh = g.DilationH, dw = g.DilationW;
        if (r0 >= r1 || c0 >= c1)
        {
            value = T.Zero;
            return -1;
        }
        if (op == PoolOp.Average)
        {
            T sum = T.Zero;
            for (int ki = r0; ki < r1; ki++)
            {
                int line = off + (ih0 + ki * dh) * w + iw0;
                for (int kj = c0; kj < c1; kj++) sum += x[line + kj * dw];
            }
            value = sum / T.CreateTruncating((r1 - r0) * (c1 - c0));
            return 0;
        }
        int first = (ih0 + r0 * dh) * w + iw0 + c0 * dw;
        T best = x[off + first];
        int at = first;
        for (int ki = r0; ki < r1; ki++)
        {
            int line = (ih0 + ki * dh) * w + iw0;
            for (int kj = c0; kj < c1; kj++)
            {
                T v = x[off + line + kj * dw];
                if (v > best || (T.IsNaN(v) && !T.IsNaN(best)))
                {
                    best = v;
                    at = line + kj * dw;
                }
            }
        }
        value = best;
        return at;
    }
}
