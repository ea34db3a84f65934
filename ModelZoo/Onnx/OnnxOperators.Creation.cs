namespace KerasSharp.Onnx;

internal static partial class OnnxOperators
{
    private static void AddCreation()
    {
        Add("Constant", c => ConstantValue(c).ToTensor());
        Add("ConstantOfShape", c =>
        {
            var shape = c.Ints(0);
            if (shape.Any(d => d < 0 || d > int.MaxValue)) throw c.Fail($"shape [{string.Join(", ", shape)}] is not a valid shape.");
            var value = c.Attributes.Tensor("value");
            var dims = shape.Select(d => (int)d).ToArray();
            if (value is null) return Ops.Zeros(dims);
            if (value.Size != 1) throw c.Fail($"value must hold one element, it holds {value.Size}.");
            return Ops.Full(dims, value.AsDouble()[0], value.DType);
        });
        Add("Range", c =>
        {
            var start = c.Value(0).Host;
            double s = start.AsDouble()[0], limit = c.Value(1).Host.AsDouble()[0], delta = c.Value(2).Host.AsDouble()[0];
            return Ops.Arange(s, limit, delta, start.DType);
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
