using ILGPU.Runtime;
using KerasSharp.Backends.Native;
using KerasSharp.Backends.Native.Gpu;
using KerasSharp.Backends.Native.Gpu.Kernels;

namespace KerasSharp.GpuCheck;

/// <summary>
/// Square GEMM TFLOP/s through GpuGemm: cuBLAS (the path a GPU takes) and the ILGPU tiled kernel, float32 with TF32
/// off (as torch.matmul's default) and float64; the first size is checked against the CPU backend first.
/// Prints "gemm f32 n=4096 cublas=... TFLOP/s ... torch=... ratio=...".
/// </summary>
internal static class GemmCheck
{
    public static void Run(Accelerator accelerator, Peer peer, bool quick)
    {
        GpuMath.AllowTf32 = false;
        int[] sizes = quick ? [256] : [1024, 2048, 4096, 8192];
        Verify(accelerator, quick ? 64 : 1000);
        foreach (int n in sizes)
        {
            double cublas = Tflops<float>(accelerator, n, useCublas: true);
            double ilgpu = n <= 4096 ? Tflops<float>(accelerator, n, useCublas: false) : double.NaN;
            Console.WriteLine($"gemm f32 n={n} cublas={Peer.F(cublas)} ilgpu={Peer.F(ilgpu)} TFLOP/s; {peer.Ratio($"gemm_f32_{n}", cublas)}");
        }
        int nd = quick ? 128 : 4096;
        double d = Tflops<double>(accelerator, nd, useCublas: true);
        Console.WriteLine($"gemm f64 n={nd} cublas={Peer.F(d)} TFLOP/s; {peer.Ratio($"gemm_f64_{nd}", d)}");
        GpuGemm.UseCublas = true;
    }

    private static double Tflops<T>(Accelerator accelerator, int n, bool useCublas) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        GpuGemm.UseCublas = useCublas;
        long size = (long)n * n;
        using var a = accelerator.Allocate1D<T>(size);
        using var b = accelerator.Allocate1D<T>(size);
        using var c = accelerator.Allocate1D<T>(size);
        a.MemSetToZero();
        b.MemSetToZero();
        var stream = accelerator.DefaultStream;
        double seconds = Timer.SecondsPerCall(stream, () =>
            GpuGemm.Run<T>(stream, 1, n, n, n, a.View, 0, false, b.View, 0, false, c.View, 0), minSeconds: 0.3, maxCalls: 200);
        return 2.0 * n * n * n / seconds / 1e12;
    }

    private static void Verify(Accelerator accelerator, int n)
    {
        var rng = new Random(1);
        var a = Enumerable.Range(0, n * n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var b = Enumerable.Range(0, n * n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var cpu = new NativeBackend();
        using var ta = cpu.FromHost(a, new Shape(n, n), DType.Float32, Device.Cpu);
        using var tb = cpu.FromHost(b, new Shape(n, n), DType.Float32, Device.Cpu);
        using var tc = cpu.MatMul(ta, tb, false, true, new Shape(n, n));
        var expected = new float[n * n];
        cpu.CopyToHost(tc, expected);
        foreach (bool useCublas in new[] { true, false })
        {
            GpuGemm.UseCublas = useCublas;
            using var da = accelerator.Allocate1D(a);
            using var db = accelerator.Allocate1D(b);
            using var dc = accelerator.Allocate1D<float>(n * n);
            GpuGemm.Run<float>(accelerator.DefaultStream, 1, n, n, n, da.View, 0, false, db.View, 0, true, dc.View, 0);
            accelerator.Synchronize();
            var got = dc.GetAsArray1D();
            double worst = 0;
            for (int i = 0; i < got.Length; i++) worst = Math.Max(worst, Math.Abs(got[i] - expected[i]) / Math.Max(1, Math.Abs(expected[i])));
            Console.WriteLine($"gemm check n={n} A·Bᵀ path={GpuGemm.PathFor(accelerator)}: max relative error vs CPU {worst:E2} {(worst < 1e-4 ? "ok" : "TOO LARGE")}");
        }
    }
}
