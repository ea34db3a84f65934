using System.Numerics;
using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using KerasSharp.Backends.Native.Gpu.Kernels;
using static KerasSharp.Backends.Native.Tests.TestUtil;
using static KerasSharp.Backends.Native.Tests.Gpu.GpuTestDevice;

namespace KerasSharp.Backends.Native.Tests.Gpu;

/// <summary>
/// The GPU attention kernels (<see cref="GpuAttention"/>) on the device under test against the CPU backend's fused
/// attention: output, log-sum-exp and the three gradients, float32 and float64, with masks, causal, scale and dropout;
/// and their translation to PTX. The GPU check runs these on a real GPU, with cuBLAS and with the ILGPU GEMM.
/// </summary>
[TestClass]
public class GpuAttentionTests
{
    // Parameterless: the GPU check invokes the tests by reflection, without data rows.
    [TestMethod]
    public void NoMaskMatchesTheCpuKernel() => Both("none", false, 0);

    [TestMethod]
    public void BoolPaddingMaskAndCausalMatchTheCpuKernel() => Both("bool", true, 0); // mask [n, 1, seqK]

    [TestMethod]
    public void FloatMaskMatchesTheCpuKernel() => Both("float", false, 0); // mask [1, seqQ, seqK] with -inf entries

    [TestMethod]
    public void RowMaskWithAnEmptyRowAndDropoutMatchTheCpuKernel() => Both("rows", false, 0.25, 150); // mask [n, seqQ, 1]; rows longer than a group

    private static void Both(string mask, bool causal, double dropout, int sk = 9)
    {
        Check<float>(mask, causal, dropout, sk, 2e-5);
        Check<double>(mask, causal, dropout, sk, 1e-12);
    }

    private static void Check<TE>(string maskKind, bool causal, double dropout, int sk, double tol) where TE : unmanaged, IFloatingPointIeee754<TE>, IConvertible
    {
        const int n = 3, sq = 6, d = 4, dv = 5;
        var options = new AttentionOptions(0.45, causal, dropout, 13);
        TE[] q = Values<TE>(n * sq * d, 1), k = Values<TE>(n * sk * d, 2), v = Values<TE>(n * sk * dv, 3), g = Values<TE>(n * sq * dv, 4);
        bool[]? bools = maskKind switch
        {
            "bool" => [.. Enumerable.Range(0, n * sk).Select(e => e % sk < sk - 2 * (e / sk))],
            "rows" => [.. Enumerable.Range(0, n * sq).Select(e => e != sq + 1)],
            _ => null,
        };
        TE[]? floats = maskKind == "float" ? Values<TE>(sq * sk, 5).Select((x, i) => i % 5 == 0 ? TE.NegativeInfinity : x).ToArray() : null;
        int[] maskShape = maskKind switch { "bool" => [n, 1, sk], "rows" => [n, sq, 1], "float" => [1, sq, sk], _ => [1, 1, 1] };

        using var cq = T(q, n, sq, d);
        using var ck = T(k, n, sk, d);
        using var cv = T(v, n, sk, dv);
        using var cg = T(g, n, sq, dv);
        using var cm = bools is not null ? T(bools, maskShape) : floats is not null ? T(floats, maskShape) : null;
        var (co, saved) = B.Attention(cq, ck, cv, cm, options);
        var (cdq, cdk, cdv) = B.AttentionBackward(cq, ck, cv, cm, options, co, saved, cg);

        using var dq = Upload(q);
        using var dk = Upload(k);
        using var dvv = Upload(v);
        using var dg = Upload(g);
        using var boolMask = Upload(bools?.Select(b => b ? (byte)1 : (byte)0).ToArray() ?? new byte[1]);
        using var floatMask = Upload(floats ?? new TE[1]);
        using var output = Zeros<TE>(n * sq * dv);
        using var lse = Zeros<TE>(n * sq);
        using var gq = Zeros<TE>(n * sq * d);
        using var gk = Zeros<TE>(n * sk * d);
        using var gv = Zeros<TE>(n * sk * dv);
        using var scores = Zeros<TE>(n * sq * sk);
        using var work = Zeros<TE>(n * sq * sk);
        int kind = bools is not null ? AttentionDims.BoolMask : floats is not null ? AttentionDims.FloatMask : AttentionDims.NoMask;
        var dims = AttentionDims.Of(n, sq, sk, d, dv, kind, maskShape[0], maskShape[1], maskShape[2], options);
        var (scale, keepScale) = GpuAttention.Scalars<TE>(options);
        var x = new AttentionInputs<TE>(dq.View, dk.View, dvv.View, boolMask.View, floatMask.View);
        var stream = GpuTestDevice.Accelerator.DefaultStream;
        GpuAttention.Forward(stream, dims, scale, keepScale, x, output.View, lse.View, scores.View);
        GpuAttention.Backward(stream, dims, scale, keepScale, x, output.View, lse.View, dg.View, gq.View, gk.View, gv.View, scores.View, work.View);

        string what = $"{maskKind} causal={causal} dropout={dropout} {typeof(TE).Name}";
        AssertClose(Read<TE>(co), Download(output, n * sq * dv), tol, $"output, {what}");
        AssertClose(Read<TE>(saved!), Download(lse, n * sq), tol, $"log-sum-exp, {what}");
        AssertClose(Read<TE>(cdq), Download(gq, n * sq * d), tol, $"dq, {what}");
        AssertClose(Read<TE>(cdk), Download(gk, n * sk * d), tol, $"dk, {what}");
        AssertClose(Read<TE>(cdv), Download(gv, n * sk * dv), tol, $"dv, {what}");
        foreach (var t in new[] { co, saved!, cdq, cdk, cdv }) t.Dispose();
    }

    private static TE[] Values<TE>(int count, int seed) where TE : unmanaged, IFloatingPointIeee754<TE> =>
        RandomDoubles(count, seed).Select(x => TE.CreateChecked(2 * x)).ToArray();

    [TestMethod]
    public void RowKernelsTranslateToPtx()
    {
        var failures = new List<string>();
        using var context = Context.Create(b => b.Cuda().EnableAlgorithms());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null);
        foreach (var name in new[] { "Forward", "Weights", "ScoreGrad" })
            foreach (var t in new[] { typeof(float), typeof(double) })
            {
                try
                {
                    var method = typeof(AttentionRowKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(t);
                    var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(method), KernelSpecialization.Empty);
                    Assert.Contains(".entry", compiled.PTXAssembly, name);
                }
                catch (Exception ex)
                {
                    failures.Add($"{name} {t.Name}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]} {ex.InnerException?.Message.Split('\n')[0]}");
                    context.ClearCache(ClearCacheMode.Everything);
                }
            }
        Assert.IsEmpty(failures, string.Join("\n", failures));
    }
}
