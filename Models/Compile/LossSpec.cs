using System.Collections;
using System.Runtime.CompilerServices;
using KerasSharp.Losses;

namespace KerasSharp.Models;

/// <summary>
/// The <c>loss</c> of <c>Compile</c>, in any form Keras takes: one loss for every output (<c>"mse"</c> or an
/// object), one per output in order (<c>["sparse_categorical_crossentropy", "mse"]</c>), or by output name
/// (<c>new Dictionary&lt;string, Loss&gt; { ["class"] = "sparse_categorical_crossentropy" }</c>; an output left
/// out adds no loss).
/// </summary>
[CollectionBuilder(typeof(LossSpec), nameof(Create))]
public readonly struct LossSpec : IEnumerable<Loss>
{
    private readonly Loss? _single;
    private readonly Loss[]? _list;
    private readonly Dictionary<string, Loss>? _byOutput;

    private LossSpec(Loss? single, Loss[]? list, Dictionary<string, Loss>? byOutput) => (_single, _list, _byOutput) = (single, list, byOutput);

    /// <summary>True when no loss was given.</summary>
    public bool IsEmpty => _single is null && _list is null && _byOutput is null;

    /// <summary>One loss by Keras name for every output.</summary>
    public static implicit operator LossSpec(string name) => new(Loss.Get(name), null, null);
    /// <summary>One loss object for every output.</summary>
    public static implicit operator LossSpec(Loss loss) => new(loss ?? throw new ArgumentNullException(nameof(loss)), null, null);
    /// <summary>One loss per output, in output order.</summary>
    public static implicit operator LossSpec(Loss[] losses) => new(null, (Loss[])(losses ?? throw new ArgumentNullException(nameof(losses))).Clone(), null);
    /// <summary>Losses by output name.</summary>
    public static implicit operator LossSpec(Dictionary<string, Loss> byOutput) =>
        new(null, null, new Dictionary<string, Loss>(byOutput ?? throw new ArgumentNullException(nameof(byOutput))));

    /// <summary>Builds from a collection expression: one loss per output.</summary>
    public static LossSpec Create(ReadOnlySpan<Loss> losses) => new(null, losses.ToArray(), null);

    /// <summary>The loss of each output (null: that output adds no loss).</summary>
    internal Loss?[] Resolve(string model, IReadOnlyList<string> outputs)
    {
        var single = _single;
        if (single is not null) return outputs.Select(_ => (Loss?)single).ToArray();
        if (_list is not null)
        {
            if (_list.Length != outputs.Count)
                throw new ArgumentException($"Model '{model}' has {outputs.Count} outputs ({string.Join(", ", outputs)}) but {_list.Length} losses were given.");
            return _list;
        }
        var byOutput = _byOutput!;
        var byName = OutputNames.Check(model, outputs, byOutput.Keys, "loss");
        var result = outputs.Select(o => byName.Contains(o) ? byOutput[o] : null).ToArray();
        if (result.All(l => l is null)) throw new ArgumentException($"Model '{model}': the loss dictionary gives no output a loss.");
        return result;
    }

    /// <summary>Keras's compile_config form: one serialized loss, a list, or a dictionary by output.</summary>
    internal object? ToConfig() =>
        _single is not null ? _single :
        _list is not null ? _list.ToList<object?>() :
        _byOutput?.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);

    /// <summary>Reads the compile_config form back.</summary>
    internal static LossSpec FromConfig(object? value) => value switch
    {
        null => default,
        string s => s,
        Dictionary<string, object?> d when KerasObjects.IsSerializedObject(d) => KerasObjects.Deserialize<Loss>(d),
        Dictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => KerasObjects.Deserialize<Loss>(kv.Value ?? throw new ArgumentException($"compile_config: the loss of output '{kv.Key}' is null."))),
        List<object?> list => list.Select(v => KerasObjects.Deserialize<Loss>(v ?? throw new ArgumentException("compile_config: a loss in the list is null."))).ToArray(),
        _ => throw new ArgumentException($"compile_config: cannot read the loss {ConfigJson.Write(value)}."),
    };

    /// <inheritdoc/>
    public IEnumerator<Loss> GetEnumerator() =>
        ((IEnumerable<Loss>)(_single is not null ? [_single] : _list ?? _byOutput?.Values.ToArray() ?? [])).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
