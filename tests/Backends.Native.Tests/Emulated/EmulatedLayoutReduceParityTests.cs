using static KerasSharp.Backends.Native.Tests.Emulated.EmulatedUtil;

namespace KerasSharp.Backends.Native.Tests.Emulated;

/// <summary>Layout ops, reductions, arg-reductions and softmax on the emulated GPU against the CPU, dtype by dtype.</summary>
[TestClass]
public class EmulatedLayoutReduceParityTests
{
    private static readonly DType[] All6 = [DType.Float32, DType.Float64, DType.Int32, DType.Int64, DType.UInt8, DType.Bool];

    private static (Tensor Cpu, Tensor Emu) Ints(DType dtype, params int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var v = Enumerable.Range(0, n).Select(i => (i * 37 % 23) - 7).ToArray();
        Array host = dtype switch
        {
            DType.Float32 => v.Select(x => x * 0.37f).ToArray(),
            DType.Float64 => v.Select(x => x * 0.37).ToArray(),
            DType.Int32 => v,
            DType.Int64 => v.Select(x => (long)x).ToArray(),
            DType.UInt8 => v.Select(x => (byte)(x + 7)).ToArray(),
            _ => v.Select(x => x > 0).ToArray(),
        };
        return (B.FromHost((Array)host.Clone(), new Shape(shape), dtype, Device.Cpu), B.FromHost((Array)host.Clone(), new Shape(shape), dtype, Emu));
    }

    [TestMethod]
    public void PermuteTransposeBroadcastSliceConcatPad()
    {
        EmulatedUtil.All(All6.SelectMany(dtype => new (string, Action)[]
        {
            ($"permute {dtype}", () =>
            {
                var (c, g) = Ints(dtype, 2, 3, 4);
                using (c) using (g)
                {
                    AssertSame(B.Permute(c, [2, 0, 1], new Shape(4, 2, 3)), B.Permute(g, [2, 0, 1], new Shape(4, 2, 3)), "permute 201");
                    // the last two axes: the shared-memory tiled transpose, with partial tiles
                    var (c2, g2) = Ints(dtype, 3, 19, 21);
                    AssertSame(B.Permute(c2, [0, 2, 1], new Shape(3, 21, 19)), B.Permute(g2, [0, 2, 1], new Shape(3, 21, 19)), "transpose");
                }
            }),
            ($"broadcast {dtype}", () =>
            {
                var (c, g) = Ints(dtype, 3, 1);
                AssertSame(B.BroadcastTo(c, new Shape(2, 3, 4)), B.BroadcastTo(g, new Shape(2, 3, 4)), "broadcast");
            }),
            ($"slice {dtype}", () =>
            {
                var (c, g) = Ints(dtype, 4, 5);
                AssertSame(B.Slice(c, [3, 1], [-2, 2], new Shape(2, 2)), B.Slice(g, [3, 1], [-2, 2], new Shape(2, 2)), "slice reversed");
                AssertSame(B.Slice(c, [0, 4], [1, 1], new Shape(4, 0)), B.Slice(g, [0, 4], [1, 1], new Shape(4, 0)), "slice empty");
            }),
            ($"concat {dtype}", () =>
            {
                var (c1, g1) = Ints(dtype, 2, 3);
                var (c2, g2) = Ints(dtype, 2, 1);
                var (c3, g3) = Ints(dtype, 2, 0);
                AssertSame(B.Concat([c1, c2, c3, c1], 1, new Shape(2, 7)), B.Concat([g1, g2, g3, g1], 1, new Shape(2, 7)), "concat axis 1");
                AssertSame(B.Concat([c1, c1], 0, new Shape(4, 3)), B.Concat([g1, g1], 0, new Shape(4, 3)), "concat axis 0");
            }),
            ($"pad {dtype}", () =>
            {
                var (c, g) = Ints(dtype, 2, 3);
                AssertSame(B.Pad(c, [1, 0, 2, 1], 5, new Shape(3, 6)), B.Pad(g, [1, 0, 2, 1], 5, new Shape(3, 6)), "pad");
            }),
            ($"copy {dtype}", () =>
            {
                var (c, g) = Ints(dtype, 3, 3);
                AssertSame(B.Cast(c, dtype), B.Cast(g, dtype), "same-dtype cast copies");
                using var r = B.Reshape(g, new Shape(9));
                Assert.AreSame(g.Storage, r.Storage);
            }),
        }));
    }

    [TestMethod]
    public void ReductionsOverEveryAxisSet()
    {
        int[][] axesSets = [[0], [1], [2], [0, 2], [1, 2], [0, 1, 2]];
        var ops = Enum.GetValues<ReduceOp>();
        EmulatedUtil.All(
            from dtype in All6
            from op in ops
            from axes in axesSets
            select ($"{op} {dtype} over [{string.Join(",", axes)}]", (Action)(() =>
            {
                var (c, g) = Ints(dtype, 3, 4, 5);
                var outDims = new[] { 3, 4, 5 }.Where((_, d) => !axes.Contains(d)).ToArray();
                Tensor cr;
                try { cr = B.Reduce(op, c, axes, false, new Shape(outDims)); }
                catch (NotSupportedException) { Assert.ThrowsExactly<NotSupportedException>(() => B.Reduce(op, g, axes, false, new Shape(outDims))); return; }
                using (cr)
                using (var gr = B.Reduce(op, g, axes, false, new Shape(outDims)))
                {
                    if (dtype.IsFloating()) AssertClose(cr, gr, dtype == DType.Float32 ? 1e-6 : 1e-14, "reduce");
                    else AssertSame(cr, gr, "reduce");
                }
            })));
    }

    [TestMethod]
    public void EmptyReductionsAndMaxOverNothingFail()
    {
        using var g = B.FromHost(Array.Empty<float>(), new Shape(2, 0), DType.Float32, Emu);
        using var sum = B.Reduce(ReduceOp.Sum, g, [1], false, new Shape(2));
        CollectionAssert.AreEqual(new[] { 0f, 0 }, Read<float>(sum));
        using var prod = B.Reduce(ReduceOp.Prod, g, [1], false, new Shape(2));
        CollectionAssert.AreEqual(new[] { 1f, 1 }, Read<float>(prod));
        var e = Assert.ThrowsExactly<ArgumentException>(() => B.Reduce(ReduceOp.Max, g, [1], false, new Shape(2)));
        StringAssert.Contains(e.Message, "[2,0]");
    }

    [TestMethod]
    public void LongSumsStayAccurate()
    {
        // 1 followed by many tiny values: a naive float32 running sum loses them all.
        var v = new float[100_001];
        v[0] = 1;
        for (int i = 1; i < v.Length; i++) v[i] = 1e-8f;
        using var g = B.FromHost(v, new Shape(v.Length), DType.Float32, Emu);
        using var s = B.Reduce(ReduceOp.Sum, g, [0], false, Shape.Scalar);
        Assert.AreEqual(1.001, Read<float>(s)[0], 2e-7);
    }

    [TestMethod]
    public void ArgMaxArgMinWithTiesAndNaN()
    {
        float[] v = [1, 3, 3, float.NaN, 0, -2, -2, 5];
        var (c, g) = Pair(v, 2, 4);
        foreach (var op in Enum.GetValues<ArgReduceOp>())
            foreach (var axis in new[] { 0, 1 })
            {
                var outShape = axis == 0 ? new Shape(4) : new Shape(2);
                AssertSame(B.ArgReduce(op, c, axis, false, outShape), B.ArgReduce(op, g, axis, false, outShape), $"{op} axis {axis}");
            }
        var (ci, gi) = Ints(DType.Int32, 3, 4, 5);
        AssertSame(B.ArgReduce(ArgReduceOp.ArgMax, ci, 1, false, new Shape(3, 5)), B.ArgReduce(ArgReduceOp.ArgMax, gi, 1, false, new Shape(3, 5)), "int32 argmax");
    }

    [TestMethod]
    public void SoftmaxAndLogSoftmaxAlongEveryAxis()
    {
        var v = Floats(3 * 4 * 5, 7, 8);
        v[5] = float.NegativeInfinity;
        var (c, g) = Pair(v, 3, 4, 5);
        var (cd, gd) = Pair(v.Select(x => (double)x).ToArray(), 3, 4, 5);
        for (int axis = 0; axis < 3; axis++)
        {
            AssertClose(B.Softmax(c, axis), B.Softmax(g, axis), 1e-6, $"softmax {axis}");
            AssertClose(B.LogSoftmax(c, axis), B.LogSoftmax(g, axis), 1e-6, $"log-softmax {axis}");
            AssertClose(B.Softmax(cd, axis), B.Softmax(gd, axis), 1e-14, $"softmax f64 {axis}");
            AssertClose(B.LogSoftmax(cd, axis), B.LogSoftmax(gd, axis), 1e-14, $"log-softmax f64 {axis}");
        }
    }
}
