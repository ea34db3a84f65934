using System.Diagnostics;
using System.Reflection;
using ILGPU.Runtime;
using KerasSharp.Backends.Native.Gpu.Kernels;
using KerasSharp.Backends.Native.Tests.Gpu;

namespace KerasSharp.GpuCheck;

/// <summary>
/// The kernel parity tests of tests/Backends.Native.Tests/Gpu (linked into this program) run on the given
/// accelerator against the CPU backend: once with cuBLAS for GEMMs, once with the ILGPU GEMM kernel.
/// </summary>
internal static class ParitySuite
{
    public static int Run(Accelerator accelerator)
    {
        GpuTestDevice.Override = accelerator;
        GpuTestDevice.ToleranceFloor = 1e-6; // a GPU compiler may fuse a*b + c: allow a few ulps beyond the emulated bounds
        int failed = 0;
        foreach (bool cublas in new[] { true, false })
        {
            GpuGemm.UseCublas = cublas;
            string gemm = GpuGemm.PathFor(accelerator).ToString();
            int passed = 0, count = 0;
            var clock = Stopwatch.StartNew();
            foreach (var type in typeof(GpuTestDevice).Assembly.GetTypes()
                         .Where(t => t.Namespace == typeof(GpuTestDevice).Namespace && t.GetCustomAttribute<TestClassAttribute>() is not null)
                         .OrderBy(t => t.Name))
            {
                var instance = Activator.CreateInstance(type);
                foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<TestMethodAttribute>() is not null).OrderBy(m => m.Name))
                {
                    count++;
                    try
                    {
                        method.Invoke(instance, null);
                        passed++;
                    }
                    catch (TargetInvocationException e)
                    {
                        failed++;
                        var inner = e.InnerException ?? e;
                        Console.WriteLine($"  FAIL {type.Name}.{method.Name} [gemm={gemm}]: {inner.GetType().Name}: {FirstLines(inner.Message, 3)}");
                    }
                }
            }
            Console.WriteLine($"parity gemm={gemm}: {passed}/{count} passed in {clock.Elapsed.TotalSeconds:F1} s");
        }
        GpuGemm.UseCublas = true;
        GpuTestDevice.Override = null;
        return failed;
    }

    private static string FirstLines(string text, int lines) => string.Join(" | ", text.Split('\n').Take(lines)).Trim();
}
