using KerasSharp.Backends;

namespace KerasSharp.Tests;

[TestClass]
public sealed class SgdStepTests
{
    [TestMethod]
    public void OneElementByHand()
    {
        using var w = Tensor.FromArray(new double[] { 1, -2 });
        using var g = Tensor.FromArray(new double[] { 2, 0.5 });
        using var updated = Ops.SgdStep(w, g, 0.1);
        CollectionAssert.AreEqual(new[] { 1 - 0.2, -2 - 0.05 }, updated.ToArray<double>());
        CollectionAssert.AreEqual(new double[] { 1, -2 }, w.ToArray<double>(), "the inputs are left unchanged");
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
        Assert.IsInstanceOfType<IFusedOptimizerKernels>(w.Backend, "the native backend has the fused kernel");
        var fused = Ops.SgdStep(w, g, 0.03);
        var composed = Ops.SgdStepFromPrimitives(w, g, 0.03);
        Assert.AreEqual(dtype, fused.DType);
        TensorAssert.AreClose(composed.ToArray<double>(), [size], Ops.Cast(fused, DType.Float64), dtype == DType.Float32 ? 1e-6 : 1e-15);
    }

    [TestMethod]
    public void MismatchedShapesNameTheOperandAndBothShapes()
    {
        using var w = Tensor.FromArray(new float[] { 1, 2, 3 });
        using var g = Tensor.FromArray(new float[] { 1, 2 });
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.SgdStep(w, g, 0.1));
        StringAssert.Contains(e.Message, "SgdStep: the gradient is [2] float32 but the value is [3] float32");
    }
}
