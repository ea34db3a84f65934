using System.Numerics;
using KerasSharp.Backends.Native.Gpu.Kernels;
using static KerasSharp.Backends.Native.Tests.TestUtil;
using static KerasSharp.Backends.Native.Tests.Gpu.GpuTestDevice;

namespace KerasSharp.Backends.Native.Tests.Gpu;

/// <summary>The ILGPU GEMM on the emulated device against the CPU backend's MatMul.</summary>
[TestClass]
public class GpuGemmTests
{
    private static readonly (int M, int N, int K)[] Sizes = [(1, 1, 1), (7, 7, 7), (33, 33, 33), (65, 65, 65), (1, 65, 7), (33, 7, 65), (65, 1, 33)];

    [TestMethod]
    public void Float32MatchesCpuForAllTransposesAndEdgeTiles() => AllCases<float>(1e-5);

    [TestMethod]
    public void Float64MatchesCpuForAllTransposesAndEdgeTiles() => AllCases<double>(1e-13);

    private static void AllCases<TE>(double tol) where TE : unmanaged, IFloatingPointIeee754<TE>, IConvertible
    {
        foreach (var (m, n, k) in Sizes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    Case<TE>(batch: 1, m, n, k, ta, tb, shareA: false, tol);
    }

    [TestMethod]
    public void BatchOfThreeWithStridesAndASharedOperand()
    {
        Case<float>(batch: 3, 33, 7, 65, ta: false, tb: true, shareA: false, 1e-5);
        Case<float>(batch: 3, 65, 33, 7, ta: true, tb: false, shareA: true, 1e-5);
        Case<double>(batch: 3, 7, 65, 33, ta: true, tb: true, shareA: false, 1e-13);
    }

    [TestMethod]
    public void SmallGroupAcceleratorUsesTheSimpleKernelWithTheSameResults()
    {
        Assert.AreEqual(GemmPath.IlgpuSimple, GpuGemm.PathFor(SmallGroups));
        Assert.AreNotEqual(GemmPath.IlgpuSimple, GpuGemm.PathFor(Accelerator)); // tiled here, cuBLAS on a GPU
        Case<float>(batch: 3, 33, 7, 65, ta: true, tb: true, shareA: true, 1e-5, SmallGroups);
    }

    [TestMethod]
    public void AccumulateAddsToC()
    {
        var a = RandomFloats(7 * 5, 1);
        var b = RandomFloats(5 * 3, 2);
        var c0 = RandomFloats(7 * 3, 3);
        using var da = Upload(a);
        using var db = Upload(b);
        using var dc = Upload(c0);
        GpuGemm.Run<float>(Accelerator.DefaultStream, 1, 7, 3, 5, da.View, 0, false, db.View, 0, false, dc.View, 0, accumulate: true);
        using var ca = T(a, 7, 5);
        using var cb = T(b, 5, 3);
        using var prod = B.MatMul(ca, cb, false, false, new Shape(7, 3));
        var expected = Read<float>(prod).Select((v, i) => v + c0[i]).ToArray();
        AssertClose(expected, Download(dc, 21), 1e-5, "accumulate");
    }

    [TestMethod]
    public void EmptyInnerDimensionGivesZeros()
    {
        using var da = Zeros<float>(1);
        using var db = Zeros<float>(1);
        using var dc = Upload(new float[] { 5, 5, 5, 5, 5, 5 });
        GpuGemm.Run<float>(Accelerator.DefaultStream, 1, 2, 3, 0, da.View, 0, false, db.View, 0, false, dc.View, 0);
        CollectionAssert.AreEqual(new float[6], Download(dc, 6));
    }

    [TestMethod]
    public void NonFloatTypesAreRefusedWithTheOpName()
    {
        var e = Assert.ThrowsExactly<NotSupportedException>(() => LaunchShape.RequireFloat<int>("matmul"));
        StringAssert.Contains(e.Message, "matmul: the GPU kernel takes float32 or float64, got Int32");
    }

    [TestMethod]
    public void PathChoicePrefersCublasOnCudaOnly()
    {
        Assert.AreEqual(GemmPath.Cublas, GpuGemm.Choose(isCuda: true, cublasAvailable: true, 1024));
        Assert.AreEqual(GemmPath.IlgpuTiled, GpuGemm.Choose(isCuda: true, cublasAvailable: false, 1024));
        Assert.AreEqual(GemmPath.IlgpuTiled, GpuGemm.Choose(isCuda: false, cublasAvailable: true, 1024));
        Assert.AreEqual(GemmPath.IlgpuSimple, GpuGemm.Choose(isCuda: false, cublasAvailable: false, 16));
    }

    private static void Case<TE>(int batch, int m, int n, int k, bool ta, bool tb, bool shareA, double tol, ILGPU.Runtime.Accelerator? on = null)
        where TE : unmanaged, IFloatingPointIeee754<TE>, IConvertible
    {
        int aBatch = shareA ? 1 : batch;
        var a = Values<TE>(aBatch * m * k, m + 3 * k + batch);
        var b = Values<TE>(batch * k * n, n + 7 * k + batch);
        int[] aShape = shareA ? (ta ? [k, m] : [m, k]) : (ta ? [batch, k, m] : [batch, m, k]);
        int[] bShape = tb ? [batch, n, k] : [batch, k, n];
        using var ca = T(a, aShape);
        using var cb = T(b, bShape);
        using var cc = B.MatMul(ca, cb, ta, tb, new Shape(batch, m, n));
        var expected = Read<TE>(cc);

        var acc = on ?? Accelerator;
        using var da = Upload(a, acc);
        using var db = Upload(b, acc);
        using var dc = Zeros<TE>(batch * m * n, acc);
        GpuGemm.Run<TE>(acc.DefaultStream, batch, m, n, k, da.View, shareA ? 0 : m * k, ta, db.View, k * n, tb, dc.View, m * n);
        AssertClose(expected, Download(dc, batch * m * n), tol * Math.Sqrt(k) * 4,
                    $"{typeof(TE).Name} batch {batch} [{m}x{k}]·[{k}x{n}] ta={ta} tb={tb} shareA={shareA}");
    }

    private static TE[] Values<TE>(int n, int seed) where TE : unmanaged, IFloatingPointIeee754<TE> =>
        RandomDoubles(n, seed).Select(TE.CreateChecked).ToArray();
}
