namespace KerasSharp.Losses;

/// <summary>
/// Cross-entropy of binary labels (0/1, or probabilities) and predicted probabilities, averaged over <see cref="Axis"/> (the last by default).
/// Probabilities are clipped to [1e-7, 1 - 1e-7]; with <see cref="FromLogits"/> the stable form
/// <c>max(x, 0) - x * z + log(1 + e^-|x|)</c> is used, and so it is for the output of a sigmoid activation, whose
/// logits are used as Keras does (see <see cref="Layers.ActivationLogits"/>). Label smoothing replaces z by <c>z * (1 - s) + 0.5 * s</c>.
/// </summary>
public sealed class BinaryCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether yPred holds logits rather than probabilities.</param>
    /// <param name="labelSmoothing">Label smoothing in [0, 1].</param>
    /// <param name="axis">The axis the per-element losses are averaged over.</param>
    /// <param name="reduction">How <see cref="Loss.Call"/> reduces the per-sample losses (null: no reduction, as Keras's None).</param>
    /// <param name="name">The loss's name.</param>
    public BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0, int axis = -1, Reduction? reduction = Reduction.SumOverBatchSize,
                              string name = "binary_crossentropy")
        : base(name, reduction)
    {
        if (labelSmoothing is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), $"BinaryCrossentropy: labelSmoothing must be in [0, 1], got {labelSmoothing}.");
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
        Axis = axis;
    }

    /// <summary>Whether yPred holds logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The label smoothing factor.</summary>
    public double LabelSmoothing { get; }

    /// <summary>The axis the per-element losses are averaged over.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override Tensor ComputePerSample(Tensor yTrue, Tensor yPred)
    {
        var logits = FromLogits ? yPred : LogitsOf(yPred, "sigmoid");
        bool fromLogits = logits is not null;
        var (z, p) = PrepareDense(yTrue, logits ?? yPred);
        if (LabelSmoothing > 0) z = Ops.AddScalar(Ops.MultiplyScalar(z, 1 - LabelSmoothing), 0.5 * LabelSmoothing);
        Tensor bce;
        if (fromLogits)
        {
            // max(x, 0) - x z + log1p(e^-|x|) = softplus(x) - x z
            bce = Ops.Subtract(LossMath.Softplus(p), Ops.Multiply(p, z));
        }
        else
        {
            var clipped = Ops.Clip(p, LossMath.Epsilon, 1 - LossMath.Epsilon);
            var pos = Ops.Multiply(z, Ops.Log(clipped));
            var neg = Ops.Multiply(Ops.RSubScalar(1, z), Ops.Log(Ops.RSubScalar(1, clipped)));
            bce = Ops.Negative(Ops.Add(pos, neg));
        }
        return bce.Rank == 0 ? bce : Ops.Mean(bce, Axis);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["from_logits"] = FromLogits;
        c["label_smoothing"] = LabelSmoothing;
        c["axis"] = Axis;
        return c;
    }
}
