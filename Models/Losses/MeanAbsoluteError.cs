namespace KerasSharp.Losses;

/// <summary>Mean of absolute errors: <c>mean(abs(yTrue - yPred), axis: -1)</c>.</summary>
/// <param name="reduction">How <see cref="Loss.Call"/> reduces the per-sample losses (null: no reduction, as Keras's None).</param>
/// <param name="name">The loss's name.</param>
public sealed class MeanAbsoluteError(Reduction? reduction = Reduction.SumOverBatchSize, string name = "mean_absolute_error")
    : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor ComputePerSample(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = PrepareDense(yTrue, yPred);
        return LossMath.MeanLast(Ops.Abs(Ops.Subtract(p, t)));
    }
}
