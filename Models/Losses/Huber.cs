namespace KerasSharp.Losses;

/// <summary>
/// The Huber loss: with x = yPred - yTrue, <c>0.5 * x^2</c> where |x| &lt;= delta and
/// <c>delta * |x| - 0.5 * delta^2</c> elsewhere, averaged over the last axis.
/// </summary>
public sealed class Huber : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="delta">Where the loss turns from quadratic to linear (Keras's default 1.0); must be positive.</param>
    /// <param name="reduction">How <see cref="Loss.Call"/> reduces the per-sample losses (null: no reduction, as Keras's None).</param>
    /// <param name="name">The loss's name.</param>
    public Huber(double delta = 1.0, Reduction? reduction = Reduction.SumOverBatchSize, string name = "huber_loss")
        : base(name, reduction)
    {
        if (!(delta > 0)) throw new ArgumentOutOfRangeException(nameof(delta), $"Huber: delta must be positive, got {delta}.");
        Delta = delta;
    }

    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public double Delta { get; }

    /// <inheritdoc/>
    public override Tensor ComputePerSample(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = PrepareDense(yTrue, yPred);
        var error = Ops.Subtract(p, t);
        var abs = Ops.Abs(error);
        var quadratic = Ops.MultiplyScalar(Ops.Square(error), 0.5);
        var linear = Ops.AddScalar(Ops.MultiplyScalar(abs, Delta), -0.5 * Delta * Delta);
        var inside = Ops.LessEqual(abs, Ops.FullLike(abs, Delta));
        return LossMath.MeanLast(Ops.Where(inside, quadratic, linear));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["delta"] = Delta;
        return c;
    }
}
