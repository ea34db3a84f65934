namespace KerasSharp.Losses;

/// <summary>
/// Cross-entropy of one-hot (or probability) targets and a predicted distribution along <see cref="Axis"/>:
/// <c>-sum(yTrue * log(p), axis)</c>. Probabilities are first renormalised to sum to 1 and clipped to
/// [1e-7, 1 - 1e-7]; with <see cref="FromLogits"/>, <c>log p = log_softmax(yPred)</c>. When yPred is the output of a
/// softmax activation over the last axis, its logits are used instead, as Keras does (see <see cref="Layers.ActivationLogits"/>). Label smoothing replaces
/// the targets by <c>yTrue * (1 - s) + s / numClasses</c>.
/// </summary>
public sealed class CategoricalCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether yPred holds logits rather than probabilities.</param>
    /// <param name="labelSmoothing">Label smoothing in [0, 1].</param>
    /// <param name="axis">The class axis.</param>
    /// <param name="reduction">How <see cref="Loss.Call"/> reduces the per-sample losses (null: no reduction, as Keras's None).</param>
    /// <param name="name">The loss's name.</param>
    public CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0, int axis = -1,
                                   Reduction? reduction = Reduction.SumOverBatchSize, string name = "categorical_crossentropy")
        : base(name, reduction)
    {
        if (labelSmoothing is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), $"CategoricalCrossentropy: labelSmoothing must be in [0, 1], got {labelSmoothing}.");
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
        Axis = axis;
    }

    /// <summary>Whether yPred holds logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The label smoothing factor.</summary>
    public double LabelSmoothing { get; }

    /// <summary>The class axis.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override Tensor ComputePerSample(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yTrue.Shape != yPred.Shape)
            throw ShapeMismatch(yTrue, yPred, "they must have the same shape (one-hot targets; integer class labels go to SparseCategoricalCrossentropy)");
        var logits = FromLogits ? yPred : Axis == -1 || Axis == yPred.Rank - 1 ? LogitsOf(yPred, "softmax") : null;
        bool fromLogits = logits is not null;
        var (t, p) = PrepareDense(yTrue, logits ?? yPred);
        if (p.Rank == 0)
            throw ShapeMismatch(yTrue, yPred, "the predictions need a class axis");
        if (LabelSmoothing > 0)
        {
            int classes = p.Shape[Axis];
            t = Ops.AddScalar(Ops.MultiplyScalar(t, 1 - LabelSmoothing), LabelSmoothing / classes);
        }
        Tensor logP;
        if (fromLogits) logP = Ops.LogSoftmax(p, Axis);
        else
        {
            var normalised = Ops.Divide(p, Ops.Sum(p, Axis, keepDims: true));
            logP = Ops.Log(Ops.Clip(normalised, LossMath.Epsilon, 1 - LossMath.Epsilon));
        }
        return Ops.Negative(Ops.Sum(Ops.Multiply(t, logP), Axis));
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
