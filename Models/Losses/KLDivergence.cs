namespace KerasSharp.Losses;

/// <summary>
/// Kullback-Leibler divergence <c>sum(yTrue * log(yTrue / yPred), axis: -1)</c>, with both clipped to [1e-7, 1]
/// as Keras does.
/// </summary>
/// <param name="reduction">How <see cref="Loss.Call"/> reduces the per-sample losses (null: no reduction, as Keras's None).</param>
/// <param name="name">The loss's name.</param>
public sealed class KLDivergence(Reduction? reduction = Reduction.SumOverBatchSize, string name = "kl_divergence")
    : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor ComputePerSample(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = PrepareDense(yTrue, yPred);
        t = Ops.Clip(t, LossMath.Epsilon, 1);
        p = Ops.Clip(p, LossMath.Epsilon, 1);
        return LossMath.SumLast(Ops.Multiply(t, Ops.Log(Ops.Divide(t, p))));
    }
}
