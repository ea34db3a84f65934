using System.Numerics;
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
        if (op == ReduceOp.Mean)
            return Dispatch.Float<Tensor, ReduceFn>(x.DType, new(this, op, x, axes, outShape), "Mean");
        return Dispatch.Numeric<Tensor, ReduceFn>(x.DType, new(this, op, x, axes, outShape), op.ToString());
    }

    private readonly record struct ReduceFn(NativeBackend B, ReduceOp Op, Tensor X, int[] Axes, Shape Out) :
        INumericFn<Tensor>, IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var (data, outer, n, inner) = B.ReduceView<T>(X, Axes);
            T[] d;
            if (n == 0)
            {
                if (Op is ReduceOp.Max or ReduceOp.Min)
                    throw new ArgumentException($"{Op}: cannot reduce {X.Shape} over empty axes [{string.Join(",", Axes)}].");
                d = NativeTensors.Alloc<T>(outer * inner);
                d.AsSpan().Fill(Op == ReduceOp.Prod ? T.One : Op == ReduceOp.Mean ? T.CreateTruncating(double.NaN) : T.Zero);
            }
            else
            {
                d = Op switch
                {
                    ReduceOp.Sum or ReduceOp.Mean => R.Reduce<T, SumReduce<T>>(data, outer, n, inner),
                    ReduceOp.Prod => R.Reduce<T, ProdReduce<T>>(data, outer, n, inner),
                    ReduceOp.Max => R.Reduce<T, MaxReduce<T>>(data, outer, n, inner),
                    _ => R.Reduce<T, MinReduce<T>>(data, outer, n, inner),
                };
                if (Op == ReduceOp.Mean)
                    System.Numerics.Tensors.TensorPrimitives.Divide<T>(d, T.CreateTruncating(n), d);
            }
            if (!ReferenceEquals(data, NativeTensors.Data<T>(X))) BufferPool<T>.Return(data); // the permuted copy
            return NativeTensors.Wrap(B, d, Out);
        }

        Tensor IFloatFn<Tensor>.Run<T>() => Run<T>();
    }

    /// <summary>
    /// x as a contiguous [outer, n, inner] array reduced over n: the input itself when the reduced axes are one
    /// block (after ignoring size-1 axes), else a copy permuted to [kept..., reduced...].
    /// </summary>
    private (T[] Data, int Outer, int N, int Inner) ReduceView<T>(Tensor x, int[] axes) where T : unmanaged
    {
        var dims = x.Shape.ToArray();
        var reduced = new bool[dims.Length];
        foreach (var a in axes) reduced[a] = true;
        int n = 1, outer = 1;
        for (int d = 0; d < dims.Length; d++) { if (reduced[d]) n *= dims[d]; else outer *= dims[d]; }
        var data = NativeTensors.Data<T>(x);
        if (TryReduceBlock(dims, reduced, out int o, out int m, out int inner)) return (data, o, m, inner);
        var perm = new int[dims.Length];
        int k = 0;
        for (int d = 0; d < dims.Length; d++) if (!reduced[d]) perm[k++] = d;
        for (int d = 0; d < dims.Length; d++) if (reduced[d]) perm[k++] = d;
        var permShape = new Shape(perm.Select(p => dims[p]).ToArray());
        var inStrides = x.Shape.Strides();
        var copy = NativeTensors.Alloc<T>(permShape);
        StridedCopy.Run(data, 0, perm.Select(p => inStrides[p]).ToArray(), copy, 0, permShape.Strides(), permShape.Dims);
        return (copy, outer, n, 1);
    }

    // The reduced (non-trivial) axes form one contiguous block: [outer, m, inner].
    private static bool TryReduceBlock(ReadOnlySpan<int> dims, bool[] reduced, out int outer, out int m, out int inner)
    {
        outer = m = inner = 1;
        int phase = 0; // 0: before block, 1: in block, 2: after block
        for (int d = 0; d < dims.Length; d++)
        {
            if (dims[d] == 1) continue;
            if (reduced[d])
            {
                if (phase == 2) return false;
                phase = 1;
                m *= dims[d];
            }
            else if (phase == 0) outer *= dims[d];
            else { phase = 2; inner *= dims[d]; }
        }
        return true;
    }

    /// <inheritdoc/>
    public Tensor ArgReduce(ArgReduceOp op, Tensor x, int axis, bool keepDims, Shape outShape) =>
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
    public Tensor Softmax(Tensor x, int axis) => Dispatch.Float<Tensor, SoftmaxFn>(x.DType, new(this, x, axis, false), "Softmax");

    /// <inheritdoc/>
    public Tensor LogSoftmax(Tensor x, int axis) => Dispatch.Float<Tensor, SoftmaxFn>(x.DType, new(this, x, axis, true), "LogSoftmax");

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
