using System.Collections;
using System.Runtime.CompilerServices;

namespace KerasSharp.Models;

/// <summary>
/// The <c>lossWeights</c> of <c>Compile</c>: one factor per output in order (<c>[1.0, 0.5]</c>) or by output name
/// (<c>new Dictionary&lt;string, double&gt; { ["value"] = 0.5 }</c>; an output left out weighs 1).
/// </summary>
[CollectionBuilder(typeof(LossWeights), nameof(Create))]
public readonly struct LossWeights : IEnumerable<double>
{
    private readonly double[]? _list;
    private readonly Dictionary<string, double>? _byOutput;

    private LossWeights(double[]? list, Dictionary<string, double>? byOutput) => (_list, _byOutput) = (list, byOutput);

    /// <summary>True when no weights were given (every output weighs 1).</summary>
    public bool IsEmpty => _list is null && _byOutput is null;

    /// <summary>One factor per output, in output order.</summary>
    public static implicit operator LossWeights(double[] weights) => new((double[])(weights ?? throw new ArgumentNullException(nameof(weights))).Clone(), null);
    /// <summary>Factors by output name.</summary>
    public static implicit operator LossWeights(Dictionary<string, double> byOutput) =>
        new(null, new Dictionary<string, double>(byOutput ?? throw new ArgumentNullException(nameof(byOutput))));

    /// <summary>Builds from a collection expression.</summary>
    public static LossWeights Create(ReadOnlySpan<double> weights) => new(weights.ToArray(), null);

    internal double[] Resolve(string model, IReadOnlyList<string> outputs)
    {
        if (_list is not null)
        {
            if (_list.Length != outputs.Count)
                throw new ArgumentException($"Model '{model}' has {outputs.Count} outputs but {_list.Length} loss weights were given.");
            return _list;
        }
        var byOutput = _byOutput;
        if (byOutput is null) return outputs.Select(_ => 1.0).ToArray();
        OutputNames.Check(model, outputs, byOutput.Keys, "loss weight");
        return outputs.Select(o => byOutput.GetValueOrDefault(o, 1.0)).ToArray();
    }

    internal object? ToConfig() => _list?.Select(w => (object?)w).ToList() ?? (object?)_byOutput?.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);

    internal static LossWeights FromConfig(object? value) => value switch
    {
        null => default,
        List<object?> list => list.Select(Number).ToArray(),
        Dictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Number(kv.Value)),
        _ => throw new ArgumentException($"compile_config: cannot read the loss weights {ConfigJson.Write(value)}."),
    };

    private static double Number(object? v) => v is long or double ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)
        : throw new ArgumentException($"compile_config: a loss weight must be a number, got {ConfigJson.Write(v)}.");

    /// <inheritdoc/>
    public IEnumerator<double> GetEnumerator() => ((IEnumerable<double>)(_list ?? _byOutput?.Values.ToArray() ?? [])).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
