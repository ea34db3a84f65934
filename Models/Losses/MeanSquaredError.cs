namespace KerasSharp.Losses;

/// <summary>Mean of squares of errors: <c>mean(square(yTrue - yPred), axis: -1)</c>.</summary>
/// <param name="reduction">How <see cref="Loss.Call"/> reduces the per-sample losses (null: no reduction, as Keras's None).</param>
/// <param name="name">The loss's name.</param>
public sealed class MeanSquaredError(Reduction? reduction = Reduction.SumOverBatchSize, string name = "mean_squared_error")
    : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor ComputePerSample(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = PrepareDense(yTrue, yPred);
        return LossMath.MeanLast(Ops.Square(Ops.Subtract(p, t)));
    }
}
