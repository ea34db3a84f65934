using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using KerasSharp.Backends.Native.Gpu.Cublas;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>Which implementation a GEMM runs on.</summary>
internal enum GemmPath
{
    /// <summary>cuBLAS's cublasGemmStridedBatchedEx (CUDA accelerators with cuBLAS found).</summary>
    Cublas,
    /// <summary>The ILGPU shared-memory tiled kernel.</summary>
    IlgpuTiled,
    /// <summary>The ILGPU one-thread-per-output kernel (accelerators with groups under 256 threads).</summary>
    IlgpuSimple,
}

/// <summary>
/// Batched row-major matrix products on an accelerator: <c>C[b] = op(A[b])·op(B[b])</c>, float32 or float64.
/// Uses cuBLAS on a CUDA accelerator when the library is found (and <c>KERASSHARP_CUBLAS</c> is not <c>off</c>),
/// the ILGPU kernel otherwise. Asynchronous: queued on the given stream.
/// Signature stable: gpu-a's dispatch calls it.
/// </summary>
internal static class GpuGemm
{
    /// <summary>Whether CUDA accelerators use cuBLAS (when found): true unless <c>KERASSHARP_CUBLAS</c> is <c>off</c> or <c>0</c>.</summary>
    public static bool UseCublas { get; set; } = Environment.GetEnvironmentVariable("KERASSHARP_CUBLAS") is not ("off" or "0");

    /// <summary>The path chosen for an accelerator.</summary>
    public static GemmPath PathFor(Accelerator accelerator) =>
        Choose(accelerator is CudaAccelerator, UseCublas && accelerator is CudaAccelerator && CublasLibrary.Api is not null,
               accelerator.MaxNumThreadsPerGroup);

    /// <summary>The choice itself: cuBLAS on CUDA when available, the tiled kernel where groups of 256 fit.</summary>
    public static GemmPath Choose(bool isCuda, bool cublasAvailable, int maxThreadsPerGroup) =>
        isCuda && cublasAvailable ? GemmPath.Cublas
        : maxThreadsPerGroup >= GemmTiledKernel.Threads ? GemmPath.IlgpuTiled : GemmPath.IlgpuSimple;

    /// <summary>
    /// C[i] = op(A[i])·op(B[i]) for i in [0, batch) (C[i] += ... when <paramref name="accumulate"/>). op(A) is [m, k]
    /// (A stored [k, m] when <paramref name="transA"/>), op(B) is [k, n] (B stored [n, k] when <paramref name="transB"/>),
    /// dense row-major; batch strides in elements, 0 to share one matrix. Views start at batch 0.
    /// </summary>
    public static void Run<T>(AcceleratorStream stream, int batch, int m, int n, int k,
                              ArrayView<T> a, long strideA, bool transA, ArrayView<T> b, long strideB, bool transB,
                              ArrayView<T> c, long strideC, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LaunchShape.RequireFloat<T>("matmul");
        if (batch <= 0 || m <= 0 || n <= 0) return;
        var s = new GemmArgs(m, n, k, strideA, strideB, strideC, transA ? 1 : 0, transB ? 1 : 0, accumulate ? 1 : 0);
        if (k == 0)
        {
            if (!accumulate) Zero(stream, c, batch, s);
            return;
        }
        var accelerator = stream.Accelerator;
        switch (PathFor(accelerator))
        {
            case GemmPath.Cublas:
                CublasGemm.Run((CudaAccelerator)accelerator, (CudaStream)stream, CublasLibrary.Api!, batch, s, a, b, c);
                return;
            case GemmPath.IlgpuTiled:
                for (int b0 = 0; b0 < batch; b0 += MaxGridZ)
                {
                    int count = Math.Min(MaxGridZ, batch - b0);
                    var grid = new Index3D(LaunchShape.CeilDiv(n, GemmTiledKernel.Tile), LaunchShape.CeilDiv(m, GemmTiledKernel.Tile), count);
                    Kernels<T>.Tiled.For(accelerator)(stream, new KernelConfig(grid, new Index3D(GemmTiledKernel.Threads, 1, 1)),
                                                      Skip(a, b0 * strideA), Skip(b, b0 * strideB), Skip(c, b0 * strideC), s);
                }
                return;
            default:
                for (int b0 = 0; b0 < batch; b0 += MaxGridZ)
                {
                    int count = Math.Min(MaxGridZ, batch - b0);
                    Kernels<T>.Simple.For(accelerator)(stream, new Index3D(n, m, count),
                                                       Skip(a, b0 * strideA), Skip(b, b0 * strideB), Skip(c, b0 * strideC), s);
                }
                return;
        }
    }

    // CUDA's grid z is at most 65535: longer batches go in several launches.
    private const int MaxGridZ = 65535;

    private static ArrayView<T> Skip<T>(ArrayView<T> v, long offset) where T : unmanaged => offset == 0 ? v : v.SubView(offset);

    private static void Zero<T>(AcceleratorStream stream, ArrayView<T> c, int batch, GemmArgs s) where T : unmanaged
    {
        long mn = (long)s.M * s.N;
        for (int i = 0; i < batch; i++) c.SubView(i * s.StrideC, mn).MemSetToZero(stream);
    }

    private static class Kernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly KernelCache<Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs>> Tiled =
            new(acc => acc.LoadKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs>(GemmTiledKernel.Kernel<T>));

        public static readonly KernelCache<Action<AcceleratorStream, Index3D, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs>> Simple =
            new(acc => acc.LoadAutoGroupedKernel<Index3D, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs>(GemmTiledKernel.Simple<T>));
    }
}
