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

    private protected override HostArray ComputeValues(Tensor yTrue, Tensor yPred)
    {
        var t = HostArray.From(yTrue);
        var p = HostArray.From(yPred);
        if (!t.SameShape(p) || p.Rank == 0)
            throw ShapeMismatch(t, p, "one-hot targets must have the predictions' shape");
        var r = new double[p.Rows];
        for (int i = 0; i < r.Length; i++) r[i] = ClassScores.InTopK(p, i, ClassScores.ArgMax(t, i), K) ? 1 : 0;
        return new HostArray(r, ClassScores.RowShape(p));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["k"] = K;
        return c;
    }
}
