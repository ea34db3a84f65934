using KerasSharp.Layers;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// Each spatial layer, in both data formats, built on the native and on the torch backend with the same weights
/// (assigned from host data), must give the same forward output and the same gradients (input and weights) of
/// sum(y * w) for fixed random w. Float32 tolerance 1e-4 (relative and absolute): the backends sum the up to
/// ~100 products of a receptive field in different orders (blocked GEMM vs libtorch's kernels), which moves
/// results by a few float32 ulps (~1e-6 relative) per term; 1e-4 leaves margin without hiding a wrong index.
/// </summary>
[TestClass]
public sealed class LayerParityTests
{
    private const double Tol = 1e-4;

    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    private static readonly Dictionary<string, (Func<string, Layer> Make, int[] NhwcShape)> Cases = new()
    {
        ["conv2d_same_odd"] = (f => new Conv2D(5, 3, padding: "same", dataFormat: f), [2, 7, 9, 3]),
        ["conv2d_strided"] = (f => new Conv2D(4, (3, 2), strides: (2, 3), dataFormat: f, activation: "relu"), [2, 11, 10, 3]),
        ["conv2d_dilated_same"] = (f => new Conv2D(3, 3, padding: "same", dilationRate: 2, dataFormat: f), [1, 9, 7, 2]),
        ["conv2d_groups"] = (f => new Conv2D(6, 3, strides: 2, padding: "same", groups: 3, dataFormat: f), [2, 9, 9, 6]),
        ["conv2d_1x1"] = (f => new Conv2D(8, 1, dataFormat: f), [2, 5, 5, 16]),
        ["conv1d_causal"] = (f => new Conv1D(4, 3, padding: "causal", dilationRate: 2, dataFormat: f), [2, 13, 3]),
        ["conv1d_strided_same"] = (f => new Conv1D(4, 5, strides: 2, padding: "same", dataFormat: f), [2, 15, 3]),
        ["conv2d_transpose_same"] = (f => new Conv2DTranspose(3, 3, strides: 2, padding: "same", dataFormat: f), [2, 5, 7, 4]),
        ["conv2d_transpose_valid_outpad"] = (f => new Conv2DTranspose(2, (3, 2), strides: (3, 2), outputPadding: (1, 1), dataFormat: f), [1, 4, 5, 3]),
        ["depthwise_same"] = (f => new DepthwiseConv2D(3, strides: 2, padding: "same", depthMultiplier: 2, dataFormat: f), [2, 9, 7, 3]),
        ["separable"] = (f => new SeparableConv2D(5, 3, padding: "same", depthMultiplier: 2, dataFormat: f), [2, 7, 7, 3]),
        ["max_pool2d_same"] = (f => new MaxPooling2D(3, strides: 2, padding: "same", dataFormat: f), [2, 9, 7, 3]),
        ["avg_pool2d_same"] = (f => new AveragePooling2D((3, 2), padding: "same", dataFormat: f), [2, 7, 9, 3]),
        ["max_pool1d"] = (f => new MaxPooling1D(3, 2, dataFormat: f), [2, 11, 3]),
        ["avg_pool1d_same"] = (f => new AveragePooling1D(2, padding: "same", dataFormat: f), [2, 11, 3]),
        ["global_max2d"] = (f => new GlobalMaxPooling2D(dataFormat: f), [2, 5, 7, 3]),
        ["global_avg2d"] = (f => new GlobalAveragePooling2D(dataFormat: f, keepdims: true), [2, 5, 7, 3]),
        ["global_avg1d"] = (f => new GlobalAveragePooling1D(dataFormat: f), [2, 9, 3]),
        ["adaptive_avg"] = (f => new AdaptiveAveragePooling2D((3, 4), dataFormat: f), [2, 7, 9, 3]),
        ["zero_padding"] = (f => new ZeroPadding2D(((1, 2), (0, 3)), dataFormat: f), [2, 5, 4, 3]),
        ["cropping"] = (f => new Cropping2D(((1, 2), (0, 1)), dataFormat: f), [2, 7, 5, 3]),
        ["upsampling_nearest"] = (f => new UpSampling2D((2, 3), dataFormat: f), [2, 3, 4, 3]),
        ["upsampling_bilinear"] = (f => new UpSampling2D(2, dataFormat: f, interpolation: "bilinear"), [2, 3, 5, 3]),
    };

    public static IEnumerable<object[]> Names =>
        Cases.Keys.SelectMany(k => new[] { new object[] { k, "channels_last" }, new object[] { k, "channels_first" } });

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void NativeAndTorchAgree(string name, string dataFormat)
    {
        var (make, nhwc) = Cases[name];
        int[] shape = dataFormat == "channels_last" ? nhwc : [nhwc[0], nhwc[^1], .. nhwc[1..^1]];
        var native = Run("native", make, dataFormat, shape);
        var torch = Run("torch", make, dataFormat, shape);
        CollectionAssert.AreEqual(native.Shape, torch.Shape, $"{name} {dataFormat}: output shape");
        AssertClose(native.Values[0], torch.Values[0], $"{name} {dataFormat}: forward");
        Assert.HasCount(native.Values.Count, torch.Values, $"{name}: gradient count");
        for (int i = 1; i < native.Values.Count; i++) AssertClose(native.Values[i], torch.Values[i], $"{name} {dataFormat}: gradient {i - 1}");
    }

    private sealed record Result(int[] Shape, List<float[]> Values);

    private static float[] Host(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    private static Result Run(string backend, Func<string, Layer> make, string dataFormat, int[] shape)
    {
        Backend.Set(backend);
        LayerNames.Reset();
        var layer = make(dataFormat);
        var x = Tensor.FromArray(Host(shape.Aggregate(1, (a, b) => a * b), 1), shape);
        layer.Apply(x).Dispose();
        for (int i = 0; i < layer.Weights.Count; i++)
        {
            var v = layer.Weights[i];
            using var value = Tensor.FromArray(Host(v.Size, 100 + i), v.Shape.ToArray());
            v.Assign(value);
        }
        var weights = layer.TrainableWeights.ToArray();
        var values = new List<float[]>();
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = layer.Apply(x);
        Assert.AreEqual(backend, y.Backend.Name);
        values.Add(y.ToArray<float>());
        var w = Tensor.FromArray(Host(y.Size, 7), y.Shape.ToArray());
        var grads = tape.Gradient(Ops.Sum(Ops.Multiply(y, w)), [x, .. weights]);
        values.AddRange(grads.Select(g => g!.ToArray<float>()));
        return new Result(y.Shape.ToArray(), values);
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
            Assert.IsLessThanOrEqualTo(Tol * (1 + Math.Abs(expected[i])), Math.Abs(expected[i] - actual[i]),
                $"{what}: element {i}: native {expected[i]}, torch {actual[i]}");
    }
}
