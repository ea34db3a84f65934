namespace KerasSharp.Tests;

/// <summary>Bad inputs fail once, in Core, with the exception type and a message naming the op, shapes and dtypes.</summary>
/// <remarks>Mixing tensors from two backends is not tested yet: only the native backend exists.</remarks>
[TestClass]
public sealed class BadInputTests
{
    [TestMethod]
    public void AddShapeMismatchNamesBothShapes()
    {
        using var a = Ops.Zeros([2, 3]);
        using var b = Ops.Zeros([4]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => a + b);
        TensorAssert.MessageContains(e.Message, "add", "[2,3]", "[4]");
        var m = Assert.ThrowsExactly<ArgumentException>(() => Ops.Multiply(Ops.Zeros([2, 1, 3]), Ops.Zeros([5, 2])));
        TensorAssert.MessageContains(m.Message, "multiply", "[2,1,3]", "[5,2]");
        var w = Assert.ThrowsExactly<ArgumentException>(() => Ops.Where(Ops.Zeros([3], DType.Bool), Ops.Zeros([2]), Ops.Zeros([2])));
        TensorAssert.MessageContains(w.Message, "where", "[3]", "[2]");
        var c = Assert.ThrowsExactly<ArgumentException>(() => Ops.Less(Ops.Zeros([0, 3]), Ops.Zeros([2])));
        TensorAssert.MessageContains(c.Message, "less", "[0,3]", "[2]");
    }

    [TestMethod]
    public void MatMulInnerDimensionMismatchHasTheExactMessage()
    {
        using var a = Ops.Zeros([32, 784]);
        using var b = Ops.Zeros([128, 10]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.MatMul(a, b));
        Assert.AreEqual("matmul: cannot multiply [32,784] by [128,10]: inner dimensions 784 and 128 differ", e.Message);
    }

    [TestMethod]
    public void MatMulOtherMismatches()
    {
        var v = Assert.ThrowsExactly<ArgumentException>(() => Ops.MatMul(Ops.Zeros([3]), Ops.Zeros([4])));
        TensorAssert.MessageContains(v.Message, "matmul: cannot multiply [3] by [4]: inner dimensions 3 and 4 differ");
        var batch = Assert.ThrowsExactly<ArgumentException>(() => Ops.MatMul(Ops.Zeros([2, 3, 4]), Ops.Zeros([3, 4, 5])));
        TensorAssert.MessageContains(batch.Message, "matmul", "[2]", "[3]");
        var s = Assert.ThrowsExactly<ArgumentException>(() => Ops.MatMul(Tensor.Scalar(1f), Ops.Zeros([1])));
        TensorAssert.MessageContains(s.Message, "matmul", "[]", "[1]");
    }

    [TestMethod]
    public void AxisOutOfRangeNamesOpAxisAndRank()
    {
        using var x = Ops.Zeros([2, 3]);
        var sum = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ops.Sum(x, 2));
        TensorAssert.MessageContains(sum.Message, "sum", "axis 2", "rank 2", "[2,3]");
        var soft = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ops.Softmax(x, -3));
        TensorAssert.MessageContains(soft.Message, "softmax", "axis -3", "rank 2");
        var cat = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ops.Concatenate([x, x], 5));
        TensorAssert.MessageContains(cat.Message, "concatenate", "axis 5", "rank 2");
        var arg = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ops.ArgMax(x, 2));
        TensorAssert.MessageContains(arg.Message, "argmax", "axis 2");
        var take = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ops.Take(x, Tensor.FromArray(new[] { 0 }), -3));
        TensorAssert.MessageContains(take.Message, "take", "axis -3");
        var ed = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ops.ExpandDims(x, 4));
        TensorAssert.MessageContains(ed.Message, "expand_dims", "axis 4", "rank 3");
        var cs = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ops.CumSum(x, 2));
        TensorAssert.MessageContains(cs.Message, "cumsum", "axis 2");
        var mean = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ops.Mean(x, [0, 7]));
        TensorAssert.MessageContains(mean.Message, "mean", "axis 7");
        var dup = Assert.ThrowsExactly<ArgumentException>(() => Ops.Sum(x, [1, -1]));
        TensorAssert.MessageContains(dup.Message, "sum", "axis 1", "twice");
    }

    [TestMethod]
    public void DTypeErrorsNameTheDType()
    {
        // Float-only ops accept integers by casting...
        TensorAssert.AreClose(new float[] { 3 }, [1], Ops.Sqrt(Tensor.FromArray(new[] { 9 })), 0);
        // ...but indices must be integers.
        using var x = Ops.Zeros([3]);
        using var fi = Tensor.FromArray(new float[] { 0, 1 });
        var take = Assert.ThrowsExactly<ArgumentException>(() => Ops.Take(x, fi));
        TensorAssert.MessageContains(take.Message, "take", "float32", "int32 or int64");
        var scat = Assert.ThrowsExactly<ArgumentException>(() => Ops.ScatterAdd(x, Tensor.FromArray(new[] { 0.0 }), Ops.Zeros([1])));
        TensorAssert.MessageContains(scat.Message, "scatter_add", "float64");
        var tal = Assert.ThrowsExactly<ArgumentException>(() => Ops.TakeAlongAxis(x, Tensor.FromArray(new[] { true })));
        TensorAssert.MessageContains(tal.Message, "take_along_axis", "bool");
        var oh = Assert.ThrowsExactly<ArgumentException>(() => Ops.OneHot(fi, 3));
        TensorAssert.MessageContains(oh.Message, "one_hot", "float32");
        var lse = Assert.ThrowsExactly<ArgumentException>(() => Ops.LogSumExp(Tensor.FromArray(new[] { 1, 2 })));
        TensorAssert.MessageContains(lse.Message, "logsumexp", "int32");
        var conv = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2d(Ops.Zeros([1, 1, 3, 3], DType.UInt8), Ops.Zeros([1, 1, 2, 2])));
        TensorAssert.MessageContains(conv.Message, "conv2d", "uint8", "[1,1,3,3]");
        var pool = Assert.ThrowsExactly<ArgumentException>(() => Ops.MaxPool2d(Ops.Zeros([1, 1, 2, 2], DType.Int64), [2]));
        TensorAssert.MessageContains(pool.Message, "max_pool2d", "int64");
        var parse = Assert.ThrowsExactly<ArgumentException>(() => DTypes.Parse("float16"));
        TensorAssert.MessageContains(parse.Message, "float16", "float32");
        var clr = Assert.ThrowsExactly<ArgumentException>(() => Tensor.FromArray(new short[] { 1 }));
        TensorAssert.MessageContains(clr.Message, "Int16");
    }

    [TestMethod]
    public void ReshapeSizeMismatch()
    {
        using var x = Ops.Zeros([2, 3]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.Reshape(x, 4, 2));
        Assert.AreEqual("reshape: cannot reshape [2,3] (6 elements) into [4,2] (8 elements).", e.Message);
        var infer = Assert.ThrowsExactly<ArgumentException>(() => Ops.Reshape(x, -1, 4));
        TensorAssert.MessageContains(infer.Message, "reshape", "[2,3]", "[-1,4]");
        var two = Assert.ThrowsExactly<ArgumentException>(() => Ops.Reshape(x, -1, -1));
        TensorAssert.MessageContains(two.Message, "reshape", "only one dimension can be -1");
        var neg = Assert.ThrowsExactly<ArgumentException>(() => Ops.Reshape(x, -2, -3));
        TensorAssert.MessageContains(neg.Message, "reshape", "-2");
    }

    [TestMethod]
    public void TransposeNonPermutation()
    {
        using var x = Ops.Zeros([2, 3, 4]);
        var rep = Assert.ThrowsExactly<ArgumentException>(() => Ops.Transpose(x, [0, 0, 1]));
        TensorAssert.MessageContains(rep.Message, "transpose", "[0,0,1]", "not a permutation");
        var len = Assert.ThrowsExactly<ArgumentException>(() => Ops.Transpose(x, [1, 0]));
        TensorAssert.MessageContains(len.Message, "transpose", "[1,0]", "rank 3", "[2,3,4]");
        var range = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ops.Transpose(x, [0, 1, 3]));
        TensorAssert.MessageContains(range.Message, "transpose", "axis 3");
    }

    [TestMethod]
    public void ConcatStackSplitMismatches()
    {
        using var a = Ops.Zeros([2, 3]);
        using var b = Ops.Zeros([2, 4]);
        var cat = Assert.ThrowsExactly<ArgumentException>(() => Ops.Concatenate([a, b]));
        Assert.AreEqual("concatenate: tensor 1 has shape [2,4], which does not match [2,3] outside axis 0.", cat.Message);
        var rank = Assert.ThrowsExactly<ArgumentException>(() => Ops.Concatenate([a, Ops.Zeros([6])]));
        TensorAssert.MessageContains(rank.Message, "concatenate", "[6]", "[2,3]");
        var empty = Assert.ThrowsExactly<ArgumentException>(() => Ops.Concatenate(Array.Empty<Tensor>()));
        TensorAssert.MessageContains(empty.Message, "concatenate");
        var scalars = Assert.ThrowsExactly<ArgumentException>(() => Ops.Concatenate([Tensor.Scalar(1f), Tensor.Scalar(2f)]));
        TensorAssert.MessageContains(scalars.Message, "Stack");
        var stack = Assert.ThrowsExactly<ArgumentException>(() => Ops.Stack([a, b]));
        TensorAssert.MessageContains(stack.Message, "stack", "[2,4]", "[2,3]");
        var split = Assert.ThrowsExactly<ArgumentException>(() => Ops.Split(a, 2, axis: 1));
        TensorAssert.MessageContains(split.Message, "split", "[2,3]", "2 equal parts");
    }

    [TestMethod]
    public void LayoutArgumentErrors()
    {
        using var x = Ops.Zeros([2, 3]);
        var bt = Assert.ThrowsExactly<ArgumentException>(() => Ops.BroadcastTo(x, [3, 3]));
        TensorAssert.MessageContains(bt.Message, "broadcast_to", "[2,3]", "[3,3]");
        var bt2 = Assert.ThrowsExactly<ArgumentException>(() => Ops.BroadcastTo(x, [3]));
        TensorAssert.MessageContains(bt2.Message, "broadcast_to", "[2,3]", "[3]");
        var sq = Assert.ThrowsExactly<ArgumentException>(() => Ops.Squeeze(x, 1));
        TensorAssert.MessageContains(sq.Message, "squeeze", "[2,3]", "size 3");
        var pad = Assert.ThrowsExactly<ArgumentException>(() => Ops.Pad(x, [(1, 1)]));
        TensorAssert.MessageContains(pad.Message, "pad", "rank 2", "[2,3]");
        var negPad = Assert.ThrowsExactly<ArgumentException>(() => Ops.Pad(x, [(0, 0), (-1, 0)]));
        TensorAssert.MessageContains(negPad.Message, "pad", "negative");
        var tile = Assert.ThrowsExactly<ArgumentException>(() => Ops.Tile(x, [1, -1]));
        TensorAssert.MessageContains(tile.Message, "tile", "-1");
        var full = Assert.ThrowsExactly<ArgumentException>(() => Ops.Zeros([2, -1]));
        TensorAssert.MessageContains(full.Message, "[2,-1]");
    }

    [TestMethod]
    public void ConvolutionChannelAndGeometryErrors()
    {
        using var x = Ops.Zeros([1, 3, 5, 5]);
        using var w = Ops.Zeros([4, 2, 3, 3]);
        var ch = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2d(x, w));
        TensorAssert.MessageContains(ch.Message, "conv2d", "[1,3,5,5]", "[4,2,3,3]", "3 channels");
        var groups = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2d(x, Ops.Zeros([4, 1, 3, 3]), groups: 2));
        TensorAssert.MessageContains(groups.Message, "conv2d", "groups=2", "3");
        var rank = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2d(Ops.Zeros([3, 5, 5]), w));
        TensorAssert.MessageContains(rank.Message, "conv2d", "rank 4", "[3,5,5]");
        var small = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2d(Ops.Zeros([1, 2, 2, 2]), w));
        TensorAssert.MessageContains(small.Message, "conv2d", "too small", "[1,2,2,2]");
        var padding = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2d(Ops.Zeros([1, 2, 5, 5]), w, padding: "full"));
        TensorAssert.MessageContains(padding.Message, "conv2d", "full");
        var strides = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2d(Ops.Zeros([1, 2, 5, 5]), w, strides: [0, 1]));
        TensorAssert.MessageContains(strides.Message, "conv2d", "strides", "[0,1]");
        var bias = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2d(Ops.Zeros([1, 2, 5, 5]), w, Ops.Zeros([3])));
        TensorAssert.MessageContains(bias.Message, "conv2d", "bias", "[3]", "[4]");
        var c1 = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv1d(Ops.Zeros([1, 3, 5]), Ops.Zeros([2, 2, 3])));
        TensorAssert.MessageContains(c1.Message, "conv2d", "3 channels");
        var pool1 = Assert.ThrowsExactly<ArgumentException>(() => Ops.MaxPool2d(Ops.Zeros([1, 1, 2, 2]), [3, 3], [1, 1]));
        TensorAssert.MessageContains(pool1.Message, "max_pool2d", "too small", "3x3");
    }

    [TestMethod]
    public void PoolWindowLargerThanTheInputThrows()
    {
        // Strides default to the pool size (3): (2 - 3) / 3 + 1 must not round up to one output row.
        var pool = Assert.ThrowsExactly<ArgumentException>(() => Ops.AvgPool2d(Ops.Zeros([1, 1, 2, 2]), [3, 3]));
        TensorAssert.MessageContains(pool.Message, "avg_pool2d", "too small", "3x3");
        var max = Assert.ThrowsExactly<ArgumentException>(() => Ops.MaxPool2d(Ops.Zeros([1, 1, 2, 5]), [3, 3]));
        TensorAssert.MessageContains(max.Message, "max_pool2d", "too small", "[1,1,2,5]");
    }

    [TestMethod]
    public void StridedConvolutionOnTooSmallInputThrows()
    {
        var strided = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv2d(Ops.Zeros([1, 1, 2, 2]), Ops.Zeros([1, 1, 3, 3]), strides: [2]));
        TensorAssert.MessageContains(strided.Message, "conv2d", "too small", "[1,1,2,2]");
        var c1 = Assert.ThrowsExactly<ArgumentException>(() => Ops.Conv1d(Ops.Zeros([1, 1, 2]), Ops.Zeros([1, 1, 3]), stride: 2));
        TensorAssert.MessageContains(c1.Message, "too small");
    }

    [TestMethod]
    public void BadSliceIndex()
    {
        using var x = Ops.Zeros([3, 4]);
        var e = Assert.ThrowsExactly<IndexOutOfRangeException>(() => x[1, 4]);
        Assert.AreEqual("slice: index 4 is out of range for axis 1 with size 4 (shape [3,4]).", e.Message);
    }

    [TestMethod]
    public void FromArrayLengthAndShapeMismatch()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Tensor.FromArray(new float[5], 2, 3));
        Assert.AreEqual("FromArray: 5 values do not fill shape [2,3] (6 elements).", e.Message);
        var neg = Assert.ThrowsExactly<ArgumentException>(() => Tensor.FromArray(new float[1], -1));
        TensorAssert.MessageContains(neg.Message, "[-1]");
        var jag = Assert.ThrowsExactly<ArgumentException>(() => Tensor.FromArray(new[] { new float[] { 1 } }));
        TensorAssert.MessageContains(jag.Message, "FromJagged");
    }

    [TestMethod]
    public void RaggedFromJaggedNamesTheRow()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Tensor.FromJagged(new[] { new float[] { 1, 2 }, new float[] { 3 } }));
        Assert.AreEqual("FromJagged: row [1] has length 1, expected 2 (the array is ragged).", e.Message);
        var deep = Assert.ThrowsExactly<ArgumentException>(() => Tensor.FromJagged(new[]
        {
            new[] { new[] { 1, 2 }, new[] { 3, 4 } },
            new[] { new[] { 5, 6 }, new[] { 7 } },
        }));
        TensorAssert.MessageContains(deep.Message, "row [1][1]", "length 1", "expected 2");
        var nul = Assert.ThrowsExactly<ArgumentException>(() => Tensor.FromJagged(new[] { new float[] { 1 }, null! }));
        TensorAssert.MessageContains(nul.Message, "row [1]", "null");
    }

    [TestMethod]
    public void ReductionAndIndexingArgumentErrors()
    {
        var max = Assert.ThrowsExactly<ArgumentException>(() => Ops.Max(Ops.Zeros([0, 3]), 0));
        TensorAssert.MessageContains(max.Message, "max", "axis 0", "size 0", "[0,3]");
        var argmax = Assert.ThrowsExactly<ArgumentException>(() => Ops.ArgMax(Ops.Zeros([2, 0])));
        TensorAssert.MessageContains(argmax.Message, "argmax", "[2,0]", "empty");
        var topk = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ops.TopK(Ops.Zeros([2, 3]), 4));
        TensorAssert.MessageContains(topk.Message, "top_k", "k=4", "[2,3]");
        var scatter = Assert.ThrowsExactly<ArgumentException>(() => Ops.ScatterAdd(Ops.Zeros([4, 2]), Tensor.FromArray(new[] { 0, 1 }), Ops.Zeros([2, 3])));
        TensorAssert.MessageContains(scatter.Message, "scatter_add", "[2,3]", "[2,2]", "[4,2]");
        var tal = Assert.ThrowsExactly<ArgumentException>(() => Ops.TakeAlongAxis(Ops.Zeros([2, 3]), Tensor.FromArray(new[] { 0, 1 })));
        TensorAssert.MessageContains(tal.Message, "take_along_axis", "[2]", "[2,3]");
        var onehot = Assert.ThrowsExactly<ArgumentException>(() => Ops.OneHot(Tensor.FromArray(new[] { 0 }), 0));
        TensorAssert.MessageContains(onehot.Message, "one_hot", "numClasses");
        var clip = Assert.ThrowsExactly<ArgumentException>(() => Ops.Clip(Ops.Zeros([1]), 2, 1));
        TensorAssert.MessageContains(clip.Message, "clip", "2", "1");
        var arange = Assert.ThrowsExactly<ArgumentException>(() => Ops.Arange(0, 5, 0));
        TensorAssert.MessageContains(arange.Message, "arange", "step");
    }

    [TestMethod]
    public void ConversionErrors()
    {
        using var v = Ops.Zeros([2, 2, 2]);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => v.ToArray2D<float>());
        TensorAssert.MessageContains(e.Message, "ToArray2D", "[2,2,2]");
        var item = Assert.ThrowsExactly<InvalidOperationException>(() => v.Item<float>());
        TensorAssert.MessageContains(item.Message, "Item", "[2,2,2]", "8 elements");
    }

    [TestMethod]
    public void UnknownBackendListsTheKnownOnes()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => KerasSharp.Backends.BackendRegistry.Get("tpu"));
        TensorAssert.MessageContains(e.Message, "tpu", "native");
    }
}
