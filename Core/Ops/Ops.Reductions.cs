using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    private static Shape ReducedShape(Shape shape, int[] axes, bool keepDims)
    {
        var dims = new List<int>(shape.Rank);
        for (int i = 0, k = 0; i < shape.Rank; i++)
        {
            if (k < axes.Length && axes[k] == i) { k++; if (keepDims) dims.Add(1); }
            else dims.Add(shape[i]);
        }
        return new Shape(dims.ToArray());
    }

    /// <summary>The gradient of a reduced tensor, reshaped to keepDims form and broadcast back to the input's shape.</summary>
    private static Tensor ExpandReduced(Tensor g, Shape inputShape, int[] axes)
    {
        var kept = ReducedShape(inputShape, axes, keepDims: true);
        // a gradient whose reduced axes are all leading (a full reduction's scalar) broadcasts as it is;
        // the axes are sorted and distinct, so they are 0..n-1 exactly when the last is n-1
        bool leading = axes.Length == inputShape.Rank - g.Rank && (axes.Length == 0 || axes[^1] == axes.Length - 1);
        var gk = g.Shape == kept || leading ? g : Reshape(g, kept.ToArray());
        return BroadcastTo(gk, inputShape.ToArray());
    }

    private static Tensor ReduceForward(string name, ReduceOp op, Tensor x, int[]? axes, bool keepDims, out int[] normAxes)
    {
        ArgumentNullException.ThrowIfNull(x);
        RefuseStrings(name, x);
        normAxes = NormalizeAxes(name, axes, x.Shape);
        if ((op is ReduceOp.Max or ReduceOp.Min) && x.Size == 0)
            foreach (var a in normAxes)
                if (x.Shape[a] == 0) throw new ArgumentException($"{name}: cannot reduce over axis {a} of size 0 (shape {x.Shape}): the result has no identity.");
        var outShape = ReducedShape(x.Shape, normAxes, keepDims);
        return x.Backend.Reduce(op, x, normAxes, keepDims, outShape);
    }

    /// <summary>Sum over <paramref name="axes"/> (all when null). Bool sums to int64.</summary>
    public static Tensor Sum(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        var r = ReduceForward("sum", ReduceOp.Sum, x, axes, keepDims, out var ax);
        if (GradientTape.IsRecording) RecordSum(r, x, ax);
        return r;
    }

    /// <summary>Sum over one axis.</summary>
    public static Tensor Sum(Tensor x, int axis, bool keepDims = false) => Sum(x, [axis], keepDims);

    private static void RecordSum(Tensor r, Tensor x, int[] axes) => Record(r, [x], g => [ExpandReduced(g, x.Shape, axes)]);

    /// <summary>Mean over <paramref name="axes"/> (all when null); integers are averaged as float32.</summary>
    public static Tensor Mean(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!x.DType.IsFloating()) x = Cast(x, DType.Float32);
        var r = ReduceForward("mean", ReduceOp.Mean, x, axes, keepDims, out var ax);
        if (GradientTape.IsRecording) RecordMean(r, x, ax);
        return r;
    }

    /// <summary>Mean over one axis.</summary>
    public static Tensor Mean(Tensor x, int axis, bool keepDims = false) => Mean(x, [axis], keepDims);

    private static void RecordMean(Tensor r, Tensor x, int[] axes) => Record(r, [x], g =>
    {
        long count = 1;
        foreach (var a in axes) count *= x.Shape[a];
        return [MultiplyScalar(ExpandReduced(g, x.Shape, axes), count == 0 ? 0 : 1.0 / count)];
    });

    /// <summary>Maximum over <paramref name="axes"/>; the gradient is shared equally among tied maxima.</summary>
    public static Tensor Max(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        var r = ReduceForward("max", ReduceOp.Max, x, axes, keepDims, out var ax);
        if (GradientTape.IsRecording) RecordExtremum(r, x, ax);
        return r;
    }

    /// <summary>Maximum over one axis.</summary>
    public static Tensor Max(Tensor x, int axis, bool keepDims = false) => Max(x, [axis], keepDims);

    /// <summary>Minimum over <paramref name="axes"/>; the gradient is shared equally among tied minima.</summary>
    public static Tensor Min(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        var r = ReduceForward("min", ReduceOp.Min, x, axes, keepDims, out var ax);
        if (GradientTape.IsRecording) RecordExtremum(r, x, ax);
        return r;
    }

    /// <summary>Minimum over one axis.</summary>
    public static Tensor Min(Tensor x, int axis, bool keepDims = false) => Min(x, [axis], keepDims);

    private static void RecordExtremum(Tensor r, Tensor x, int[] axes) => Record(r, [x], g =>
    {
        var hit = Cast(Equal(x, ExpandReduced(r, x.Shape, axes)), x.DType);
        var count = Sum(hit, axes, keepDims: true);
        return [Multiply(ExpandReduced(g, x.Shape, axes), Divide(hit, count))];
    });

    /// <summary>Product over <paramref name="axes"/> (all when null); the gradient is exact even with zeros.</summary>
    public static Tensor Prod(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        var r = ReduceForward("prod", ReduceOp.Prod, x, axes, keepDims, out var ax);
        if (GradientTape.IsRecording) RecordProd(r, x, ax);
        return r;
    }

    /// <summary>Product over one axis.</summary>
    public static Tensor Prod(Tensor x, int axis, bool keepDims = false) => Prod(x, [axis], keepDims);

    private static void RecordProd(Tensor r, Tensor x, int[] axes) => Record(r, [x], g =>
    {
        // d prod / d x_i = product of the others: with no zero that is prod/x_i; with one zero only the
        // zero's own gradient survives (the product of the non-zeros); with two or more all are 0.
        var zero = ZerosLike(x);
        var isZero = Equal(x, zero);
        var nonZero = Where(isZero, OnesLike(x), x);
        var prodNonZero = Prod(nonZero, axes, keepDims: true);
        var zeros = Sum(Cast(isZero, x.DType), axes, keepDims: true);
        var none = Divide(prodNonZero, nonZero);
        var one = Where(isZero, BroadcastTo(prodNonZero, x.Shape.ToArray()), zero);
        var local = Where(Equal(zeros, ZerosLike(zeros)), none, Where(Equal(zeros, OnesLike(zeros)), one, zero));
        return [Multiply(ExpandReduced(g, x.Shape, axes), local)];
    });

    /// <summary>Variance over <paramref name="axes"/> with <paramref name="ddof"/> delta degrees of freedom (0: population).</summary>
    public static Tensor Var(Tensor x, int[]? axes = null, bool keepDims = false, int ddof = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!x.DType.IsFloating()) x = Cast(x, DType.Float32);
        var ax = NormalizeAxes("var", axes, x.Shape);
        long n = 1;
        foreach (var a in ax) n *= x.Shape[a];
        var centered = Subtract(x, Mean(x, ax, keepDims: true));
        var ss = Sum(Square(centered), ax, keepDims);
        return MultiplyScalar(ss, n - ddof > 0 ? 1.0 / (n - ddof) : double.NaN);
    }

    /// <summary>Variance over one axis.</summary>
    public static Tensor Var(Tensor x, int axis, bool keepDims = false, int ddof = 0) => Var(x, [axis], keepDims, ddof);

    /// <summary>Standard deviation over <paramref name="axes"/>.</summary>
    public static Tensor Std(Tensor x, int[]? axes = null, bool keepDims = false, int ddof = 0) => Sqrt(Var(x, axes, keepDims, ddof));

    /// <summary>Standard deviation over one axis.</summary>
    public static Tensor Std(Tensor x, int axis, bool keepDims = false, int ddof = 0) => Std(x, [axis], keepDims, ddof);

    /// <summary>log(sum(exp(x))) over <paramref name="axes"/>, computed without overflow.</summary>
    public static Tensor LogSumExp(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireFloating("logsumexp", x);
        var ax = NormalizeAxes("logsumexp", axes, x.Shape);
        var m = StopGradient(Max(x, ax, keepDims: true));
        // An all -inf slice has max -inf; shifting by 0 there keeps the result -inf instead of NaN.
        var finite = Where(Equal(Abs(m), FullLike(m, double.PositiveInfinity)), ZerosLike(m), m);
        var s = Log(Sum(Exp(Subtract(x, finite)), ax, keepDims: true));
        var r = Add(s, finite);
        return keepDims ? r : Reshape(r, ReducedShape(x.Shape, ax, false).ToArray());
    }

    /// <summary>LogSumExp over one axis.</summary>
    public static Tensor LogSumExp(Tensor x, int axis, bool keepDims = false) => LogSumExp(x, [axis], keepDims);

    /// <summary>True where any element over <paramref name="axes"/> is non-zero.</summary>
    public static Tensor Any(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        var count = Sum(Cast(NotEqual(x, ZerosLike(x)), DType.Int64), axes, keepDims);
        return Greater(count, ZerosLike(count));
    }

    /// <summary>True where every element over <paramref name="axes"/> is non-zero.</summary>
    public static Tensor All(Tensor x, int[]? axes = null, bool keepDims = false) =>
        LogicalNot(Any(Equal(x, ZerosLike(x)), axes, keepDims));

    /// <summary>Index (int64) of the maximum along <paramref name="axis"/>; ties take the first.</summary>
    public static Tensor ArgMax(Tensor x, int axis = -1, bool keepDims = false) => ArgReduce("argmax", ArgReduceOp.ArgMax, x, axis, keepDims);

    /// <summary>Index (int64) of the minimum along <paramref name="axis"/>; ties take the first.</summary>
    public static Tensor ArgMin(Tensor x, int axis = -1, bool keepDims = false) => ArgReduce("argmin", ArgReduceOp.ArgMin, x, axis, keepDims);

    private static Tensor ArgReduce(string name, ArgReduceOp op, Tensor x, int axis, bool keepDims)
    {
        ArgumentNullException.ThrowIfNull(x);
        RefuseStrings(name, x);
        int a = NormalizeAxis(name, axis, x.Rank, x.Shape);
        if (x.Shape[a] == 0) throw new ArgumentException($"{name}: axis {a} of shape {x.Shape} is empty.");
        if (x.DType == DType.Bool) x = Cast(x, DType.UInt8);
        return x.Backend.ArgReduce(op, x, a, keepDims, ReducedShape(x.Shape, [a], keepDims));
    }

    /// <summary>Cumulative sum along <paramref name="axis"/>.</summary>
    public static Tensor CumSum(Tensor x, int axis = 0, bool reverse = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = NormalizeAxis("cumsum", axis, x.Rank, x.Shape);
        if (x.DType == DType.Bool) x = Cast(x, DType.Int64);
        var r = x.Backend.CumSum(x, a, reverse);
        if (GradientTape.IsRecording) RecordCumSum(r, x, a, reverse);
        return r;
    }

    private static void RecordCumSum(Tensor r, Tensor x, int axis, bool reverse) => Record(r, [x], g => [CumSum(g, axis, !reverse)]);

    /// <summary>The <paramref name="k"/> largest entries along the last axis, sorted descending, and their int64 indices.</summary>
    public static (Tensor Values, Tensor Indices) TopK(Tensor x, int k, bool largest = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0) throw new ArgumentException("top_k: the input must have at least one dimension, got a scalar.");
        if (k < 0 || k > x.Shape[-1])
            throw new ArgumentOutOfRangeException(nameof(k), $"top_k: k={k} is out of range for the last axis of shape {x.Shape} (size {x.Shape[-1]}).");
        var (values, indices) = x.Backend.TopK(x, k, largest);
        if (GradientTape.IsRecording && x.DType.IsFloating())
        {
            // Re-derive the values through a differentiable gather so the tape routes gradients to the chosen entries.
            values.Dispose();
            values = TakeAlongAxis(x, indices, -1);
        }
        return (values, indices);
    }
}
