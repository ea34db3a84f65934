namespace KerasSharp.Tests;

[TestClass]
public sealed class LayoutTests
{
    private static Tensor Iota(params int[] shape)
    {
        int n = 1;
        foreach (var d in shape) n *= d;
        return Tensor.FromArray(Enumerable.Range(0, n).ToArray(), shape);
    }

    [TestMethod]
    public void ReshapeInfersMinusOne()
    {
        using var x = Iota(2, 3, 4);
        TensorAssert.AreEqual(Enumerable.Range(0, 24).ToArray(), [6, 4], Ops.Reshape(x, -1, 4));
        TensorAssert.AreEqual(Enumerable.Range(0, 24).ToArray(), [4, 6], Ops.Reshape(x, 4, -1));
        TensorAssert.AreEqual(Enumerable.Range(0, 24).ToArray(), [24], Ops.Reshape(x, -1));
        TensorAssert.AreEqual(Enumerable.Range(0, 24).ToArray(), [2, 1, 12], Ops.Reshape(x, 2, 1, -1));
        TensorAssert.AreEqual(Enumerable.Range(0, 24).ToArray(), [24], Ops.Ravel(x));
        using var one = Tensor.FromArray(new float[] { 5 }, 1, 1);
        TensorAssert.AreClose(new float[] { 5 }, [], Ops.Reshape(one), 0);
        using var empty = Ops.Zeros([0, 3]);
        TensorAssert.HasShape(Ops.Reshape(empty, -1, 3), 0, 3);
        TensorAssert.HasShape(Ops.Reshape(empty, 3, 0, 5), 3, 0, 5);
    }

    [TestMethod]
    public void Transpose2D()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        TensorAssert.AreClose(new float[] { 1, 4, 2, 5, 3, 6 }, [3, 2], Ops.Transpose(x), 0);
        TensorAssert.AreClose(new float[] { 1, 4, 2, 5, 3, 6 }, [3, 2], Ops.Transpose(x, [1, 0]), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3], Ops.Transpose(Ops.Transpose(x)), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3], Ops.Transpose(x, [0, 1]), 0);
    }

    [TestMethod]
    public void Permute3D()
    {
        // x[i,j,k] = 12i + 4j + k, shape [2,3,4].
        using var x = Iota(2, 3, 4);
        var e102 = new int[24];
        var e201 = new int[24];
        var rev = new int[24];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                {
                    int v = 12 * i + 4 * j + k;
                    e102[(j * 2 + i) * 4 + k] = v;     // out[j,i,k]
                    e201[(k * 2 + i) * 3 + j] = v;     // out[k,i,j]
                    rev[(k * 3 + j) * 2 + i] = v;      // out[k,j,i]
                }
        TensorAssert.AreEqual(e102, [3, 2, 4], Ops.Transpose(x, [1, 0, 2]));
        TensorAssert.AreEqual(e201, [4, 2, 3], Ops.Transpose(x, [2, 0, 1]));
        TensorAssert.AreEqual(e201, [4, 2, 3], Ops.Transpose(x, [-1, 0, -2]));
        TensorAssert.AreEqual(rev, [4, 3, 2], Ops.Transpose(x));
        TensorAssert.AreEqual(rev, [4, 3, 2], Ops.SwapAxes(x, 0, -1));
    }

    [TestMethod]
    public void TransposeOfTransposeComposes()
    {
        using var x = Iota(2, 3, 4);
        using var a = Ops.Transpose(x, [1, 2, 0]); // [3,4,2]
        using var b = Ops.Transpose(a, [2, 0, 1]); // back to [2,3,4]
        TensorAssert.AreEqual(Enumerable.Range(0, 24).ToArray(), [2, 3, 4], b);
    }

    [TestMethod]
    public void SqueezeAndExpandDims()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2, 3 }, 1, 3, 1);
        TensorAssert.AreClose(new float[] { 1, 2, 3 }, [3], Ops.Squeeze(x), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 3 }, [3, 1], Ops.Squeeze(x, 0), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 3 }, [1, 3], Ops.Squeeze(x, -1), 0);
        using var v = Tensor.FromArray(new float[] { 1, 2, 3 });
        TensorAssert.AreClose(new float[] { 1, 2, 3 }, [1, 3], Ops.ExpandDims(v, 0), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 3 }, [3, 1], Ops.ExpandDims(v, 1), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 3 }, [3, 1], Ops.ExpandDims(v, -1), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 3 }, [1, 3], Ops.ExpandDims(v, -2), 0);
        using var m = Iota(2, 3);
        TensorAssert.HasShape(Ops.ExpandDims(m, 1), 2, 1, 3);
        TensorAssert.HasShape(Ops.ExpandDims(m, -2), 2, 1, 3);
        using var s = Tensor.Scalar(4.0);
        TensorAssert.AreClose(new double[] { 4 }, [1], Ops.ExpandDims(s, 0), 0);
    }

    [TestMethod]
    public void Concatenate()
    {
        using var a = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var b = Tensor.FromArray(new float[] { 5, 6 }, 1, 2);
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2], Ops.Concatenate([a, b]), 0);
        using var c = Tensor.FromArray(new float[] { 7, 8 }, 2, 1);
        TensorAssert.AreClose(new float[] { 1, 2, 7, 3, 4, 8 }, [2, 3], Ops.Concatenate([a, c], 1), 0);
        TensorAssert.AreClose(new float[] { 7, 1, 2, 8, 3, 4 }, [2, 3], Ops.Concatenate([c, a], -1), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4, 1, 2, 3, 4, 5, 6 }, [5, 2], Ops.Concatenate([a, a, b]), 0);
        using var e = Ops.Zeros([0, 2]);
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4 }, [2, 2], Ops.Concatenate([e, a, e]), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4 }, [2, 2], Ops.Concatenate([a]), 0);
    }

    [TestMethod]
    public void ConcatenateNonContiguousAndIntegerInputs()
    {
        using var x = Iota(2, 3);               // [[0,1,2],[3,4,5]]
        using var xt = Ops.Transpose(x);        // [[0,3],[1,4],[2,5]]
        using var y = Tensor.FromArray(new[] { 9, 9, 9 }, 3, 1);
        TensorAssert.AreEqual(new[] { 0, 3, 9, 1, 4, 9, 2, 5, 9 }, [3, 3], Ops.Concatenate([xt, y], 1));
        using var b = Tensor.FromArray(new[] { true, false });
        using var bb = Tensor.FromArray(new[] { true });
        TensorAssert.AreEqual(new[] { true, false, true }, [3], Ops.Concatenate([b, bb]));
    }

    [TestMethod]
    public void Stack()
    {
        using var a = Tensor.FromArray(new float[] { 1, 2 });
        using var b = Tensor.FromArray(new float[] { 3, 4 });
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4 }, [2, 2], Ops.Stack([a, b]), 0);
        TensorAssert.AreClose(new float[] { 1, 3, 2, 4 }, [2, 2], Ops.Stack([a, b], 1), 0);
        TensorAssert.AreClose(new float[] { 1, 3, 2, 4 }, [2, 2], Ops.Stack([a, b], -1), 0);
        using var s1 = Tensor.Scalar(1L);
        using var s2 = Tensor.Scalar(2L);
        TensorAssert.AreEqual(new long[] { 1, 2 }, [2], Ops.Stack([s1, s2]));
    }

    [TestMethod]
    public void SplitIntoSectionsAndAtIndices()
    {
        using var x = Iota(6, 2);
        var parts = Ops.Split(x, 3);
        Assert.HasCount(3, parts);
        TensorAssert.AreEqual(new[] { 0, 1, 2, 3 }, [2, 2], parts[0]);
        TensorAssert.AreEqual(new[] { 8, 9, 10, 11 }, [2, 2], parts[2]);
        var cols = Ops.Split(x, 2, axis: -1);
        TensorAssert.AreEqual(new[] { 0, 2, 4, 6, 8, 10 }, [6, 1], cols[0]);
        TensorAssert.AreEqual(new[] { 1, 3, 5, 7, 9, 11 }, [6, 1], cols[1]);
        var at = Ops.Split(x, [1, 4]);
        Assert.HasCount(3, at);
        TensorAssert.HasShape(at[0], 1, 2);
        TensorAssert.AreEqual(new[] { 2, 3, 4, 5, 6, 7 }, [3, 2], at[1]);
        TensorAssert.AreEqual(new[] { 8, 9, 10, 11 }, [2, 2], at[2]);
        var edge = Ops.Split(x, [0, 6]);
        TensorAssert.HasShape(edge[0], 0, 2);
        TensorAssert.HasShape(edge[1], 6, 2);
        TensorAssert.HasShape(edge[2], 0, 2);
    }

    [TestMethod]
    public void Tile()
    {
        using var x = Tensor.FromArray(new[] { 1, 2 }, 1, 2);
        TensorAssert.AreEqual(new[] { 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2 }, [2, 6], Ops.Tile(x, [2, 3]));
        using var v = Tensor.FromArray(new float[] { 1, 2, 3 });
        TensorAssert.AreClose(new float[] { 1, 2, 3, 1, 2, 3 }, [6], Ops.Tile(v, [2]), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 3, 1, 2, 3 }, [2, 3], Ops.Tile(v, [2, 1]), 0);
        using var m = Tensor.FromArray(new[] { 1, 2, 3, 4 }, 2, 2);
        TensorAssert.AreEqual(new[] { 1, 2, 1, 2, 3, 4, 3, 4 }, [2, 4], Ops.Tile(m, [2]));
        TensorAssert.AreEqual(new[] { 1, 2, 3, 4, 1, 2, 3, 4 }, [4, 2], Ops.Tile(m, [2, 1]));
        TensorAssert.HasShape(Ops.Tile(m, [0, 1]), 0, 2);
    }

    [TestMethod]
    public void Pad()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        TensorAssert.AreClose(new float[]
        {
            0, 0, 0, 0,
            0, 1, 2, 0,
            0, 3, 4, 0,
            0, 0, 0, 0,
        }, [4, 4], Ops.Pad(x, [(1, 1), (1, 1)]), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 9, 9, 9, 3, 4, 9, 9, 9 }, [2, 5], Ops.Pad(x, [(0, 0), (0, 3)], 9), 0);
        TensorAssert.AreClose(new float[] { -1, -1, 1, 2, 3, 4 }, [3, 2], Ops.Pad(x, [(1, 0), (0, 0)], -1), 0);
        using var i = Tensor.FromArray(new long[] { 5 });
        TensorAssert.AreEqual(new long[] { 7, 7, 5 }, [3], Ops.Pad(i, [(2, 0)], 7));
        using var e = Ops.Zeros([0]);
        TensorAssert.AreClose(new float[] { 3, 3 }, [2], Ops.Pad(e, [(1, 1)], 3), 0);
    }

    [TestMethod]
    public void PadOfTransposedInput()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var xt = Ops.Transpose(x); // [[1,4],[2,5],[3,6]]
        TensorAssert.AreClose(new float[] { 1, 4, 0, 2, 5, 0, 3, 6, 0 }, [3, 3], Ops.Pad(xt, [(0, 0), (0, 1)]), 0);
    }

    [TestMethod]
    public void RavelOfTransposeFollowsLogicalOrder()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        TensorAssert.AreClose(new float[] { 1, 4, 2, 5, 3, 6 }, [6], Ops.Ravel(Ops.Transpose(x)), 0);
        TensorAssert.AreClose(new float[] { 1, 4, 2, 5, 3, 6 }, [2, 3], Ops.Reshape(Ops.Transpose(x), 2, 3), 0);
    }
}
