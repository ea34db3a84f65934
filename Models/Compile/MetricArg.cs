using KerasSharp.Metrics;

namespace KerasSharp.Models;

/// <summary>A metric given to <c>Compile</c> by Keras name ("accuracy") or as an object (<c>new AUC()</c>).</summary>
public readonly struct MetricArg
{
    private MetricArg(string? name, Metric? metric) { Name = name; Metric = metric; }

    /// <summary>The Keras name, when given by name.</summary>
    public string? Name { get; }

    /// <summary>The metric object, when given as one.</summary>
    public Metric? Metric { get; }

    /// <summary>A metric by name; "accuracy" is resolved against the compiled loss.</summary>
    public static implicit operator MetricArg(string name) => new(name ?? throw new ArgumentNullException(nameof(name)), null);

    /// <summary>A metric object.</summary>
    public static implicit operator MetricArg(Metric metric) => new(null, metric ?? throw new ArgumentNullException(nameof(metric)));
}
