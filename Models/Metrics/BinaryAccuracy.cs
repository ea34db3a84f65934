namespace KerasSharp.Metrics;

/// <summary>
/// How often <c>yPred &gt; threshold</c> matches binary targets (Keras's <c>BinaryAccuracy</c>), averaged per
/// sample and then over samples.
/// </summary>
/// <param name="threshold">The decision threshold on predicted probabilities (0.5).</param>
/// <param name="name">The metric's name.</param>
public sealed class BinaryAccuracy(double threshold = 0.5, string name = "binary_accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override string? Direction => "up";

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; } = threshold;

    private protected override HostArray ComputeValues(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = ReadDense(yTrue, yPred);
        var r = new double[t.Size];
        for (int i = 0; i < r.Length; i++) r[i] = t.Data[i] == (p.Data[i] > Threshold ? 1 : 0) ? 1 : 0;
        return new HostArray(r, t.Shape);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["threshold"] = Threshold;
        return c;
    }
}
