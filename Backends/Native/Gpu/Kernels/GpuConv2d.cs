using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// NCHW 2-D convolution and both gradients as im2col plus GEMM (cuBLAS on CUDA), with stride, padding, dilation
/// and groups, as the CPU backend's Conv2d, Conv2dBackwardInput and Conv2dBackwardWeight. Temporaries come from the
/// caller's <c>scratch</c> view (at least the matching <c>...Scratch</c> length, which may be 0), so the caching
/// allocator owns all device memory. Asynchronous on the given stream. Signatures stable: gpu-a's dispatch calls them.
/// </summary>
internal static class GpuConv2d
{
    /// <summary>Scratch elements <see cref="Forward{T}"/> needs: the column matrix, none for a pointwise convolution.</summary>
    public static long ForwardScratch(in ConvShape s) => s.Pointwise ? 0 : s.ColumnElements;

    /// <summary>Scratch elements <see cref="BackwardInput{T}"/> needs.</summary>
    public static long BackwardInputScratch(in ConvShape s) => s.Pointwise ? 0 : s.ColumnElements;

    /// <summary>Scratch elements <see cref="BackwardWeight{T}"/> needs: the column matrix and the regrouped output gradient.</summary>
    public static long BackwardWeightScratch(in ConvShape s) => s.ColumnElements + (long)s.N * s.O * s.P;

    /// <summary>y [N, O, OH, OW] = conv(x [N, C, H, W], w [O, C/groups, KH, KW]).</summary>
    public static void Forward<T>(AcceleratorStream stream, ArrayView<T> x, ArrayView<T> w, ArrayView<T> y, ConvShape s, ArrayView<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((long)s.N * s.O * s.P == 0) return;
        var col = Columns(stream, x, s, scratch);
        int og = s.GroupOut, k = s.K, p = s.P;
        for (int g = 0; g < s.Groups; g++)
            GpuGemm.Run(stream, s.N, og, p, k, w.SubView((long)g * og * k), 0, false,
                        col.SubView((long)g * k * p), (long)s.Groups * k * p, false,
                        y.SubView((long)g * og * p), (long)s.O * p);
    }

    /// <summary>dx [N, C, H, W] from dy [N, O, OH, OW] and w.</summary>
    public static void BackwardInput<T>(AcceleratorStream stream, ArrayView<T> dy, ArrayView<T> w, ArrayView<T> dx, ConvShape s, ArrayView<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long inputs = (long)s.N * s.C * s.H * s.W;
        if (inputs == 0) return;
        if (s.P == 0 || s.O == 0)
        {
            dx.SubView(0, inputs).MemSetToZero(stream);
            return;
        }
        var col = s.Pointwise ? dx : scratch;
        int og = s.GroupOut, k = s.K, p = s.P;
        for (int g = 0; g < s.Groups; g++)
            GpuGemm.Run(stream, s.N, k, p, og, w.SubView((long)g * og * k), 0, true,
                        dy.SubView((long)g * og * p), (long)s.O * p, false,
                        col.SubView((long)g * k * p), (long)s.Groups * k * p);
        if (!s.Pointwise)
            Kernels<T>.Col2Im.For(stream.Accelerator)(stream, LaunchShape.Elements(inputs, "conv2d_backward_input"), col, dx, s,
                                                      ColumnLayout.PerImage(s));
    }

    /// <summary>dw [O, C/groups, KH, KW] from x and dy: one GEMM per group over all images at once.</summary>
    public static void BackwardWeight<T>(AcceleratorStream stream, ArrayView<T> x, ArrayView<T> dy, ArrayView<T> dw, ConvShape s, ArrayView<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int og = s.GroupOut, k = s.K;
        if ((long)s.O * k == 0) return;
        long columns = s.ColumnElements, np = (long)s.N * s.P;
        if (np == 0)
        {
            dw.SubView(0, (long)s.O * k).MemSetToZero(stream);
            return;
        }
        var col = scratch.SubView(0, columns);
        var dyT = scratch.SubView(columns, (long)s.N * s.O * s.P);
        var acc = stream.Accelerator;
        Kernels<T>.Im2Col.For(acc)(stream, LaunchShape.Elements(columns, "conv2d_backward_weight"), x, col, s, ColumnLayout.PerGroup(s));
        Kernels<T>.ChannelsOuter.For(acc)(stream, LaunchShape.Elements(dyT.Length, "conv2d_backward_weight"), dy, dyT, s);
        int npInt = LaunchShape.Elements(np, "conv2d_backward_weight");
        GpuGemm.Run(stream, s.Groups, og, k, npInt, dyT, (long)og * np, false, col, (long)k * np, true, dw, (long)og * k);
    }

    private static ArrayView<T> Columns<T>(AcceleratorStream stream, ArrayView<T> x, in ConvShape s, ArrayView<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (s.Pointwise) return x;
        var col = scratch.SubView(0, s.ColumnElements);
        Kernels<T>.Im2Col.For(stream.Accelerator)(stream, LaunchShape.Elements(s.ColumnElements, "conv2d"), x, col, s, ColumnLayout.PerImage(s));
        return col;
    }

    private static class Kernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ConvShape, ColumnLayout>> Im2Col =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvShape, ColumnLayout>(ConvColumnKernels.Im2Col<T>));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ConvShape, ColumnLayout>> Col2Im =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvShape, ColumnLayout>(ConvColumnKernels.Col2Im<T>));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ConvShape>> ChannelsOuter =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvShape>(ConvColumnKernels.ChannelsOuter<T>));
    }
}
