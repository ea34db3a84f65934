using System.Numerics;

namespace KerasSharp.Backends.Native;

/// <summary>
/// The two gradients of a channels-last convolution (one group), on the NHWC data and the Keras kernel
/// [kh, kw, C, O] as they are, with no transposes to NCHW:
/// <list type="bullet">
/// <item>the kernel's, dW[K, O] = Σ A[p, K]ᵀ dY[p, O] over output pixels p, where row p of A is pixel p's receptive
/// field (<see cref="ChannelsLastRows"/>), a block of rows at a time into one GEMM that accumulates;</item>
/// <item>the input's: for stride 1 a stride-1 convolution of dY with the kernel flipped and its channels swapped
/// (<see cref="ChannelsLastConv"/> again); otherwise, image by image, dCols[p, K] = dY[p, O] Wᵀ and each row folded
/// back (added) into the receptive field it came from.</item>
/// </list>
/// Every sum runs in an order fixed by the shapes alone (GEMMs split over rows and columns, never over K; the fold
/// per image), so results do not depend on the thread count.
/// </summary>
internal static unsafe class ChannelsLastConvGrad
{
    // Rows of A per GEMM of the kernel gradient: about 2 MiB of A a block, at least 64 rows.
    private const int KernelGradBlockBytes = 2 << 20;

    /// <summary>Whether these gradients run here: one group (grouped convolutions take the composed path).</summary>
    public static bool Supports(in Conv2dGeometry g) => g.Groups == 1;

    public static T[] KernelGrad<T>(T[] x, Shape xs, T[] dy, Shape ys, Shape ws, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = new ChannelsLastConv.Plan(xs, ws, ys, g, GemmKernel.NR<T>());
        var dw = NativeTensors.Alloc<T>(ws);
        dw.AsSpan().Clear();
        if (p.M == 0 || p.K == 0) return dw;
        int rows = Math.Clamp(KernelGradBlockBytes / (p.K * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()), 64, Math.Max(64, p.M));
        var a = p.Direct ? null : BufferPool<T>.Rent(rows * p.K);
        try
        {
            fixed (T* px = x, pa = a)
            {
                for (int r0 = 0; r0 < p.M; r0 += rows)
                {
                    int r1 = Math.Min(p.M, r0 + rows), count = r1 - r0;
                    T[] aSource = x;
                    int aOffset = r0 * p.K;
                    if (!p.Direct)
                    {
                        var (xp, ap, plan, start) = ((nint)px, (nint)pa, p, r0);
                        NativeParallel.For(count, 16, (s, e) =>
                            ChannelsLastRows.Pack((T*)xp, plan, 0, start + s, start + e, 0, plan.K, (T*)ap + (long)s * plan.K));
                        aSource = a!;
                        aOffset = 0;
                    }
                    // dW(i, j) += Σ_q A(q, i) dY(r0 + q, j): A read transposed through its strides
                    Gemm.Run(p.K, p.O, count, aSource, aOffset, 1, p.K, dy, r0 * p.O, p.O, 1, dw, 0, p.O, accumulate: true);
                }
            }
        }
        finally
        {
            if (a is not null) BufferPool<T>.Return(a);
        }
        return dw;
    }

    public static T[] InputGrad<T>(T[] dy, Shape ys, T[] w, Shape ws, Conv2dGeometry g, Shape xs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int kh = ws[0], kw = ws[1];
        if (g.StrideH == 1 && g.StrideW == 1
            && Math.Max(g.PadTop, g.PadBottom) <= g.DilationH * (kh - 1) && Math.Max(g.PadLeft, g.PadRight) <= g.DilationW * (kw - 1))
            return AsFlippedConv(dy, ys, w, ws, g, xs);
        return ByFold(dy, ys, w, ws, g, xs);
    }

    // dX = conv(dY, flip(W) with C and O swapped), stride 1, padding dilation*(k-1) - pad on each side.
    private static T[] AsFlippedConv<T>(T[] dy, Shape ys, T[] w, Shape ws, Conv2dGeometry g, Shape xs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int kh = ws[0], kw = ws[1], c = ws[2], o = ws[3];
        var flipped = BufferPool<T>.Rent(w.Length);
        try
        {
            // flipped[t, oi, ci] = w[taps-1-t, ci, oi] (t = ki*kw + kj): a batch of [c, o] -> [o, c] transposes, taps in
            // reverse order (a negative batch stride), in register tiles where the sizes allow
            int taps = kh * kw;
            var layout = BroadcastLayout.Merge([taps, o, c], [[o * c, c, 1], [-c * o, 1, o]]);
            if (!BlockTranspose.TryRun(w, (taps - 1) * c * o, flipped, 0, layout))
                for (int t = 0; t < taps; t++)
                {
                    int src = (taps - 1 - t) * c * o, dst = t * o * c;
                    for (int ci = 0; ci < c; ci++)
                        for (int oi = 0; oi < o; oi++) flipped[dst + oi * c + ci] = w[src + ci * o + oi];
                }
            var g2 = g with
            {
                PadTop = g.DilationH * (kh - 1) - g.PadTop, PadBottom = g.DilationH * (kh - 1) - g.PadBottom,
                PadLeft = g.DilationW * (kw - 1) - g.PadLeft, PadRight = g.DilationW * (kw - 1) - g.PadRight,
            };
            return ChannelsLastConv.Forward(dy, ys, flipped, new Shape(kh, kw, o, c), null, null, null, false, g2, xs);
        }
        finally { BufferPool<T>.Return(flipped); }
    }

    // Image by image: dCols = dY_n Wᵀ ([OH*OW, K]), then each row added into the input cells of its receptive field.
    private static T[] ByFold<T>(T[] dy, Shape ys, T[] w, Shape ws, Conv2dGeometry g, Shape xs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = new ChannelsLastConv.Plan(xs, ws, ys, g, GemmKernel.NR<T>());
        var dx = NativeTensors.Alloc<T>(xs);
        dx.AsSpan().Clear();
        int pixels = p.OH * p.OW;
        if (pixels == 0 || p.K == 0) return dx;
        NativeParallel.For(p.N, 1, (s, e) =>
        {
            var cols = BufferPool<T>.Rent(pixels * p.K);
            try
            {
                for (int n = s; n < e; n++)
                {
                    // dCols(q, k) = Σ_o dY(n, q, o) W(k, o): W read transposed through its strides
                    Gemm.Run(pixels, p.K, p.O, dy, n * pixels * p.O, p.O, 1, w, 0, 1, p.O, cols, 0, p.K, accumulate: false);
                    Fold(cols, dx, p, n);
                }
            }
            finally { BufferPool<T>.Return(cols); }
        });
        return dx;
    }

    private static void Fold<T>(T[] cols, T[] dx, in ChannelsLastConv.Plan p, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = p.G;
        int kw = g.KernelW, c = p.C;
        for (int oh = 0, q = 0; oh < p.OH; oh++)
            for (int ow = 0; ow < p.OW; ow++, q++)
            {
                int ih0 = oh * g.StrideH - g.PadTop, iw0 = ow * g.StrideW - g.PadLeft;
                for (int ki = 0; ki < g.KernelH; ki++)
                {
                    int ih = ih0 + ki * g.DilationH;
                    if (ih < 0 || ih >= p.H) continue;
                    for (int kj = 0; kj < kw; kj++)
                    {
                        int iw = iw0 + kj * g.DilationW;
                        if (iw < 0 || iw >= p.W) continue;
                        var src = new ReadOnlySpan<T>(cols, q * p.K + (ki * kw + kj) * c, c);
                        var dst = new Span<T>(dx, ((n * p.H + ih) * p.W + iw) * c, c);
                        System.Numerics.Tensors.TensorPrimitives.Add(dst, src, dst);
                    }
                }
            }
    }
}
