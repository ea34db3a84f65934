using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// Inclusive prefix sums along n of x viewed as [outer, n, inner] (the CPU backend's CumSum). One thread per
/// (outer, inner) line adds in order along n, first to last or last to first, as the CPU does, so floats round
/// the same and give the CPU's bits; integers wrap as on the CPU. Any numeric element type (float, double, int,
/// long, byte). Asynchronous on the given stream. Signatures stable.
/// </summary>
internal static class GpuCumSum
{
    /// <summary>y [outer, n, inner] = running sums of x along n, from the end when <paramref name="reverse"/>.</summary>
    public static void Run<T>(AcceleratorStream stream, ArrayView<T> x, ArrayView<T> y, int outer, int n, int inner, bool reverse)
        where T : unmanaged, INumber<T>
    {
        long lines = (long)outer * inner;
        if (lines == 0 || n == 0) return;
        Kernels<T>.Scan.For(stream.Accelerator)(stream, LaunchShape.Elements(lines, "cumsum"), x, y, new ScanShape(n, inner, reverse ? 1 : 0));
    }

    /// <summary>The scanned axis: its length, the elements after it, and the direction (1: from the end).</summary>
    internal readonly record struct ScanShape(int N, int Inner, int Reverse);

    // Line e = (o, i): neighbouring threads take neighbouring columns, so their reads along n coalesce.
    private static void ScanKernel<T>(Index1D e, ArrayView<T> x, ArrayView<T> y, ScanShape s) where T : unmanaged, INumber<T>
    {
        int o = e / s.Inner, i = e - o * s.Inner;
        long step = s.Inner, at = (long)o * s.N * s.Inner + i;
        if (s.Reverse != 0)
        {
            at += (s.N - 1) * step;
            step = -step;
        }
        T acc = x[at];
        y[at] = acc;
        for (int k = 1; k < s.N; k++)
        {
            at += step;
            acc += x[at];
            y[at] = acc;
        }
    }

    private static class Kernels<T> where T : unmanaged, INumber<T>
    {
        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ScanShape>> Scan =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ScanShape>(ScanKernel<T>));
    }
}
