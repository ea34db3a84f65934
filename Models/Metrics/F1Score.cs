namespace KerasSharp.Metrics;

/// <summary>
/// The F1 score <c>2 * precision * recall / (precision + recall)</c> of multi-class or multi-label predictions
/// of shape [batch, classes] (Keras's <c>F1Score</c>). With no threshold, each row's largest prediction is the
/// predicted class; with one, predictions above it are positive. As in Keras, 1e-7 is added to the denominators.
/// </summary>
public sealed class F1Score : Metric
{
    /// <inheritdoc/>
    public override string? Direction => "up";

    private const double Epsilon = 1e-7;
    private readonly DeviceSum _tp = new(), _fp = new(), _fn = new(), _support = new();

    /// <summary>Creates the metric.</summary>
    /// <param name="average">
    /// null (a score per class: <see cref="ResultPerClass"/>; <see cref="Result"/> gives their mean), "micro"
    /// (counts pooled over classes), "macro" (the unweighted mean of the class scores) or "weighted" (the mean
    /// weighted by each class's number of true instances).
    /// </param>
    /// <param name="threshold">Predictions above it are positive; null takes each row's maximum as the prediction.</param>
    /// <param name="name">The metric's name.</param>
    public F1Score(string? average = null, double? threshold = null, string name = "f1_score") : base(name)
    {
        if (average is not (null or "micro" or "macro" or "weighted"))
            throw new ArgumentException($"F1Score: unknown average '{average}'. Known: null, \"micro\", \"macro\", \"weighted\".", nameof(average));
        if (threshold is double t && (t is <= 0 or > 1 || double.IsNaN(t)))
            throw new ArgumentOutOfRangeException(nameof(threshold), $"F1Score: threshold must be in (0, 1], got {t}.");
        Average = average;
        Threshold = threshold;
    }

    /// <summary>How class scores are combined: null, "micro", "macro" or "weighted".</summary>
    public string? Average { get; }

    /// <summary>The decision threshold, or null for the row maximum.</summary>
    public double? Threshold { get; }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = new TensorScope();
        var (t, p) = ReadDense(yTrue, yPred);
        if (p.Rank != 2) throw ShapeMismatch(t, p, "F1Score needs inputs of shape [batch, classes]");
        int rows = p.Shape[0], classes = p.Shape[1];
        if (_tp.Shape is [int earlier] && earlier != classes)
            throw new ArgumentException($"F1Score ({Name}): the batch has {classes} classes but earlier batches had {earlier}; call ResetState between them.");
        var v = p.Values;
        var predicted = MetricValues.Indicator(Threshold is double th
            ? Ops.Greater(v, Ops.FullLike(v, th))
            : Ops.LogicalAnd(Ops.GreaterEqual(v, Ops.Max(v, -1, keepDims: true)), Ops.Greater(Ops.Abs(v), Ops.FullLike(v, 1e-9))));
        var truth = t.Values;
        var weight = sampleWeight is null ? null : Ops.Reshape(ReadWeights(sampleWeight, [rows]).Values, rows, 1);
        Tensor Weighted(Tensor x) => weight is null ? x : Ops.Multiply(x, weight);
        var notPredicted = Ops.Subtract(Ops.FullLike(predicted, 1), predicted);
        var wTruth = Weighted(truth);
        _tp.Add(Ops.Sum(Ops.Multiply(wTruth, predicted), 0));
        _fp.Add(Ops.Sum(Weighted(Ops.Multiply(predicted, Ops.Subtract(Ops.FullLike(truth, 1), truth))), 0));
        _fn.Add(Ops.Sum(Ops.Multiply(wTruth, notPredicted), 0));
        _support.Add(Ops.Sum(wTruth, 0));
    }

    /// <summary>
    /// The scores as Keras returns them: one per class when <see cref="Average"/> is null, else a single value.
    /// </summary>
    public double[] ResultPerClass()
    {
        if (_tp.IsEmpty) return [];
        var (tp, fp, fn) = (_tp.Read(), _fp.Read(), _fn.Read());
        if (Average == "micro") return [Score(tp.Sum(), fp.Sum(), fn.Sum())];
        var scores = new double[tp.Length];
        for (int j = 0; j < scores.Length; j++) scores[j] = Score(tp[j], fp[j], fn[j]);
        if (Average == "weighted")
        {
            var support = _support.Read();
            double total = support.Sum();
            double weighted = 0;
            for (int j = 0; j < scores.Length; j++) weighted += scores[j] * (support[j] / (total + Epsilon));
            return [weighted];
        }
        return Average == "macro" ? [scores.Average()] : scores;
    }

    /// <inheritdoc/>
    public override double Result()
    {
        var r = ResultPerClass();
        return r.Length == 0 ? 0 : r.Average();
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        _tp.Reset();
        _fp.Reset();
        _fn.Reset();
        _support.Reset();
    }

    private static double Score(double tp, double fp, double fn)
    {
        double precision = tp / (tp + fp + Epsilon);
        double recall = tp / (tp + fn + Epsilon);
        return 2 * (precision * recall / (precision + recall + Epsilon));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["average"] = Average;
        c["threshold"] = Threshold;
        return c;
    }
}
