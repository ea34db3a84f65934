namespace KerasSharp.Metrics;

/// <summary>
/// How often the target class (the argmax of one-hot targets) is among the <see cref="K"/> highest predictions
/// (Keras's <c>TopKCategoricalAccuracy</c>).
/// </summary>
public sealed class TopKCategoricalAccuracy : MeanMetricWrapper
{
    /// <inheritdoc/>
    public override string? Direction => "up";

    /// <summary>Creates the metric.</summary>
    /// <param name="k">How many of the top predictions count (5).</param>
    /// <param name="name">The metric's name.</param>
    public TopKCategoricalAccuracy(int k = 5, string name = "top_k_categorical_accuracy") : base(name)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), $"TopKCategoricalAccuracy: k must be at least 1, got {k}.");
        K = k;
    }

    /// <summary>How many of the top predictions count.</summary>
    public int K { get; }

    private protected override MetricValues ComputeValues(Tensor yTrue, Tensor yPred)
    {
        var t = MetricValues.From(yTrue);
        var p = MetricValues.From(yPred);
        if (!t.SameShape(p) || p.Rank == 0)
            throw ShapeMismatch(t, p, "one-hot targets must have the predictions' shape");
        return MetricValues.Of(ClassScores.InTopK(p.Values, Ops.ArgMax(t.Values, -1), K));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["k"] = K;
        return c;
    }
}
