using System.Globalization;

namespace KerasSharp.Onnx;

/// <summary>
/// Constant tensors in a config: {"dtype": "int64", "shape": [...], "values": [...]}, with non-finite floats written as
/// the strings "inf", "-inf" and "nan" (JSON has no form for them).
/// </summary>
internal static class OnnxConstants
{
    /// <summary>The config form of a host tensor.</summary>
    public static Dictionary<string, object?> ToConfig(OnnxHostTensor t)
    {
        var values = new List<object?>(t.Data.Length);
        foreach (var v in t.Data)
            values.Add(v switch
            {
                float f => Finite(f),
                double d => Finite(d),
                bool b => b,
                _ => Convert.ToInt64(v, CultureInfo.InvariantCulture),
            });
        return new Dictionary<string, object?>
        {
            ["dtype"] = t.DType.Name(),
            ["shape"] = t.Shape.Select(d => (object?)(long)d).ToList(),
            ["values"] = values,
        };

        static object Finite(double d) => double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf" : d;
    }

    /// <summary>Reads the config form back.</summary>
    public static OnnxHostTensor FromConfig(Dictionary<string, object?> config, string where)
    {
        string dtypeName = config.TryGetValue("dtype", out var dn) && dn is string s ? s : throw new ArgumentException($"{where}: a constant without a dtype.");
        var dtype = DTypes.Parse(dtypeName);
        var shape = config.TryGetValue("shape", out var sh) && sh is System.Collections.IEnumerable dims
            ? dims.Cast<object?>().Select(o => Convert.ToInt32(o, CultureInfo.InvariantCulture)).ToArray()
            : throw new ArgumentException($"{where}: a constant without a shape.");
        var raw = config.TryGetValue("values", out var vs) && vs is System.Collections.IEnumerable values
            ? values.Cast<object?>().ToArray() : throw new ArgumentException($"{where}: a constant without values.");
        long size = shape.Aggregate(1L, (a, d) => a * d);
        if (size != raw.Length) throw new ArgumentException($"{where}: a constant of shape [{string.Join(",", shape)}] holds {raw.Length} values.");
        Array data = dtype switch
        {
            DType.Float32 => raw.Select(o => (float)ToDouble(o!)).ToArray(),
            DType.Float64 => raw.Select(o => ToDouble(o!)).ToArray(),
            DType.Int64 => raw.Select(o => Convert.ToInt64(o, CultureInfo.InvariantCulture)).ToArray(),
            DType.Int32 => raw.Select(o => Convert.ToInt32(o, CultureInfo.InvariantCulture)).ToArray(),
            DType.UInt8 => raw.Select(o => Convert.ToByte(o, CultureInfo.InvariantCulture)).ToArray(),
            DType.Bool => raw.Select(o => Convert.ToBoolean(o, CultureInfo.InvariantCulture)).ToArray(),
            _ => throw new ArgumentException($"{where}: constant dtype {dtypeName} is not supported."),
        };
        return new OnnxHostTensor(dtype, shape, data);
    }

    /// <summary>A number, or one of the strings "inf", "-inf", "nan".</summary>
    public static double ToDouble(object value) => value switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };
}
