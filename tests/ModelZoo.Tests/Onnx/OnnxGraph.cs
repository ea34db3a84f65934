using KerasSharp.Onnx;
using Google.Protobuf;
using KerasSharp.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>Builds small ONNX graphs by hand with the generated proto classes, for the importer's operator tests.</summary>
internal sealed class OnnxGraph(int opset = 17, int irVersion = 8)
{
    public const int Float = 1, I64 = 7, Int32 = 6, Bool = 9, Double = 11;

    private readonly GraphProto _graph = new() { Name = "test" };
    private int _nodes;

    public int Opset { get; } = opset;

    public GraphProto Graph => _graph;

    /// <summary>An input; null dims are free (named "N", "S", ...).</summary>
    public OnnxGraph Input(string name, int elemType, params long?[] dims)
    {
        _graph.Input.Add(Info(name, elemType, dims));
        return this;
    }

    public OnnxGraph Output(string name, int elemType = Float)
    {
        _graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType } } });
        return this;
    }

    public static ValueInfoProto Info(string name, int elemType, params long?[] dims)
    {
        var shape = new TensorShapeProto();
        int free = 0;
        foreach (var d in dims)
            shape.Dim.Add(d is long v ? new TensorShapeProto.Types.Dimension { DimValue = v } : new TensorShapeProto.Types.Dimension { DimParam = $"d{free++}" });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType, Shape = shape } } };
    }

    /// <summary>A float initializer in float_data (or raw_data).</summary>
    public OnnxGraph Init(string name, float[] data, long[] dims, bool raw = false)
    {
        var t = new TensorProto { Name = name, DataType = Float };
        t.Dims.AddRange(dims);
        if (raw) t.RawData = ByteString.CopyFrom(data.SelectMany(BitConverter.GetBytes).ToArray());
        else t.FloatData.AddRange(data);
        _graph.Initializer.Add(t);
        return this;
    }

    public OnnxGraph InitInt64(string name, long[] data, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = I64 };
        t.Dims.AddRange(dims);
        t.Int64Data.AddRange(data);
        _graph.Initializer.Add(t);
        return this;
    }

    public OnnxGraph Node(string op, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op.ToLowerInvariant()}_{_nodes++}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return this;
    }

    public ModelProto Model()
    {
        var model = new ModelProto { IrVersion = irVersion, ProducerName = "KerasSharp tests", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    public byte[] Bytes() => Model().ToByteArray();

    public static AttributeProto Int(string name, long v) => new() { Name = name, I = v, Type = AttributeProto.Types.AttributeType.Int };
    public static AttributeProto Float1(string name, float v) => new() { Name = name, F = v, Type = AttributeProto.Types.AttributeType.Float };
    public static AttributeProto Str(string name, string v) => new() { Name = name, S = ByteString.CopyFromUtf8(v), Type = AttributeProto.Types.AttributeType.String };
    public static AttributeProto Strs(string name, params string[] v)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.Add(v.Select(ByteString.CopyFromUtf8));
        return a;
    }

    public static AttributeProto Ints(string name, params long[] v)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(v);
        return a;
    }
    public static AttributeProto Floats(string name, params float[] v)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        a.Floats.AddRange(v);
        return a;
    }
    public static AttributeProto TensorAttr(string name, TensorProto t) => new() { Name = name, T = t, Type = AttributeProto.Types.AttributeType.Tensor };

    public static TensorProto FloatTensor(float[] data, params long[] dims)
    {
        var t = new TensorProto { DataType = Float };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(data);
        return t;
    }

    public static TensorProto Int64Tensor(long[] data, params long[] dims)
    {
        var t = new TensorProto { DataType = I64 };
        t.Dims.AddRange(dims);
        t.Int64Data.AddRange(data);
        return t;
    }
}

/// <summary>A named input's values for both runtimes.</summary>
internal sealed record Feed(string Name, Array Data, int[] Shape)
{
    public static Feed F(string name, int seed, params int[] shape)
    {
        var rng = new Random(seed);
        int n = shape.Aggregate(1, (a, b) => a * b);
        return new Feed(name, Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray(), shape);
    }

    public Tensor ToTensor() => Data switch
    {
        float[] f => Tensor.FromArray(f, Shape),
        long[] l => Tensor.FromArray(l, Shape),
        bool[] b => Tensor.FromArray(b, Shape),
        _ => throw new InvalidOperationException(),
    };

    public NamedOnnxValue ToOrt() => Data switch
    {
        float[] f => NamedOnnxValue.CreateFromTensor(Name, new DenseTensor<float>(f, Shape)),
        long[] l => NamedOnnxValue.CreateFromTensor(Name, new DenseTensor<long>(l, Shape)),
        bool[] b => NamedOnnxValue.CreateFromTensor(Name, new DenseTensor<bool>(b, Shape)),
        _ => throw new InvalidOperationException(),
    };
}

/// <summary>Runs a model in ONNX Runtime and in KerasSharp (imported) and compares every output.</summary>
internal static class OnnxCompare
{
    public static (double[] Values, int[] Shape)[] RunOrt(byte[] model, IReadOnlyList<Feed> feeds, int threads = 1)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var results = session.Run(feeds.Select(f => f.ToOrt()).ToList());
        return results.Select(r => r.Value switch
        {
            DenseTensor<float> t => (t.ToArray().Select(v => (double)v).ToArray(), t.Dimensions.ToArray()),
            DenseTensor<long> t => (t.ToArray().Select(v => (double)v).ToArray(), t.Dimensions.ToArray()),
            DenseTensor<int> t => (t.ToArray().Select(v => (double)v).ToArray(), t.Dimensions.ToArray()),
            DenseTensor<bool> t => (t.ToArray().Select(v => v ? 1.0 : 0.0).ToArray(), t.Dimensions.ToArray()),
            DenseTensor<double> t => (t.ToArray(), t.Dimensions.ToArray()),
            var other => throw new InvalidOperationException($"unexpected ORT output {other?.GetType().Name}"),
        }).ToArray();
    }

    // Eager calls: some graphs take inputs without a common batch axis, which Predict's batching requires.
    public static Tensor[] RunOurs(KerasSharp.Models.Model model, IReadOnlyList<Feed> feeds) =>
        model.ApplyAll(feeds.Select(f => f.ToTensor()).ToArray());

    /// <summary>Imports <paramref name="graph"/>, runs both and asserts every output matches to <paramref name="tolerance"/> (relative to max(1, |x|)).</summary>
    public static KerasSharp.Models.Model AssertMatches(OnnxGraph graph, IReadOnlyList<Feed> feeds, double tolerance = 1e-5, string? what = null)
    {
        var bytes = graph.Bytes();
        var expected = RunOrt(bytes, feeds);
        var model = OnnxModel.Load(bytes, "test.onnx");
        var actual = RunOurs(model, feeds);
        Assert.HasCount(expected.Length, actual, $"{what}: output count");
        for (int o = 0; o < expected.Length; o++)
        {
            CollectionAssert.AreEqual(expected[o].Shape, actual[o].Shape.ToArray(), $"{what}: output {o} shape ({Backend.Current.Name})");
            var got = actual[o].ToArray<double>();
            for (int i = 0; i < got.Length; i++)
            {
                double e = expected[o].Values[i];
                Assert.IsTrue(Math.Abs(e - got[i]) <= tolerance * Math.Max(1, Math.Abs(e)) || (double.IsNaN(e) && double.IsNaN(got[i])),
                    $"{what}: output {o} element {i}: ONNX Runtime {e}, ours {got[i]} ({Backend.Current.Name})");
            }
        }
        return model;
    }
}
