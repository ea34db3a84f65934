using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// The pairwise sums split work along their tree only: any chunking of the blocks (as threads get them), any
/// column range, and any thread count give bit-identical results.
/// </summary>
[TestClass]
public class SumSplitTests
{
    [TestMethod]
    public void ColumnChunksJoinedByCombineEqualTheWholeTree()
    {
        foreach (int rows in new[] { 1, 7, 8, 9, 100, 1000, 4099 })
        {
            const int width = 11;
            var x = RandomFloats(rows * width, rows);
            var whole = new float[width];
            PairwiseSum.Columns<float>(x, rows, width, width, whole);
            int blocks = PairwiseSum.Blocks(rows);
            for (int chunk = 1; chunk < 2 * blocks; chunk *= 2)
            {
                int chunks = (blocks + chunk - 1) / chunk;
                var partials = new float[chunks * width];
                for (int c = 0; c < chunks; c++)
                    PairwiseSum.ColumnBlocks<float>(x, rows, width, width, c * chunk, Math.Min(blocks, (c + 1) * chunk),
                        partials.AsSpan(c * width, width));
                PairwiseSum.Combine<float>(partials, chunks, width);
                CollectionAssert.AreEqual(whole, partials[..width], $"rows={rows} chunk={chunk} blocks");
            }
            // a column's sum does not depend on the columns summed with it (vector or scalar code)
            for (int j = 0; j < width; j++)
            {
                var one = new float[1];
                PairwiseSum.Columns<float>(x.AsSpan(j), rows, width, 1, one);
                Assert.AreEqual(whole[j], one[0], $"rows={rows} column {j} alone");
            }
        }
    }

    [TestMethod]
    public void RunChunksJoinedByCombineEqualTheWholeRun()
    {
        foreach (int n in new[] { 1, 7, 63, 64, 65, 1000, 4096, 100_003 })
        {
            var x = RandomFloats(n, n);
            float whole = PairwiseRow.Sum<float>(x);
            int blocks = PairwiseRow.Blocks(n);
            for (int chunk = 1; chunk < 2 * blocks; chunk *= 2)
            {
                int chunks = (blocks + chunk - 1) / chunk, lanes = PairwiseRow.Lanes;
                var partials = new float[chunks * lanes];
                for (int c = 0; c < chunks; c++)
                    PairwiseRow.BlockSums<float>(x, c * chunk, Math.Min(blocks, (c + 1) * chunk), partials.AsSpan(c * lanes, lanes));
                PairwiseSum.Combine<float>(partials, chunks, lanes);
                Assert.AreEqual(whole, PairwiseRow.Finish<float>(partials.AsSpan(0, lanes)), $"n={n} chunk={chunk}");
            }
        }
    }

    [TestMethod]
    public void SumsAndSoftmaxAreIdenticalForOneToFourThreads()
    {
        var cases = new (int[] Shape, int[] Axes)[]
        {
            ([1, 5000, 7], [1]),        // one narrow slab: row chunks
            ([3, 70_001], [1]),         // fewer long rows than threads: run chunks
            ([2, 301, 1500], [1]),      // column ranges
            ([4, 3, 50, 51], [0, 2, 3]), // channels-first statistics: rows, then the batch
            ([200_003], [0]),
            ([5000, 1100], [0]),        // wide: several column tiles, pooled scratch
        };
        foreach (var (shape, axes) in cases)
        {
            var x = RandomFloats(shape.Aggregate(1, (a, b) => a * b), shape.Length);
            var outShape = new Shape(shape.Where((_, i) => !axes.Contains(i)).ToArray());
            float[] Sum() { using var t = T(x, shape); using var s = B.Reduce(ReduceOp.Sum, t, axes, false, outShape); return Read<float>(s); }
            var one = WithThreads(1, Sum);
            for (int threads = 2; threads <= 4; threads++)
                CollectionAssert.AreEqual(one, WithThreads(threads, Sum), $"{string.Join("x", shape)} over [{string.Join(",", axes)}], threads={threads}");
        }
        var m = RandomFloats(300 * 257, 5);
        foreach (bool log in new[] { false, true })
        {
            float[] Soft() { using var t = T(m, 300, 257); using var s = log ? B.LogSoftmax(t, 0) : B.Softmax(t, 0); return Read<float>(s); }
            var one = WithThreads(1, Soft);
            for (int threads = 2; threads <= 4; threads++) CollectionAssert.AreEqual(one, WithThreads(threads, Soft), $"log={log} threads={threads}");
        }
    }

    [TestMethod]
    public void IntegerSumsAreExact()
    {
        var rng = new Random(3);
        var ints = Enumerable.Range(0, 1000 * 37).Select(_ => rng.Next(-1000, 1000)).ToArray();
        using var t = T(ints, 1000, 37);
        var cols = Read<int>(B.Reduce(ReduceOp.Sum, t, [0], false, new Shape(37)));
        for (int j = 0; j < 37; j++) Assert.AreEqual(Enumerable.Range(0, 1000).Sum(i => ints[i * 37 + j]), cols[j]);
        var longs = ints.Select(v => (long)v * 1_000_000_007L).ToArray();
        using var tl = T(longs, longs.Length);
        Assert.AreEqual(longs.Sum(), Read<long>(B.Reduce(ReduceOp.Sum, tl, [0], false, Shape.Scalar))[0]);
        var bytes = ints.Select(v => (byte)v).ToArray();
        using var tb = T(bytes, bytes.Length);
        Assert.AreEqual((byte)bytes.Sum(v => (int)v), Read<byte>(B.Reduce(ReduceOp.Sum, tb, [0], false, Shape.Scalar))[0], "uint8 sums wrap");
    }
}
