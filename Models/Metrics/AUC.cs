namespace KerasSharp.Metrics;

/// <summary>
/// Area under the ROC or precision-recall curve (Keras's <c>AUC</c>), from confusion counts at
/// <see cref="NumThresholds"/> thresholds evenly spaced over [0, 1] (the end ones are -1e-7 and 1 + 1e-7, so
/// predictions of exactly 0 and 1 fall inside). ROC uses the trapezoidal rule; PR uses the interpolation of
/// Davis and Goadrich (2006), as Keras's default <c>summation_method="interpolation"</c>.
/// Targets are 0/1 (any non-zero is positive); all elements are pooled (Keras's <c>multi_label=False</c>).
/// </summary>
public sealed class AUC : Metric
{
    /// <inheritdoc/>
    public override string? Direction => "up";

    private readonly ConfusionCounts _counts;

    /// <summary>Creates the metric.</summary>
    /// <param name="numThresholds">How many thresholds (200, at least 2 and more than 2 for useful results).</param>
    /// <param name="curve">ROC or PR.</param>
    /// <param name="fromLogits">Whether predictions are logits (a sigmoid is applied first).</param>
    /// <param name="name">The metric's name.</param>
    public AUC(int numThresholds = 200, AucCurve curve = AucCurve.ROC, bool fromLogits = false, string name = "auc") : base(name)
    {
        if (numThresholds < 2)
            throw new ArgumentOutOfRangeException(nameof(numThresholds), $"AUC: numThresholds must be at least 2, got {numThresholds}.");
        NumThresholds = numThresholds;
        Curve = curve;
        FromLogits = fromLogits;
        var thresholds = new double[numThresholds];
        thresholds[0] = -1e-7;
        for (int i = 1; i < numThresholds - 1; i++) thresholds[i] = (double)i / (numThresholds - 1);
        thresholds[^1] = 1 + 1e-7;
        _counts = new ConfusionCounts(thresholds);
    }

    /// <summary>How many thresholds.</summary>
    public int NumThresholds { get; }

    /// <summary>Which curve is integrated.</summary>
    public AucCurve Curve { get; }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The thresholds in increasing order.</summary>
    public IReadOnlyList<double> Thresholds => _counts.Thresholds;

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = new TensorScope();
        var (t, p) = ReadDense(yTrue, yPred);
        if (FromLogits) p = MetricValues.Of(Ops.Sigmoid(p.Values));
        var w = sampleWeight is null ? null : ReadWeights(sampleWeight, p.Shape);
        _counts.Add(t, p, w);
    }

    /// <inheritdoc/>
    public override double Result() => Curve == AucCurve.PR ? InterpolatePrAuc(_counts.Read()) : RocAuc(_counts.Read());

    /// <inheritdoc/>
    public override void ResetState() => _counts.Reset();

    private double RocAuc(ConfusionTotals c)
    {
        double area = 0;
        for (int i = 0; i < NumThresholds - 1; i++)
        {
            double x0 = ConfusionCounts.DivideNoNan(c.FalsePositives[i], c.FalsePositives[i] + c.TrueNegatives[i]);
            double x1 = ConfusionCounts.DivideNoNan(c.FalsePositives[i + 1], c.FalsePositives[i + 1] + c.TrueNegatives[i + 1]);
            double y0 = ConfusionCounts.DivideNoNan(c.TruePositives[i], c.TruePositives[i] + c.FalseNegatives[i]);
            double y1 = ConfusionCounts.DivideNoNan(c.TruePositives[i + 1], c.TruePositives[i + 1] + c.FalseNegatives[i + 1]);
            area += (x0 - x1) * (y0 + y1) / 2;
        }
        return area;
    }

    /// <summary>
    /// The PR area with precision interpolated between thresholds (Davis and Goadrich): between two thresholds the
    /// true positives grow linearly with the predicted positives P, so precision = slope + intercept / P and each
    /// piece integrates in closed form.
    /// </summary>
    private double InterpolatePrAuc(ConfusionTotals c)
    {
        var (tp, fp, fn) = (c.TruePositives, c.FalsePositives, c.FalseNegatives);
        double area = 0;
        for (int i = 0; i < NumThresholds - 1; i++)
        {
            double dtp = tp[i] - tp[i + 1];
            double p0 = tp[i] + fp[i], p1 = tp[i + 1] + fp[i + 1];
            double dp = p0 - p1;
            double slope = ConfusionCounts.DivideNoNan(dtp, Math.Max(dp, 0));
            double intercept = tp[i + 1] - slope * p1;
            double ratio = p0 > 0 && p1 > 0 ? ConfusionCounts.DivideNoNan(p0, Math.Max(p1, 0)) : 1;
            area += ConfusionCounts.DivideNoNan(slope * (dtp + intercept * Math.Log(ratio)), Math.Max(tp[i + 1] + fn[i + 1], 0));
        }
        return area;
    }

    /// <inheritdoc/>
    /// <remarks>Keras also writes <c>summation_method</c>, <c>multi_label</c>, <c>num_labels</c> and <c>label_weights</c>; this AUC is the single-label, interpolated one (their defaults).</remarks>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["num_thresholds"] = NumThresholds;
        c["curve"] = Curve.ToString();
        c["from_logits"] = FromLogits;
        return c;
    }
}
