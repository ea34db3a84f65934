namespace KerasSharp.Losses;

/// <summary>
/// Cross-entropy of integer class labels and a predicted distribution over the last axis:
/// <c>-log p[label]</c>. Labels may have any integer dtype, or be floats holding integers, with the shape of
/// yPred without its last axis (e.g. [batch]) or with a trailing 1 (e.g. [batch, 1]). Probabilities are
/// renormalised and clipped to [1e-7, 1 - 1e-7]; with <see cref="FromLogits"/>, <c>log p = log_softmax(yPred)</c>.
/// When yPred is the output of a softmax activation, its logits are used instead of the probabilities, as Keras
/// does (see <see cref="Layers.ActivationLogits"/>).
/// With <see cref="IgnoreClass"/>, samples of that label contribute 0 and the mean runs over the others.
/// </summary>
public sealed class SparseCategoricalCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether yPred holds logits rather than probabilities.</param>
    /// <param name="ignoreClass">A label value whose samples are left out of the loss (e.g. padding), or null.</param>
    /// <param name="reduction">How <see cref="Loss.Call"/> reduces the per-sample losses (null: no reduction, as Keras's None).</param>
    /// <param name="name">The loss's name.</param>
    public SparseCategoricalCrossentropy(bool fromLogits = false, int? ignoreClass = null,
                                         Reduction? reduction = Reduction.SumOverBatchSize, string name = "sparse_categorical_crossentropy")
        : base(name, reduction)
    {
        FromLogits = fromLogits;
        IgnoreClass = ignoreClass;
    }

    /// <summary>Whether yPred holds logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The label whose samples are ignored, or null.</summary>
    public int? IgnoreClass { get; }

    /// <inheritdoc/>
    public override Tensor ComputePerSample(Tensor yTrue, Tensor yPred)
    {
        var logits = FromLogits ? yPred : LogitsOf(yPred, "softmax");
        bool fromLogits = logits is not null;
        var (labels, p) = Prepare(yTrue, logits ?? yPred);
        Tensor? valid = null;
        if (IgnoreClass is int ignore)
        {
            valid = Ops.NotEqual(labels, Ops.FullLike(labels, ignore));
            labels = Ops.Where(valid, labels, Ops.ZerosLike(labels));
        }
        Tensor loss;
        if (fromLogits) loss = Ops.SparseSoftmaxCrossEntropy(p, labels);
        else
        {
            var normalised = Ops.Divide(p, Ops.Sum(p, -1, keepDims: true));
            var logP = Ops.Log(Ops.Clip(normalised, LossMath.Epsilon, 1 - LossMath.Epsilon));
            loss = Ops.Negative(Ops.Squeeze(Ops.TakeAlongAxis(logP, Ops.ExpandDims(labels, -1), -1), -1));
        }
        return valid is null ? loss : Ops.Where(valid, loss, Ops.ZerosLike(loss));
    }

    /// <inheritdoc/>
    protected override Tensor? ComputeMask(Tensor yTrue, Tensor yPred)
    {
        if (IgnoreClass is not int ignore) return null;
        var (labels, _) = Prepare(yTrue, yPred);
        return Ops.NotEqual(labels, Ops.FullLike(labels, ignore));
    }

    /// <summary>Checks the shapes and returns int64 labels shaped like yPred without its last axis, and floating predictions.</summary>
    private (Tensor Labels, Tensor YPred) Prepare(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        const string expectation = "sparse labels must have yPred's shape without its last (class) axis, optionally with a trailing 1";
        if (yPred.Rank == 0) throw ShapeMismatch(yTrue, yPred, expectation);
        var labels = yTrue;
        if (labels.Rank == yPred.Rank && labels.Shape[-1] == 1) labels = Ops.Squeeze(labels, -1);
        if (labels.Rank != yPred.Rank - 1) throw ShapeMismatch(yTrue, yPred, expectation);
        for (int d = 0; d < labels.Rank; d++)
            if (labels.Shape[d] != yPred.Shape[d]) throw ShapeMismatch(yTrue, yPred, expectation);
        var p = yPred.DType.IsFloating() ? yPred : Ops.Cast(yPred, DType.Float32);
        if (labels.DType.IsFloating()) labels = Ops.Round(labels);
        return (Ops.Cast(labels, DType.Int64), p);
    }

    /// <inheritdoc/>
    /// <remarks>Keras also writes <c>axis</c>; the class axis here is always the last, which is what Keras's default -1 means.</remarks>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["from_logits"] = FromLogits;
        c["ignore_class"] = IgnoreClass;
        return c;
    }
}
