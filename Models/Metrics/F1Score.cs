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
    private double[]? _tp, _fp, _fn, _support;

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
        var (t, p) = ReadDense(yTrue, yPred);
        if (p.Rank != 2) throw ShapeMismatch(t, p, "F1Score needs inputs of shape [batch, classes]");
        int rows = p.Shape[0], classes = p.Shape[1];
        var w = sampleWeight is null ? null : ReadWeights(sampleWeight, [rows]);
        if (_tp is null || _tp.Length != classes)
        {
            if (_tp is not null && _support!.Concat(_tp).Concat(_fp!).Concat(_fn!).Any(v => v != 0))
                throw new ArgumentException($"F1Score ({Name}): the batch has {classes} classes but earlier batches had {_tp.Length}.");
            _tp = new double[classes]; _fp = new double[classes]; _fn = new double[classes]; _support = new double[classes];
        }
        for (int i = 0; i < rows; i++)
        {
            double weight = w?.Data[i] ?? 1;
            double rowMax = double.NegativeInfinity;
            for (int j = 0; j < classes; j++) rowMax = Math.Max(rowMax, p.Data[i * classes + j]);
            for (int j = 0; j < classes; j++)
            {
                double v = p.Data[i * classes + j], truth = t.Data[i * classes + j];
                double predicted = (Threshold is double th ? v > th : v >= rowMax && Math.Abs(v) > 1e-9) ? 1 : 0;
                _tp[j] += weight * predicted * truth;
                _fp![j] += weight * predicted * (1 - truth);
                _fn![j] += weight * (1 - predicted) * truth;
                _support![j] += weight * truth;
            }
        }
    }

    /// <summary>
    /// The scores as Keras returns them: one per class when <see cref="Average"/> is null, else a single value.
    /// </summary>
    public double[] ResultPerClass()
    {
        if (_tp is null) return [];
        if (Average == "micro") return [Score(_tp.Sum(), _fp!.Sum(), _fn!.Sum())];
        var scores = new double[_tp.Length];
        for (int j = 0; j < scores.Length; j++) scores[j] = Score(_tp[j], _fp![j], _fn![j]);
        if (Average == "weighted")
        {
            double total = _support!.Sum();
            double weighted = 0;
            for (int j = 0; j < scores.Length; j++) weighted += scores[j] * (_support![j] / (total + Epsilon));
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
    public override void ResetState() => _tp = _fp = _fn = _support = null;

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
