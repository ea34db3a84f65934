using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// Reductions on the GPU. Reduced axes that form one run are read in place as an [outer, n, inner] view (others
/// are moved last first, one strided gather). Many outputs: one thread per output, a compensated (Kahan) sum
/// whose error does not grow with n. Few long rows: one group per row, every thread folding a strided share
/// (compensated), then the partials added as a tree in shared memory. Either way the error stays within the
/// CPU's pairwise bound.
/// Max and min let NaN win, as on the CPU. Arg-reductions, softmax and log-softmax give one thread per
/// [outer, inner] column of the [outer, n, inner] view (neighbouring threads read neighbouring columns).
/// </summary>
internal static class GpuReduce
{
    private const int MaxGroup = 256;
    private const int Sum = 0, Max = 1, Min = 2, Prod = 3, Mean = 4;

    public static Tensor Reduce(NativeBackend b, ReduceOp op, Tensor x, int[] axes, Shape outShape) =>
        Dispatch.Numeric<Tensor, ReduceFn>(x.DType, new(b, op, x, axes, outShape), op.ToString());

    private readonly record struct ReduceFn(NativeBackend B, ReduceOp Op, Tensor X, int[] Axes, Shape Out) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var src = GpuLaunch.Of(X);
            var device = src.GpuDevice;
            int rank = X.Rank;
            var reduced = new bool[rank];
            foreach (var a in Axes) reduced[a] = true;
            int n = 1;
            foreach (var a in Axes) n *= X.Shape[a];
            int kept = n == 0 ? Out.Size : X.Size / n;
            var (result, dst) = GpuLaunch.New<T>(B, device, Out);
            if (kept == 0) return result;
            if (n == 0)
            {
                if (Op is ReduceOp.Max or ReduceOp.Min)
                {
                    result.Dispose();
                    throw new ArgumentException($"{Op}: cannot reduce {X.Shape} over empty axes [{string.Join(",", Axes)}].");
                }
                T fill = Op == ReduceOp.Prod ? T.One : Op == ReduceOp.Mean ? T.CreateTruncating(double.NaN) : T.Zero;
                GpuCreation.FillView(device, dst.ViewAs<T>(), fill);
                return result;
            }
            int kind = Op switch { ReduceOp.Sum => Sum, ReduceOp.Max => Max, ReduceOp.Min => Min, ReduceOp.Prod => Prod, _ => Mean };
            // Reduced axes in one run: read the [outer, n, inner] view in place. Otherwise move them last first.
            int first = Array.IndexOf(reduced, true), last = Array.LastIndexOf(reduced, true);
            bool run = Axes.Length == last - first + 1;
            Tensor? moved = null;
            int outer = 1, inner = 1;
            var view = src.ViewAs<T>();
            if (run)
            {
                for (int d = 0; d < first; d++) outer *= X.Shape[d];
                for (int d = last + 1; d < rank; d++) inner *= X.Shape[d];
            }
            else
            {
                var shape = X.Shape;
                var perm = Enumerable.Range(0, rank).Where(d => !reduced[d]).Concat(Enumerable.Range(0, rank).Where(d => reduced[d])).ToArray();
                moved = GpuLayout.Permute(B, X, perm, new Shape(perm.Select(d => shape[d]).ToArray()));
                view = GpuLaunch.Of(moved).ViewAs<T>();
                outer = kept;
            }
            try
            {
                if (inner == 1 && outer < 256 && n >= 4096)
                {
                    // Few long rows: a group per row, partials added as a tree in shared memory.
                    var k = device.Kernel<Action<KernelConfig, ArrayView<T>, ArrayView<T>, int, int, T>>(
                        (Action<ArrayView<T>, ArrayView<T>, int, int, T>)RowKernel<T>,
                        a => a.LoadStreamKernel<ArrayView<T>, ArrayView<T>, int, int, T>(RowKernel<T>));
                    k(new KernelConfig(outer, GroupSize(device)), view, dst.ViewAs<T>(), n, kind, T.CreateTruncating(n));
                }
                else
                {
                    // Many outputs: one thread each, neighbouring threads on neighbouring columns.
                    var k = device.Kernel<Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, T>>(
                        (Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, T>)ColumnKernel<T>,
                        a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, T>(ColumnKernel<T>));
                    k(kept, view, dst.ViewAs<T>(), n, inner, kind, T.CreateTruncating(n));
                }
                return result;
            }
            finally { moved?.Dispose(); }
        }
    }

    // Output i reduces x[o, 0..n, j] for i = o * inner + j; sums are compensated (Kahan).
    private static void ColumnKernel<T>(Index1D i, ArrayView<T> x, ArrayView<T> o, int n, int inner, int kind, T count) where T : unmanaged, INumber<T>
    {
        int outerIdx = i / inner, innerIdx = i - outerIdx * inner;
        long at = (long)outerIdx * n * inner + innerIdx;
        T acc = kind == Prod ? T.One : kind == Max || kind == Min ? x[at] : T.Zero;
        T c = T.Zero;
        for (int r = 0; r < n; r++)
        {
            T v = x[at + (long)r * inner];
            if (kind == Sum || kind == Mean)
            {
                T y = v - c, s = acc + y;
                c = (s - acc) - y;
                acc = s;
            }
            else if (kind == Max) acc = T.Max(acc, v);
            else if (kind == Min) acc = T.Min(acc, v);
            else acc *= v;
        }
        o[i] = kind == Mean ? acc / count : acc;
    }

    private static int GroupSize(GpuDevice device)
    {
        int g = Math.Min(MaxGroup, device.Accelerator.MaxNumThreadsPerGroup);
        return 1 << (31 - BitOperations.LeadingZeroCount((uint)g));
    }

    // count is n as T (for the mean): generic conversions do not compile in kernels.
    private static void RowKernel<T>(ArrayView<T> x, ArrayView<T> o, int n, int kind, T count) where T : unmanaged, INumber<T>
    {
        var partial = SharedMemory.Allocate<T>(MaxGroup);
        int t = Group.IdxX, g = Group.DimX;
        long row = (long)Grid.IdxX * n;
        T acc = kind == Prod ? T.One : kind == Max || kind == Min ? x[row] : T.Zero;
        T c = T.Zero;
        for (int j = t; j < n; j += g)
        {
            T v = x[row + j];
            if (kind == Sum || kind == Mean)
            {
                T y = v - c, s = acc + y;
                c = (s - acc) - y;
                acc = s;
            }
            else if (kind == Max) acc = T.Max(acc, v);
            else if (kind == Min) acc = T.Min(acc, v);
            else acc *= v;
        }
        partial[t] = acc;
        Group.Barrier();
        for (int half = g / 2; half > 0; half /= 2)
        {
            if (t < half)
            {
                T a = partial[t], b = partial[t + half];
                partial[t] = kind == Max ? T.Max(a, b) : kind == Min ? T.Min(a, b) : kind == Prod ? a * b : a + b;
            }
            Group.Barrier();
        }
        if (t == 0) o[Grid.IdxX] = kind == Mean ? partial[0] / count : partial[0];
    }

    public static Tensor ArgReduce(NativeBackend b, ArgReduceOp op, Tensor x, int axis, Shape outShape) =>
        Dispatch.Numeric<Tensor, ArgFn>(x.DType, new(b, op, x, axis, outShape), op.ToString());

    private readonly record struct ArgFn(NativeBackend B, ArgReduceOp Op, Tensor X, int Axis, Shape Out) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var (outer, n, inner) = NativeBackend.AxisView(X.Shape, Axis);
            if (n == 0) throw new ArgumentException($"{Op}: axis {Axis} of {X.Shape} is empty.");
            var src = GpuLaunch.Of(X);
            var (result, dst) = GpuLaunch.New<long>(B, src.GpuDevice, Out);
            if (outer * inner == 0) return result;
            var k = src.GpuDevice.Kernel<Action<Index1D, ArrayView<T>, ArrayView<long>, int, int, int>>(
                (Action<Index1D, ArrayView<T>, ArrayView<long>, int, int, int>)ArgKernel<T>,
                a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<long>, int, int, int>(ArgKernel<T>));
            k(outer * inner, src.ViewAs<T>(), dst.ViewAs<long>(), n, inner, Op == ArgReduceOp.ArgMax ? 1 : 0);
            return result;
        }
    }

    // First extreme wins ties; the first NaN wins outright, as on the CPU.
    private static void ArgKernel<T>(Index1D i, ArrayView<T> x, ArrayView<long> o, int n, int inner, int max) where T : unmanaged, INumber<T>
    {
        int outerIdx = i / inner, innerIdx = i - outerIdx * inner;
        long at = (long)outerIdx * n * inner + innerIdx;
        T best = x[at];
        long bi = 0;
        if (!T.IsNaN(best))
            for (int r = 1; r < n; r++)
            {
                T v = x[at + (long)r * inner];
                if (T.IsNaN(v)) { bi = r; break; }
                if (max == 1 ? v > best : v < best) { best = v; bi = r; }
            }
        o[i] = bi;
    }

    public static Tensor Softmax(NativeBackend b, Tensor x, int axis, bool log) =>
        Dispatch.Float<Tensor, SoftmaxFn>(x.DType, new(b, x, axis, log), log ? "LogSoftmax" : "Softmax");

    private readonly record struct SoftmaxFn(NativeBackend B, Tensor X, int Axis, bool Log) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var (outer, n, inner) = NativeBackend.AxisView(X.Shape, Axis);
            var src = GpuLaunch.Of(X);
            var (result, dst) = GpuLaunch.New<T>(B, src.GpuDevice, X.Shape);
            if (X.Size == 0) return result;
            var k = src.GpuDevice.Kernel<Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>>(
                (Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>)SoftmaxKernel<T>,
                a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>(SoftmaxKernel<T>));
            k(outer * inner, src.ViewAs<T>(), dst.ViewAs<T>(), n, inner, Log ? 1 : 0);
            return result;
        }
    }

    // One row per thread in one kernel: max, compensated sum of exp(x - max), then the outputs.
    private static void SoftmaxKernel<T>(Index1D i, ArrayView<T> x, ArrayView<T> o, int n, int inner, int log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outerIdx = i / inner, innerIdx = i - outerIdx * inner;
        long at = (long)outerIdx * n * inner + innerIdx;
        T max = x[at];
        for (int r = 1; r < n; r++) max = T.Max(max, x[at + (long)r * inner]);
        if (T.IsInfinity(max)) max = T.Zero;
        T sum = T.Zero, c = T.Zero;
        for (int r = 0; r < n; r++)
        {
            T y = T.Exp(x[at + (long)r * inner] - max) - c, s = sum + y;
            c = (s - sum) - y;
            sum = s;
        }
        if (log == 1)
        {
            T shift = max + T.Log(sum);
            for (int r = 0; r < n; r++) o[at + (long)r * inner] = x[at + (long)r * inner] - shift;
        }
        else
        {
            T inv = T.One / sum;
            for (int r = 0; r < n; r++) o[at + (long)r * inner] = T.Exp(x[at + (long)r * inner] - max) * inv;
        }
    }
}
