using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// Permutes that are batched 2-D transposes take <see cref="BlockTranspose"/> (8 x 8 register tiles for 32-bit types,
/// scalar tiles otherwise): both channels_last directions, sizes that are and are not multiples of the tile, smaller
/// than a tile, batch 1 and several, 32- and 64-bit types, and 1 vs several threads.
/// </summary>
[TestClass]
public class BlockTransposeTests
{
    private static readonly (int N, int A, int B)[] Sizes = [(1, 8, 8), (3, 16, 24), (2, 13, 29), (4, 784, 32), (5, 7, 50), (1, 3, 5), (2, 49, 64)];

    [TestMethod]
    public void BatchedTransposeMatchesIndexLoop()
    {
        foreach (var (n, a, b) in Sizes)
        {
            Check<float>(n, a, b, i => i * 0.5f);
            Check<int>(n, a, b, i => i);
            Check<double>(n, a, b, i => i * 0.25);
        }
    }

    [TestMethod]
    public void ChannelsLastPermutesRoundTrip()
    {
        // [N, H, W, C] -> [N, C, H, W] (merges to [N, C, HW] from [N, HW, C]) and back
        int n = 3, h = 5, w = 7, c = 11;
        var x = RandomFloats(n * h * w * c, 61);
        var nchw = B.Permute(T(x, n, h, w, c), [0, 3, 1, 2], new Shape(n, c, h, w));
        var got = Read<float>(nchw);
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < h * w; i++)
                    Assert.AreEqual(x[(b * h * w + i) * c + ch], got[(b * c + ch) * h * w + i]);
        CollectionAssert.AreEqual(x, Read<float>(B.Permute(nchw, [0, 2, 3, 1], new Shape(n, h, w, c))));
    }

    [TestMethod]
    public void ResultsAreIdenticalForAnyThreadCount()
    {
        var x = RandomFloats(6 * 200 * 45, 62);
        float[] Run() => Read<float>(B.Permute(T(x, 6, 200, 45), [0, 2, 1], new Shape(6, 45, 200)));
        var one = WithThreads(1, Run);
        CollectionAssert.AreEqual(one, WithThreads(2, Run));
        CollectionAssert.AreEqual(one, WithThreads(3, Run));
    }

    // [n, a, b] -> [n, b, a] and [n, b, a] -> [n, a, b] against the index formula
    private static void Check<TE>(int n, int a, int b, Func<int, TE> value) where TE : unmanaged
    {
        var x = Enumerable.Range(0, n * a * b).Select(value).ToArray();
        foreach (var (rows, cols) in new[] { (a, b), (b, a) })
        {
            var got = Read<TE>(B.Permute(T(x, n, rows, cols), [0, 2, 1], new Shape(n, cols, rows)));
            for (int k = 0; k < n; k++)
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++)
                        Assert.AreEqual(x[(k * rows + i) * cols + j], got[(k * cols + j) * rows + i], $"{typeof(TE).Name} {n}x{rows}x{cols} at ({k},{i},{j})");
        }
    }
}
