namespace KerasSharp.Metrics;

/// <summary>
/// Weighted true/false positive/negative counts at a list of thresholds, as Keras's
/// <c>update_confusion_matrix_variables</c>: a prediction is positive at threshold θ when it is &gt; θ, a target
/// is positive when it is non-zero, and each element counts with its (broadcast) sample weight. The counts stay on the
/// device of the predictions until <see cref="Read"/>.
/// </summary>
internal sealed class ConfusionCounts(double[] thresholds)
{
    private readonly DeviceSum _tp = new(), _fp = new(), _tn = new(), _fn = new();

    public double[] Thresholds { get; } = thresholds;

    /// <summary>Adds a batch of aligned targets, predictions and optional weights (all of one shape).</summary>
    public void Add(MetricValues yTrue, MetricValues yPred, MetricValues? weights)
    {
        var p = Ops.Reshape(yPred.Values, -1, 1);
        var positive = MetricValues.Indicator(Ops.NotEqual(Ops.Reshape(yTrue.Values, -1, 1), Ops.FullLike(p, 0)));
        var thresholds = p.Backend.FromHost((double[])Thresholds.Clone(), new Shape(1, Thresholds.Length), DType.Float64, p.Device);
        var predicted = MetricValues.Indicator(Ops.Greater(p, thresholds));
        var notPredicted = Ops.Subtract(Ops.FullLike(predicted, 1), predicted);
        var wPositive = weights is null ? positive : Ops.Multiply(positive, Ops.Reshape(weights.Values, -1, 1));
        var wNegative = weights is null
            ? Ops.Subtract(Ops.FullLike(positive, 1), positive)
            : Ops.Multiply(Ops.Subtract(Ops.FullLike(positive, 1), positive), Ops.Reshape(weights.Values, -1, 1));
        _tp.Add(Ops.Sum(Ops.Multiply(wPositive, predicted), 0));
        _fn.Add(Ops.Sum(Ops.Multiply(wPositive, notPredicted), 0));
        _fp.Add(Ops.Sum(Ops.Multiply(wNegative, predicted), 0));
        _tn.Add(Ops.Sum(Ops.Multiply(wNegative, notPredicted), 0));
    }

    /// <summary>The four counts per threshold, read from the device (zeros before any data).</summary>
    public ConfusionTotals Read()
    {
        double[] Of(DeviceSum s) => s.IsEmpty ? new double[Thresholds.Length] : s.Read();
        return new ConfusionTotals(Of(_tp), Of(_fp), Of(_tn), Of(_fn));
    }

    /// <summary>Zeroes every count.</summary>
    public void Reset()
    {
        _tp.Reset();
        _fp.Reset();
        _tn.Reset();
        _fn.Reset();
    }

    /// <summary>a / b, or 0 where b is 0 (Keras's divide_no_nan).</summary>
    public static double DivideNoNan(double a, double b) => b == 0 ? 0 : a / b;
}

/// <summary>Confusion counts per threshold, on the host.</summary>
internal sealed record ConfusionTotals(double[] TruePositives, double[] FalsePositives, double[] TrueNegatives, double[] FalseNegatives);
