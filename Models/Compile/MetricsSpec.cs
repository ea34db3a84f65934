using System.Collections;
using System.Runtime.CompilerServices;
using KerasSharp.Losses;
using KerasSharp.Metrics;

namespace KerasSharp.Models;

/// <summary>
/// The <c>metrics</c> of <c>Compile</c>, in the forms Keras takes: one list for every output (<c>["accuracy"]</c>),
/// a list per output in order (<c>new MetricArg[][] { ["accuracy"], ["mae"] }</c>), or lists by output name
/// (<c>new Dictionary&lt;string, MetricArg[]&gt; { ["class"] = ["accuracy"] }</c>; an output left out has none).
/// Names are resolved per output ("accuracy" against that output's loss); an object can serve one output only.
/// </summary>
[CollectionBuilder(typeof(MetricsSpec), nameof(Create))]
public readonly struct MetricsSpec : IEnumerable<MetricArg>
{
    private readonly MetricArg[]? _all;
    private readonly MetricArg[][]? _perOutput;
    private readonly Dictionary<string, MetricArg[]>? _byOutput;

    private MetricsSpec(MetricArg[]? all, MetricArg[][]? perOutput, Dictionary<string, MetricArg[]>? byOutput) =>
        (_all, _perOutput, _byOutput) = (all, perOutput, byOutput);

    /// <summary>True when no metrics were given.</summary>
    public bool IsEmpty => _all is null && _perOutput is null && _byOutput is null;

    /// <summary>The same metrics for every output.</summary>
    public static implicit operator MetricsSpec(MetricArg[] metrics) => new((MetricArg[])(metrics ?? throw new ArgumentNullException(nameof(metrics))).Clone(), null, null);
    /// <summary>One list of metrics per output, in output order.</summary>
    public static implicit operator MetricsSpec(MetricArg[][] perOutput) =>
        new(null, (perOutput ?? throw new ArgumentNullException(nameof(perOutput))).Select(m => (MetricArg[])m.Clone()).ToArray(), null);
    /// <summary>Metrics by output name.</summary>
    public static implicit operator MetricsSpec(Dictionary<string, MetricArg[]> byOutput) =>
        new(null, null, (byOutput ?? throw new ArgumentNullException(nameof(byOutput))).ToDictionary(kv => kv.Key, kv => (MetricArg[])kv.Value.Clone()));
    /// <summary>Metrics by output name.</summary>
    public static implicit operator MetricsSpec(Dictionary<string, List<MetricArg>> byOutput) =>
        new(null, null, (byOutput ?? throw new ArgumentNullException(nameof(byOutput))).ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()));
    /// <summary>One metric by output name.</summary>
    public static implicit operator MetricsSpec(Dictionary<string, MetricArg> byOutput) =>
        new(null, null, (byOutput ?? throw new ArgumentNullException(nameof(byOutput))).ToDictionary(kv => kv.Key, kv => new[] { kv.Value }));

    /// <summary>Builds from a collection expression: the same metrics for every output.</summary>
    public static MetricsSpec Create(ReadOnlySpan<MetricArg> metrics) => new(metrics.ToArray(), null, null);

    /// <summary>The metric objects of each output.</summary>
    internal Metric[][] Resolve(string model, IReadOnlyList<string> outputs, IReadOnlyList<Loss?> losses)
    {
        MetricArg[][] args;
        if (_perOutput is not null)
        {
            if (_perOutput.Length != outputs.Count)
                throw new ArgumentException($"Model '{model}' has {outputs.Count} outputs ({string.Join(", ", outputs)}) but metrics were given for {_perOutput.Length}.");
            args = _perOutput;
        }
        else if (_byOutput is { } byOutput)
        {
            OutputNames.Check(model, outputs, byOutput.Keys, "metrics");
            args = outputs.Select(o => byOutput.GetValueOrDefault(o) ?? []).ToArray();
        }
        else
        {
            var all = _all ?? [];
            args = outputs.Select(_ => all).ToArray();
        }

        var result = new Metric[outputs.Count][];
        var used = new HashSet<Metric>(ReferenceEqualityComparer.Instance);
        for (int o = 0; o < outputs.Count; o++)
        {
            result[o] = new Metric[args[o].Length];
            for (int k = 0; k < args[o].Length; k++)
            {
                var arg = args[o][k];
                var metric = arg.Metric ?? Metric.Get(arg.Name!, losses[o]);
                if (!used.Add(metric))
                    throw new ArgumentException($"Model '{model}': metric object '{metric.Name}' cannot be shared by several outputs; pass it by name or give each output its own.");
                result[o][k] = metric;
            }
        }
        return result;
    }

    /// <summary>Keras's compile_config form: names stay names, objects are serialized.</summary>
    internal object? ToConfig()
    {
        static List<object?> List(MetricArg[] m) => m.Select(a => a.Metric is null ? (object?)a.Name : a.Metric).ToList();
        if (_all is not null) return List(_all);
        if (_perOutput is not null) return _perOutput.Select(m => (object?)List(m)).ToList();
        return _byOutput?.ToDictionary(kv => kv.Key, kv => (object?)List(kv.Value));
    }

    /// <summary>Reads the compile_config form back (a list, a list of lists, or a dictionary by output).</summary>
    internal static MetricsSpec FromConfig(object? value)
    {
        static MetricArg One(object? v) => v switch
        {
            string s => s,
            Dictionary<string, object?> d => KerasObjects.Deserialize<Metric>(d),
            _ => throw new ArgumentException($"compile_config: cannot read the metric {ConfigJson.Write(v)}."),
        };
        static MetricArg[] Many(object? v) => v is List<object?> l ? l.Select(One).ToArray() : v is null ? [] : [One(v)];
        return value switch
        {
            null => default,
            List<object?> list when list.Count > 0 && list.All(v => v is List<object?> or null) => list.Select(Many).ToArray(),
            List<object?> list => list.Select(One).ToArray(),
            Dictionary<string, object?> d when !KerasObjects.IsSerializedObject(d) => d.ToDictionary(kv => kv.Key, kv => Many(kv.Value)),
            _ => throw new ArgumentException($"compile_config: cannot read the metrics {ConfigJson.Write(value)}."),
        };
    }

    /// <inheritdoc/>
    public IEnumerator<MetricArg> GetEnumerator() =>
        ((IEnumerable<MetricArg>)(_all ?? _perOutput?.SelectMany(m => m).ToArray() ?? _byOutput?.Values.SelectMany(m => m).ToArray() ?? [])).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
