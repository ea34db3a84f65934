using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// Channels-last 2-D convolution and both gradients (x [N, H, W, C], Keras kernel [KH, KW, C, O], y [N, OH, OW, O]),
/// the layout of the CPU backend's IChannelsLastKernels / IChannelsLastGradKernels, without their fused epilogue
/// (scale, shift, residual, ReLU, bias: elementwise ops after the convolution). One GEMM over all images per call:
/// y [N·P, O] = colᵀ · kernel. Groups must be 1 (a grouped channels-last convolution goes through the NCHW path).
/// Scratch: <see cref="Scratch"/> elements. Asynchronous on the given stream. Signatures stable.
/// </summary>
internal static class GpuConv2dChannelsLast
{
    /// <summary>Scratch elements each of the three calls needs (the column matrix).</summary>
    public static long Scratch(in ConvShape s) => s.ColumnElements;

    /// <summary>y [N, OH, OW, O] = conv(x [N, H, W, C], kernel [KH, KW, C, O]).</summary>
    public static void Forward<T>(AcceleratorStream stream, ArrayView<T> x, ArrayView<T> kernel, ArrayView<T> y, ConvShape s, ArrayView<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int np = Check(s, "conv2d"), k = s.K;
        if (np == 0 || s.O == 0) return;
        var col = Columns(stream, x, s, scratch);
        GpuGemm.Run(stream, 1, np, s.O, k, col, 0, true, kernel, 0, false, y, 0);
    }

    /// <summary>dx [N, H, W, C] from dy [N, OH, OW, O] and the kernel.</summary>
    public static void BackwardInput<T>(AcceleratorStream stream, ArrayView<T> dy, ArrayView<T> kernel, ArrayView<T> dx, ConvShape s, ArrayView<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int np = Check(s, "conv2d_backward_input"), k = s.K;
        long inputs = (long)s.N * s.H * s.W * s.C;
        if (inputs == 0) return;
        if (np == 0 || s.O == 0)
        {
            dx.SubView(0, inputs).MemSetToZero(stream);
            return;
        }
        var col = scratch.SubView(0, s.ColumnElements);
        GpuGemm.Run(stream, 1, k, np, s.O, kernel, 0, false, dy, 0, true, col, 0);
        Kernels<T>.Col2Im.For(stream.Accelerator)(stream, LaunchShape.Elements(inputs, "conv2d_backward_input"), col, dx, s);
    }

    /// <summary>dkernel [KH, KW, C, O] from x and dy.</summary>
    public static void BackwardWeight<T>(AcceleratorStream stream, ArrayView<T> x, ArrayView<T> dy, ArrayView<T> dkernel, ConvShape s, ArrayView<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int np = Check(s, "conv2d_backward_weight"), k = s.K;
        if ((long)k * s.O == 0) return;
        if (np == 0)
        {
            dkernel.SubView(0, (long)k * s.O).MemSetToZero(stream);
            return;
        }
        var col = Columns(stream, x, s, scratch);
        GpuGemm.Run(stream, 1, k, s.O, np, col, 0, false, dy, 0, false, dkernel, 0);
    }

    private static int Check(in ConvShape s, string op)
    {
        if (s.Groups != 1)
            throw new NotSupportedException($"{op}: the channels-last GPU convolution takes groups=1, got {s.Groups}; use the NCHW kernels (GpuConv2d) for grouped convolutions.");
        LaunchShape.Elements(s.ColumnElements, op);
        return LaunchShape.Elements((long)s.N * s.P, op);
    }

    private static ArrayView<T> Columns<T>(AcceleratorStream stream, ArrayView<T> x, in ConvShape s, ArrayView<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var col = scratch.SubView(0, s.ColumnElements);
        Kernels<T>.Im2Col.For(stream.Accelerator)(stream, (int)s.ColumnElements, x, col, s);
        return col;
    }

    private static class Kernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ConvShape>> Im2Col =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvShape>(ChannelsLastColumnKernels.Im2Col<T>));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ConvShape>> Col2Im =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvShape>(ChannelsLastColumnKernels.Col2Im<T>));
    }
}
