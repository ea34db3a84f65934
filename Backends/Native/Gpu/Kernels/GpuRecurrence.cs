using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// The fused recurrence (IFusedRecurrentKernels) on an accelerator, as the CPU kernel computes it
/// (<see cref="RecurrentKernel"/>): one GEMM projects every step's input; per step one GEMM u = h·R and one gate kernel
/// (<see cref="RecurrentStepKernels"/>); the backward runs through time with one gate-gradient kernel and one GEMM
/// dh += dz·Rᵀ per step, then dR, dKernel, dInputs as whole-sequence GEMMs and the bias gradients as column sums.
/// Buffers are dense views; an absent optional one (bias, recurrent bias, c0, mask, a gradient not wanted) is a view of
/// length 0. Asynchronous on the given stream. Signatures stable: the GPU check's parity suite calls them.
/// </summary>
internal static class GpuRecurrence
{
    private static long _runs;

    /// <summary>Forward and backward passes run so far (all accelerators): lets tests see that the fused path ran.</summary>
    public static long Runs => Interlocked.Read(ref _runs);

    /// <summary>
    /// packed [PackedLength] and saved [SavedLength] from inputs [B, T, F], kernel [F, GU], bias [GU], r [U, GU],
    /// rb [GU], h0 and c0 [B, U], mask bytes [B, T]; scratch: projection [ProjectionLength], product [B, GU].
    /// </summary>
    public static void Forward<T>(AcceleratorStream stream, RecurrenceShape s, ArrayView<T> inputs, ArrayView<T> kernel, ArrayView<T> bias,
                                  ArrayView<T> r, ArrayView<T> rb, ArrayView<T> h0, ArrayView<T> c0, ArrayView<byte> mask,
                                  ArrayView<T> packed, ArrayView<T> saved, ArrayView<T> projection, ArrayView<T> product)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(s, c0, mask);
        Interlocked.Increment(ref _runs);
        int bu = s.B * s.U;
        // bias is added by the gate kernel: x + bias, then + h·R, as the CPU rounds
        GpuGemm.Run(stream, 1, s.B * s.T, s.GU, s.F, inputs, 0, false, kernel, 0, false, projection, 0);
        saved.SubView(s.HOffset, bu).CopyFrom(stream, h0.SubView(0, bu));
        if (s.Kind == RecurrenceShape.Lstm) saved.SubView(s.COffset, bu).CopyFrom(stream, c0.SubView(0, bu));
        var step = Kernels<T>.Forward.For(stream.Accelerator);
        var m = Or(mask, saved);
        for (int k = 0; k < s.T; k++)
        {
            GpuGemm.Run(stream, 1, s.B, s.GU, s.U, saved.SubView(s.HOffset + (long)k * bu, bu), 0, false, r, 0, false, product, 0);
            step(stream, bu, projection, product, Or(bias, r), Or(rb, r), m, saved, packed, s, k);
        }
    }

    /// <summary>
    /// The gradients from gradPacked [PackedLength]: dInputs [B, T, F], dKernel [F, GU], dBias [GU], dR [U, GU], dRb [GU]
    /// (each skipped when of length 0), dh and dc [B, U] (end as the gradients of h0 and c0); scratch: dx and dzAll
    /// [ProjectionLength], dOut [B, U].
    /// </summary>
    public static void Backward<T>(AcceleratorStream stream, RecurrenceShape s, ArrayView<T> inputs, ArrayView<T> kernel, ArrayView<T> r,
                                   ArrayView<byte> mask, ArrayView<T> saved, ArrayView<T> gradPacked,
                                   ArrayView<T> dInputs, ArrayView<T> dKernel, ArrayView<T> dBias, ArrayView<T> dR, ArrayView<T> dRb,
                                   ArrayView<T> dh, ArrayView<T> dc, ArrayView<T> dx, ArrayView<T> dzAll, ArrayView<T> dOut)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(s, dc, mask);
        Interlocked.Increment(ref _runs);
        int bu = s.B * s.U, n = s.B * s.T;
        var acc = stream.Accelerator;
        var dcv = Or(dc, dh);
        Kernels<T>.Start.For(acc)(stream, bu, gradPacked, dh, dcv, dOut, s);
        var step = Kernels<T>.Backward.For(acc);
        var m = Or(mask, saved);
        for (int k = s.T - 1; k >= 0; k--)
        {
            step(stream, bu, saved, gradPacked, m, dh, dcv, dOut, dzAll, dx, s, k);
            // d h_prev += dz · Rᵀ (R stored [U, GU]); masked rows have dz = 0 and keep their dh
            GpuGemm.Run(stream, 1, s.B, s.U, s.GU, dzAll.SubView((long)k * s.B * s.GU, (long)s.B * s.GU), 0, false, r, 0, true, dh, 0, accumulate: true);
        }
        // dR = Σ_k h_{k-1}ᵀ · dz_k: the h before every step are rows [T·B, U] of saved, the dz rows [T·B, GU] of dzAll
        if (dR.Length > 0)
            GpuGemm.Run(stream, 1, s.U, s.GU, s.T * s.B, saved.SubView(s.HOffset, (long)s.T * bu), 0, true, dzAll, 0, false, dR, 0);
        if (dRb.Length > 0) ColumnSums(stream, dzAll, dRb, s.T * s.B, s.GU);
        if (dInputs.Length > 0) GpuGemm.Run(stream, 1, n, s.F, s.GU, dx, 0, false, kernel, 0, true, dInputs, 0);
        if (dKernel.Length > 0) GpuGemm.Run(stream, 1, s.F, s.GU, n, inputs, 0, true, dx, 0, false, dKernel, 0);
        if (dBias.Length > 0) ColumnSums(stream, dx, dBias, n, s.GU);
    }

    private static void ColumnSums<T>(AcceleratorStream stream, ArrayView<T> m, ArrayView<T> sums, int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Kernels<T>.Sums.For(stream.Accelerator)(stream, columns, m, sums, rows, columns);

    // the kernels take a valid view where an optional buffer is absent; its flag in the shape keeps it unread
    private static ArrayView<TV> Or<TV, TF>(ArrayView<TV> v, ArrayView<TF> fallback) where TV : unmanaged where TF : unmanaged =>
        v.Length > 0 ? v : fallback.Cast<TV>();

    private static void Check<T>(RecurrenceShape s, ArrayView<T> c, ArrayView<byte> mask) where T : unmanaged
    {
        LaunchShape.RequireFloat<T>("recurrence");
        LaunchShape.Elements(Math.Max(s.SavedLength, Math.Max(s.ProjectionLength, (long)s.B * s.T * s.F)), "recurrence");
        if ((s.HasMask != 0) != (mask.Length > 0) || (s.Kind == RecurrenceShape.Lstm) != (c.Length > 0))
            throw new ArgumentException("recurrence: the mask or the cell state does not match the shape's flags.");
    }

    private static class Kernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<byte>,
                                                  ArrayView<T>, ArrayView<T>, RecurrenceShape, int>> Forward =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<byte>, ArrayView<T>, ArrayView<T>,
                                             RecurrenceShape, int>(RecurrentStepKernels.Forward<T>));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, RecurrenceShape>> Start =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, RecurrenceShape>(RecurrentStepKernels.BackwardStart<T>));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<byte>, ArrayView<T>, ArrayView<T>,
                                                  ArrayView<T>, ArrayView<T>, ArrayView<T>, RecurrenceShape, int>> Backward =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<byte>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
                                             ArrayView<T>, RecurrenceShape, int>(RecurrentStepKernels.Backward<T>));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, int, int>> Sums =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, int, int>(RecurrentStepKernels.ColumnSums<T>));
    }
}
