using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// <see cref="Gemm.RunPacked"/> (B packed once into <see cref="GemmPackedB{T}"/>, A read in place) against a float64
/// reference: columns off the panel width, depths over one K slice, transposed B, strided A and C, accumulate and bias.
/// </summary>
[TestClass]
public class GemmPackedBTests
{
    [TestMethod]
    [DataRow(64, 1024, 256, false)]
    [DataRow(5, 37, 600, false)]
    [DataRow(17, 45, 1030, true)]
    [DataRow(1, 3, 7, true)]
    public void PackedProductsMatchTheReference(int m, int n, int k, bool transposedB)
    {
        int lda = k + 3, ldc = n + 5;   // A and C rows apart by more than their width (a step's rows inside a sequence)
        var a = RandomFloats(m * lda, m + k);
        var b = RandomFloats(k * n, n + 2 * k);
        var bias = RandomFloats(n, 7);
        var c = RandomFloats(m * ldc, 11);
        var start = (float[])c.Clone();
        var packed = transposedB ? new GemmPackedB<float>(k, n, b, 0, 1, k) : new GemmPackedB<float>(k, n, b, 0, n, 1);
        Gemm.RunPacked(m, a, 0, lda, 1, packed, c, 0, ldc, accumulate: true, bias: bias);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = start[i * ldc + j] + bias[j];
                for (int p = 0; p < k; p++) s += (double)a[i * lda + p] * (transposedB ? b[j * k + p] : b[p * n + j]);
                Assert.AreEqual(s, c[i * ldc + j], 1e-5 * Math.Sqrt(k), $"{m}x{n}x{k} ({i},{j})");
            }
            for (int j = n; j < ldc; j++) Assert.AreEqual(start[i * ldc + j], c[i * ldc + j], $"({i},{j}) past the columns is untouched");
        }
    }
}
