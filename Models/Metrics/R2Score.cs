namespace KerasSharp.Metrics;

/// <summary>
/// The coefficient of determination <c>1 - SS_res / SS_tot</c> per output column, over everything seen
/// (Keras's <c>R2Score</c>). Inputs are [batch, outputs] (rank 1 is read as one output). Sample weights of
/// shape [batch] weight the rows.
/// </summary>
public sealed class R2Score : Metric
{
    /// <inheritdoc/>
    public override string? Direction => "up";

    private readonly DeviceSum _sum = new(), _squaredSum = new(), _residual = new(), _count = new();
    // The sums read back by the last Result, until the next update or reset.
    private double[][]? _read;

    /// <summary>Creates the metric.</summary>
    /// <param name="classAggregation">
    /// "uniform_average" (the mean of the per-output scores, Keras's default), "variance_weighted" (weighted by each
    /// output's variance) or null (no aggregation: <see cref="Result"/> gives the mean and <see cref="ResultPerOutput"/> the scores).
    /// </param>
    /// <param name="name">The metric's name.</param>
    public R2Score(string? classAggregation = "uniform_average", string name = "r2_score") : base(name)
    {
        if (classAggregation is not (null or "uniform_average" or "variance_weighted"))
            throw new ArgumentException(
                $"R2Score: unknown classAggregation '{classAggregation}'. Known: \"uniform_average\", \"variance_weighted\", null.",
                nameof(classAggregation));
        ClassAggregation = classAggregation;
    }

    /// <summary>How the per-output scores are combined.</summary>
    public string? ClassAggregation { get; }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = new TensorScope();
        var (t, p) = ReadDense(yTrue, yPred);
        if (t.Rank == 1) { t = t.ExpandLast(); p = p.ExpandLast(); }
        if (t.Rank != 2) throw ShapeMismatch(t, p, "R2Score needs inputs of shape [batch, outputs]");
        int cols = t.Shape[1];
        if (_sum.Shape is [int earlier] && earlier != cols)
            throw new ArgumentException($"R2Score ({Name}): the batch has {cols} outputs but earlier batches had {earlier}; call ResetState between them.");
        var y = t.Values;
        var w = sampleWeight is null ? Ops.FullLike(y, 1) : ReadWeights(sampleWeight, t.Shape).Values;
        var wy = Ops.Multiply(w, y);
        var d = Ops.Subtract(y, p.Values);
        _read = null;
        _sum.Add(Ops.Sum(wy, 0));
        _squaredSum.Add(Ops.Sum(Ops.Multiply(wy, y), 0));
        _residual.Add(Ops.Sum(Ops.Multiply(Ops.Multiply(w, d), d), 0));
        _count.Add(Ops.Sum(w, 0));
    }

    // [sum, squared sum, residual, count] per output, read from the device once per result.
    private double[][] Sums() => _read ??= [_sum.Read(), _squaredSum.Read(), _residual.Read(), _count.Read()];

    /// <summary>The score of each output column (0 where a column's targets have no variance, as Keras).</summary>
    public double[] ResultPerOutput()
    {
        if (_sum.IsEmpty) return [];
        var residual = Sums()[2];
        var r = new double[residual.Length];
        for (int j = 0; j < r.Length; j++)
        {
            double total = TotalSumOfSquares(j);
            double score = 1 - residual[j] / total;
            r[j] = double.IsInfinity(score) || double.IsNaN(score) ? 0 : score;
        }
        return r;
    }

    /// <inheritdoc/>
    public override double Result()
    {
        var scores = ResultPerOutput();
        if (scores.Length == 0) return 0;
        if (ClassAggregation == "variance_weighted")
        {
            double weighted = 0, totals = 0;
            for (int j = 0; j < scores.Length; j++)
            {
                double total = TotalSumOfSquares(j);
                weighted += scores[j] * total;
                totals += total;
            }
            return totals == 0 ? 0 : weighted / totals;
        }
        return scores.Average();
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        _read = null;
        _sum.Reset();
        _squaredSum.Reset();
        _residual.Reset();
        _count.Reset();
    }

    private double TotalSumOfSquares(int j)
    {
        var s = Sums();
        double sum = s[0][j], squared = s[1][j], count = s[3][j];
        double mean = count == 0 ? 0 : sum / count;
        return squared - sum * mean;
    }

    /// <inheritdoc/>
    /// <remarks>Keras also writes <c>num_regressors</c>; this is the plain R² (0 regressors).</remarks>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["class_aggregation"] = ClassAggregation;
        return c;
    }
}
