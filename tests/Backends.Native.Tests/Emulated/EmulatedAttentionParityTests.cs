using KerasSharp.Backends.Native.Gpu;
using KerasSharp.Backends.Native.Gpu.Kernels;
using static KerasSharp.Backends.Native.Tests.Emulated.EmulatedUtil;

namespace KerasSharp.Backends.Native.Tests.Emulated;

/// <summary>
/// Fused attention on the emulated GPU against the CPU's fused kernel, float32 and float64: the output and the
/// gradients of query, key and value through the tape, for masks of every shape the kernel takes, causal, a scale,
/// dropout, and batches split over several launches. The kernels' call counters show the fused path ran.
/// </summary>
[TestClass]
[DoNotParallelize] // reads the kernels' call counters and sets the scratch budget
public class EmulatedAttentionParityTests
{
    private sealed record Case(string Name, int[] Lead, int Sq, int Sk, int D, int Dv, string Mask = "none", bool Causal = false,
                               double? Scale = null, double Dropout = 0);

    private static readonly Case[] Cases =
    [
        new("no mask, seqQ != seqK, depth != value depth", [2, 3], 5, 7, 4, 6),
        new("a scale", [2, 2], 4, 6, 3, 5, Scale: 0.37),
        new("causal, more queries than keys", [2, 2], 7, 5, 4, 3, Causal: true),
        new("causal, fewer queries than keys", [3], 4, 6, 5, 2, Causal: true),
        new("bool mask per batch, head, query and key", [2, 3], 5, 7, 4, 6, "full"),
        new("bool padding mask [batch, 1, 1, seqK]", [2, 3], 5, 7, 4, 6, "padding"),
        new("bool mask [seqQ, seqK] shared by every head, and causal", [2, 2], 6, 6, 3, 4, "shared", Causal: true),
        new("bool mask [batch, 1, seqQ, 1] with a fully masked row", [2, 3], 5, 7, 4, 6, "rows"),
        new("float mask [seqQ, seqK] with -inf entries", [2, 2], 5, 7, 4, 3, "float"),
        new("dropout, causal and a padding mask", [2, 3], 6, 8, 4, 5, "padding", Causal: true, Dropout: 0.3),
        new("rows and value depth longer than a thread group, causal, dropout", [2, 2], 5, 40, 4, 20, "full", Causal: true, Dropout: 0.1),
    ];

    [TestMethod]
    public void OutputAndGradientsMatchTheCpuFloat32AndFloat64()
    {
        All(from dtype in new[] { DType.Float32, DType.Float64 }
            from c in Cases
            select ($"{c.Name} {dtype}", (Action)(() => AssertParity(c, dtype))));
    }

    [TestMethod]
    public void ABatchSplitOverSeveralLaunchesMatchesTheCpu()
    {
        long budget = GpuFusedAttention.ScratchBudget;
        try
        {
            GpuFusedAttention.ScratchBudget = 1; // one batch·head per launch: the mask and dropout must follow the launch's offset
            var c = new Case("split", [2, 3], 5, 7, 4, 6, "full", Causal: true, Dropout: 0.2);
            long before = GpuAttention.ForwardCalls;
            AssertParity(c, DType.Float64);
            Assert.IsGreaterThanOrEqualTo(before + 6, GpuAttention.ForwardCalls, "six launches of one batch·head each");
        }
        finally { GpuFusedAttention.ScratchBudget = budget; }
    }

    [TestMethod]
    public void DropoutOnTheDeviceEqualsTheComposedOpWithTheSameSeed()
    {
        var q = Input(DType.Float32, Emu, 1, [4], 6, 9);
        var k = Input(DType.Float32, Emu, 2, [4], 9, 9);
        var v = Input(DType.Float32, Emu, 3, [4], 9, 5);
        var fused = Ops.ScaledDotProductAttention(q, k, v, dropout: 0.4, seed: 17);
        var composed = Ops.ScaledDotProductAttentionComposed(q, k, v, dropout: 0.4, seed: 17);
        AssertClose(composed.To(Device.Cpu), fused, 1e-5, "dropout");
        var undropped = Ops.ScaledDotProductAttention(q, k, v);
        CollectionAssert.AreNotEqual(undropped.ToArray<float>(), fused.ToArray<float>(), "the dropout changed the output");
    }

    [TestMethod]
    public void AttentionRunsFusedOnGpuDevicesAndAsBeforeOnTheCpu()
    {
        var plain = new AttentionOptions(0.5, false, 0, 0);
        var dropout = new AttentionOptions(0.5, true, 0.25, 9);
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            Assert.IsTrue(B.CanFuseAttention(plain, dtype, Emu), $"{dtype} on {Emu}");
            Assert.IsTrue(B.CanFuseAttention(dropout, dtype, Emu), $"{dtype} with dropout on {Emu}");
            Assert.IsTrue(B.CanFuseAttention(dropout, dtype, Device.Cpu), $"{dtype} on the cpu");
        }
        Assert.IsFalse(B.CanFuseAttention(plain, DType.Int32, Device.Cpu), "int32 on the cpu");
        Assert.IsFalse(B.CanFuseAttention(plain, DType.Int32, Emu), "int32 on the device");
        Assert.IsTrue(B.RunsFused(typeof(IFusedAttentionKernels), Emu));
        Assert.IsTrue(B.RunsFused(typeof(IFusedAttentionKernels), Device.Cpu));
        Assert.IsFalse(B.RunsFused(typeof(IFusedNormalizationKernels), Emu), "other fused kernels stay composed on a GPU");
    }

    private static void AssertParity(Case c, DType dtype)
    {
        long forward = GpuAttention.ForwardCalls, backward = GpuAttention.BackwardCalls;
        var (cpu, cpuGrads) = Run(c, dtype, Device.Cpu);
        var (emu, emuGrads) = Run(c, dtype, Emu);
        Assert.IsGreaterThan(forward, GpuAttention.ForwardCalls, "the fused forward ran on the device");
        Assert.IsGreaterThan(backward, GpuAttention.BackwardCalls, "the fused backward ran on the device");
        double tol = dtype == DType.Float32 ? 2e-5 : 1e-12;
        AssertClose(cpu, emu, tol, "output");
        string[] names = ["dq", "dk", "dv"];
        for (int i = 0; i < 3; i++) AssertClose(cpuGrads[i], emuGrads[i], tol, names[i]);
    }

    private static (Tensor Output, Tensor[] Grads) Run(Case c, DType dtype, Device device)
    {
        var q = Input(dtype, device, 1, c.Lead, c.Sq, c.D);
        var k = Input(dtype, device, 2, c.Lead, c.Sk, c.D);
        var v = Input(dtype, device, 3, c.Lead, c.Sk, c.Dv);
        var weights = Input(dtype, device, 4, c.Lead, c.Sq, c.Dv); // the loss's weights: an uneven output gradient
        var mask = MaskOf(c)?.To(device);
        using var tape = new GradientTape();
        tape.Watch([q, k, v]);
        var y = Ops.ScaledDotProductAttention(q, k, v, mask, c.Causal, c.Dropout, c.Scale, seed: 23);
        var grads = tape.Gradient(Ops.Sum(Ops.Multiply(y, weights)), [q, k, v]);
        return (y, [grads[0]!, grads[1]!, grads[2]!]);
    }

    private static Tensor Input(DType dtype, Device device, int seed, int[] lead, int rows, int cols)
    {
        int size = lead.Aggregate(1, (a, b) => a * b) * rows * cols;
        return Ops.Cast(Tensor.FromArray(Floats(size, seed, 4), [.. lead, rows, cols]), dtype).To(device);
    }

    private static Tensor? MaskOf(Case c)
    {
        int batch = c.Lead[0], sq = c.Sq, sk = c.Sk;
        switch (c.Mask)
        {
            case "full":
            {
                var r = Floats(c.Lead.Aggregate(1, (a, b) => a * b) * sq * sk, 5);
                return Tensor.FromArray(r.Select(x => x > -0.5f).ToArray(), [.. c.Lead, sq, sk]);
            }
            case "padding": // batch b sees its first sk - 2b keys
                return Tensor.FromArray(Enumerable.Range(0, batch * sk).Select(e => e % sk < sk - 2 * (e / sk)).ToArray(), batch, 1, 1, sk);
            case "shared":
                return Tensor.FromArray(Floats(sq * sk, 6).Select(x => x > -0.4f).ToArray(), sq, sk);
            case "rows": // batch 0's query 2 sees no key
                return Tensor.FromArray(Enumerable.Range(0, batch * sq).Select(e => e != 2).ToArray(), batch, 1, sq, 1);
            case "float":
            {
                var m = Floats(sq * sk, 7, 3);
                for (int e = 0; e < m.Length; e += 4) m[e] = float.NegativeInfinity;
                return Tensor.FromArray(m, sq, sk);
            }
            default:
                return null;
        }
    }
}
