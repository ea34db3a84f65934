using System.Runtime.CompilerServices;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// Loaded kernels of one kind, one per accelerator: compiling a kernel (IL to PTX, or to the CPU accelerator's
/// form) costs milliseconds, so each is loaded once. Held weakly by accelerator: a disposed accelerator's kernels
/// go with it.
/// </summary>
internal sealed class KernelCache<TKernel>(Func<Accelerator, TKernel> load) where TKernel : class
{
    private readonly ConditionalWeakTable<Accelerator, TKernel> _loaded = new();

    /// <summary>The kernel loaded on <paramref name="accelerator"/>, loading it on first use.</summary>
    public TKernel For(Accelerator accelerator) => _loaded.GetValue(accelerator, a => load(a));
}
