using KerasSharp.Backends;

namespace KerasSharp.Tests;

/// <summary>ReLU's gradient in one pass (the backend's fused kernel) gives the composed g * sign(relu(x)) bit for bit.</summary>
[TestClass]
public sealed class FusedReluGradTests
{
    // Activations with the edge cases (zero, NaN) and gradients with the ones that make 0 * g differ (inf, NaN, -0, negatives).
    private static (double[] X, double[] G) Values(int size)
    {
        var rng = new Random(3);
        var x = Enumerable.Range(0, size).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        var g = Enumerable.Range(0, size).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        double[] specialX = [0, -0.0, double.NaN, 1, -1, 0, 0, 0, 2];
        double[] specialG = [double.PositiveInfinity, 3, 1, double.NaN, 5, -0.0, -2, double.NaN, double.NegativeInfinity];
        specialX.CopyTo(x, 0);
        specialG.CopyTo(g, 0);
        return (x, g);
    }

    [TestMethod]
    [DataRow(DType.Float32, 37)]
    [DataRow(DType.Float32, 70_001)]   // split over threads, vector body and tail
    [DataRow(DType.Float64, 1_003)]
    public void FusedGradientEqualsTheComposedOneBitForBit(DType dtype, int size)
    {
        using var scope = new TensorScope();
        var (xs, gs) = Values(size);
        var x = Ops.Cast(Tensor.FromArray(xs), dtype);
        var g = Ops.Cast(Tensor.FromArray(gs), dtype);
        Assert.IsInstanceOfType<IFusedActivationKernels>(x.Backend, "the native backend has the fused kernel");
        Tensor fused;
        using (var tape = new GradientTape())
        {
            tape.Watch(x);
            fused = tape.Gradient(Ops.Relu(x), [x], outputGradient: g)[0]!;
        }
        var composed = Ops.Multiply(g, Ops.Sign(Ops.Relu(x)));
        var want = Ops.Cast(composed, DType.Float64).ToArray<double>();
        var got = Ops.Cast(fused, DType.Float64).ToArray<double>();
        for (int i = 0; i < size; i++)
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(want[i]), BitConverter.DoubleToInt64Bits(got[i]),
                            $"element {i}: x {xs[i]}, g {gs[i]}: composed {want[i]}, fused {got[i]}");
        Assert.IsTrue(double.IsNaN(got[2]) && double.IsNaN(got[3]), "NaN activation or NaN gradient stays NaN");
        Assert.IsTrue(double.IsNaN(got[0]), "an infinite gradient times relu(0)'s mask 0 is NaN, as in the composed form");
        Assert.AreEqual(double.NegativeInfinity, got[8], "relu(2) passes an infinite gradient through");
    }

    [TestMethod]
    public void SecondDerivativeStillDifferentiates()
    {
        // An outer tape over the backward takes the composed form (sign has gradient 0): d/dx of sum(relu'(x) * x) is relu'(x).
        using var scope = new TensorScope();
        var x = Tensor.FromArray(new[] { -1.5, 0.5, 2.0 });
        using var outer = new GradientTape();
        outer.Watch(x);
        Tensor first;
        using (var inner = new GradientTape())
        {
            inner.Watch(x);
            first = inner.Gradient(Ops.Relu(x), [x], outputGradient: x)[0]!;
        }
        var second = outer.Gradient(Ops.Sum(first), [x])[0]!;
        CollectionAssert.AreEqual(new[] { 0.0, 1.0, 1.0 }, second.ToArray<double>());
    }
}
