using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Onnx;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>What export refuses, with messages naming the layer, its class and what has no ONNX form; a failed export writes nothing.</summary>
[TestClass]
public sealed class OnnxExportErrorTests
{
    private static Model Small() => new Sequential([new Input([4]), new Dense(2, name: "out")]);

    [TestMethod]
    [DataRow(16)]
    [DataRow(22)]
    public void AnOpsetOutsideTheRangeFails(int opset)
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Small().ToOnnxBytes(opset));
        Assert.Contains($"ExportOnnx: opset must be between 17 and 21, got {opset}.", e.Message);
        Assert.AreEqual("opset", e.ParamName);
    }

    [TestMethod]
    public void ALambdaFailsNamingIt()
    {
        var model = new Sequential([new Input([4]), new Lambda(x => Ops.Multiply(x, x), name: "square")]);
        var e = Assert.ThrowsExactly<NotSupportedException>(() => model.ToOnnxBytes());
        Assert.AreEqual("ONNX export: layer 'square' (Lambda): a Lambda runs C# code, which has no ONNX form; write the computation with built-in layers.", e.Message);
    }

    [TestMethod]
    public void ACustomActivationFailsNamingIt()
    {
        Activations.Register("onnx_test_cube", x => Ops.Multiply(x, Ops.Multiply(x, x)));
        var model = new Sequential([new Input([4]), new Dense(2, "onnx_test_cube", name: "cubed")]);
        var e = Assert.ThrowsExactly<NotSupportedException>(() => model.ToOnnxBytes());
        Assert.AreEqual("ONNX export: layer 'cubed' (Dense): activation 'onnx_test_cube' has no ONNX form (built-in activations are exported; a registered or C# one is not).", e.Message);
    }

    [TestMethod]
    public void RecurrentLayersWithoutAnOnnxFormFailNamingThem()
    {
        var stateful = new Sequential([new Input([5, 3], batchSize: 2), new LSTM(4, stateful: true, name: "kept")]);
        var e = Assert.ThrowsExactly<NotSupportedException>(() => stateful.ToOnnxBytes());
        Assert.AreEqual("ONNX export: layer 'kept' (LSTM): the stateful layer 'kept' carries its state from call to call, which an ONNX graph has no place for; export a copy made with stateful: false.", e.Message);
        var hard = new Sequential([new Input([5, 3]), new GRU(4, recurrentActivation: "hard_sigmoid", name: "hard")]);
        e = Assert.ThrowsExactly<NotSupportedException>(() => hard.ToOnnxBytes());
        Assert.AreEqual("ONNX export: layer 'hard' (GRU): the activation 'hard_sigmoid' of a recurrent cell has no ONNX form (ONNX's recurrent operators take tanh, sigmoid and relu here).", e.Message);
    }

    [TestMethod]
    public void ACausalMaskOverOtherAxesFails()
    {
        var x = new Input([3, 4, 5]);
        var model = new Model(x, new MultiHeadAttention(2, 3, attentionAxes: [2], name: "mha2d").Apply(x, x, useCausalMask: true));
        var e = Assert.ThrowsExactly<NotSupportedException>(() => model.ToOnnxBytes());
        Assert.AreEqual("ONNX export: layer 'mha2d' (MultiHeadAttention): use_causal_mask over attention axes [2] has no ONNX form here; pass an attention mask instead.", e.Message);
    }

    [TestMethod]
    public void ATransposedConvolutionOfUnknownSizeFails()
    {
        var model = new Sequential([new Input([null, null, 3]), new Conv2DTranspose(2, 3, strides: 2, name: "up")]);
        var e = Assert.ThrowsExactly<NotSupportedException>(() => model.ToOnnxBytes());
        StringAssert.StartsWith(e.Message, "ONNX export: layer 'up' (Conv2DTranspose): a transposed convolution needs known spatial sizes");
    }

    [TestMethod]
    public void AdaptivePoolingOfUnknownSizeFails()
    {
        var model = new Sequential([new Input([null, null, 3]), new AdaptiveAveragePooling2D(2, name: "adaptive")]);
        var e = Assert.ThrowsExactly<NotSupportedException>(() => model.ToOnnxBytes());
        Assert.AreEqual("ONNX export: layer 'adaptive' (AdaptiveAveragePooling2D): adaptive pooling needs known spatial sizes for ONNX export; give the Input a fixed height and width.", e.Message);
    }

    [TestMethod]
    public void AFloat64ModelFails()
    {
        var model = new Sequential([new Input([4], dtype: DType.Float64), new Dense(2, name: "wide") { DType = DType.Float64 }], name: "doubles");
        var e = Assert.ThrowsExactly<NotSupportedException>(() => model.ToOnnxBytes());
        Assert.AreEqual("ONNX export: model 'doubles': weight 'wide/kernel' is float64; export writes float32 models (build the model with float32 layers).", e.Message);
    }

    [TestMethod]
    public void ASubclassedModelFails()
    {
        var model = new Doubler();
        var e = Assert.ThrowsExactly<NotSupportedException>(() => model.ToOnnxBytes());
        StringAssert.StartsWith(e.Message, "ONNX export: model 'doubler' (Doubler) has no graph of layer calls to export");
    }

    [TestMethod]
    public void ASubclassedModelInsideAGraphFails()
    {
        var x = new Input([4]);
        var model = new Model(x, new Dense(2).Apply(new Doubler().Apply(x)));
        var e = Assert.ThrowsExactly<NotSupportedException>(() => model.ToOnnxBytes());
        Assert.AreEqual("ONNX export: layer 'doubler' (Doubler): a subclassed model's Call is C# code, which has no ONNX form; build it as a functional model.", e.Message);
    }

    [TestMethod]
    public void ACustomLayerFailsNamingIt()
    {
        var model = new Sequential([new Input([4]), new Twice()]);
        var e = Assert.ThrowsExactly<NotSupportedException>(() => model.ToOnnxBytes());
        Assert.AreEqual("ONNX export: layer 'twice' (Twice): this layer has no ONNX exporter (the README's ONNX section lists the layers that export).", e.Message);
    }

    private sealed class Twice() : Layer("twice")
    {
        public override Tensor Call(Tensor inputs, bool training) => Ops.MultiplyScalar(inputs, 2);
        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
    }

    private sealed class Doubler() : Model("doubler")
    {
        public override Tensor Call(Tensor inputs, bool training) => Ops.Add(inputs, inputs);
    }

    [TestMethod]
    public void AFailedExportLeavesTheOldFileAndNoTemporaryFile()
    {
        var folder = Directory.CreateTempSubdirectory("ks-onnx-atomic-").FullName;
        try
        {
            var path = Path.Combine(folder, "model.onnx");
            File.WriteAllText(path, "previous");
            var bad = new Sequential([new Input([4]), new Lambda(x => x, name: "noop")]);
            Assert.ThrowsExactly<NotSupportedException>(() => bad.ExportOnnx(path));
            Assert.AreEqual("previous", File.ReadAllText(path));
            Small().ExportOnnx(path);
            Assert.AreNotEqual("previous", File.ReadAllText(path));
            CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(folder));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
