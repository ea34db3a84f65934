namespace KerasSharp.Onnx;

internal static partial class OnnxOperators
{
    private static void AddCreation()
    {
        Add("Constant", c => c.Make(ConstantValue(c)));
        Add("ConstantOfShape", c =>
        {
            var shape = c.Ints(0);
            if (shape.Any(d => d < 0 || d > int.MaxValue)) throw c.Fail($"shape [{string.Join(", ", shape)}] is not a valid shape.");
            var value = c.Attributes.Tensor("value");
            var dims = shape.Select(d => (int)d).ToArray();
            if (value is null) return c.Make(OnnxHostTensor.Filled(DType.Float32, dims, 0));
            if (value.Size != 1) throw c.Fail($"value must hold one element, it holds {value.Size}.");
            return c.Make(OnnxHostTensor.Filled(value.DType, dims, value.AsDouble()[0]));
        });
        Add("Range", c =>
        {
            var start = c.Value(0).Host;
            double s = start.AsDouble()[0], limit = c.Value(1).Host.AsDouble()[0], delta = c.Value(2).Host.AsDouble()[0];
            if (delta == 0) throw c.Fail("delta must not be 0.");
            int n = (int)Math.Max(Math.Ceiling((limit - s) / delta), 0);
            var d = Enumerable.Range(0, n).Select(i => s + i * delta).ToArray();
            var host = start.DType switch
            {
                DType.Float32 => new OnnxHostTensor(DType.Float32, [n], d.Select(v => (float)v).ToArray()),
                DType.Float64 => new OnnxHostTensor(DType.Float64, [n], d),
                DType.Int32 => new OnnxHostTensor(DType.Int32, [n], d.Select(v => (int)v).ToArray()),
                _ => new OnnxHostTensor(DType.Int64, [n], d.Select(v => (long)v).ToArray()),
            };
            return c.Make(host);
        });
    }

    /// <summary>The value of a Constant node, from whichever attribute holds it.</summary>
    internal static OnnxHostTensor ConstantValue(OnnxCall c)
    {
        var a = c.Attributes;
        if (a.Tensor("value") is { } t) return t;
        if (a.Has("value_float")) return new OnnxHostTensor(DType.Float32, [], new[] { (float)a.Float("value_float", 0) });
        if (a.Floats("value_floats") is { } fs) return new OnnxHostTensor(DType.Float32, [fs.Length], fs.Select(f => (float)f).ToArray());
        if (a.Has("value_int")) return new OnnxHostTensor(DType.Int64, [], new[] { a.Int("value_int", 0) });
        if (a.Ints("value_ints") is { } ins) return new OnnxHostTensor(DType.Int64, [ins.Length], ins);
        throw c.Fail("no supported value attribute (value, value_float, value_floats, value_int, value_ints); sparse and string constants are not supported.");
    }
}
