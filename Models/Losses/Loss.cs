namespace KerasSharp.Losses;

/// <summary>
/// The base of every loss, as Keras's <c>keras.losses.Loss</c>: <see cref="ComputePerSample"/> gives one loss per
/// sample (the last axis reduced), and <see cref="Call"/> applies sample weights and the <see cref="Reduction"/>.
/// Everything is computed with <see cref="Ops"/>, so a loss is differentiable under a <see cref="GradientTape"/>.
/// </summary>
[KerasModule("keras.losses")]
public abstract partial class Loss : IKerasConfigurable
{
    /// <summary>Sets the loss's name and reduction; a null reduction is <see cref="Reduction.None"/>, as Keras's <c>reduction=None</c>
    /// (which a Keras config writes as null).</summary>
    protected Loss(string name, Reduction? reduction)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Reduction = reduction ?? Reduction.None;
    }

    /// <summary>The Keras name, e.g. "sparse_categorical_crossentropy".</summary>
    public string Name { get; }

    /// <summary>How <see cref="Call"/> reduces the weighted per-sample losses.</summary>
    public Reduction Reduction { get; }

    /// <summary>
    /// The loss of a batch: the per-sample losses, times <paramref name="sampleWeight"/> (broadcast to them) when
    /// given, then reduced. With <see cref="Reduction.SumOverBatchSize"/> the weighted sum is divided by the number
    /// of per-sample values (not by the sum of the weights), as Keras does.
    /// </summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions (float32 or float64; the result has their dtype).</param>
    /// <param name="sampleWeight">Optional weights of shape [batch] (or broadcastable to the per-sample losses).</param>
    public Tensor Call(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var values = ComputePerSample(yTrue, yPred);
        var mask = ComputeMask(yTrue, yPred);
        return Reduce(values, sampleWeight, mask);
    }

    /// <summary>The unreduced loss: one value per sample (the last axis of the inputs reduced as Keras does).</summary>
    public abstract Tensor ComputePerSample(Tensor yTrue, Tensor yPred);

    /// <summary>
    /// A bool tensor shaped like the per-sample losses marking the entries that count, or null when all count
    /// (SparseCategoricalCrossentropy's ignoreClass). Masked-out entries get weight 0 and, with
    /// <see cref="Reduction.SumOverBatchSize"/>, the mean is taken over the entries that count.
    /// </summary>
    protected virtual Tensor? ComputeMask(Tensor yTrue, Tensor yPred) => null;

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}(name={Name}, reduction={Reduction})";

    /// <summary>The constructor arguments by Keras name (subclasses add theirs to the name and reduction).</summary>
    public virtual Dictionary<string, object?> GetConfig() => new()
    {
        ["name"] = Name,
        ["reduction"] = Reduction switch { Reduction.SumOverBatchSize => "sum_over_batch_size", Reduction.Sum => "sum", _ => "none" },
    };

    private Tensor Reduce(Tensor values, Tensor? sampleWeight, Tensor? mask)
    {
        Tensor? weights = null;
        if (mask is not null)
        {
            var m = Ops.Cast(mask, values.DType);
            if (Reduction == Reduction.SumOverBatchSize)
            {
                // As Keras's apply_mask: valid entries get weight total / valid, so the mean runs over them only.
                var valid = Ops.Sum(m);
                m = Ops.Multiply(m, Ops.Divide(Ops.FullLike(valid, values.Size), Ops.AddScalar(valid, LossMath.Epsilon)));
            }
            weights = m;
        }
        if (sampleWeight is not null)
        {
            var w = AlignWeights(sampleWeight, values);
            weights = weights is null ? w : Ops.Multiply(weights, w);
        }
        var weighted = weights is null ? values : Ops.Multiply(values, weights);
        return Reduction switch
        {
            Reduction.None => weighted,
            Reduction.Sum => Ops.Sum(weighted),
            _ => weighted.Size == 0 ? Ops.Sum(weighted) : Ops.MultiplyScalar(Ops.Sum(weighted), 1.0 / weighted.Size),
        };
    }

    /// <summary>Casts the sample weights to the losses' dtype and matches their rank (squeezing or adding trailing axes).</summary>
    private Tensor AlignWeights(Tensor sampleWeight, Tensor values)
    {
        var w = Ops.Cast(sampleWeight, values.DType);
        if (w.Rank == values.Rank + 1 && w.Shape[-1] == 1) w = Ops.Squeeze(w, -1);
        while (w.Rank < values.Rank) w = Ops.ExpandDims(w, -1);
        if (!LossShapes.BroadcastsTo(w.Shape, values.Shape) && w.Size != 1)
            throw new ArgumentException(
                $"{GetType().Name} ({Name}): sampleWeight has shape {sampleWeight.Shape}, which does not broadcast to " +
                $"the per-sample losses of shape {values.Shape}.", nameof(sampleWeight));
        return w;
    }

    /// <summary>
    /// Makes the predictions floating, aligns the ranks of targets and predictions as Keras does, checks that
    /// their shapes match and casts the targets to the predictions' dtype.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ; the message names the loss and both shapes.</exception>
    protected (Tensor YTrue, Tensor YPred) PrepareDense(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var pred = yPred.DType.IsFloating() ? yPred : Ops.Cast(yPred, DType.Float32);
        var (t, p) = LossShapes.SqueezeOrExpand(yTrue, pred);
        if (t.Shape != p.Shape) throw ShapeMismatch(yTrue, yPred);
        return (Ops.Cast(t, p.DType), p);
    }

    /// <summary>
    /// The logits behind <paramref name="yPred"/> when it is the output of a <paramref name="activation"/> activation
    /// (softmax, sigmoid), else null: cross-entropies then work from the logits, as Keras does.
    /// </summary>
    protected static Tensor? LogitsOf(Tensor yPred, string activation) =>
        Layers.ActivationLogits.TryGet(yPred, activation, out var logits) ? logits : null;

    /// <summary>The error for targets and predictions whose shapes do not fit this loss.</summary>
    protected ArgumentException ShapeMismatch(Tensor yTrue, Tensor yPred, string? expectation = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        return new ArgumentException(
            $"{GetType().Name} ({Name}): yTrue has shape {yTrue.Shape} but yPred has shape {yPred.Shape}; " +
            (expectation ?? "they must have the same shape (a trailing dimension of 1 may be added or dropped)") + ".");
    }
}
