using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Optimizers;

namespace KerasSharp.Models;

public partial class Model
{
    private Loss?[]? _losses;
    private double[]? _lossWeights;
    private Metric[][]? _metrics;
    private (LossSpec Loss, MetricsSpec Metrics, LossWeights Weights) _compileArgs;

    /// <summary>The optimizer given to <c>Compile</c>.</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>True once <c>Compile</c> has run.</summary>
    public bool IsCompiled => Optimizer is not null;

    /// <summary>
    /// Chooses the optimizer, the loss and the metrics: <c>Compile(optimizer: "adam", loss:
    /// "sparse_categorical_crossentropy", metrics: ["accuracy"])</c>. Names and objects are both accepted. A model with
    /// several outputs takes one loss for all, a list in output order, or a dictionary by output name, and likewise
    /// metrics and loss weights (see <see cref="LossSpec"/>, <see cref="MetricsSpec"/>, <see cref="Models.LossWeights"/>).
    /// </summary>
    public void Compile(Optimizer optimizer, LossSpec loss = default, MetricsSpec metrics = default, LossWeights lossWeights = default)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var outputs = CompiledOutputNames();
        var losses = loss.IsEmpty ? null : loss.Resolve(Name, outputs);
        var weights = lossWeights.Resolve(Name, outputs);
        var resolved = metrics.Resolve(Name, outputs, losses ?? new Loss?[outputs.Count]);
        Optimizer = optimizer;
        if (PlacedOn is { } device) optimizer.To(device);
        _losses = losses;
        _lossWeights = weights;
        _metrics = resolved;
        _compileArgs = (loss, metrics, lossWeights);
    }

    // A model not yet built (subclassed, or Sequential without an input) counts as one output.
    private IReadOnlyList<string> CompiledOutputNames() => Outputs.Count > 0 ? OutputNames : [Name];

    /// <summary>
    /// Keras's compile_config: the optimizer, the loss, the loss weights and the metrics in the form they were given,
    /// or null when the model is not compiled.
    /// </summary>
    public Dictionary<string, object?>? GetCompileConfig() => Optimizer is null ? null : new()
    {
        ["optimizer"] = Optimizer,
        ["loss"] = _compileArgs.Loss.ToConfig(),
        ["loss_weights"] = _compileArgs.Weights.ToConfig(),
        ["metrics"] = _compileArgs.Metrics.ToConfig(),
        ["weighted_metrics"] = null,
        ["run_eagerly"] = false,
        ["steps_per_execution"] = 1,
        ["jit_compile"] = false,
    };

    /// <summary>Compiles from a compile_config read from a file.</summary>
    public void CompileFromConfig(Dictionary<string, object?> compileConfig)
    {
        ArgumentNullException.ThrowIfNull(compileConfig);
        if (compileConfig.GetValueOrDefault("weighted_metrics") is List<object?> { Count: > 0 })
            throw new ArgumentException($"Model '{Name}': compile_config has weighted_metrics, which KerasSharp does not support.");
        var optimizer = compileConfig.GetValueOrDefault("optimizer") switch
        {
            null => throw new ArgumentException($"Model '{Name}': compile_config has no optimizer."),
            var o => KerasObjects.Deserialize<Optimizer>(o),
        };
        Compile(optimizer, LossSpec.FromConfig(compileConfig.GetValueOrDefault("loss")),
                MetricsSpec.FromConfig(compileConfig.GetValueOrDefault("metrics")),
                LossWeights.FromConfig(compileConfig.GetValueOrDefault("loss_weights")));
    }

    private void RequireCompiled(string what)
    {
        if (!IsCompiled) throw new InvalidOperationException($"Model '{Name}' must be compiled before {what}: call Compile(optimizer, loss, metrics) first.");
        if (_losses is null) throw new InvalidOperationException($"Model '{Name}' was compiled without a loss, which {what} needs.");
    }

    /// <summary>
    /// The compiled metric that logs under <paramref name="logName"/> ("accuracy", or "class_accuracy" for the output "class" of a
    /// multi-output model; a "val_" prefix is ignored), or null when no metric does (the losses are not metrics).
    /// </summary>
    public Metrics.Metric? FindMetric(string logName)
    {
        ArgumentNullException.ThrowIfNull(logName);
        string name = logName.StartsWith("val_", StringComparison.Ordinal) ? logName["val_".Length..] : logName;
        foreach (var (n, _, metric) in NamedMetrics())
            if (n == name) return metric;
        return null;
    }

    /// <summary>The metrics name → object as they appear in logs (prefixed by the output name for multi-output models).</summary>
    private IEnumerable<(string Name, int Output, Metric Metric)> NamedMetrics()
    {
        if (_metrics is null) yield break;
        bool multi = _metrics.Length > 1;
        for (int o = 0; o < _metrics.Length; o++)
            foreach (var m in _metrics[o])
                yield return (multi ? $"{OutputNames[o]}_{m.Name}" : m.Name, o, m);
    }
}
