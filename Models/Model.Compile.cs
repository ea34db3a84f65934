using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Optimizers;

namespace KerasSharp.Models;

public partial class Model
{
    private Loss[]? _losses;
    private double[]? _lossWeights;
    private Metric[][]? _metrics;

    /// <summary>The optimizer given to <c>Compile</c>.</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>True once <c>Compile</c> has run.</summary>
    public bool IsCompiled => Optimizer is not null;

    /// <summary>
    /// Chooses the optimizer, the loss and the metrics: <c>Compile(optimizer: "adam", loss:
    /// "sparse_categorical_crossentropy", metrics: ["accuracy"])</c>. Names and objects are both accepted.
    /// A multi-output model uses the same loss for every output unless given one per output.
    /// </summary>
    public void Compile(Optimizer optimizer, Loss? loss = null, IReadOnlyList<MetricArg>? metrics = null, double[]? lossWeights = null) =>
        Compile(optimizer, loss is null ? null : Enumerable.Repeat(loss, Math.Max(1, Outputs.Count)).ToArray(), metrics, lossWeights);

    /// <summary>Compiles a multi-output model with one loss per output (in output order).</summary>
    public void Compile(Optimizer optimizer, IReadOnlyList<Loss>? loss, IReadOnlyList<MetricArg>? metrics = null, double[]? lossWeights = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        int outputs = Math.Max(1, Outputs.Count);
        if (loss is not null && loss.Count != outputs)
            throw new ArgumentException($"Model '{Name}' has {outputs} outputs ({string.Join(", ", OutputNames)}) but {loss.Count} losses were given.");
        if (lossWeights is not null && lossWeights.Length != outputs)
            throw new ArgumentException($"Model '{Name}' has {outputs} outputs but {lossWeights.Length} loss weights were given.");
        Optimizer = optimizer;
        _losses = loss?.ToArray();
        _lossWeights = lossWeights ?? Enumerable.Repeat(1.0, outputs).ToArray();
        _metrics = new Metric[outputs][];
        for (int o = 0; o < outputs; o++)
            _metrics[o] = (metrics ?? []).Select(m => m.Metric ?? Metric.Get(m.Name!, _losses?[o])).ToArray();
        // The same metric object cannot track two outputs: each output after the first gets its own copy by name.
        if (outputs > 1 && metrics is not null)
            for (int o = 1; o < outputs; o++)
                for (int k = 0; k < metrics.Count; k++)
                    if (metrics[k].Metric is not null && _metrics.Take(o).Any(list => ReferenceEquals(list[k], _metrics[o][k])))
                        throw new ArgumentException($"Model '{Name}': metric object '{metrics[k].Metric!.Name}' cannot be shared by {outputs} outputs; pass it by name or compile one per output.");
    }

    private void RequireCompiled(string what)
    {
        if (!IsCompiled) throw new InvalidOperationException($"Model '{Name}' must be compiled before {what}: call Compile(optimizer, loss, metrics) first.");
        if (_losses is null) throw new InvalidOperationException($"Model '{Name}' was compiled without a loss, which {what} needs.");
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
