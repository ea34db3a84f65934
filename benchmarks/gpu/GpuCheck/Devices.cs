using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace KerasSharp.GpuCheck;

/// <summary>Opens the accelerator the check runs on: CUDA device 0, or with --emulated ILGPU's CPU accelerator (for trying the harness without a GPU).</summary>
internal static class Devices
{
    public static (Context Context, Accelerator Accelerator) Open(bool emulated)
    {
        if (emulated)
        {
            var cpu = Context.Create(b => b.CPU(CPUDeviceKind.Nvidia));
            return (cpu, cpu.CreateCPUAccelerator(0));
        }
        var context = Context.Create(b => b.Cuda().Optimize(OptimizationLevel.O2));
        if (context.GetCudaDevices().Count == 0)
        {
            context.Dispose();
            throw new InvalidOperationException("No CUDA device found by ILGPU (is the NVIDIA driver's libcuda.so.1 on the library path?).");
        }
        return (context, context.CreateCudaAccelerator(0));
    }

    public static string Describe(Accelerator a) =>
        a is CudaAccelerator c
            ? $"{c.Name}, {c.Architecture}, {c.MemorySize / (1L << 20)} MiB, driver {c.DriverVersion}, {c.NumMultiprocessors} SMs"
            : $"{a.Name} (emulated on the CPU)";
}
