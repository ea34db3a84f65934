namespace KerasSharp.Tests;

/// <summary>Tensors with a zero-size dimension flow through every op with the NumPy result shape.</summary>
[TestClass]
public sealed class EmptyTensorTests
{
    [TestMethod]
    public void ElementwiseAndLayout()
    {
        using var e = Ops.Zeros([0, 3]);
        TensorAssert.HasShapeAndType(Ops.Exp(e), [0, 3], DType.Float32);
        TensorAssert.HasShapeAndType(Ops.Cast(e, DType.Int64), [0, 3], DType.Int64);
        TensorAssert.HasShape(Ops.Transpose(e), 3, 0);
        TensorAssert.HasShape(Ops.Concatenate([e, e]), 0, 3);
        TensorAssert.HasShape(Ops.Pad(e, [(0, 0), (1, 1)]), 0, 5);
        TensorAssert.HasShape(Ops.ExpandDims(e, 1), 0, 1, 3);
        TensorAssert.HasShape(Ops.Stack([e, e], 1), 0, 2, 3);
        TensorAssert.HasShape(Ops.Where(Ops.Zeros([0, 1], DType.Bool), e, Tensor.Scalar(1f)), 0, 3);
    }

    [TestMethod]
    public void ReductionsAndIndexing()
    {
        using var e = Ops.Zeros([0, 3]);
        TensorAssert.AreClose(new float[] { float.NaN, float.NaN, float.NaN }, [3], Ops.Mean(e, 0), 0);
        TensorAssert.HasShapeAndType(Ops.ArgMax(e, 1), [0], DType.Int64);
        TensorAssert.HasShape(Ops.Softmax(e), 0, 3);
        TensorAssert.HasShape(Ops.LogSoftmax(e), 0, 3);
        TensorAssert.HasShape(Ops.CumSum(e, 0), 0, 3);
        var (v, i) = Ops.TopK(e, 2);
        TensorAssert.HasShape(v, 0, 2);
        TensorAssert.HasShape(i, 0, 2);
        TensorAssert.HasShape(Ops.Take(Ops.Zeros([4, 3]), Tensor.FromArray(Array.Empty<long>(), 0, 2)), 0, 2, 3);
        TensorAssert.AreClose(new float[] { 1, 2 }, [2], Ops.ScatterAdd(Tensor.FromArray(new float[] { 1, 2 }), Tensor.FromArray(Array.Empty<int>()), Ops.Zeros([0])), 0);
        TensorAssert.HasShapeAndType(Ops.OneHot(Tensor.FromArray(Array.Empty<int>()), 4), [0, 4], DType.Float32);
    }

    [TestMethod]
    public void MatMulAndConvolutionWithAnEmptyBatch()
    {
        TensorAssert.HasShape(Ops.MatMul(Ops.Zeros([0, 3]), Ops.Zeros([3, 2])), 0, 2);
        TensorAssert.HasShape(Ops.MatMul(Ops.Zeros([0, 2, 3]), Ops.Zeros([3, 4])), 0, 2, 4);
        TensorAssert.HasShape(Ops.Conv2d(Ops.Zeros([0, 2, 4, 4]), Ops.Zeros([3, 2, 3, 3])), 0, 3, 2, 2);
        TensorAssert.HasShape(Ops.MaxPool2d(Ops.Zeros([0, 2, 4, 4]), [2, 2]), 0, 2, 2, 2);
    }
}
