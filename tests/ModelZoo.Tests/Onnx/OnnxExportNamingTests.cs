using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Onnx;
using KerasSharp.Onnx.Proto;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>The file's interface: input and output names from the model, a dynamic batch axis, weights named by their paths in raw_data.</summary>
[TestClass]
public sealed class OnnxExportNamingTests
{
    private static Model TwoInTwoOut()
    {
        var image = new Input([6, 6, 2], name: "image");
        var meta = new Input([3], name: "meta");
        var x = new Conv2D(3, 3, activation: "relu", name: "conv").Apply(image);
        x = new GlobalAveragePooling2D(name: "pool").Apply(x);
        x = new Concatenate(name: "join").Apply(x, meta);
        return new Model([image, meta], [new Dense(4, activation: "softmax", name: "class").Apply(x), new Dense(1, name: "score").Apply(x)]);
    }

    [TestMethod]
    public void NamesComeFromTheModel()
    {
        var model = TwoInTwoOut();
        var graph = ModelProto.Parser.ParseFrom(model.ToOnnxBytes()).Graph;
        CollectionAssert.AreEqual(new[] { "image", "meta" }, graph.Input.Select(i => i.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "class", "score" }, graph.Output.Select(i => i.Name).ToArray());
        // the batch axis is a named parameter, the rest fixed
        var image = graph.Input[0].Type.TensorType.Shape.Dim;
        Assert.AreEqual("batch", image[0].DimParam);
        CollectionAssert.AreEqual(new long[] { 6, 6, 2 }, image.Skip(1).Select(d => d.DimValue).ToArray());
        Assert.AreEqual("batch", graph.Output[1].Type.TensorType.Shape.Dim[0].DimParam);
    }

    [TestMethod]
    public void WeightsAreInitializersNamedByTheirPaths()
    {
        var model = TwoInTwoOut();
        var graph = ModelProto.Parser.ParseFrom(model.ToOnnxBytes()).Graph;
        var weights = graph.Initializer.Where(t => !t.Name.StartsWith("const/", StringComparison.Ordinal)).ToDictionary(t => t.Name);
        CollectionAssert.AreEquivalent(model.StateDict().Keys.ToArray(), weights.Keys.ToArray());
        foreach (var t in weights.Values)
        {
            Assert.AreEqual(0, t.FloatData.Count, t.Name);
            Assert.AreEqual(4 * t.Dims.Aggregate(1L, (a, b) => a * b), t.RawData.Length, t.Name);
        }
        // the convolution's kernel in ONNX's [out, in, kh, kw], the dense kernel as Keras's [in, out]; bytes little-endian
        CollectionAssert.AreEqual(new long[] { 3, 2, 3, 3 }, weights["conv/kernel"].Dims.ToArray());
        CollectionAssert.AreEqual(new long[] { 6, 4 }, weights["class/kernel"].Dims.ToArray());
        var kernel = model.StateDict()["class/kernel"].ToArray<float>();
        var raw = weights["class/kernel"].RawData.ToByteArray();
        Assert.AreEqual(kernel[1], System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(4)));
    }

    [TestMethod]
    public void TheSameModelGivesTheSameBytes()
    {
        var model = TwoInTwoOut();
        CollectionAssert.AreEqual(model.ToOnnxBytes(), model.ToOnnxBytes());
    }

    [TestMethod]
    public void ASharedLayerStoresItsWeightsOnce()
    {
        var a = new Input([4], name: "a");
        var b = new Input([4], name: "b");
        var shared = new Dense(3, name: "shared");
        var model = new Model([a, b], new Add(name: "sum").Apply(shared.Apply(a), shared.Apply(b)));
        var graph = ModelProto.Parser.ParseFrom(model.ToOnnxBytes()).Graph;
        CollectionAssert.AreEqual(new[] { "shared/kernel", "shared/bias" }, graph.Initializer.Select(t => t.Name).ToArray());
        Assert.AreEqual(2, graph.Node.Count(n => n.OpType == "Gemm"));
        var random = new Random(1);
        OnnxExportRuntime.AssertMatches(model, "shared", [[Tensor.FromArray(new float[] { 1, -2, 3, 0.5f }, 1, 4), Tensor.FromArray(new float[] { 0.1f, 2, -1, 4 }, 1, 4)]]);
    }

    [TestMethod]
    public void AnOutputThatIsAnotherOutputsValueGetsItsOwnName()
    {
        var x = new Input([3], name: "x");
        var y = new Dense(2, name: "dense").Apply(x);
        var model = new Model(x, [y, new Dropout(0.5, name: "dropped").Apply(y)]);
        var graph = ModelProto.Parser.ParseFrom(model.ToOnnxBytes()).Graph;
        CollectionAssert.AreEqual(new[] { "dense", "dropped" }, graph.Output.Select(o => o.Name).ToArray());
        OnnxExportRuntime.AssertMatches(model, "two_names", [[Tensor.FromArray(new float[] { 1, 2, 3 }, 1, 3)]]);
    }
}
