using System.Numerics;
using System.Numerics.Tensors;

namespace KerasSharp.Backends.Native;

/// <summary>
/// The input gradient of <see cref="ChannelsLastPool"/> on channels-last data: a max pooling routes each output's
/// gradient to its window's first maximum (NaN winning), channel by channel; an average spreads it evenly over the
/// window's cells inside the image. Windows overlap within an image, so the work splits over images (each image's
/// cells are added in one fixed order).
/// </summary>
internal static class ChannelsLastPoolGrad
{
    public static T[] InputGrad<T>(PoolOp op, T[] x, Shape xs, T[] dy, Shape ys, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = xs[0], h = xs[1], w = xs[2], c = xs[3], oh = ys[1], ow = ys[2];
        var dx = NativeTensors.Alloc<T>(xs);
        dx.AsSpan().Clear();
        if (dy.Length == 0) return dx;
        var rows = PoolRanges.Of(oh, h, g.KernelH, g.StrideH, g.PadTop, g.DilationH);
        var cols = PoolRanges.Of(ow, w, g.KernelW, g.StrideW, g.PadLeft, g.DilationW);
        NativeParallel.For(n, 1, (s, e) =>
        {
            var scaled = new T[c];
            for (int img = s; img < e; img++)
                for (int i = 0; i < oh; i++)
                {
                    var (r0, r1) = rows[i];
                    int ih0 = i * g.StrideH - g.PadTop;
                    for (int j = 0; j < ow; j++)
                    {
                        var (c0, c1) = cols[j];
                        if (r0 >= r1 || c0 >= c1) continue;
                        int iw0 = j * g.StrideW - g.PadLeft, at = ((img * oh + i) * ow + j) * c;
                        // the offset of input cell (ki, kj) of this window in x and dx
                        int Cell(int ki, int kj) => ((img * h + ih0 + ki * g.DilationH) * w + iw0 + kj * g.DilationW) * c;
                        if (op == PoolOp.Average)
                        {
                            TensorPrimitives.Divide(new ReadOnlySpan<T>(dy, at, c), T.CreateTruncating((r1 - r0) * (c1 - c0)), scaled);
                            for (int ki = r0; ki < r1; ki++)
                                for (int kj = c0; kj < c1; kj++)
                                {
                                    var dst = new Span<T>(dx, Cell(ki, kj), c);
                                    TensorPrimitives.Add(dst, scaled, dst);
                                }
                            continue;
                        }
                        int wc = c1 - c0, vectorEnd = c - c % Vector<T>.Count;
                        for (int ch = 0; ch < vectorEnd; ch += Vector<T>.Count)
                        {
                            // the scalar loop below in vector lanes: each lane keeps its maximum and the window cell k holding it
                            var top = new Vector<T>(x, Cell(r0, c0) + ch);
                            var bestK = Vector<T>.Zero;
                            int k = 0;
                            for (int ki = r0; ki < r1; ki++)
                                for (int kj = c0; kj < c1; kj++, k++)
                                {
                                    var v = new Vector<T>(x, Cell(ki, kj) + ch);
                                    var take = Vector.AndNot(Vector.GreaterThan(v, top) | ~Vector.Equals(v, v), ~Vector.Equals(top, top));
                                    top = Vector.ConditionalSelect(take, v, top);
                                    bestK = Vector.ConditionalSelect(take, new Vector<T>(T.CreateTruncating(k)), bestK);
                                }
                            for (int lane = 0; lane < Vector<T>.Count; lane++)
                            {
                                int kk = int.CreateTruncating(bestK[lane]);
                                dx[Cell(r0 + kk / wc, c0 + kk % wc) + ch + lane] += dy[at + ch + lane];
                            }
                        }
                        for (int ch = vectorEnd; ch < c; ch++)
                        {
                            int best = Cell(r0, c0) + ch;
                            T top = x[best];
                            for (int ki = r0; ki < r1; ki++)
                                for (int kj = c0; kj < c1; kj++)
                                {
                                    int cell = Cell(ki, kj) + ch;
                                    T v = x[cell];
                                    if ((v > top || T.IsNaN(v)) && !T.IsNaN(top)) { top = v; best = cell; }
                                }
                            dx[best] += dy[at + ch];
                        }
                    }
                }
        });
        return dx;
    }
}
