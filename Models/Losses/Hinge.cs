namespace KerasSharp.Losses;

/// <summary>
/// The hinge loss <c>mean(max(1 - yTrue * yPred, 0), axis: -1)</c>. Targets should be -1 or 1; when every target
/// is 0 or 1 they are converted to -1 and 1 first, as Keras does.
/// </summary>
/// <param name="reduction">How <see cref="Loss.Call"/> reduces the per-sample losses (null: no reduction, as Keras's None).</param>
/// <param name="name">The loss's name.</param>
public sealed class Hinge(Reduction? reduction = Reduction.SumOverBatchSize, string name = "hinge")
    : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor ComputePerSample(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = PrepareDense(yTrue, yPred);
        var zero = Ops.ZerosLike(t);
        var isBinary = Ops.All(Ops.LogicalOr(Ops.Equal(t, zero), Ops.Equal(t, Ops.OnesLike(t))));
        t = Ops.Where(isBinary, Ops.AddScalar(Ops.MultiplyScalar(t, 2), -1), t);
        var margin = Ops.RSubScalar(1, Ops.Multiply(t, p));
        return LossMath.MeanLast(Ops.Maximum(margin, Ops.ZerosLike(margin)));
    }
}
