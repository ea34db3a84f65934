using KerasSharp.Backends;

namespace KerasSharp.Tests;

/// <summary>
/// The channels-last convolution and pooling ops: values by hand, the backend's kernels (native here) against the
/// composed reference over the geometries and sizes its code paths split on, and bad input.
/// </summary>
[TestClass]
public sealed class ChannelsLastTests
{
    [TestMethod]
    public void ConvolutionByHandWithScaleShiftAndRelu()
    {
        // x[0,:,:,0] = [[1,2,3],[4,5,6],[7,8,9]], x[..,1] = -x[..,0]; kernel 2x2, 2 -> 2 channels:
        // out0 = sum of the window of channel 0 (12, 16, 24, 28); out1 = that of channel 1 (the negatives).
        var values = Enumerable.Range(1, 9).SelectMany(v => new float[] { v, -v }).ToArray();
        using var x = Tensor.FromArray(values, 1, 3, 3, 2);
        using var kernel = Tensor.FromArray(Enumerable.Range(0, 4).SelectMany(_ => new float[] { 1, 0, 0, 1 }).ToArray(), 2, 2, 2, 2);
        using var scale = Tensor.FromArray(new float[] { 2, -1 });
        using var shift = Tensor.FromArray(new float[] { -30, 1 });
        TensorAssert.AreClose(new float[] { 12, -12, 16, -16, 24, -24, 28, -28 }, [1, 2, 2, 2], Ops.Conv2dChannelsLast(x, kernel), 0);
        // out0 * 2 - 30 = (-6, 2, 18, 26); out1 * -1 + 1 = (13, 17, 25, 29); ReLU clears -6
        TensorAssert.AreClose(new float[] { 0, 13, 2, 17, 18, 25, 26, 29 }, [1, 2, 2, 2],
                              Ops.Conv2dChannelsLast(x, kernel, scale, shift, relu: true), 0);
    }

    [TestMethod]
    public void ResidualIsAddedBeforeTheRelu()
    {
        // 1x1 identity kernel: y = relu(x * 2 - 1 + r)
        using var x = Tensor.FromArray(new float[] { 1, -1, 0.25f, 3 }, 1, 2, 2, 1);
        using var kernel = Tensor.FromArray(new float[] { 1 }, 1, 1, 1, 1);
        using var scale = Tensor.FromArray(new float[] { 2 });
        using var shift = Tensor.FromArray(new float[] { -1 });
        using var residual = Tensor.FromArray(new float[] { -2, 4, 0.25f, -6 }, 1, 2, 2, 1);
        TensorAssert.AreClose(new float[] { 0, 1, 0, 0 }, [1, 2, 2, 1], Ops.Conv2dChannelsLast(x, kernel, scale, shift, relu: true, residual: residual), 0);
        TensorAssert.AreClose(new float[] { -1, 1, -0.25f, -1 }, [1, 2, 2, 1], Ops.Conv2dChannelsLast(x, kernel, scale, shift, residual: residual), 0);
    }

    [TestMethod]
    public void ConvolutionEqualsTheChannelsFirstOpBetweenTransposes()
    {
        using var scope = new TensorScope();
        var x = Ops.RandomUniform([2, 7, 6, 3], -1, 1, seed: 1);
        var kernel = Ops.RandomUniform([3, 3, 3, 5], -1, 1, seed: 2);
        var bias = Ops.RandomUniform([5], -1, 1, seed: 3);
        var expected = Ops.Transpose(Ops.Conv2d(Ops.Transpose(x, [0, 3, 1, 2]), Ops.Transpose(kernel, [3, 2, 0, 1]), bias, [2, 1], "same"), [0, 2, 3, 1]);
        var actual = Ops.Conv2dChannelsLast(x, kernel, shift: bias, strides: [2, 1], padding: "same");
        TensorAssert.AreClose(expected.ToArray<float>(), [2, 4, 6, 5], actual, 1e-5);
    }

    /// <summary>Geometries and sizes across the native kernel's paths: the 1x1 input read in place, row blocks, K slices, partial column panels, groups.</summary>
    public static IEnumerable<object[]> ConvCases =>
    [
        ["1x1 stride 1 (input read in place), 3 row blocks", new[] { 2, 13, 11, 24 }, new[] { 1, 1, 24, 40 }, new[] { 1, 1 }, new[] { 0, 0, 0, 0 }, new[] { 1, 1 }, 1],
        ["1x1 stride 2", new[] { 1, 9, 9, 16 }, new[] { 1, 1, 16, 32 }, new[] { 2, 2 }, new[] { 0, 0, 0, 0 }, new[] { 1, 1 }, 1],
        ["3x3 same, K over one slice (9*70 > 512)", new[] { 2, 6, 5, 70 }, new[] { 3, 3, 70, 33 }, new[] { 1, 1 }, new[] { 1, 1, 1, 1 }, new[] { 1, 1 }, 1],
        ["7x7 stride 2 pad 3 (a ResNet stem)", new[] { 1, 20, 18, 3 }, new[] { 7, 7, 3, 64 }, new[] { 2, 2 }, new[] { 3, 3, 3, 3 }, new[] { 1, 1 }, 1],
        ["asymmetric explicit padding, rectangular kernel", new[] { 2, 5, 6, 4 }, new[] { 2, 3, 4, 7 }, new[] { 1, 2 }, new[] { 2, 0, 1, 3 }, new[] { 1, 1 }, 1],
        ["dilation 2", new[] { 1, 9, 8, 5 }, new[] { 3, 2, 5, 6 }, new[] { 1, 1 }, new[] { 0, 0, 0, 0 }, new[] { 2, 3 }, 1],
        ["groups 2", new[] { 2, 6, 6, 8 }, new[] { 3, 3, 4, 10 }, new[] { 1, 1 }, new[] { 1, 1, 1, 1 }, new[] { 1, 1 }, 2],
        ["depthwise (groups = channels)", new[] { 1, 5, 5, 6 }, new[] { 3, 3, 1, 6 }, new[] { 2, 2 }, new[] { 1, 1, 1, 1 }, new[] { 1, 1 }, 6],
        ["padding wider than the image", new[] { 1, 2, 2, 3 }, new[] { 3, 3, 3, 4 }, new[] { 1, 1 }, new[] { 3, 3, 3, 3 }, new[] { 1, 1 }, 1],
    ];

    [TestMethod]
    [DynamicData(nameof(ConvCases))]
    public void ConvolutionKernelMatchesTheComposedReference(string name, int[] xs, int[] ks, int[] strides, int[] pads, int[] dilation, int groups)
    {
        using var scope = new TensorScope();
        Assert.IsInstanceOfType<IChannelsLastKernels>(Ops.Zeros([1]).Backend, "the native backend has the channels-last kernels");
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = Ops.RandomUniform(xs, -1, 1, dtype, seed: 1);
            var kernel = Ops.RandomUniform(ks, -1, 1, dtype, seed: 2);
            var scale = Ops.RandomUniform([ks[3]], 0.5, 1.5, dtype, seed: 3);
            var shift = Ops.RandomUniform([ks[3]], -1, 1, dtype, seed: 4);
            var g = new Conv2dGeometry(ks[0], ks[1], strides[0], strides[1], pads[0], pads[1], pads[2], pads[3], dilation[0], dilation[1], groups);
            // sums of up to 630 products in another order: float32 rounding reaches 1e-5 of the sum's terms
            double tol = dtype == DType.Float32 ? 1e-4 : 1e-12;
            var outShape = Ops.Conv2dChannelsLast(x, kernel, strides: strides, padding: "explicit", dilation: dilation, groups: groups, explicitPadding: pads).Shape;
            var residual = Ops.RandomUniform(outShape.ToArray(), -1, 1, dtype, seed: 5);
            foreach (var (s, b, r, relu) in new (Tensor?, Tensor?, Tensor?, bool)[] { (null, null, null, false), (scale, shift, null, true), (null, shift, residual, false), (scale, null, residual, true) })
            {
                var fused = Ops.Conv2dChannelsLast(x, kernel, s, b, relu, strides, "explicit", dilation, groups, pads, r);
                var composed = Ops.Conv2dChannelsLastFromPrimitives(x, kernel, s, b, r, relu, g);
                TensorAssert.AreClose(composed.ToArray<double>(), composed.Shape.ToArray(), dtype, fused, tol);
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(ConvCases))]
    public void TrainingGradientsMatchTheComposedReference(string name, int[] xs, int[] ks, int[] strides, int[] pads, int[] dilation, int groups)
    {
        using var scope = new TensorScope();
        Assert.IsInstanceOfType<IChannelsLastGradKernels>(Ops.Zeros([1]).Backend, "the native backend has the channels-last gradients");
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = Ops.RandomUniform(xs, -1, 1, dtype, seed: 1);
            var kernel = Ops.RandomUniform(ks, -1, 1, dtype, seed: 2);
            var shift = Ops.RandomUniform([ks[3]], -1, 1, dtype, seed: 4);
            var g = new Conv2dGeometry(ks[0], ks[1], strides[0], strides[1], pads[0], pads[1], pads[2], pads[3], dilation[0], dilation[1], groups);
            Tensor?[] Grads(Func<Tensor> conv)
            {
                using var tape = new GradientTape();
                tape.Watch(x);
                tape.Watch(kernel);
                tape.Watch(shift);
                var y = conv();
                var dy = Ops.RandomUniform(y.Shape.ToArray(), -1, 1, dtype, seed: 6);
                return tape.Gradient(y, [x, kernel, shift], dy);
            }
            var recorded = Grads(() => Ops.Conv2dChannelsLast(x, kernel, null, shift, false, strides, "explicit", dilation, groups, pads));
            var composed = Grads(() => Ops.Conv2dChannelsLastFromPrimitives(x, kernel, null, shift, null, false, g));
            double tol = dtype == DType.Float32 ? 1e-4 : 1e-12;
            for (int i = 0; i < 3; i++)
                TensorAssert.AreClose(composed[i]!.ToArray<double>(), composed[i]!.Shape.ToArray(), dtype, recorded[i]!, tol);
        }
    }

    [TestMethod]
    public void TrainingGradientsDoNotDependOnTheThreadCount()
    {
        using var scope = new TensorScope();
        var x = Ops.RandomUniform([4, 9, 9, 24], -1, 1, seed: 8);
        var kernel = Ops.RandomUniform([3, 3, 24, 40], -1, 1, seed: 9);
        float[][] Run(int threads, int[] strides)
        {
            int before = Config.NumThreads;
            Config.NumThreads = threads;
            try
            {
                using var tape = new GradientTape();
                tape.Watch(x);
                tape.Watch(kernel);
                var y = Ops.Conv2dChannelsLast(x, kernel, strides: strides, padding: "same");
                var grads = tape.Gradient(Ops.Sum(Ops.Square(y)), [x, kernel]);
                return [grads[0]!.ToArray<float>(), grads[1]!.ToArray<float>()];
            }
            finally { Config.NumThreads = before; }
        }
        foreach (var strides in new[] { new[] { 1, 1 }, new[] { 2, 2 } })
        {
            var one = Run(1, strides);
            var two = Run(2, strides);
            for (int i = 0; i < 2; i++) CollectionAssert.AreEqual(one[i], two[i], $"strides {strides[0]}, gradient {i}");
        }
    }

    [TestMethod]
    public void ConvolutionOfManyRowsAndWideOutputMatchesTheReference()
    {
        // 2*30*30 = 1800 output rows (many row blocks, split across threads), 300 outputs (10 panels, a partial last one)
        using var scope = new TensorScope();
        var x = Ops.RandomUniform([2, 30, 30, 20], -1, 1, seed: 5);
        var kernel = Ops.RandomUniform([3, 3, 20, 300], -0.2, 0.2, seed: 6);
        var shift = Ops.RandomUniform([300], -1, 1, seed: 7);
        var residual = Ops.RandomUniform([2, 30, 30, 300], -1, 1, seed: 8);
        var fused = Ops.Conv2dChannelsLast(x, kernel, null, shift, relu: true, padding: "same", residual: residual);
        var composed = Ops.Conv2dChannelsLastFromPrimitives(x, kernel, null, shift, residual, true, new Conv2dGeometry(3, 3, 1, 1, 1, 1, 1, 1));
        TensorAssert.AreClose(composed.ToArray<float>(), [2, 30, 30, 300], fused, 1e-5);
    }

    [TestMethod]
    public void ConvolutionResultsDoNotDependOnTheThreadCount()
    {
        using var scope = new TensorScope();
        var x = Ops.RandomUniform([1, 7, 7, 64], -1, 1, seed: 8);
        var kernel = Ops.RandomUniform([3, 3, 64, 96], -1, 1, seed: 9);
        int threads = Config.NumThreads;
        try
        {
            Config.NumThreads = 1;
            var one = Ops.Conv2dChannelsLast(x, kernel, padding: "same").ToArray<float>();
            Config.NumThreads = 2;
            var two = Ops.Conv2dChannelsLast(x, kernel, padding: "same");
            TensorAssert.AreEqual(one, [1, 7, 7, 96], two);
        }
        finally { Config.NumThreads = threads; }
    }

    [TestMethod]
    public void PoolingByHand()
    {
        // channel 0: 1..16 row-major over 4x4; channel 1: its negative
        var values = Enumerable.Range(1, 16).SelectMany(v => new float[] { v, -v }).ToArray();
        using var x = Tensor.FromArray(values, 1, 4, 4, 2);
        TensorAssert.AreClose(new float[] { 6, -1, 8, -3, 14, -9, 16, -11 }, [1, 2, 2, 2], Ops.MaxPool2dChannelsLast(x, [2]), 0);
        TensorAssert.AreClose(new float[] { 3.5f, -3.5f, 5.5f, -5.5f, 11.5f, -11.5f, 13.5f, -13.5f }, [1, 2, 2, 2], Ops.AvgPool2dChannelsLast(x, [2]), 0);
    }

    [TestMethod]
    [DataRow("max", "valid", 3, 2)]
    [DataRow("max", "same", 3, 2)]
    [DataRow("max", "same", 2, 1)]
    [DataRow("avg", "same", 3, 2)]
    [DataRow("avg", "valid", 2, 3)]
    public void PoolingKernelMatchesTheComposedReference(string op, string padding, int size, int stride)
    {
        using var scope = new TensorScope();
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            // 37 channels: whole vectors and a scalar tail; a NaN and negative values where padding must not win
            var data = Ops.RandomUniform([2, 9, 8, 37], -3, -1, dtype, seed: 11).ToArray<double>();
            data[5 * 37 + 4] = double.NaN;
            var x = Ops.Cast(Tensor.FromArray(data, 2, 9, 8, 37), dtype);
            var fused = op == "max" ? Ops.MaxPool2dChannelsLast(x, [size], [stride], padding) : Ops.AvgPool2dChannelsLast(x, [size], [stride], padding);
            var expected = Ops.Transpose(op == "max"
                ? Ops.MaxPool2d(Ops.Transpose(x, [0, 3, 1, 2]), [size], [stride], padding)
                : Ops.AvgPool2d(Ops.Transpose(x, [0, 3, 1, 2]), [size], [stride], padding), [0, 2, 3, 1]);
            TensorAssert.AreClose(expected.ToArray<double>(), expected.Shape.ToArray(), dtype, fused, dtype == DType.Float32 ? 1e-6 : 1e-14);
        }
    }

    [TestMethod]
    [DataRow("max", "valid", 3, 2)]
    [DataRow("max", "same", 3, 2)]
    [DataRow("max", "same", 2, 1)]
    [DataRow("avg", "same", 3, 2)]
    [DataRow("avg", "valid", 2, 3)]
    public void PoolingTrainingGradientMatchesTheComposedReference(string op, string padding, int size, int stride)
    {
        using var scope = new TensorScope();
        Assert.IsInstanceOfType<IChannelsLastGradKernels>(Ops.Zeros([1]).Backend, "the native backend has the channels-last gradients");
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            // whole numbers in [-3, 0]: many ties, where the first maximum takes the gradient; one NaN, which wins its windows
            var data = Ops.Floor(Ops.RandomUniform([2, 9, 8, 37], -3, 1, dtype, seed: 11)).ToArray<double>();
            data[5 * 37 + 4] = double.NaN;
            var x = Ops.Cast(Tensor.FromArray(data, 2, 9, 8, 37), dtype);
            Func<Tensor, Tensor> pool = op == "max" ? v => Ops.MaxPool2dChannelsLast(v, [size], [stride], padding)
                                                    : v => Ops.AvgPool2dChannelsLast(v, [size], [stride], padding);
            Tensor Grad(Func<Tensor, Tensor> f)
            {
                using var tape = new GradientTape();
                tape.Watch(x);
                var y = f(x);
                return tape.Gradient(y, [x], Ops.RandomUniform(y.Shape.ToArray(), -1, 1, dtype, seed: 12))[0]!;
            }
            var recorded = Grad(pool);
            var composed = Grad(v => Ops.Transpose(op == "max"
                ? Ops.MaxPool2d(Ops.Transpose(v, [0, 3, 1, 2]), [size], [stride], padding)
                : Ops.AvgPool2d(Ops.Transpose(v, [0, 3, 1, 2]), [size], [stride], padding), [0, 2, 3, 1]));
            TensorAssert.AreClose(composed.ToArray<double>(), composed.Shape.ToArray(), dtype, recorded, dtype == DType.Float32 ? 1e-6 : 1e-14);
        }
    }

    [TestMethod]
    public void BadInputNamesTheOpAndTheShapes()
    {
        using var scope = new TensorScope();
        var x = Ops.Zeros([1, 5, 5, 4]);
        var kernel = Ops.Zeros([3, 3, 4, 6]);
        var channels = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2dChannelsLast(Ops.Zeros([1, 5, 5, 3]), kernel));
        TensorAssert.MessageContains(channels.Message, "conv2d_channels_last: input [1,5,5,3] has 3 channels but kernel [3,3,4,6] expects 4");
        var groups = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2dChannelsLast(x, Ops.Zeros([3, 3, 2, 5]), groups: 2));
        TensorAssert.MessageContains(groups.Message, "conv2d_channels_last: groups=2 must divide", "output channels (5)");
        var scale = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2dChannelsLast(x, kernel, scale: Ops.Ones([4])));
        TensorAssert.MessageContains(scale.Message, "conv2d_channels_last: scale has shape [4], expected [6]");
        var shift = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2dChannelsLast(x, kernel, shift: Ops.Ones([6, 1])));
        TensorAssert.MessageContains(shift.Message, "conv2d_channels_last: shift has shape [6,1], expected [6]");
        var residual = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2dChannelsLast(x, kernel, residual: Ops.Zeros([1, 3, 3, 5])));
        TensorAssert.MessageContains(residual.Message, "conv2d_channels_last: residual has shape [1,3,3,5], expected the output's [1,3,3,6]");
        var small = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2dChannelsLast(Ops.Zeros([1, 2, 2, 4]), kernel));
        TensorAssert.MessageContains(small.Message, "conv2d_channels_last: input [1,2,2,4] is too small for kernel 3x3");
        var rank = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2dChannelsLast(Ops.Zeros([5, 5, 4]), kernel));
        TensorAssert.MessageContains(rank.Message, "conv2d_channels_last");
        var pool = Assert.ThrowsExactly<ArgumentException>(() => Ops.MaxPool2dChannelsLast(Ops.Zeros([1, 2, 2, 3]), [3]));
        TensorAssert.MessageContains(pool.Message, "max_pool2d_channels_last: input [1,2,2,3] is too small for pool size 3x3");
        var ints = Assert.ThrowsExactly<ArgumentException>(() => Ops.AvgPool2dChannelsLast(Ops.Zeros([1, 2, 2, 3], DType.Int32), [2]));
        TensorAssert.MessageContains(ints.Message, "avg_pool2d_channels_last");
    }
}
