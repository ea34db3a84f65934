using System.Globalization;

namespace KerasSharp.Onnx;

/// <summary>A weight an imported layer owns: an ONNX initializer's name (made path-safe), shape, dtype and trainability.</summary>
internal sealed record OnnxWeightSpec(string Name, int[] Shape, DType DType, bool Trainable)
{
    /// <summary>The config form.</summary>
    public Dictionary<string, object?> ToConfig() => new()
    {
        ["name"] = Name,
        ["shape"] = Shape.Select(d => (object?)(long)d).ToList(),
        ["dtype"] = DType.Name(),
        ["trainable"] = Trainable,
    };

    /// <summary>Reads the config form.</summary>
    public static OnnxWeightSpec FromConfig(object? value, string where)
    {
        if (value is not Dictionary<string, object?> c) throw new ArgumentException($"{where}: a weight entry must be an object.");
        return new OnnxWeightSpec(
            c.GetValueOrDefault("name") as string ?? throw new ArgumentException($"{where}: a weight without a name."),
            OnnxNode.IntList(c.GetValueOrDefault("shape"), where).Select(d => (int)d!).ToArray(),
            DTypes.Parse(c.GetValueOrDefault("dtype") as string ?? "float32"),
            c.GetValueOrDefault("trainable") is not bool b || b);
    }

    /// <summary>A name that is safe as the last part of a weight path (no '/').</summary>
    public static string SafeName(string onnxName)
    {
        var chars = onnxName.Select(ch => char.IsLetterOrDigit(ch) || ch is '_' or '.' or '-' ? ch : '_').ToArray();
        var s = new string(chars).Trim('_');
        return s.Length == 0 ? "weight" : s;
    }

    internal static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}
