namespace KerasSharp.Metrics;

/// <summary>
/// The base of every metric, as Keras's <c>keras.metrics.Metric</c>: state accumulated over batches by
/// <see cref="UpdateState"/>, read by <see cref="Result"/> and cleared by <see cref="ResetState"/>.
/// State lives on the device of the inputs, in float64, so updating a metric in a training step never waits for the device;
/// <see cref="Result"/> reads it back when asked. Metrics never take part in a gradient tape.
/// </summary>
[KerasModule("keras.metrics")]
public abstract partial class Metric : IKerasConfigurable
{
    /// <summary>Sets the metric's name.</summary>
    protected Metric(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The name shown in logs and in <c>History</c> ("accuracy", "auc", ...).</summary>
    public string Name { get; }

    /// <summary>
    /// Whether a better model raises this metric ("up": accuracy, AUC, precision) or lowers it ("down": errors), or null when
    /// it cannot tell. Monitoring callbacks in mode "auto" read it, as Keras 3 reads a metric's _direction.
    /// </summary>
    public virtual string? Direction => null;

    /// <summary>Accumulates the statistics of one batch.</summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="sampleWeight">Optional weights, e.g. of shape [batch].</param>
    public abstract void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null);

    /// <summary>The metric's value over everything accumulated since the last reset.</summary>
    public abstract double Result();

    /// <summary>Clears the accumulated state.</summary>
    public abstract void ResetState();

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}(name={Name})";

    /// <summary>The constructor arguments by Keras name: the name and the dtype (float32, the one metric dtype here, which Keras
    /// writes as a string); subclasses add theirs.</summary>
    public virtual Dictionary<string, object?> GetConfig() => new() { ["name"] = Name, ["dtype"] = "float32" };

    /// <summary>The error for targets and predictions whose shapes do not fit this metric.</summary>
    private protected ArgumentException ShapeMismatch(MetricValues yTrue, MetricValues yPred, string expectation) =>
        new($"{GetType().Name} ({Name}): yTrue has shape {yTrue.ShapeText} but yPred has shape {yPred.ShapeText}; {expectation}.");

    /// <summary>Reads targets and predictions and aligns them as Keras does; their shapes must then match.</summary>
    internal (MetricValues YTrue, MetricValues YPred) ReadDense(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var (t, p) = MetricValues.SqueezeOrExpand(MetricValues.From(yTrue), MetricValues.From(yPred));
        if (!t.SameShape(p))
            throw ShapeMismatch(MetricValues.From(yTrue), MetricValues.From(yPred),
                "they must have the same shape (a trailing dimension of 1 may be added or dropped)");
        return (t, p);
    }

    /// <summary>Reads sample weights and broadcasts them to <paramref name="shape"/> (after matching the rank as Keras does).</summary>
    private protected MetricValues ReadWeights(Tensor sampleWeight, int[] shape)
    {
        var w = MetricValues.From(sampleWeight);
        if (w.Rank == shape.Length + 1 && w.Last == 1) w = w.SqueezeLast();
        while (w.Rank < shape.Length) w = w.ExpandLast();
        return w.BroadcastTo(shape) ?? throw new ArgumentException(
            $"{GetType().Name} ({Name}): sampleWeight has shape {w.ShapeText}, which does not broadcast to [{string.Join(",", shape)}].",
            nameof(sampleWeight));
    }
}
