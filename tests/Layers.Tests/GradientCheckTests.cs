namespace KerasSharp.Layers.Tests;

/// <summary>Float64 central differences against the tape, through whole layers, w.r.t. inputs and weights.</summary>
[TestClass]
public sealed class GradientCheckTests
{
    private const double H = 1e-6;

    // L = sum(layer(x) * w): fixed weights so every output element matters.
    private static double Loss(Layer layer, Tensor x, Tensor w, bool training)
    {
        using var y = layer.Apply(x, training);
        return Ops.Sum(Ops.Multiply(y, w)).Item<double>();
    }

    internal static void Check(Layer layer, double[] xData, int[] xShape, bool training)
    {
        var rng = new Random(7);
        using var x0 = T.D(xData, xShape);
        using var probe = layer.Apply(x0, training);
        var wData = Enumerable.Range(0, probe.Size).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        using var w = T.D(wData, probe.Shape.ToArray());

        var weights = layer.TrainableWeights.ToArray();
        Tensor?[] grads;
        using (var tape = new GradientTape())
        {
            tape.Watch(x0);
            using var y = layer.Apply(x0, training);
            var loss = Ops.Sum(Ops.Multiply(y, w));
            grads = tape.Gradient(loss, [x0, .. weights]);
        }

        // Inputs.
        var gx = grads[0]!.ToArray<double>();
        for (int i = 0; i < xData.Length; i++)
        {
            var plus = (double[])xData.Clone(); plus[i] += H;
            var minus = (double[])xData.Clone(); minus[i] -= H;
            double numeric = (Loss(layer, T.D(plus, xShape), w, training) - Loss(layer, T.D(minus, xShape), w, training)) / (2 * H);
            Assert.AreEqual(numeric, gx[i], 1e-6 + 1e-5 * Math.Abs(numeric), $"{layer.Name}: d/dx[{i}]");
        }

        // Weights: perturb each element by assignment.
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
                    using var t = T.D(d, v.Shape.ToArray());
                    v.Assign(t);
                    numeric += sign * Loss(layer, x0, w, training);
                }
                numeric /= 2 * H;
                using (var restore = T.D(data, v.Shape.ToArray())) v.Assign(restore);
                Assert.AreEqual(numeric, gw[i], 1e-6 + 1e-5 * Math.Abs(numeric), $"{v.Name}[{i}]");
            }
        }
    }

    [TestMethod]
    public void Dense_GradientsMatchCentralDifferences()
    {
        var dense = new Dense(3, activation: "tanh", kernelInitializer: new GlorotUniform(seed: 1), biasInitializer: new RandomNormal(seed: 2))
        { DType = DType.Float64 };
        Check(dense, [0.3, -1.2, 0.8, 0.1, 0.5, -0.7, 1.1, -0.2], [2, 4], training: false);
    }

    [TestMethod]
    public void BatchNormalization_TrainingGradientsMatchCentralDifferences()
    {
        var bn = new BatchNormalization(gammaInitializer: new RandomUniform(0.5, 1.5, seed: 3), betaInitializer: new RandomNormal(0, 0.5, seed: 4))
        { DType = DType.Float64 };
        Check(bn, [0.3, -1.2, 0.8, 0.1, 0.5, -0.7, 1.1, -0.2, 2.0, 0.4, -0.9, 1.3], [4, 3], training: true);
    }

    [TestMethod]
    public void LayerNormalization_GradientsMatchCentralDifferences()
    {
        var ln = new LayerNormalization(gammaInitializer: new RandomUniform(0.5, 1.5, seed: 5), betaInitializer: new RandomNormal(0, 0.5, seed: 6))
        { DType = DType.Float64 };
        Check(ln, [0.3, -1.2, 0.8, 0.1, 0.5, -0.7, 1.1, -0.2], [2, 4], training: true);
    }
}
