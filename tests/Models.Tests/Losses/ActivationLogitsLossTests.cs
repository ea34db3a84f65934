using KerasSharp.Layers;
using KerasSharp.Losses;
using static KerasSharp.Models.Tests.TestData;

namespace KerasSharp.Models.Tests;

/// <summary>Cross-entropies of a softmax or sigmoid activation's output work from its logits, as Keras does.</summary>
[TestClass]
public sealed class ActivationLogitsLossTests
{
    [TestMethod]
    public void SparseCrossentropyOfASoftmaxOutputIsNotClipped()
    {
        // Row 0 puts all mass on class 1 but the label is 0: -log_softmax = 40 exactly, where the clipped
        // probability would give -log(1e-7) = 16.12. Row 1: log(1 + e^-2) for the right class.
        using var logits = D([0, 40, 2, 0], 2, 2);
        using var labels = Tensor.FromArray(new long[] { 0, 0 });
        var probabilities = Activations.Get("softmax")(logits);
        double expected = (40 + Math.Log(1 + Math.Exp(-40)) + Math.Log(1 + Math.Exp(-2))) / 2;
        AssertScalar(expected, new SparseCategoricalCrossentropy().Call(labels, probabilities), 1e-12);

        using var detached = Ops.Multiply(probabilities, Ops.OnesLike(probabilities)); // the same values, no logits behind them
        AssertScalar((-Math.Log(1e-7) + Math.Log(1 + Math.Exp(-2))) / 2, new SparseCategoricalCrossentropy().Call(labels, detached), 1e-6);
    }

    [TestMethod]
    public void TheGradientReachesTheLogitsOfAConfidentMistake()
    {
        using var logits = new Variable(D([0, 40], 1, 2), "logits");
        using var labels = Tensor.FromArray(new long[] { 0 });
        using var tape = new GradientTape();
        var loss = new SparseCategoricalCrossentropy().Call(labels, Activations.Get("softmax")(logits));
        var g = tape.Gradient(loss, logits).ToArray<double>();
        // d/dz of -log_softmax(z)[0] = softmax(z) - onehot(0) = [-1, 1] (up to e^-40); clipping would give zeros.
        Assert.AreEqual(-1, g[0], 1e-12);
        Assert.AreEqual(1, g[1], 1e-12);
    }

    [TestMethod]
    public void CategoricalCrossentropyOfTheSoftmaxLayerUsesItsLogits()
    {
        using var logits = D([30, 0, 0], 1, 3);
        using var target = D([0, 1, 0], 1, 3);
        var output = new Softmax().Call(logits, training: false);
        AssertScalar(30 + Math.Log(1 + 2 * Math.Exp(-30)), new CategoricalCrossentropy().Call(target, output), 1e-12);
    }

    [TestMethod]
    public void BinaryCrossentropyOfASigmoidOutputUsesItsLogits()
    {
        using var logits = D([25, -3], 2, 1);
        using var labels = D([0, 0], 2, 1);
        var output = Activations.Get("sigmoid")(logits);
        // softplus(x) - x z with z = 0: log(1 + e^25) and log(1 + e^-3).
        double expected = (25 + Math.Log(1 + Math.Exp(-25)) + Math.Log(1 + Math.Exp(-3))) / 2;
        AssertScalar(expected, new BinaryCrossentropy().Call(labels, output), 1e-12);
    }

    [TestMethod]
    public void DisposedLogitsFallBackToTheProbabilities()
    {
        var logits = D([0, 40], 1, 2);
        var probabilities = Activations.Get("softmax")(logits);
        logits.Dispose();
        Assert.IsFalse(ActivationLogits.TryGet(probabilities, "softmax", out _));
        using var labels = Tensor.FromArray(new long[] { 0 });
        AssertScalar(-Math.Log(1e-7), new SparseCategoricalCrossentropy().Call(labels, probabilities), 1e-6);
    }
}
