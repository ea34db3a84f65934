using KerasSharp.Backends.Native.Gpu.Kernels;
using static KerasSharp.Backends.Native.Tests.Emulated.EmulatedUtil;

namespace KerasSharp.Backends.Native.Tests.Emulated;

/// <summary>
/// <see cref="Ops.Recurrence"/> on the emulated GPU runs the fused GPU recurrence (<see cref="GpuRecurrence"/>) and
/// equals the CPU's fused kernel, float32 and float64: outputs, final states and the gradients of inputs, kernel,
/// bias, recurrent kernel, recurrent bias, h0 and c0 through the tape, for SimpleRNN, LSTM and GRU, with goBackwards,
/// masks (a masked step in the middle, at the start, at the end) and non-zero initial states.
/// </summary>
[TestClass]
[DoNotParallelize]
public class EmulatedRecurrenceParityTests
{
    private const int Batch = 3, Time = 5, Features = 4, Units = 3;

    private sealed record Case(string Name, RecurrentCellKind Kind, bool Bias, bool RecurrentBias, bool Back, bool Masked,
                               RecurrentActivation Act = RecurrentActivation.Tanh, RecurrentActivation Rec = RecurrentActivation.Sigmoid)
    {
        public int Gates => Kind switch { RecurrentCellKind.Lstm => 4, RecurrentCellKind.Gru => 3, _ => 1 };
        public RecurrenceOptions Options => new(Kind, Act, Rec, Back);
    }

    private static readonly Case[] Cases =
    [
        new("simple tanh", RecurrentCellKind.SimpleRnn, true, false, false, false),
        new("simple relu backwards masked", RecurrentCellKind.SimpleRnn, false, false, true, true, RecurrentActivation.Relu),
        new("simple linear masked", RecurrentCellKind.SimpleRnn, true, false, false, true, RecurrentActivation.Linear),
        new("lstm", RecurrentCellKind.Lstm, true, false, false, false),
        new("lstm masked", RecurrentCellKind.Lstm, true, false, false, true),
        new("lstm backwards masked", RecurrentCellKind.Lstm, true, false, true, true),
        new("lstm sigmoid cell, tanh gates, no bias", RecurrentCellKind.Lstm, false, false, false, true, RecurrentActivation.Sigmoid, RecurrentActivation.Tanh),
        new("gru reset after", RecurrentCellKind.Gru, true, true, false, false),
        new("gru reset after masked", RecurrentCellKind.Gru, true, true, false, true),
        new("gru reset after backwards masked", RecurrentCellKind.Gru, true, true, true, true),
        new("gru input bias only, relu", RecurrentCellKind.Gru, true, false, false, true, RecurrentActivation.Relu),
        new("gru no biases backwards", RecurrentCellKind.Gru, false, false, true, false),
    ];

    // sample 0 masks a middle step, sample 1 its first and last, sample 2 none
    private static readonly bool[] MaskValues = [true, true, false, true, true, false, true, true, true, false, true, true, true, true, true];

    // Rounding-level on the emulated device (measured under 1e-6 and 1e-14); a real GPU (KERASSHARP_GPU_TEST_DEVICE)
    // contracts a·b + c and has its own tanh and exp, compounded over the steps.
    private static double Tolerance(DType dtype) =>
        (dtype == DType.Float32 ? 2e-6 : 1e-13) * (Emu == Device.Emulated ? 1 : 10);

    /// <summary>The call's tensors on a device: inputs, kernel, bias?, recurrent kernel, recurrent bias?, h0, c0?, then the mask.</summary>
    /// <remarks>Tracked sources are variables (the tape watches them); the others plain tensors.</remarks>
    private static (Tensor[] Sources, Tensor? Mask) Make(Case c, DType dtype, Device device, int seed, Func<int, bool>? tracked = null)
    {
        int gu = c.Gates * Units, index = 0;
        Tensor V(int[] shape, int s, double scale = 1.5)
        {
            var t = Ops.Cast(Tensor.FromArray(Floats(shape.Aggregate(1, (a, b) => a * b), s, scale), shape), dtype).To(device);
            return tracked?.Invoke(index++) ?? true ? new Variable(t) : t;
        }
        var sources = new List<Tensor> { V([Batch, Time, Features], seed), V([Features, gu], seed + 1) };
        if (c.Bias) sources.Add(V([gu], seed + 2));
        sources.Add(V([Units, gu], seed + 3));
        if (c.RecurrentBias) sources.Add(V([gu], seed + 4));
        sources.Add(V([Batch, Units], seed + 5));
        if (c.Kind == RecurrentCellKind.Lstm) sources.Add(V([Batch, Units], seed + 6));
        var mask = c.Masked ? Tensor.FromArray(MaskValues, Batch, Time).To(device) : null;
        return ([.. sources], mask);
    }

    private static (Tensor Outputs, Tensor[] States) Call(Case c, Tensor[] x, Tensor? mask)
    {
        int i = 0;
        var inputs = x[i++];
        var kernel = x[i++];
        var bias = c.Bias ? x[i++] : null;
        var r = x[i++];
        var rb = c.RecurrentBias ? x[i++] : null;
        Tensor[] states = c.Kind == RecurrentCellKind.Lstm ? [x[i], x[i + 1]] : [x[i]];
        return Ops.Recurrence(inputs, kernel, bias, r, rb, states, mask, c.Options);
    }

    /// <summary>Values (outputs, states) and the gradients of a weighted sum of them for the tracked sources.</summary>
    private static (Tensor[] Values, Tensor?[] Grads) Run(Case c, DType dtype, Device device, Func<int, bool>? tracked = null)
    {
        var (x, mask) = Make(c, dtype, device, 10, tracked);
        var watched = x.Where((_, i) => tracked?.Invoke(i) ?? true).ToArray();
        using var tape = new GradientTape();
        var (outputs, states) = Call(c, x, mask);
        // distinct weights per element so that every gradient entry matters
        Tensor Weigh(Tensor t, int seed) => Ops.Sum(Ops.Multiply(t, Ops.Cast(Tensor.FromArray(Floats(t.Size, seed), t.Shape.ToArray()), dtype).To(device)));
        var loss = Weigh(outputs, 90);
        for (int s = 0; s < states.Length; s++) loss = Ops.Add(loss, Weigh(states[s], 91 + s));
        var grads = tape.Gradient(loss, watched);
        return ([outputs, .. states], grads);
    }

    private static void AssertParity(Case c, DType dtype, Func<int, bool>? tracked = null)
    {
        var (cpuValues, cpuGrads) = Run(c, dtype, Device.Cpu, tracked);
        long before = GpuRecurrence.Runs;
        var (emuValues, emuGrads) = Run(c, dtype, Emu, tracked);
        Assert.AreEqual(before + 2, GpuRecurrence.Runs, "the fused GPU forward and backward ran once each");
        double tol = Tolerance(dtype);
        for (int i = 0; i < cpuValues.Length; i++) AssertClose(cpuValues[i], emuValues[i], tol, i == 0 ? "outputs" : $"state {i - 1}");
        Assert.HasCount(cpuGrads.Length, emuGrads);
        for (int i = 0; i < cpuGrads.Length; i++)
        {
            Assert.IsNotNull(cpuGrads[i], $"cpu gradient {i}");
            Assert.IsNotNull(emuGrads[i], $"emulated gradient {i}");
            AssertClose(cpuGrads[i]!, emuGrads[i]!, tol, $"gradient {i}");
        }
    }

    [TestMethod]
    public void ValuesAndGradientsMatchTheCpuFloat32AndFloat64() =>
        All(from dtype in new[] { DType.Float32, DType.Float64 }
            from c in Cases
            select ($"{c.Name} {dtype}", (Action)(() => AssertParity(c, dtype))));

    [TestMethod]
    public void GradientsOfOnlySomeSourcesMatch()
    {
        // the inputs and h0 not tracked: the backward skips dInputs and drops dh0
        var lstm = Cases.First(c => c.Name == "lstm masked");
        AssertParity(lstm, DType.Float32, i => i is 1 or 2 or 3 or 5);
        var gru = Cases.First(c => c.Name == "gru reset after masked");
        AssertParity(gru, DType.Float64, i => i is 0 or 3);
    }

    [TestMethod]
    public void TheEmulatedDeviceRunsTheRecurrenceFused()
    {
        foreach (var c in Cases)
            foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            {
                var (x, mask) = Make(c, dtype, Emu, 1);
                Assert.IsTrue(B.RunsFused(typeof(IFusedRecurrentKernels), Emu), "RunsFused");
                var args = new RecurrenceArgs(x[0], x[1], c.Bias ? x[2] : null, x[c.Bias ? 3 : 2], c.RecurrentBias ? x[4] : null,
                                              x[c.Kind == RecurrentCellKind.Lstm ? ^2 : ^1], c.Kind == RecurrentCellKind.Lstm ? x[^1] : null, mask, c.Options);
                Assert.IsTrue(((IFusedRecurrentKernels)B).CanFuseRecurrence(args), $"{c.Name} {dtype}");
            }
        // a tensor on another device: not fused here (Core's composed path reports the mismatch)
        var (y, _) = Make(Cases[0], DType.Float32, Emu, 1);
        var cpuKernel = Ops.Cast(Tensor.FromArray(Floats(Features * Units, 3), Features, Units), DType.Float32);
        var mixed = new RecurrenceArgs(y[0], cpuKernel, null, y[3], null, y[4], null, null, Cases[0].Options);
        Assert.IsFalse(((IFusedRecurrentKernels)B).CanFuseRecurrence(mixed));
    }

    [TestMethod]
    public void ALongerSequenceWithManyUnitsMatches()
    {
        // 40 units, 12 steps, batch 5: launches wider than one group, GEMMs over several tiles
        const int b = 5, t = 12, f = 7, u = 40;
        foreach (var kind in new[] { RecurrentCellKind.Lstm, RecurrentCellKind.Gru })
        {
            int gu = (kind == RecurrentCellKind.Lstm ? 4 : 3) * u;
            Tensor[] Inputs(Device d) =>
            [
                Tensor.FromArray(Floats(b * t * f, 1), b, t, f).To(d), Tensor.FromArray(Floats(f * gu, 2, 0.5), f, gu).To(d),
                Tensor.FromArray(Floats(gu, 3), gu).To(d), Tensor.FromArray(Floats(u * gu, 4, 0.4), u, gu).To(d),
                Tensor.FromArray(Floats(b * u, 5), b, u).To(d), Tensor.FromArray(Floats(b * u, 6), b, u).To(d),
            ];
            (Tensor, Tensor?[]) Go(Device d)
            {
                var x = Inputs(d).Select(v => (Tensor)new Variable(v)).ToArray();
                using var tape = new GradientTape();
                var (o, s) = kind == RecurrentCellKind.Lstm
                    ? Ops.Recurrence(x[0], x[1], x[2], x[3], null, [x[4], x[5]], null, new(kind, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid, true))
                    : Ops.Recurrence(x[0], x[1], x[2], x[3], x[2], [x[4]], null, new(kind, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid, false));
                var loss = Ops.Add(Ops.Sum(Ops.Square(o)), Ops.Sum(s[0]));
                return (o, tape.Gradient(loss, x[..4]));
            }
            var (co, cg) = Go(Device.Cpu);
            var (eo, eg) = Go(Emu);
            AssertClose(co, eo, 5 * Tolerance(DType.Float32), $"{kind} outputs");
            for (int i = 0; i < cg.Length; i++) AssertClose(cg[i]!, eg[i]!, 5 * Tolerance(DType.Float32), $"{kind} gradient {i}");
        }
    }
}
