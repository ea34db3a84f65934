using System.Numerics;
using KerasSharp.Backends.Native.Gpu;
using R = KerasSharp.Backends.Native.ReduceKernels;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend
{
    /// <inheritdoc/>
    public Tensor Reduce(ReduceOp op, Tensor x, int[] axes, bool keepDims, Shape outShape)
    {
        if (x.DType == DType.Bool)
        {
            if (op != ReduceOp.Sum) throw Dispatch.Unsupported(op.ToString(), x.DType);
            using var asLong = Cast(x, DType.Int64);
            return Reduce(op, asLong, axes, keepDims, outShape);
        }
        if (GpuLaunch.OnGpu(x))
            return op == ReduceOp.Mean && !x.DType.IsFloating() ? throw Dispatch.Unsupported("Mean", x.DType) : GpuReduce.Reduce(this, op, x, axes, outShape);
        if (op == ReduceOp.Mean)
            return Dispatch.Float<Tensor, ReduceFn>(x.DType, new(this, op, x, axes, outShape), "Mean");
        return Dispatch.Numeric<Tensor, ReduceFn>(x.DType, new(this, op, x, axes, outShape), op.ToString());
    }

    private readonly record struct ReduceFn(NativeBackend B, ReduceOp Op, Tensor X, int[] Axes, Shape Out) :
        INumericFn<Tensor>, IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var dims = X.Shape.ToArray();
            var reduced = new bool[dims.Length];
            foreach (var a in Axes) reduced[a] = true;
            long n = 1, kept = 1;
            for (int d = 0; d < dims.Length; d++) { if (reduced[d]) n *= dims[d]; else kept *= dims[d]; }
            T[] result;
            if (n == 0)
            {
                if (Op is ReduceOp.Max or ReduceOp.Min)
                    throw new ArgumentException($"{Op}: cannot reduce {X.Shape} over empty axes [{string.Join(",", Axes)}].");
                result = NativeTensors.Alloc<T>((int)kept);
                result.AsSpan().Fill(Op == ReduceOp.Prod ? T.One : Op == ReduceOp.Mean ? T.CreateTruncating(double.NaN) : T.Zero);
            }
            else
            {
                result = ReduceGroups<T>(Op, NativeTensors.Data<T>(X), ReduceGroup.Of(dims, reduced));
                if (Op == ReduceOp.Mean)
                    System.Numerics.Tensors.TensorPrimitives.Divide<T>(result, T.CreateTruncating(n), result);
            }
            return NativeTensors.Wrap(B, result, Out);
        }

        Tensor IFloatFn<Tensor>.Run<T>() => Run<T>();
    }

    /// <summary>
    /// Reduces the reduced groups one at a time, innermost first, each an [outer, n, inner] reduction of the
    /// previous result (no permuted copy of the input: channels-first batch statistics sum each image's rows,
    /// then the batch).
    /// </summary>
    private static T[] ReduceGroups<T>(ReduceOp op, T[] data, List<ReduceGroup> groups) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var current = data;
        do
        {
            int g = groups.FindLastIndex(x => x.Reduced);
            long outer = 1, inner = 1;
            for (int i = 0; i < groups.Count; i++) { if (i < g) outer *= groups[i].Size; else if (i > g) inner *= groups[i].Size; }
            int n = g < 0 ? 1 : groups[g].Size;
            var next = op switch
            {
                ReduceOp.Sum or ReduceOp.Mean => SumKernels.Sum(current, (int)outer, n, (int)inner),
                ReduceOp.Prod => R.Reduce<T, ProdReduce<T>>(current, (int)outer, n, (int)inner),
                ReduceOp.Max => R.Reduce<T, MaxReduce<T>>(current, (int)outer, n, (int)inner),
                _ => R.Reduce<T, MinReduce<T>>(current, (int)outer, n, (int)inner),
            };
            if (!ReferenceEquals(current, data)) BufferPool<T>.Return(current);
            current = next;
            if (g >= 0) ReduceGroup.Remove(groups, g);
        }
        while (groups.Exists(x => x.Reduced));
        return current;
    }

    /// <inheritdoc/>
    public Tensor ArgReduce(ArgReduceOp op, Tensor x, int axis, bool keepDims, Shape outShape) =>
        GpuLaunch.OnGpu(x) ? GpuReduce.ArgReduce(this, op, x, axis, outShape) :
        Dispatch.Numeric<Tensor, ArgFn>(x.DType, new(this, op, x, axis, outShape), op.ToString());

    private readonly record struct ArgFn(NativeBackend B, ArgReduceOp Op, Tensor X, int Axis, Shape Out) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var (outer, n, inner) = AxisView(X.Shape, Axis);
            if (n == 0) throw new ArgumentException($"{Op}: axis {Axis} of {X.Shape} is empty.");
            return NativeTensors.Wrap(B, R.ArgReduce(NativeTensors.Data<T>(X), outer, n, inner, Op == ArgReduceOp.ArgMax), Out);
        }
    }

    /// <inheritdoc/>
    public Tensor CumSum(Tensor x, int axis, bool reverse) =>
        GpuLaunch.OnGpu(x) ? GpuScanTopK.CumSum(this, x, axis, reverse) :
        Dispatch.Numeric<Tensor, CumSumFn>(x.DType, new(this, x, axis, reverse), "CumSum");

    private readonly record struct CumSumFn(NativeBackend B, Tensor X, int Axis, bool Reverse) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var (outer, n, inner) = AxisView(X.Shape, Axis);
            return NativeTensors.Wrap(B, R.CumSum(NativeTensors.Data<T>(X), outer, n, inner, Reverse), X.Shape);
        }
    }

    /// <inheritdoc/>
    public (Tensor Values, Tensor Indices) TopK(Tensor x, int k, bool largest) =>
        GpuLaunch.OnGpu(x) ? GpuScanTopK.TopK(this, x, k, largest) :
        Dispatch.Numeric<(Tensor, Tensor), TopKFn>(x.DType, new(this, x, k, largest), "TopK");

    private readonly record struct TopKFn(NativeBackend B, Tensor X, int K, bool Largest) : INumericFn<(Tensor, Tensor)>
    {
        public (Tensor, Tensor) Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            int n = X.Rank == 0 ? 1 : X.Shape[-1];
            int rows = n == 0 ? 0 : X.Size / n;
            var dims = X.Shape.ToArray();
            if (dims.Length > 0) dims[^1] = K;
            var outShape = new Shape(dims);
            var (v, i) = R.TopK(NativeTensors.Data<T>(X), rows, n, K, Largest);
            return (NativeTensors.Wrap(B, v, outShape), NativeTensors.Wrap(B, i, outShape));
        }
    }

    /// <inheritdoc/>
    public Tensor Softmax(Tensor x, int axis) => GpuLaunch.OnGpu(x) ? GpuReduce.Softmax(this, x, axis, false) : Dispatch.Float<Tensor, SoftmaxFn>(x.DType, new(this, x, axis, false), "Softmax");

    /// <inheritdoc/>
    public Tensor LogSoftmax(Tensor x, int axis) => GpuLaunch.OnGpu(x) ? GpuReduce.Softmax(this, x, axis, true) : Dispatch.Float<Tensor, SoftmaxFn>(x.DType, new(this, x, axis, true), "LogSoftmax");

    private readonly record struct SoftmaxFn(NativeBackend B, Tensor X, int Axis, bool Log) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var (outer, n, inner) = AxisView(X.Shape, Axis);
            return NativeTensors.Wrap(B, SoftmaxKernels.Run(NativeTensors.Data<T>(X), outer, n, inner, Log), X.Shape);
        }
    }

    /// <summary>The shape as [outer, n, inner] around <paramref name="axis"/>.</summary>
    internal static (int Outer, int N, int Inner) AxisView(Shape s, int axis)
    {
        if (s.Rank == 0) return (1, 1, 1);
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= s[d];
        for (int d = axis + 1; d < s.Rank; d++) inner *= s[d];
        return (outer, s[axis], inner);
    }
}
