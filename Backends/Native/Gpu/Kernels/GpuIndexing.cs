using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>How an index element is read as a long (int32 and int64 index tensors share the kernels).</summary>
internal interface IIndexRead<TIndex> where TIndex : unmanaged
{
    /// <summary>Element <paramref name="i"/> of <paramref name="indices"/>.</summary>
    long Read(ArrayView<TIndex> indices, int i);
}

/// <summary>int32 indices.</summary>
internal readonly struct Int32Index : IIndexRead<int>
{
    /// <inheritdoc/>
    public long Read(ArrayView<int> indices, int i) => indices[i];
}

/// <summary>int64 indices.</summary>
internal readonly struct Int64Index : IIndexRead<long>
{
    /// <inheritdoc/>
    public long Read(ArrayView<long> indices, int i) => indices[i];
}

/// <summary>
/// Gather and scatter-add along one axis, with x viewed as [outer, axis, inner] and the indices flattened to [m]
/// (the CPU backend's Gather and ScatterAdd; embedding lookup and its gradient). Negative indices count from the
/// end. An index out of range does not throw inside a kernel: the element is skipped (gather writes 0) and
/// <c>error[0]</c> is raised to 1 + the largest offending position in the indices, so the caller can check one int
/// when it next reads, off the hot path; <c>error</c> must hold 0 before the launch. Scatter-add adds with atomics,
/// so float sums over repeated indices may round differently from run to run (the CPU adds in index order).
/// Asynchronous on the given stream. Signatures stable.
/// </summary>
internal static class GpuIndexing
{
    /// <summary>y [outer, m, inner] = x [outer, axisSize, inner] taken at indices [m].</summary>
    public static void Gather<T, TIndex, TRead>(AcceleratorStream stream, ArrayView<T> x, ArrayView<TIndex> indices, ArrayView<T> y,
                                                int outer, int axisSize, int inner, int m, ArrayView<int> error)
        where T : unmanaged where TIndex : unmanaged where TRead : struct, IIndexRead<TIndex>
    {
        long total = (long)outer * m * inner;
        if (total == 0) return;
        GatherKernels<T, TIndex, TRead>.Kernel.For(stream.Accelerator)(stream, LaunchShape.Elements(total, "gather"), x, indices, y,
                                                                        new AxisShape(axisSize, inner, m), error);
    }

    /// <summary>
    /// target [outer, axisSize, inner] += updates [outer, m, inner] at indices [m], in place (the caller copies the
    /// original target first when it must be kept). float32, float64, int32 and int64.
    /// </summary>
    public static void ScatterAdd<T, TIndex, TRead>(AcceleratorStream stream, ArrayView<T> target, ArrayView<TIndex> indices, ArrayView<T> updates,
                                                    int outer, int axisSize, int inner, int m, ArrayView<int> error)
        where T : unmanaged where TIndex : unmanaged where TRead : struct, IIndexRead<TIndex>
    {
        long total = (long)outer * m * inner;
        if (total == 0) return;
        int n = LaunchShape.Elements(total, "scatter_add");
        var shape = new AxisShape(axisSize, inner, m);
        var acc = stream.Accelerator;
        if (typeof(T) == typeof(float))
            ScatterKernels<TIndex, TRead>.Float.For(acc)(stream, n, target.Cast<float>(), indices, updates.Cast<float>(), shape, error);
        else if (typeof(T) == typeof(double))
            ScatterKernels<TIndex, TRead>.Double.For(acc)(stream, n, target.Cast<double>(), indices, updates.Cast<double>(), shape, error);
        else if (typeof(T) == typeof(int))
            ScatterKernels<TIndex, TRead>.Int.For(acc)(stream, n, target.Cast<int>(), indices, updates.Cast<int>(), shape, error);
        else if (typeof(T) == typeof(long))
            ScatterKernels<TIndex, TRead>.Long.For(acc)(stream, n, target.Cast<long>(), indices, updates.Cast<long>(), shape, error);
        else
            throw new NotSupportedException($"scatter_add: the GPU kernel takes float32, float64, int32 or int64, got {typeof(T).Name}.");
    }

    /// <summary>The axis being indexed: its size, the elements after it, the number of indices.</summary>
    internal readonly record struct AxisShape(int AxisSize, int Inner, int M);

    // Output element e = (o, j, i): the source offset of index j, or -1 (and the error flag) when out of range.
    private static long Source<TIndex, TRead>(int e, ArrayView<TIndex> indices, AxisShape s, ArrayView<int> error)
        where TIndex : unmanaged where TRead : struct, IIndexRead<TIndex>
    {
        int i = e % s.Inner, r = e / s.Inner, j = r % s.M, o = r / s.M;
        long raw = default(TRead).Read(indices, j);
        long k = raw < 0 ? raw + s.AxisSize : raw;
        if (k < 0 || k >= s.AxisSize)
        {
            Atomic.Max(ref error[0], j + 1);
            return -1;
        }
        return ((long)o * s.AxisSize + k) * s.Inner + i;
    }

    private static class GatherKernels<T, TIndex, TRead> where T : unmanaged where TIndex : unmanaged where TRead : struct, IIndexRead<TIndex>
    {
        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<TIndex>, ArrayView<T>, AxisShape, ArrayView<int>>> Kernel =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<TIndex>, ArrayView<T>, AxisShape, ArrayView<int>>(Run));

        private static void Run(Index1D e, ArrayView<T> x, ArrayView<TIndex> indices, ArrayView<T> y, AxisShape s, ArrayView<int> error)
        {
            long from = Source<TIndex, TRead>(e, indices, s, error);
            y[e] = from < 0 ? default : x[from];
        }
    }

    private static class ScatterKernels<TIndex, TRead> where TIndex : unmanaged where TRead : struct, IIndexRead<TIndex>
    {
        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<TIndex>, ArrayView<float>, AxisShape, ArrayView<int>>> Float =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<TIndex>, ArrayView<float>, AxisShape, ArrayView<int>>(AddFloat));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<double>, ArrayView<TIndex>, ArrayView<double>, AxisShape, ArrayView<int>>> Double =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<double>, ArrayView<TIndex>, ArrayView<double>, AxisShape, ArrayView<int>>(AddDouble));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<int>, ArrayView<TIndex>, ArrayView<int>, AxisShape, ArrayView<int>>> Int =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<int>, ArrayView<TIndex>, ArrayView<int>, AxisShape, ArrayView<int>>(AddInt));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<long>, ArrayView<TIndex>, ArrayView<long>, AxisShape, ArrayView<int>>> Long =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<long>, ArrayView<TIndex>, ArrayView<long>, AxisShape, ArrayView<int>>(AddLong));

        private static void AddFloat(Index1D e, ArrayView<float> t, ArrayView<TIndex> idx, ArrayView<float> u, AxisShape s, ArrayView<int> error)
        {
            long to = Source<TIndex, TRead>(e, idx, s, error);
            if (to >= 0) Atomic.Add(ref t[to], u[e]);
        }

        private static void AddDouble(Index1D e, ArrayView<double> t, ArrayView<TIndex> idx, ArrayView<double> u, AxisShape s, ArrayView<int> error)
        {
            long to = Source<TIndex, TRead>(e, idx, s, error);
            if (to >= 0) Atomic.Add(ref t[to], u[e]);
        }

        private static void AddInt(Index1D e, ArrayView<int> t, ArrayView<TIndex> idx, ArrayView<int> u, AxisShape s, ArrayView<int> error)
        {
            long to = Source<TIndex, TRead>(e, idx, s, error);
            if (to >= 0) Atomic.Add(ref t[to], u[e]);
        }

        private static void AddLong(Index1D e, ArrayView<long> t, ArrayView<TIndex> idx, ArrayView<long> u, AxisShape s, ArrayView<int> error)
        {
            long to = Source<TIndex, TRead>(e, idx, s, error);
            if (to >= 0) Atomic.Add(ref t[to], u[e]);
        }
    }
}
