namespace KerasSharp.Losses;

/// <summary>
/// Logarithm of the hyperbolic cosine of the error, averaged over the last axis. Computed without overflow as
/// <c>x + softplus(-2x) - log(2)</c> with x = yPred - yTrue.
/// </summary>
/// <param name="reduction">How <see cref="Loss.Call"/> reduces the per-sample losses (null: no reduction, as Keras's None).</param>
/// <param name="name">The loss's name.</param>
public sealed class LogCosh(Reduction? reduction = Reduction.SumOverBatchSize, string name = "log_cosh")
    : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor ComputePerSample(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = PrepareDense(yTrue, yPred);
        var x = Ops.Subtract(p, t);
        var logCosh = Ops.AddScalar(Ops.Add(x, LossMath.Softplus(Ops.MultiplyScalar(x, -2))), -Math.Log(2));
        return LossMath.MeanLast(logCosh);
    }
}
