using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using KerasSharp.Backends.Native.Gpu;

namespace KerasSharp.Backends.Native.Tests.Emulated;

/// <summary>
/// The placement kernels compiled to PTX for sm_90 without a GPU: ILGPU's PTX backend translates them (the
/// emulated device checks what they compute, this checks that a real GPU can load them).
/// </summary>
[TestClass]
public class PtxCompileTests
{
    private static MethodInfo Kernel(Type owner, string name, params Type[] typeArgs)
    {
        var m = owner.GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static) ?? throw new MissingMethodException(owner.Name, name);
        return typeArgs.Length == 0 ? m : m.MakeGenericMethod(typeArgs);
    }

    [TestMethod]
    public void KernelsTranslateToPtx()
    {
        var e = typeof(GpuElementwise);
        var f = typeof(float);
        var kernels = new (string Name, MethodInfo Method, bool Explicit)[]
        {
            ("unary exp", Kernel(e, "UnaryKernel", f, f, f, f, typeof(ExpOp<float>), typeof(AsItself<float>), typeof(AsItself<float>)), false),
            ("unary erf f64", Kernel(e, "UnaryKernel", typeof(double), typeof(double), typeof(double), typeof(double),
                typeof(DeviceErfOp<double, DoubleConvert>), typeof(AsItself<double>), typeof(AsItself<double>)), false),
            ("cast f32 to i64", Kernel(e, "UnaryKernel", f, f, typeof(long), typeof(long),
                typeof(DeviceConvertOp<float, long, SingleConvert, Int64Convert>), typeof(AsItself<float>), typeof(AsItself<long>)), false),
            ("not bool", Kernel(e, "UnaryKernel", typeof(byte), typeof(bool), typeof(byte), typeof(bool), typeof(NotOp), typeof(BoolAsByte), typeof(BoolAsByte)), false),
            ("add broadcast", Kernel(e, "BinaryKernel", f, f, f, f, typeof(AddOp<float>), typeof(AsItself<float>), typeof(AsItself<float>)), false),
            ("pow", Kernel(e, "BinaryFlatKernel", typeof(double), typeof(double), typeof(double), typeof(double), typeof(PowOp<double>), typeof(AsItself<double>), typeof(AsItself<double>)), false),
            ("where", Kernel(e, "WhereKernel", f), false),
            ("tanh, sigmoid, sin, sqrt, floor, round, log1p, expm1", Kernel(e, "UnaryKernel", f, f, f, f, typeof(TanhOp<float>), typeof(AsItself<float>), typeof(AsItself<float>)), false),
            ("sigmoid", Kernel(e, "UnaryKernel", f, f, f, f, typeof(SigmoidOp<float>), typeof(AsItself<float>), typeof(AsItself<float>)), false),
            ("sin f64", Kernel(e, "UnaryKernel", typeof(double), typeof(double), typeof(double), typeof(double), typeof(SinOp<double>), typeof(AsItself<double>), typeof(AsItself<double>)), false),
            ("rsqrt", Kernel(e, "UnaryKernel", f, f, f, f, typeof(RsqrtOp<float>), typeof(AsItself<float>), typeof(AsItself<float>)), false),
            ("round", Kernel(e, "UnaryKernel", f, f, f, f, typeof(DeviceRoundOp<float>), typeof(AsItself<float>), typeof(AsItself<float>)), false),
            ("log1p", Kernel(e, "UnaryKernel", f, f, f, f, typeof(Log1pOp<float>), typeof(AsItself<float>), typeof(AsItself<float>)), false),
            ("expm1 f64", Kernel(e, "UnaryKernel", typeof(double), typeof(double), typeof(double), typeof(double), typeof(DeviceExpm1Op<double>), typeof(AsItself<double>), typeof(AsItself<double>)), false),
            ("floor-div and mod int",  Kernel(e, "BinaryKernel", typeof(int), typeof(int), typeof(int), typeof(int), typeof(DeviceFloorDivIntOp<int>), typeof(AsItself<int>), typeof(AsItself<int>)), false),
            ("mod int", Kernel(e, "BinaryFlatKernel", typeof(long), typeof(long), typeof(long), typeof(long), typeof(DeviceModIntOp<long>), typeof(AsItself<long>), typeof(AsItself<long>)), false),
            ("max f32", Kernel(e, "BinaryFlatKernel", f, f, f, f, typeof(MaxOp<float>), typeof(AsItself<float>), typeof(AsItself<float>)), false),
            ("strided", Kernel(typeof(GpuLayout), "StridedKernel", f), false),
            ("transpose", Kernel(typeof(GpuLayout), "TransposeKernel", f), true),
            ("pad", Kernel(typeof(GpuLayout), "PadKernel", typeof(long)), false),
            ("reduce rows", Kernel(typeof(GpuReduce), "RowKernel", f), true),
            ("reduce columns", Kernel(typeof(GpuReduce), "ColumnKernel", typeof(double)), false),
            ("argmax", Kernel(typeof(GpuReduce), "ArgKernel", f), false),
            ("softmax", Kernel(typeof(GpuReduce), "SoftmaxKernel", f), false),
            ("random f32", Kernel(typeof(GpuCreation), "RandomSingle"), false),
            ("random f64", Kernel(typeof(GpuCreation), "RandomDouble"), false),
        };
        // As GpuDevice opens CUDA: ILGPU.Algorithms supplies exp, log and pow, which PTX has no instruction for.
        using var context = Context.Create(b => b.Cuda().EnableAlgorithms());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null);
        var failures = new List<string>();
        foreach (var (name, method, isExplicit) in kernels)
        {
            try
            {
                var entry = isExplicit ? EntryPointDescription.FromExplicitlyGroupedKernel(method) : EntryPointDescription.FromImplicitlyGroupedKernel(method);
                var spec = KernelSpecialization.Empty;
                var compiled = (PTXCompiledKernel)backend.Compile(entry, spec);
                Assert.Contains(".entry", compiled.PTXAssembly, name);
            }
            catch (Exception ex)
            {
                failures.Add($"{name}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]} {ex.InnerException?.Message.Split('\n')[0]}");
                context.ClearCache(ClearCacheMode.Everything); // a failed kernel leaves half-built methods behind
            }
        }
        Assert.IsEmpty(failures, string.Join("\n", failures));
    }
}
