namespace KerasSharp.Tests;

[TestClass]
public sealed class DisposeTests
{
    [TestMethod]
    public void UseAfterDisposeThrowsNamingShapeAndDType()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.IsFalse(x.IsDisposed);
        x.Dispose();
        Assert.IsTrue(x.IsDisposed);
        var e = Assert.ThrowsExactly<ObjectDisposedException>(() => x.ToArray<float>());
        TensorAssert.MessageContains(e.Message, "[2,3]", "float32", "Dispose");
        // Shape and dtype stay readable after Dispose.
        TensorAssert.HasShapeAndType(x, [2, 3], DType.Float32);
    }

    [TestMethod]
    public void OpsOnADisposedTensorThrow()
    {
        var x = Tensor.FromArray(new[] { 1, 2, 3 });
        using var y = Tensor.FromArray(new[] { 1, 2, 3 });
        x.Dispose();
        TensorAssert.MessageContains(Assert.ThrowsExactly<ObjectDisposedException>(() => x + y).Message, "[3]", "int32");
        TensorAssert.MessageContains(Assert.ThrowsExactly<ObjectDisposedException>(() => y * x).Message, "[3]");
        Assert.ThrowsExactly<ObjectDisposedException>(() => Ops.Exp(x));
        Assert.ThrowsExactly<ObjectDisposedException>(() => Ops.Sum(x));
        Assert.ThrowsExactly<ObjectDisposedException>(() => Ops.Reshape(x, 3, 1));
        Assert.ThrowsExactly<ObjectDisposedException>(() => x[0]);
        var s = Tensor.Scalar(5);
        s.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => s.Item<int>());
        Assert.ThrowsExactly<ObjectDisposedException>(() => x.Device);
    }

    [TestMethod]
    public void DisposeTwiceIsHarmless()
    {
        var x = Ops.Ones([2]);
        x.Dispose();
        x.Dispose();
        Assert.IsTrue(x.IsDisposed);
    }

    [TestMethod]
    public void ReshapeViewSurvivesDisposingTheSource()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var v = Ops.Reshape(x, 3, 2);
        using var flat = Ops.Ravel(x);
        x.Dispose();
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2], v, 0);
        TensorAssert.AreClose(new float[] { 7, 9, 11 }, [3], Ops.Sum(v, 1) + Tensor.FromArray(new float[] { 4, 2, 0 }), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4, 5, 6 }, [6], flat, 0);
    }

    [TestMethod]
    public void DisposingAViewLeavesTheSourceUsable()
    {
        using var x = Tensor.FromArray(new[] { 1, 2, 3, 4 }, 2, 2);
        var v = Ops.Reshape(x, 4);
        var e = Ops.ExpandDims(x, 0);
        var s = Ops.StopGradient(x);
        v.Dispose();
        e.Dispose();
        s.Dispose();
        TensorAssert.AreEqual(new[] { 1, 2, 3, 4 }, [2, 2], x);
        TensorAssert.AreEqual(new[] { 2, 4, 6, 8 }, [2, 2], x * 2);
    }

    [TestMethod]
    public void ChainOfViewsSurvivesDisposingAllButTheLast()
    {
        var a = Ops.Arange(6);
        var b = Ops.Reshape(a, 2, 3);
        var c = Ops.Squeeze(Ops.ExpandDims(b, 0));
        a.Dispose();
        b.Dispose();
        TensorAssert.AreEqual(new[] { 0, 1, 2, 3, 4, 5 }, [2, 3], c);
        c.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => c.ToArray<int>());
    }

    [TestMethod]
    public void UsingBlockDisposes()
    {
        Tensor kept;
        using (var t = Ops.Zeros([1]))
        {
            kept = t;
            Assert.IsFalse(kept.IsDisposed);
        }
        Assert.IsTrue(kept.IsDisposed);
    }

    [TestMethod]
    public void ResultsDoNotAliasTheirInputs()
    {
        var x = Tensor.FromArray(new float[] { 1, 2 });
        using var y = x + 0.0;
        using var t = Ops.Transpose(Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2));
        using var sliced = x[1..];
        x.Dispose();
        TensorAssert.AreClose(new float[] { 1, 2 }, [2], y, 0);
        TensorAssert.AreClose(new float[] { 2 }, [1], sliced, 0);
        TensorAssert.AreClose(new float[] { 1, 3, 2, 4 }, [2, 2], t, 0);
    }

    [TestMethod]
    public void ManyShortLivedTensorsCanBeDisposed()
    {
        using var acc0 = Ops.Zeros([64]);
        var acc = acc0 + 0.0;
        for (int i = 0; i < 200; i++)
        {
            using var step = Ops.Ones([64]);
            var next = acc + step;
            acc.Dispose();
            acc = next;
        }
        TensorAssert.AreClose(Enumerable.Repeat(200f, 64).ToArray(), [64], acc, 0);
        acc.Dispose();
    }
}
