using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// The k largest (or smallest) entries of each row of x [rows, n], sorted, with their indices (the CPU backend's
/// TopK): the CPU's order exactly, i.e. NaN ranks above every number (first when largest, last when smallest),
/// equal entries (-0 and +0 among them, and NaNs) keep index order. One thread per row inserts each entry, in index
/// order, into the row's k output slots, which stay sorted; no scratch memory. Any numeric element type.
/// Asynchronous on the given stream. Signatures stable.
/// </summary>
internal static class GpuTopK
{
    /// <summary>
    /// values [rows, k] and indices [rows, k] (int64) from x [rows, n]; <paramref name="k"/> must be at most
    /// <paramref name="n"/>.
    /// </summary>
    public static void Run<T>(AcceleratorStream stream, ArrayView<T> x, ArrayView<T> values, ArrayView<long> indices,
                              int rows, int n, int k, bool largest)
        where T : unmanaged, INumber<T>
    {
        if (k < 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"top_k: k={k} is out of range for rows of {n}.");
        if (rows == 0 || k == 0) return;
        Kernels<T>.Select.For(stream.Accelerator)(stream, rows, x, values, indices, new TopKShape(n, k, largest ? 1 : 0));
    }

    /// <summary>Row length, entries kept per row, and the direction (1: largest first).</summary>
    internal readonly record struct TopKShape(int N, int K, int Largest);

    // Slots 0..count-1 of the row hold the first entries of x[0..j) in the order; entry j goes after every slot it
    // does not strictly outrank (so a tie stays behind the lower index), and the last slot falls off when full.
    private static void SelectKernel<T>(Index1D r, ArrayView<T> x, ArrayView<T> values, ArrayView<long> indices, TopKShape s)
        where T : unmanaged, INumber<T>
    {
        int row = r;
        long from = (long)row * s.N, to = (long)row * s.K;
        int count = 0;
        for (int j = 0; j < s.N; j++)
        {
            T v = x[from + j];
            int p = count;
            while (p > 0 && Outranks(v, values[to + p - 1], s.Largest)) p--;
            if (p == s.K) continue;
            int last = count < s.K ? count : s.K - 1;
            for (int q = last; q > p; q--)
            {
                values[to + q] = values[to + q - 1];
                indices[to + q] = indices[to + q - 1];
            }
            values[to + p] = v;
            indices[to + p] = j;
            if (count < s.K) count++;
        }
    }

    // Whether a comes strictly before b: the CPU's total order, NaN above every number and equal to NaN.
    private static bool Outranks<T>(T a, T b, int largest) where T : INumber<T>
    {
        bool na = T.IsNaN(a), nb = T.IsNaN(b);
        int c = na || nb ? (na == nb ? 0 : na ? 1 : -1) : a < b ? -1 : a > b ? 1 : 0;
        return largest != 0 ? c > 0 : c < 0;
    }

    private static class Kernels<T> where T : unmanaged, INumber<T>
    {
        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<long>, TopKShape>> Select =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<long>, TopKShape>(SelectKernel<T>));
    }
}
