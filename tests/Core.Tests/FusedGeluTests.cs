using KerasSharp.Backends;

namespace KerasSharp.Tests;

/// <summary>The native backend's fused GELU against Core's composed reference, forward and backward.</summary>
[TestClass]
public sealed class FusedGeluTests
{
    [TestMethod]
    [DataRow(DType.Float32, 37, false)]
    [DataRow(DType.Float32, 70_001, false)]   // split over threads
    [DataRow(DType.Float32, 70_001, true)]
    [DataRow(DType.Float64, 1_001, false)]
    [DataRow(DType.Float64, 1_001, true)]
    public void FusedMatchesTheComposedReference(DType dtype, int size, bool approximate)
    {
        using var scope = new TensorScope();
        var x = Ops.MultiplyScalar(Ops.RandomNormal([size], dtype: dtype, seed: 5), 3.0);
        var g = Ops.RandomNormal([size], dtype: dtype, seed: 6);
        Assert.IsInstanceOfType<IFusedActivationKernels>(x.Backend, "the native backend has the fused kernels");
        // In float32 the composed tanh form loses digits where tanh saturates (1 - t^2); the fused kernel works in double.
        double tolerance = dtype == DType.Float32 ? 1e-5 : 1e-13;
        var reference = Ops.Cast(Ops.GeluFromPrimitives(x, approximate), DType.Float64).ToArray<double>();
        TensorAssert.AreClose(reference, [size], Ops.Cast(Ops.Gelu(x, approximate), DType.Float64), tolerance);

        Tensor fusedGrad, composedGrad;
        using (var tape = new GradientTape())
        {
            tape.Watch(x);
            fusedGrad = tape.Gradient(Ops.Gelu(x, approximate), [x], outputGradient: g)[0]!;
        }
        using (var tape = new GradientTape())
        {
            tape.Watch(x);
            composedGrad = tape.Gradient(Ops.GeluFromPrimitives(x, approximate), [x], outputGradient: g)[0]!;
        }
        TensorAssert.AreClose(Ops.Cast(composedGrad, DType.Float64).ToArray<double>(), [size], Ops.Cast(fusedGrad, DType.Float64), tolerance);
    }

    [TestMethod]
    public void Float32KeepsItsRelativeAccuracyOnTheNegativeTail()
    {
        // GELU(-6) is about -6e-9: an absolute error of float epsilon in 1 + erf would swamp it. (Further out the
        // float64 reference itself loses digits, since it forms 1 + erf by cancellation.)
        double[] xs = [-6, -5, -3, -0.5, 0, 0.3, 2, 6];
        using var x32 = Tensor.FromArray(xs.Select(v => (float)v).ToArray());
        using var x64 = Tensor.FromArray(xs);
        using var y32 = Ops.Gelu(x32);
        using var y64 = Ops.Gelu(x64);
        var got = y32.ToArray<float>();
        var want = y64.ToArray<double>();
        for (int i = 0; i < xs.Length; i++)
            Assert.AreEqual(want[i], got[i], 5e-6 * Math.Abs(want[i]) + 1e-30, $"gelu({xs[i]})");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void SecondDerivativeGoesThroughTheComposedDerivative(bool approximate)
    {
        // The fused backward is not differentiable itself; under an outer tape the composed derivative is used.
        var x = new Variable(Tensor.FromArray(new double[] { -1.3, 0.2, 2.1 }), "x");
        using var outer = new GradientTape();
        Tensor dy;
        using (var inner = new GradientTape()) dy = inner.Gradient(Ops.Sum(Ops.Gelu(x, approximate)), x);
        var d2 = outer.Gradient(Ops.Sum(dy), x).ToArray<double>();
        var xs = new[] { -1.3, 0.2, 2.1 };
        for (int i = 0; i < 3; i++)
        {
            double h = 1e-5, xi = xs[i];
            double numeric = (Derivative(xi + h, approximate) - Derivative(xi - h, approximate)) / (2 * h);
            Assert.AreEqual(numeric, d2[i], 1e-7, $"gelu'' at {xi}");
        }
    }

    private static double Derivative(double x, bool approximate)
    {
        using var t = Tensor.FromArray(new[] { x });
        using var d = Ops.GeluDerivativeFromPrimitives(t, approximate);
        return d.ToArray<double>()[0];
    }
}
