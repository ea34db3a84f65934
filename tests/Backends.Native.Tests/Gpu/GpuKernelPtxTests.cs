using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using KerasSharp.Backends.Native.Gpu.Kernels;

namespace KerasSharp.Backends.Native.Tests.Gpu;

/// <summary>
/// gpu-b's kernels compiled to PTX for sm_90 without a GPU (ILGPU's PTX backend, with ILGPU.Algorithms as the
/// device context enables it): the emulated device checks what they compute, this that a real GPU can load them.
/// </summary>
[TestClass]
public class GpuKernelPtxTests
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;

    private static MethodInfo Kernel(Type owner, string name, params Type[] typeArgs)
    {
        var m = owner.GetMethod(name, Any) ?? throw new MissingMethodException(owner.Name, name);
        return typeArgs.Length == 0 ? m : m.MakeGenericMethod(typeArgs);
    }

    private static Type Nested(Type owner, string name, params Type[] typeArgs) =>
        owner.GetNestedType(name, BindingFlags.NonPublic)!.MakeGenericType(typeArgs);

    [TestMethod]
    public void KernelsTranslateToPtx()
    {
        Type f = typeof(float), d = typeof(double);
        var scatter = Nested(typeof(GpuIndexing), "ScatterKernels`2", typeof(int), typeof(Int32Index));
        var kernels = new (string Name, MethodInfo Method, bool Explicit)[]
        {
            ("gemm tiled f32", Kernel(typeof(GemmTiledKernel), "Kernel", f), true),
            ("gemm tiled f64", Kernel(typeof(GemmTiledKernel), "Kernel", d), true),
            ("gemm simple", Kernel(typeof(GemmTiledKernel), "Simple", f), false),
            ("im2col", Kernel(typeof(ConvColumnKernels), "Im2Col", f), false),
            ("col2im f64", Kernel(typeof(ConvColumnKernels), "Col2Im", d), false),
            ("channels outer", Kernel(typeof(ConvColumnKernels), "ChannelsOuter", f), false),
            ("im2col channels-last", Kernel(typeof(ChannelsLastColumnKernels), "Im2Col", f), false),
            ("col2im channels-last", Kernel(typeof(ChannelsLastColumnKernels), "Col2Im", f), false),
            ("pool forward", Kernel(typeof(GpuPool2d), "ForwardKernel", f), false),
            ("pool backward f64", Kernel(typeof(GpuPool2d), "BackwardKernel", d), false),
            ("gather", Nested(typeof(GpuIndexing), "GatherKernels`3", f, typeof(long), typeof(Int64Index)).GetMethod("Run", Any)!, false),
            ("scatter-add f32", scatter.GetMethod("AddFloat", Any)!, false),
            ("scatter-add f64", scatter.GetMethod("AddDouble", Any)!, false),
            ("scatter-add i32", scatter.GetMethod("AddInt", Any)!, false),
            ("scatter-add i64", scatter.GetMethod("AddLong", Any)!, false),
            ("adam", Kernel(typeof(GpuOptimizers), "Adam", f), false),
            ("sgd f64", Kernel(typeof(GpuOptimizers), "Sgd", d), false),
            ("cross-entropy", Kernel(typeof(GpuCrossEntropy), "ForwardKernel", f), false),
            ("cross-entropy gradient f64", Kernel(typeof(GpuCrossEntropy), "GradientKernel", d), false),
            ("recurrence step", Kernel(typeof(RecurrentStepKernels), "Forward", f), false),
            ("recurrence step f64", Kernel(typeof(RecurrentStepKernels), "Forward", d), false),
            ("recurrence backward start", Kernel(typeof(RecurrentStepKernels), "BackwardStart", f), false),
            ("recurrence backward step", Kernel(typeof(RecurrentStepKernels), "Backward", f), false),
            ("recurrence backward step f64", Kernel(typeof(RecurrentStepKernels), "Backward", d), false),
            ("column sums f64", Kernel(typeof(RecurrentStepKernels), "ColumnSums", d), false),
            ("cumsum f32", Kernel(typeof(GpuCumSum), "ScanKernel", f), false),
            ("cumsum f64", Kernel(typeof(GpuCumSum), "ScanKernel", d), false),
            ("cumsum i64", Kernel(typeof(GpuCumSum), "ScanKernel", typeof(long)), false),
            ("cumsum u8", Kernel(typeof(GpuCumSum), "ScanKernel", typeof(byte)), false),
            ("top-k f32", Kernel(typeof(GpuTopK), "SelectKernel", f), false),
            ("top-k f64", Kernel(typeof(GpuTopK), "SelectKernel", d), false),
            ("top-k i32", Kernel(typeof(GpuTopK), "SelectKernel", typeof(int)), false),
            ("top-k u8", Kernel(typeof(GpuTopK), "SelectKernel", typeof(byte)), false),
        };
        using var context = Context.Create(b => b.Cuda().EnableAlgorithms());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null);
        var failures = new List<string>();
        foreach (var (name, method, isExplicit) in kernels)
        {
            try
            {
                var entry = isExplicit ? EntryPointDescription.FromExplicitlyGroupedKernel(method) : EntryPointDescription.FromImplicitlyGroupedKernel(method);
                var compiled = (PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty);
                Assert.Contains(".entry", compiled.PTXAssembly, name);
            }
            catch (Exception ex) when (ex is not AssertFailedException)
            {
                failures.Add($"{name}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]} {ex.InnerException?.Message.Split('\n')[0]}");
                context.ClearCache(ClearCacheMode.Everything); // a failed kernel leaves half-built methods behind
            }
        }
        Assert.IsEmpty(failures, string.Join("\n", failures));
    }
}
