using Google.Protobuf;
using KerasSharp.Layers;
using KerasSharp.Onnx.Proto;

namespace KerasSharp.Onnx;

/// <summary>
/// The graph being exported: nodes, initializers and unique names, with helpers for the attributes, constants and
/// layout changes the layer exporters need. Weights become initializers named by their state-dict paths.
/// </summary>
internal sealed class OnnxExportGraph(int opset, IReadOnlyDictionary<Variable, string> weightPaths)
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<Variable, string> _weights = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);

    /// <summary>The opset the file declares (17 to 21).</summary>
    public int Opset { get; } = opset;

    /// <summary>The graph's nodes, initializers, inputs and outputs.</summary>
    public GraphProto Graph { get; } = new();

    /// <summary><paramref name="name"/>, or with a suffix (<c>_1</c>, <c>_2</c>, ...) when it is taken.</summary>
    public string Unique(string name)
    {
        var n = name;
        for (int i = 1; !_names.Add(n); i++) n = $"{name}_{i}";
        return n;
    }

    /// <summary>Adds a node with one output (named after <paramref name="scope"/> and the op) and returns that output.</summary>
    public string Op(string opType, string scope, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        MultiOp(opType, scope, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their names.</summary>
    public string[] MultiOp(string opType, string scope, IEnumerable<string> inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Unique($"{scope}/{opType}") };
        node.Input.Add(inputs);
        var names = new string[outputs];
        for (int i = 0; i < outputs; i++) names[i] = Unique(outputs == 1 ? $"{scope}/{opType}_output" : $"{scope}/{opType}_output_{i}");
        node.Output.Add(names);
        node.Attribute.Add(attributes);
        Graph.Node.Add(node);
        return names;
    }

    /// <summary>The initializer of a weight, named by its path; <paramref name="layout"/> converts it to the layout the ONNX op takes.</summary>
    public string Weight(Variable weight, Layer owner, Func<Tensor, Tensor>? layout = null)
    {
        if (_weights.TryGetValue(weight, out var known)) return known;
        if (!weightPaths.TryGetValue(weight, out var path))
            throw new NotSupportedException($"ONNX export: layer '{owner.Name}' ({owner.GetType().Name}) uses weight '{weight.Name}', which is not among the model's weights.");
        var name = Unique(path);
        using (var scope = new TensorScope())
        {
            var value = layout is null ? weight : layout(weight);
            Graph.Initializer.Add(OnnxTensorWriter.Write(name, value));
        }
        _weights[weight] = name;
        return name;
    }

    /// <summary>A float32 constant (an initializer), shared by equal constants.</summary>
    public string Floats(float[] values, long[] dims) =>
        Constant($"f:{string.Join(",", dims)}:{string.Join(",", values.Select(v => BitConverter.SingleToInt32Bits(v)))}",
                 n => OnnxTensorWriter.Floats(n, values, dims));

    /// <summary>A float32 scalar constant.</summary>
    public string Scalar(double value) => Floats([(float)value], []);

    /// <summary>A 1-D int64 constant (shapes, axes, pads).</summary>
    public string Longs(params long[] values) =>
        Constant($"i:{string.Join(",", values)}", n => OnnxTensorWriter.Longs(n, values, [values.Length]));

    /// <summary>An int64 scalar constant.</summary>
    public string LongScalar(long value) => Constant($"s:{value}", n => OnnxTensorWriter.Longs(n, [value], []));

    /// <summary>A constant tensor of any dtype (an initializer named <c>const/...</c>).</summary>
    public string TensorConstant(Tensor value, string hint) =>
        Constant($"t:{_constants.Count}", n => OnnxTensorWriter.Write(n, value), hint); // never shared

    private string Constant(string key, Func<string, TensorProto> make, string hint = "const")
    {
        if (_constants.TryGetValue(key, out var name)) return name;
        name = Unique($"const/{hint}");
        Graph.Initializer.Add(make(name));
        _constants[key] = name;
        return name;
    }

    /// <summary>The value in the model's layout, transposing its channels-first twin if that is all there is.</summary>
    public string Keras(OnnxExportValue v)
    {
        if (v.Name is not null) return v.Name;
        int r = v.Rank;
        v.Name = Op("Transpose", "layout", [v.ChannelsFirst!], Ints("perm", [0, .. Enumerable.Range(2, r - 2), 1]));
        return v.Name;
    }

    /// <summary>The channels-first twin of a channels-last value (channel axis moved to 1), made once.</summary>
    public string ChannelsFirst(OnnxExportValue v)
    {
        if (v.ChannelsFirst is not null) return v.ChannelsFirst;
        int r = v.Rank;
        v.ChannelsFirst = Op("Transpose", "layout", [v.Name!], Ints("perm", [0, r - 1, .. Enumerable.Range(1, r - 2)]));
        return v.ChannelsFirst;
    }

    /// <summary>
    /// The value on the channel axis 1 for an op that wants it there: the value itself for channels-first data, its
    /// twin for channels-last data.
    /// </summary>
    public string ChannelsFirst(OnnxExportValue v, string dataFormat) => dataFormat == "channels_first" ? Keras(v) : ChannelsFirst(v);

    /// <summary>A value made by an op that ran channels-first, in the model's <paramref name="dataFormat"/>.</summary>
    public static OnnxExportValue FromChannelsFirst(string name, int?[] shape, DType dtype, string dataFormat) =>
        dataFormat == "channels_first" || shape.Length < 3 ? new(shape, dtype, name) : new(shape, dtype, null, name);

    /// <summary>Reduces <paramref name="x"/> over <paramref name="axes"/> (axes an input from opset 18, and for ReduceSum from 13).</summary>
    public string Reduce(string op, string scope, string x, long[] axes, bool keepDims)
    {
        var keep = Int("keepdims", keepDims ? 1 : 0);
        if (Opset >= 18 || op == "ReduceSum") return Op(op, scope, [x, Longs(axes)], keep);
        return Op(op, scope, [x], Ints("axes", axes), keep);
    }

    /// <summary>Reshape to <paramref name="shape"/> (0 copies the input's size on that axis, -1 infers one).</summary>
    public string Reshape(string scope, string x, params long[] shape) => Op("Reshape", scope, [x, Longs(shape)]);

    /// <summary>An int attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An ints attribute.</summary>
    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.Add(values);
        return a;
    }

    /// <summary>An ints attribute from ints.</summary>
    public static AttributeProto Ints(string name, IEnumerable<int> values) => Ints(name, values.Select(v => (long)v));

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, double value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    /// <summary>A string attribute.</summary>
    public static AttributeProto Str(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>A list-of-strings attribute.</summary>
    public static AttributeProto Strs(string name, IEnumerable<string> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.Add(values.Select(ByteString.CopyFromUtf8));
        return a;
    }
}
