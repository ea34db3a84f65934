using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>Axes the model leaves open (image sizes, sequence lengths) stay open in the file: one file runs at several sizes.</summary>
[TestClass]
public sealed class OnnxExportDynamicShapeTests
{
    private static Tensor Random(int seed, params int[] shape)
    {
        var random = new Random(seed);
        return Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray(), shape);
    }

    [TestMethod]
    public void ImagesOfAnySize()
    {
        Config.SetSeed(2);
        // "same" padding with unknown sizes is ONNX's SAME_UPPER, TensorFlow's split at run time
        var model = new Sequential(
        [
            new Input([null, null, 3]),
            new Conv2D(4, 3, strides: 2, padding: "same", activation: "relu"),
            new MaxPooling2D(2, padding: "same"),
            new AveragePooling2D(3, strides: 1, padding: "same"),
            new DepthwiseConv2D(3, padding: "same"),
            new Cropping2D(((1, 0), (0, 1))),
            new UpSampling2D(2),
            new GlobalAveragePooling2D(),
            new Dense(2),
        ]);
        OnnxExportRuntime.Randomize(model);
        OnnxExportRuntime.AssertMatches(model, "images_any_size", [[Random(1, 1, 9, 7, 3)], [Random(2, 3, 12, 13, 3)], [Random(3, 2, 6, 6, 3)]]);
    }

    [TestMethod]
    public void SequencesOfAnyLength()
    {
        Config.SetSeed(2);
        var x = new Input([null, 6], name: "x");
        var h = new Dense(8, "gelu").Apply(x);
        h = new MultiHeadAttention(2, 4, name: "mha").Apply(h, h, useCausalMask: true);
        h = new LayerNormalization().Apply(h);
        h = new Conv1D(3, 3, padding: "same").Apply(h);
        var model = new Model(x, new GlobalMaxPooling1D().Apply(h));
        OnnxExportRuntime.Randomize(model);
        OnnxExportRuntime.AssertMatches(model, "sequences_any_length", [[Random(1, 1, 5, 6)], [Random(2, 3, 9, 6)]]);
    }
}
