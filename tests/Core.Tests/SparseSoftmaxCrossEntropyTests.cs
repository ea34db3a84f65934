using static KerasSharp.Tests.GradientCheck;
using static KerasSharp.Tests.SecondOrder;

namespace KerasSharp.Tests;

[TestClass]
public sealed class SparseSoftmaxCrossEntropyTests
{
    private static readonly Tensor Labels = Tensor.FromArray(new long[] { 2, 0, 1, 2 });

    [TestMethod]
    public void RowsByHand()
    {
        // Row [1, 2, 3] with label 2: log(e + e^2 + e^3) - 3; row [0, 0, 0] with label 0: log 3.
        using var logits = Tensor.FromArray(new double[] { 1, 2, 3, 0, 0, 0 }, 2, 3);
        using var labels = Tensor.FromArray(new long[] { 2, 0 });
        TensorAssert.AreClose([Math.Log(Math.E + Math.Exp(2) + Math.Exp(3)) - 3, Math.Log(3)], [2], Ops.SparseSoftmaxCrossEntropy(logits, labels));
    }

    [TestMethod]
    public void HugeLogitsStayFinite()
    {
        using var logits = Tensor.FromArray(new float[] { 1000, 0, -1000, 0 }, 2, 2);
        using var labels = Tensor.FromArray(new long[] { 1, 0 });
        TensorAssert.AreClose(new float[] { 1000, 1000 }, [2], Ops.SparseSoftmaxCrossEntropy(logits, labels));
    }

    [TestMethod]
    public void LabelsKeepTheirShapeAndAnyIntegerDType()
    {
        using var logits = Ops.RandomNormal([2, 3, 4], dtype: DType.Float64, seed: 3);
        using var labels = Tensor.FromArray(new int[] { 0, 1, 2, 3, 0, 1 }, 2, 3);
        var fused = Ops.SparseSoftmaxCrossEntropy(logits, labels);
        TensorAssert.HasShapeAndType(fused, [2, 3], DType.Float64);
        var composed = Ops.SparseSoftmaxCrossEntropyFromPrimitives(Ops.Reshape(logits, 6, 4), Ops.Reshape(Ops.Cast(labels, DType.Int64), 6));
        TensorAssert.AreClose(composed.ToArray<double>(), [2, 3], fused, 1e-14);
    }

    [TestMethod]
    public void GradientIsSoftmaxMinusOneHot() =>
        Check("sparse_softmax_cross_entropy", x => Ops.SparseSoftmaxCrossEntropy(x[0], Labels), Any([4, 3]));

    [TestMethod]
    public void SecondDerivativeThroughNestedTapes() =>
        Check("d/dx sparse_softmax_cross_entropy", GradOf(x => Ops.SparseSoftmaxCrossEntropy(x[0], Labels)), Any([4, 3], 5));

    [TestMethod]
    [DataRow(DType.Float32)]
    [DataRow(DType.Float64)]
    public void FusedGradientEqualsTheComposedOneBitForBit(DType dtype)
    {
        using var scope = new TensorScope();
        var logits = new Variable(Ops.RandomNormal([37, 11], dtype: dtype, seed: 9) * 4, "logits");
        var labels = Ops.Cast(Ops.Floor(Ops.RandomUniform([37], 0, 11, seed: 10)), DType.Int64);
        var weights = Ops.RandomUniform([37], 0.5, 2, dtype: dtype, seed: 11);
        Tensor fused;
        using (var tape = new GradientTape())
            fused = tape.Gradient(Ops.Sum(Ops.Multiply(Ops.SparseSoftmaxCrossEntropy(logits, labels), weights)), logits);
        var composed = Ops.Multiply(Ops.Subtract(Ops.Softmax(logits), Ops.OneHot(labels, 11, dtype)), Ops.ExpandDims(weights, -1));
        CollectionAssert.AreEqual(composed.ToArray<double>(), fused.ToArray<double>());
        logits.Dispose();
    }

    [TestMethod]
    [DataRow(3L)]
    [DataRow(-1L)]
    public void LabelOutsideTheClassesIsNamed(long bad)
    {
        using var logits = Ops.Zeros([2, 3]);
        using var labels = Tensor.FromArray(new long[] { 0, bad });
        var e = Assert.ThrowsExactly<IndexOutOfRangeException>(() => Ops.SparseSoftmaxCrossEntropy(logits, labels));
        StringAssert.Contains(e.Message, $"label {bad} (row 1) is outside [0, 3)");
        // The composed form does not wait for the device: the label is reported at the next read back.
        var loss = Ops.SparseSoftmaxCrossEntropyFromPrimitives(logits, labels);
        e = Assert.ThrowsExactly<IndexOutOfRangeException>(() => loss.ToArray<float>());
        StringAssert.Contains(e.Message, $"label {bad} is outside [0, 3)");
        Assert.AreEqual(2, loss.ToArray<float>().Length, "reported once; the loss itself was computed with class 0 in its place");
    }

    [TestMethod]
    public void LabelsOfTheWrongShapeNameBothShapes()
    {
        using var logits = Ops.Zeros([2, 3]);
        using var labels = Tensor.FromArray(new long[] { 0, 1, 2 });
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.SparseSoftmaxCrossEntropy(logits, labels));
        StringAssert.Contains(e.Message, "labels have shape [3] but the logits [2,3] need labels of shape [2]");
    }

    [TestMethod]
    public void FloatLabelsAreRefused()
    {
        using var logits = Ops.Zeros([2, 3]);
        using var labels = Tensor.FromArray(new float[] { 0, 1 });
        Assert.ThrowsExactly<ArgumentException>(() => Ops.SparseSoftmaxCrossEntropy(logits, labels));
    }
}
