using KerasSharp.Data;

namespace KerasSharp.Layers;

/// <summary>
/// Shifts and scales features to mean 0 and variance 1: (x - mean) / sqrt(variance), with one mean and variance per index
/// of <see cref="Axis"/> (-1: the last axis; null: one for all). The statistics are given (<c>mean</c>, <c>variance</c>) or
/// learned by <see cref="Adapt(Tensor)"/> over a tensor or the batches of a dataset, and are saved with the weights
/// ("mean", "variance", "count"). <see cref="Invert"/> maps normalized values back.
/// </summary>
public sealed class Normalization : Layer
{
    private Variable? _mean, _variance, _count;
    private readonly double[]? _givenMean, _givenVariance;
    private int _rank;

    /// <summary>Creates the layer; give <paramref name="mean"/> and <paramref name="variance"/> together, or call Adapt.</summary>
    public Normalization(int? axis = -1, double[]? mean = null, double[]? variance = null, bool invert = false, string? name = null) : base(name)
    {
        if ((mean is null) != (variance is null))
            throw new ArgumentException("Normalization: give both mean and variance, or neither (then call Adapt).");
        if (mean is not null && mean.Length != variance!.Length)
            throw new ArgumentException($"Normalization: mean has {mean.Length} values but variance has {variance.Length}.");
        if (variance is not null && variance.Any(v => v < 0 || !double.IsFinite(v)))
            throw new ArgumentException("Normalization: variances must be finite and >= 0.");
        Axis = axis;
        _givenMean = mean;
        _givenVariance = variance;
        Invert = invert;
    }

    /// <summary>The axis with its own statistics per index (-1: last), or null for one mean and variance over everything.</summary>
    public int? Axis { get; }

    /// <summary>Whether the layer undoes the normalization instead.</summary>
    public bool Invert { get; }

    /// <summary>The statistics given at construction, if any.</summary>
    public double[]? Mean => _givenMean;

    /// <summary>The variances given at construction, if any.</summary>
    public double[]? Variance => _givenVariance;

    private int Features(int?[] inputShape, out int axis)
    {
        axis = -1;
        if (Axis is null) return 1;
        int rank = inputShape.Length;
        axis = Axis.Value < 0 ? Axis.Value + rank : Axis.Value;
        if (axis <= 0 || axis >= rank)
            throw new ArgumentException($"Layer '{Name}': axis {Axis} is out of range for inputs of shape {ShapeText.Format(inputShape)} (the batch axis cannot have statistics).");
        return inputShape[axis] ?? throw new ArgumentException($"Layer '{Name}': the size of axis {Axis} must be known, received shape {ShapeText.Format(inputShape)}.");
    }

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        int features = Features(inputShape, out _);
        _rank = inputShape.Length;
        if (_givenMean is not null && _givenMean.Length != 1 && _givenMean.Length != features)
            throw new ArgumentException($"Layer '{Name}': mean and variance have {_givenMean.Length} values; the inputs {ShapeText.Format(inputShape)} have {features} features on axis {Axis}.");
        _mean = AddWeight("mean", [features], Initializer.Get("zeros"), trainable: false);
        _variance = AddWeight("variance", [features], Initializer.Get("ones"), trainable: false);
        _count = AddWeight("count", [], Initializer.Get("zeros"), dtype: DType.Int64, trainable: false);
        if (_givenMean is not null)
        {
            using var m = Tensor.FromArray(Enumerable.Range(0, features).Select(i => (float)_givenMean[_givenMean.Length == 1 ? 0 : i]).ToArray());
            using var v = Tensor.FromArray(Enumerable.Range(0, features).Select(i => (float)_givenVariance![_givenVariance.Length == 1 ? 0 : i]).ToArray());
            _mean.Assign(m);
            _variance.Assign(v);
        }
        Built = true;
    }

    /// <summary>Learns the mean and variance of <paramref name="data"/> (a batch of samples, the first axis the batch).</summary>
    public void Adapt(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Adapt(BatchSource.From(new[] { data }));
    }

    /// <summary>Learns the mean and variance over every batch of <paramref name="data"/> (a batched Dataset; targets are ignored).</summary>
    public void Adapt(IBatchSource data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_givenMean is not null) throw new InvalidOperationException($"Layer '{Name}': mean and variance were given at construction; Adapt would replace them.");
        // Running sums per feature in double: count, sum and sum of squares (combined exactly, batch by batch).
        double[]? sum = null, squares = null;
        long count = 0;
        using var batches = data.GetBatches();
        while (batches.MoveNext())
        {
            using var batch = batches.Current;
            var x = batch.X[0];
            var shape = x.Shape.ToArray().Select(d => (int?)d).ToArray();
            if (!Built) Build(shape);
            else if (shape.Length != _rank) throw new ArgumentException($"Layer '{Name}': Adapt got a batch of shape {x.Shape}; the layer was built for rank {_rank}.");
            int features = Features(shape, out int axis);
            if (features != _mean!.Shape[0])
                throw new ArgumentException($"Layer '{Name}': Adapt got a batch of shape {x.Shape} with {features} features; the layer has {_mean.Shape[0]}.");
            var values = x.ToArray<double>();
            sum ??= new double[features];
            squares ??= new double[features];
            int inner = 1;
            if (axis >= 0) for (int d = axis + 1; d < x.Rank; d++) inner *= x.Shape[d];
            for (int i = 0; i < values.Length; i++)
            {
                int f = axis < 0 ? 0 : i / inner % features;
                sum[f] += values[i];
                squares[f] += values[i] * values[i];
            }
            count += values.Length / features;
        }
        if (sum is null || count == 0) throw new ArgumentException($"Layer '{Name}': Adapt got no data.");
        var mean = sum.Select(s => (float)(s / count)).ToArray();
        var variance = squares!.Select((q, f) => (float)Math.Max(0, q / count - (sum[f] / count) * (sum[f] / count))).ToArray();
        using var mt = Tensor.FromArray(mean);
        using var vt = Tensor.FromArray(variance);
        using var ct = Tensor.Scalar(count);
        _mean!.Assign(mt);
        _variance!.Assign(vt);
        _count!.Assign(ct);
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var x = inputs.DType == DType ? inputs : Ops.Cast(inputs, DType);
        var shape = Enumerable.Repeat(1, x.Rank).ToArray();
        if (Axis is not null)
        {
            int axis = Axis.Value < 0 ? Axis.Value + x.Rank : Axis.Value;
            shape[axis] = _mean!.Shape[0];
        }
        var mean = Ops.Reshape(_mean!, shape);
        var std = Ops.Sqrt(Ops.Maximum(Ops.Reshape(_variance!, shape), Ops.FullLike(mean, 1e-7)));
        return Invert ? Ops.Add(Ops.Multiply(x, std), mean) : Ops.Divide(Ops.Subtract(x, mean), std);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["axis"] = Axis;
        c["mean"] = _givenMean;
        c["variance"] = _givenVariance;
        c["invert"] = Invert;
        return c;
    }
}
