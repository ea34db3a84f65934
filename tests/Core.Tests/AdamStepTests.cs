using KerasSharp.Backends;

namespace KerasSharp.Tests;

[TestClass]
public sealed class AdamStepTests
{
    private static readonly AdamCoefficients Coefficients = new(StepSize: 0.01, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7);

    [TestMethod]
    public void OneElementByHand()
    {
        // m' = 0.5 + (2 - 0.5) * 0.1 = 0.65; v' = 0.25 + (4 - 0.25) * 0.001 = 0.25375;
        // w' = 1 - 0.01 * 0.65 / (sqrt(0.25375) + 1e-7).
        using var w = Tensor.FromArray(new double[] { 1 });
        using var g = Tensor.FromArray(new double[] { 2 });
        using var m = Tensor.FromArray(new double[] { 0.5 });
        using var v = Tensor.FromArray(new double[] { 0.25 });
        var (wNew, mNew, vNew) = Ops.AdamStep(w, g, m, v, Coefficients);
        using (wNew) using (mNew) using (vNew)
        {
            Assert.AreEqual(0.65, mNew.Item<double>(), 1e-15);
            Assert.AreEqual(0.25375, vNew.Item<double>(), 1e-15);
            Assert.AreEqual(1 - 0.01 * 0.65 / (Math.Sqrt(0.25375) + 1e-7), wNew.Item<double>(), 1e-15);
        }
        Assert.AreEqual(1.0, w.Item<double>(), "the inputs are left unchanged");
        Assert.AreEqual(0.5, m.Item<double>());
    }

    [TestMethod]
    [DataRow(DType.Float32, 37)]         // vector body and scalar tail
    [DataRow(DType.Float32, 70_001)]     // split over threads
    [DataRow(DType.Float64, 70_001)]
    public void FusedKernelMatchesTheComposedUpdate(DType dtype, int size)
    {
        using var scope = new TensorScope();
        var w = Ops.RandomNormal([size], dtype: dtype, seed: 1);
        var g = Ops.RandomNormal([size], dtype: dtype, seed: 2);
        var m = Ops.RandomNormal([size], dtype: dtype, seed: 3) * 0.1;
        var v = Ops.Square(Ops.RandomNormal([size], dtype: dtype, seed: 4));
        Assert.IsInstanceOfType<IFusedOptimizerKernels>(w.Backend, "the native backend has the fused kernel");
        var fused = Ops.AdamStep(w, g, m, v, Coefficients);
        var composed = Ops.AdamStepFromPrimitives(w, g, m, v, Coefficients);
        double tolerance = dtype == DType.Float32 ? 1e-6 : 1e-14;
        TensorAssert.AreClose(composed.Value.ToArray<double>(), [size], Ops.Cast(fused.Value, DType.Float64), tolerance);
        TensorAssert.AreClose(composed.Momentum.ToArray<double>(), [size], Ops.Cast(fused.Momentum, DType.Float64), tolerance);
        TensorAssert.AreClose(composed.Velocity.ToArray<double>(), [size], Ops.Cast(fused.Velocity, DType.Float64), tolerance);
    }

    [TestMethod]
    public void MismatchedShapesNameTheOperandAndBothShapes()
    {
        using var w = Tensor.FromArray(new float[] { 1, 2, 3 });
        using var g = Tensor.FromArray(new float[] { 1, 2 });
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.AdamStep(w, g, w, w, Coefficients));
        StringAssert.Contains(e.Message, "AdamStep: the gradient is [2] float32 but the value is [3] float32");
    }

    [TestMethod]
    public void IntegerValuesAreRejected()
    {
        using var w = Tensor.FromArray(new[] { 1, 2 });
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.AdamStep(w, w, w, w, Coefficients));
        StringAssert.Contains(e.Message, "AdamStep");
    }

    [TestMethod]
    public void NothingIsRecordedOnAnOpenTape()
    {
        using var scope = new TensorScope();
        using var w = new Variable(Tensor.FromArray(new float[] { 1, 2 }), name: "w");
        using var tape = new GradientTape();
        // The fused kernel never records; the composed fallback is made of recording ops and must pause them.
        var fused = Ops.AdamStep(w, w, w, w, Coefficients);
        var composed = Ops.AdamStepFromPrimitives(w, w, w, w, Coefficients);
        var grads = tape.Gradient(Ops.Add(Ops.Sum(fused.Value), Ops.Sum(composed.Value)), [w], unconnected: UnconnectedGradients.None);
        Assert.IsNull(grads[0], "an optimizer step is not differentiable");
    }
}
