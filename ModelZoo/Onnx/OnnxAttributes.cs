using System.Globalization;
using KerasSharp.Onnx.Proto;

namespace KerasSharp.Onnx;

/// <summary>
/// A node's attributes as plain values (long, double, string, lists of them, constant tensors as
/// <see cref="OnnxConstants"/> dictionaries), the form a layer's config holds; typed getters apply ONNX's defaults.
/// </summary>
internal sealed class OnnxAttributes(IReadOnlyDictionary<string, object?> values, string nodeName, string opType)
{
    /// <summary>The attributes by name.</summary>
    public IReadOnlyDictionary<string, object?> Values { get; } = values;

    /// <summary>Converts a node's AttributeProtos; graph-valued attributes are refused.</summary>
    public static Dictionary<string, object?> FromProto(NodeProto node, string file)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var a in node.Attribute)
        {
            object? value = a.Type switch
            {
                AttributeProto.Types.AttributeType.Float => (double)a.F,
                AttributeProto.Types.AttributeType.Int => a.I,
                AttributeProto.Types.AttributeType.String => a.S.ToStringUtf8(),
                AttributeProto.Types.AttributeType.Floats => a.Floats.Select(f => (object?)(double)f).ToList(),
                AttributeProto.Types.AttributeType.Ints => a.Ints.Select(i => (object?)i).ToList(),
                AttributeProto.Types.AttributeType.Strings => a.Strings.Select(s => (object?)s.ToStringUtf8()).ToList(),
                AttributeProto.Types.AttributeType.Tensor => OnnxConstants.ToConfig(OnnxTensorReader.Read(a.T ?? new TensorProto(), file, null)),
                // Files written before the type field existed (IR 1): infer from the populated field.
                AttributeProto.Types.AttributeType.Undefined => a.Ints.Count > 0 ? a.Ints.Select(i => (object?)i).ToList()
                    : a.Floats.Count > 0 ? a.Floats.Select(f => (object?)(double)f).ToList()
                    : !a.S.IsEmpty ? a.S.ToStringUtf8() : a.T is not null ? OnnxConstants.ToConfig(OnnxTensorReader.Read(a.T, file, null))
                    : a.F != 0 ? (double)a.F : a.I,
                _ => throw new OnnxFormatException(file, $"node '{node.Name}' ({node.OpType})", $"attribute '{a.Name}' is of type {a.Type}, which the importer does not support."),
            };
            result[a.Name] = value;
        }
        return result;
    }

    private string Where => $"ONNX node '{nodeName}' ({opType})";

    /// <summary>True when the attribute is present.</summary>
    public bool Has(string name) => Values.ContainsKey(name);

    /// <summary>An integer attribute, or <paramref name="fallback"/>.</summary>
    public long Int(string name, long fallback) =>
        Values.TryGetValue(name, out var v) && v is not null ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A float attribute, or <paramref name="fallback"/>.</summary>
    public double Float(string name, double fallback) =>
        Values.TryGetValue(name, out var v) && v is not null ? OnnxConstants.ToDouble(v) : fallback;

    /// <summary>A string attribute, or <paramref name="fallback"/>.</summary>
    public string String(string name, string fallback) =>
        Values.TryGetValue(name, out var v) && v is string s ? s : fallback;

    /// <summary>An integer-list attribute, or null.</summary>
    public long[]? Ints(string name)
    {
        if (!Values.TryGetValue(name, out var v) || v is null) return null;
        if (v is System.Collections.IEnumerable list and not string)
            return list.Cast<object?>().Select(o => Convert.ToInt64(o, CultureInfo.InvariantCulture)).ToArray();
        return [Convert.ToInt64(v, CultureInfo.InvariantCulture)];
    }

    /// <summary>A float-list attribute, or null.</summary>
    public double[]? Floats(string name)
    {
        if (!Values.TryGetValue(name, out var v) || v is null) return null;
        if (v is System.Collections.IEnumerable list and not string) return list.Cast<object?>().Select(o => OnnxConstants.ToDouble(o!)).ToArray();
        return [OnnxConstants.ToDouble(v)];
    }

    /// <summary>A tensor attribute (Constant's value, ConstantOfShape's value), or null.</summary>
    public OnnxHostTensor? Tensor(string name) =>
        Values.TryGetValue(name, out var v) && v is Dictionary<string, object?>
            ? OnnxConstants.FromConfig((Dictionary<string, object?>)v!, Where) : null;
}
