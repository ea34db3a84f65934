namespace KerasSharp.Metrics;

/// <summary>
/// A metric that is the (weighted) mean of a per-sample function of targets and predictions, as Keras's
/// <c>MeanMetricWrapper</c>: accuracies, MSE and MAE are built on it, and a custom function can be wrapped.
/// </summary>
public class MeanMetricWrapper : Metric
{
    private readonly WeightedMean _mean = new();
    private readonly Func<Tensor, Tensor, Tensor>? _fn;

    /// <summary>Wraps <paramref name="fn"/>, which maps (yTrue, yPred) to values per sample (or per element) with <see cref="Ops"/>.</summary>
    /// <param name="fn">The function; it receives gradient-stopped views of the inputs.</param>
    /// <param name="name">The metric's name.</param>
    public MeanMetricWrapper(Func<Tensor, Tensor, Tensor> fn, string name) : base(name)
    {
        ArgumentNullException.ThrowIfNull(fn);
        _fn = fn;
    }

    /// <summary>For the built-in metrics, which compute their values by overriding <see cref="ComputeValues"/>.</summary>
    private protected MeanMetricWrapper(string name) : base(name) { }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using var scope = new TensorScope();
        var values = ComputeValues(yTrue, yPred);
        _mean.Add(values, sampleWeight is null ? null : MetricValues.From(sampleWeight), $"{GetType().Name} ({Name})");
    }

    /// <inheritdoc/>
    public override double Result() => _mean.Value;

    /// <inheritdoc/>
    public override void ResetState() => _mean.Reset();

    /// <summary>
    /// Adds Keras's <c>fn</c> for a metric built from a delegate: a <see cref="NotSerializable"/>, since a file cannot hold C#
    /// code, so saving fails and says what to write instead.
    /// </summary>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        if (_fn is not null)
            c["fn"] = new NotSerializable(
                $"its metric function is a C# delegate ({Layers.DelegateNames.Describe(_fn)}), which a file cannot hold. Use a built-in metric, or write a " +
                "Metric subclass (UpdateState, Result, ResetState, and GetConfig for its arguments) marked [KerasSerializable(\"my_package\")].");
        return c;
    }

    /// <summary>The per-sample values of one batch (made inside the caller's scope, which frees them).</summary>
    private protected virtual MetricValues ComputeValues(Tensor yTrue, Tensor yPred) =>
        MetricValues.From(_fn!(Ops.StopGradient(yTrue), Ops.StopGradient(yPred)));
}
