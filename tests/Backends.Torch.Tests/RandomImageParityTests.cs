using KerasSharp.Layers;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// The affine and crop augmentation layers in training, seeded, on native and on torch: the transforms are drawn on
/// the host from the layer's seed, so both backends must give the same images (and the same input gradients of
/// sum(y * w)), in both data formats. Float32 tolerance 1e-5: bilinear sums four weighted products, in one order.
/// </summary>
[TestClass]
public sealed class RandomImageParityTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    private static readonly Dictionary<string, Func<string, Layer>> Cases = new()
    {
        ["rotation_reflect"] = f => new RandomRotation([-0.4, 0.4], seed: 3, dataFormat: f),
        ["rotation_constant_nearest"] = f => new RandomRotation([0.1, 0.3], fillMode: "constant", interpolation: "nearest", fillValue: 0.25, seed: 4, dataFormat: f),
        ["zoom_wrap"] = f => new RandomZoom([-0.4, 0.5], widthFactor: [-0.3, 0.3], fillMode: "wrap", seed: 5, dataFormat: f),
        ["zoom_mirror"] = f => new RandomZoom([0.2, 0.6], fillMode: "mirror", seed: 6, dataFormat: f),
        ["translation_nearest"] = f => new RandomTranslation([-0.5, 0.5], [0.3], fillMode: "nearest", seed: 7, dataFormat: f),
        ["translation_constant"] = f => new RandomTranslation([0.2], [-0.4, 0.1], fillMode: "constant", fillValue: -1, seed: 8, dataFormat: f),
        ["crop"] = f => new RandomCrop(4, 3, seed: 9, dataFormat: f),
    };

    public static IEnumerable<object[]> Names =>
        Cases.Keys.SelectMany(k => new[] { new object[] { k, "channels_last" }, new object[] { k, "channels_first" } });

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void NativeAndTorchAgreeInTraining(string name, string dataFormat)
    {
        int[] shape = dataFormat == "channels_last" ? [3, 7, 6, 2] : [3, 2, 7, 6];
        var native = Run("native", Cases[name](dataFormat), shape);
        var torch = Run("torch", Cases[name](dataFormat), shape);
        for (int k = 0; k < native.Count; k++)
        {
            Assert.HasCount(native[k].Length, torch[k], $"{name} {dataFormat}: result {k} size");
            for (int i = 0; i < native[k].Length; i++)
                Assert.AreEqual(native[k][i], torch[k][i], 1e-5 * (1 + Math.Abs(native[k][i])), $"{name} {dataFormat}: result {k} element {i}");
        }
    }

    private static List<float[]> Run(string backend, Layer layer, int[] shape)
    {
        Backend.Set(backend);
        var rng = new Random(1);
        using var x = Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (float)rng.NextDouble()).ToArray(), shape);
        using var tape = new GradientTape();
        tape.Watch(x);
        var results = new List<float[]>();
        var y = layer.Apply(x, training: true);
        Assert.AreEqual(backend, y.Backend.Name);
        results.Add(y.ToArray<float>());
        using var second = layer.Apply(x, training: true);
        results.Add(second.ToArray<float>());
        var w = Tensor.FromArray(Enumerable.Range(0, y.Size).Select(i => (float)Math.Sin(i)).ToArray(), y.Shape.ToArray());
        results.Add(tape.Gradient(Ops.Sum(Ops.Multiply(y, w)), [x])[0]!.ToArray<float>());
        return results;
    }
}
