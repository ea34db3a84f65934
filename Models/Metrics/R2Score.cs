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

    private double[]? _sum, _squaredSum, _residual, _count;

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
        var (t, p) = ReadDense(yTrue, yPred);
        if (t.Rank == 1) { t = t.ExpandLast(); p = p.ExpandLast(); }
        if (t.Rank != 2) throw ShapeMismatch(t, p, "R2Score needs inputs of shape [batch, outputs]");
        int rows = t.Shape[0], cols = t.Shape[1];
        var w = sampleWeight is null ? null : ReadWeights(sampleWeight, t.Shape);
        if (_sum is null || _sum.Length != cols)
        {
            if (_sum is not null && _count!.Any(c => c != 0))
                throw new ArgumentException($"R2Score ({Name}): the batch has {cols} outputs but earlier batches had {_sum.Length}.");
            _sum = new double[cols]; _squaredSum = new double[cols]; _residual = new double[cols]; _count = new double[cols];
        }
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                int k = i * cols + j;
                double wt = w?.Data[k] ?? 1, y = t.Data[k], d = y - p.Data[k];
                _sum[j] += wt * y;
                _squaredSum![j] += wt * y * y;
                _residual![j] += wt * d * d;
                _count![j] += wt;
            }
    }

    /// <summary>The score of each output column (0 where a column's targets have no variance, as Keras).</summary>
    public double[] ResultPerOutput()
    {
        if (_sum is null) return [];
        var r = new double[_sum.Length];
        for (int j = 0; j < r.Length; j++)
        {
            double total = TotalSumOfSquares(j);
            double score = 1 - _residual![j] / total;
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
    public override void ResetState() => _sum = _squaredSum = _residual = _count = null;

    private double TotalSumOfSquares(int j)
    {
        double mean = _count![j] == 0 ? 0 : _sum![j] / _count[j];
        return _squaredSum![j] - _sum![j] * mean;
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
