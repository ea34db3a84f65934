namespace KerasSharp.Metrics;

/// <summary>How often predictions equal the targets exactly (Keras's <c>Accuracy</c>), averaged per sample.</summary>
/// <param name="name">The metric's name.</param>
public sealed class Accuracy(string name = "accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override string? Direction => "up";

    private protected override HostArray ComputeValues(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = ReadDense(yTrue, yPred);
        var r = new double[t.Size];
        for (int i = 0; i < r.Length; i++) r[i] = t.Data[i] == p.Data[i] ? 1 : 0;
        return new HostArray(r, t.Shape);
    }
}
