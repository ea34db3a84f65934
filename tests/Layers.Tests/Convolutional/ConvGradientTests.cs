namespace KerasSharp.Layers.Tests.Convolutional;

/// <summary>Float64 central differences against the tape through the spatial layers, w.r.t. inputs and weights.</summary>
[TestClass]
public sealed class ConvGradientTests
{
    private const double H = 1e-6;

    private static double Loss(Layer layer, double[] x, int[] shape, Tensor w)
    {
        using var xt = T.D(x, shape);
        using var y = layer.Apply(xt);
        return Ops.Sum(Ops.Multiply(y, w)).Item<double>();
    }

    // L = sum(layer(x) * w) for fixed random w.
    private static void Check(Layer layer, int[] shape, int seed = 1)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        using var x0 = T.D(x, shape);
        using var probe = layer.Apply(x0);
        using var w = T.D(Enumerable.Range(0, probe.Size).Select(_ => rng.NextDouble() * 2 - 1).ToArray(), probe.Shape.ToArray());
        var weights = layer.TrainableWeights.ToArray();
        Tensor?[] grads;
        using (var tape = new GradientTape())
        {
            tape.Watch(x0);
            var loss = Ops.Sum(Ops.Multiply(layer.Apply(x0), w));
            grads = tape.Gradient(loss, [x0, .. weights]);
        }
        var gx = grads[0]!.ToArray<double>();
        for (int i = 0; i < x.Length; i++)
        {
            var plus = (double[])x.Clone(); plus[i] += H;
            var minus = (double[])x.Clone(); minus[i] -= H;
            double numeric = (Loss(layer, plus, shape, w) - Loss(layer, minus, shape, w)) / (2 * H);
            Assert.AreEqual(numeric, gx[i], 1e-6 + 1e-5 * Math.Abs(numeric), $"{layer.Name}: d/dx[{i}]");
        }
        for (int k = 0; k < weights.Length; k++)
        {
            var v = weights[k];
            var data = v.ToArray<double>();
            var gw = grads[k + 1]!.ToArray<double>();
            for (int i = 0; i < data.Length; i++)
            {
                double numeric = 0;
                foreach (var sign in new[] { 1, -1 })
                {
                    var d = (double[])data.Clone(); d[i] += sign * H;
                    using (var t = T.D(d, v.Shape.ToArray())) v.Assign(t);
                    numeric += sign * Loss(layer, x, shape, w);
                }
                numeric /= 2 * H;
                using (var restore = T.D(data, v.Shape.ToArray())) v.Assign(restore);
                Assert.AreEqual(numeric, gw[i], 1e-6 + 1e-5 * Math.Abs(numeric), $"{v.Name}[{i}]");
            }
        }
    }

    private static Initializer Seeded(int seed) => new RandomNormal(0, 0.5, seed: seed);

    [TestMethod]
    public void Conv2D_Gradients()
    {
        Check(new Conv2D(4, (3, 2), 2, "same", groups: 2, activation: "tanh", biasInitializer: Seeded(1)) { DType = DType.Float64 }, [2, 5, 4, 2]);
        Check(new Conv2D(2, 2, dilationRate: 2, dataFormat: "channels_first") { DType = DType.Float64 }, [1, 2, 5, 5]);
    }

    [TestMethod]
    public void Conv1D_Gradients() =>
        Check(new Conv1D(3, 3, padding: "causal", dilationRate: 2, biasInitializer: Seeded(2)) { DType = DType.Float64 }, [2, 6, 2]);

    [TestMethod]
    public void Conv2DTranspose_Gradients()
    {
        Check(new Conv2DTranspose(2, 3, 2, "same", biasInitializer: Seeded(3)) { DType = DType.Float64 }, [1, 3, 2, 3]);
        Check(new Conv2DTranspose(3, (2, 3), 2, outputPadding: 1, dataFormat: "channels_first") { DType = DType.Float64 }, [2, 2, 2, 3]);
    }

    [TestMethod]
    public void DepthwiseConv2D_Gradients()
    {
        Check(new DepthwiseConv2D(3, 2, "same", depthMultiplier: 2, biasInitializer: Seeded(4)) { DType = DType.Float64 }, [2, 5, 5, 2]);
        Check(new DepthwiseConv2D(2, dataFormat: "channels_first") { DType = DType.Float64 }, [1, 3, 3, 4]);
    }

    [TestMethod]
    public void SeparableConv2D_Gradients() =>
        Check(new SeparableConv2D(3, 3, padding: "same", depthMultiplier: 2, biasInitializer: Seeded(5)) { DType = DType.Float64 }, [1, 4, 4, 2]);

    [TestMethod]
    public void Pooling_Gradients()
    {
        Check(new MaxPooling2D(2, 1, "same"), [2, 4, 3, 2]);
        Check(new AveragePooling2D((3, 2), 2, "same", "channels_first"), [1, 2, 5, 4]);
        Check(new MaxPooling1D(3, 2), [2, 7, 2]);
        Check(new AveragePooling1D(2, padding: "same"), [1, 5, 3]);
        Check(new GlobalMaxPooling2D(), [2, 3, 3, 2]);
        Check(new GlobalAveragePooling1D(dataFormat: "channels_first"), [2, 2, 5]);
    }

    [TestMethod]
    public void AdaptiveAveragePooling2D_Gradients()
    {
        Check(new AdaptiveAveragePooling2D((3, 2)), [1, 5, 5, 2]);
        Check(new AdaptiveAveragePooling2D(2, "channels_first"), [1, 2, 4, 6]);
    }

    [TestMethod]
    public void UpSampling2D_Gradients()
    {
        Check(new UpSampling2D((2, 3)), [1, 2, 2, 2]);
        Check(new UpSampling2D(2, "channels_first", "bilinear"), [1, 2, 3, 2]);
    }

    [TestMethod]
    public void PaddingAndCropping_Gradients()
    {
        Check(new ZeroPadding2D(((1, 0), (2, 1))), [1, 2, 3, 2]);
        Check(new Cropping2D(((1, 0), (0, 1)), "channels_first"), [1, 2, 3, 3]);
    }
}
