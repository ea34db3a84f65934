using static KerasSharp.Backends.Native.Tests.Emulated.EmulatedUtil;

namespace KerasSharp.Backends.Native.Tests.Emulated;

/// <summary>
/// CumSum and TopK on the emulated GPU against the CPU, bit for bit, for every dtype the CPU takes: every axis both
/// ways, k from 0 to n both ways, ties, signed zeros, NaN and infinities; and the gradients through the tape.
/// </summary>
[TestClass]
public class EmulatedScanTopKParityTests
{
    private static readonly DType[] Numeric = [DType.Float32, DType.Float64, DType.Int32, DType.Int64, DType.UInt8];

    /// <summary>
    /// The same values on both devices. Floats span many magnitudes (so a different order of additions would change
    /// the rounding) with ties; with <paramref name="specials"/> also ±0, NaN and ±inf. Integers repeat often and
    /// reach the type's ends, so sums wrap.
    /// </summary>
    private static (Tensor Cpu, Tensor Emu) Data(DType dtype, int seed, bool specials, params int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var rng = new Random(seed);
        var d = new double[n];
        for (int i = 0; i < n; i++)
            d[i] = rng.Next(4) == 0 ? rng.Next(-3, 4) : (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-4, 5));
        if (specials)
            for (int i = 0; i < n; i++)
                d[i] = (i * 7 % 11) switch { 0 => double.NaN, 1 => -0.0, 2 => 0.0, 3 => double.PositiveInfinity, 4 => double.NegativeInfinity, _ => d[i] };
        int[] ints = [.. Enumerable.Range(0, n).Select(i => rng.Next(5) == 0 ? (i % 2 == 0 ? int.MaxValue - rng.Next(3) : int.MinValue + rng.Next(3)) : rng.Next(-4, 5))];
        Array host = dtype switch
        {
            DType.Float32 => d.Select(v => (float)v).ToArray(),
            DType.Float64 => d,
            DType.Int32 => ints,
            DType.Int64 => ints.Select(v => v * 3_000_000_001L).ToArray(),
            _ => ints.Select(v => (byte)v).ToArray(),
        };
        return (B.FromHost((Array)host.Clone(), new Shape(shape), dtype, Device.Cpu), B.FromHost((Array)host.Clone(), new Shape(shape), dtype, Emu));
    }

    /// <summary>Asserts the same shape, dtype and element bits (floats by their bit patterns: -0 is not +0 here).</summary>
    private static void AssertBits(Tensor cpu, Tensor gpu, string what)
    {
        Assert.AreEqual(cpu.Shape, gpu.Shape, what);
        Assert.AreEqual(cpu.DType, gpu.DType, what);
        Assert.AreEqual(Emu, gpu.Device, what);
        long[] c = Bits(cpu), g = Bits(gpu);
        int first = Enumerable.Range(0, c.Length).FirstOrDefault(i => c[i] != g[i], -1);
        if (first >= 0)
            Assert.Fail($"{what}: element {first} of {cpu.Shape}: cpu {cpu.ToArray<double>()[first]:R}, gpu {gpu.ToArray<double>()[first]:R}");
    }

    // Float bit patterns, every NaN as one (a GPU's add returns its own NaN where x86 keeps an operand's payload).
    private static long[] Bits(Tensor x) => x.DType switch
    {
        DType.Float32 => [.. Read<float>(x).Select(v => float.IsNaN(v) ? long.MinValue : BitConverter.SingleToInt32Bits(v))],
        DType.Float64 => [.. Read<double>(x).Select(v => double.IsNaN(v) ? long.MinValue : BitConverter.DoubleToInt64Bits(v))],
        DType.Int32 => [.. Read<int>(x).Select(v => (long)v)],
        DType.Int64 => Read<long>(x),
        _ => [.. Read<byte>(x).Select(v => (long)v)],
    };

    [TestMethod]
    public void CumSumMatchesTheCpuBitForBitOnEveryAxisBothWays()
    {
        int[][] shapes = [[4, 37, 3], [29], [2, 1, 5, 6]];
        All(from dtype in Numeric
            from shape in shapes
            from axis in Enumerable.Range(0, shape.Length)
            from reverse in new[] { false, true }
            select ($"{dtype} [{string.Join(",", shape)}] axis {axis} reverse {reverse}", (Action)(() =>
            {
                var (c, g) = Data(dtype, 11 + axis, dtype.IsFloating() && axis == 0, shape);
                using (c) using (g)
                {
                    using var rc = B.CumSum(c, axis, reverse);
                    using var rg = B.CumSum(g, axis, reverse);
                    AssertBits(rc, rg, "cumsum");
                }
            })));
    }

    [TestMethod]
    public void CumSumOfEmptyScalarAndBoolInputs()
    {
        All(from dtype in Numeric
            select ($"{dtype}", (Action)(() =>
            {
                var (c, g) = Data(dtype, 3, false, 2, 0, 3);
                AssertBits(B.CumSum(c, 1, false), B.CumSum(g, 1, false), "empty axis");
                AssertBits(B.CumSum(c, 2, true), B.CumSum(g, 2, true), "empty outer");
                var (cs, gs) = Data(dtype, 4, false, 1);
                using var cScalar = B.Reshape(cs, Shape.Scalar);
                using var gScalar = B.Reshape(gs, Shape.Scalar);
                AssertBits(B.CumSum(cScalar, 0, false), B.CumSum(gScalar, 0, false), "scalar");
            })));
        // Ops.CumSum sums bools as int64.
        bool[] flags = [true, false, true, true, false, true];
        using var cb = B.FromHost(flags, new Shape(2, 3), DType.Bool, Device.Cpu);
        using var gb = B.FromHost((bool[])flags.Clone(), new Shape(2, 3), DType.Bool, Emu);
        AssertBits(Ops.CumSum(cb, 1, reverse: true), Ops.CumSum(gb, 1, reverse: true), "bool");
    }

    [TestMethod]
    public void TopKMatchesTheCpuWithTiesNaNAndEveryK()
    {
        int[][] shapes = [[5, 13], [2, 3, 8], [1]];
        All(from dtype in Numeric
            from shape in shapes
            from k in new[] { 0, 1, 3, shape[^1] }.Where(k => k <= shape[^1]).Distinct()
            from largest in new[] { true, false }
            select ($"{dtype} [{string.Join(",", shape)}] k {k} largest {largest}", (Action)(() =>
            {
                var (c, g) = Data(dtype, 21 + k, dtype.IsFloating(), shape);
                using (c) using (g)
                {
                    var (cv, ci) = B.TopK(c, k, largest);
                    var (gv, gi) = B.TopK(g, k, largest);
                    Assert.AreEqual(DType.Int64, gi.DType);
                    AssertBits(cv, gv, "values");
                    AssertBits(ci, gi, "indices");
                }
            })));
    }

    [TestMethod]
    public void TopKOfRowsOfOneValueAndOfNaNsKeepsIndexOrder()
    {
        // Every entry tied (all 2, all NaN, ±0 mixed): the indices come out ascending, as the CPU's sort leaves them.
        float[][] rows = [[2, 2, 2, 2, 2], [float.NaN, 1, float.NaN, float.NaN, -1], [0f, -0f, 0f, -0f, 0f]];
        foreach (var largest in new[] { true, false })
            for (int r = 0; r < rows.Length; r++)
            {
                var (c, g) = Pair(rows[r], 1, 5);
                var (cv, ci) = B.TopK(c, 4, largest);
                var (gv, gi) = B.TopK(g, 4, largest);
                AssertBits(cv, gv, $"row {r} largest {largest} values");
                AssertBits(ci, gi, $"row {r} largest {largest} indices");
            }
    }

    [TestMethod]
    public void CumSumAndTopKGradientsMatchTheCpu()
    {
        All(from dtype in new[] { DType.Float32, DType.Float64 }
            from axis in new[] { 0, 1, 2 }
            from reverse in new[] { false, true }
            select ($"cumsum {dtype} axis {axis} reverse {reverse}", (Action)(() =>
                Compare(dtype, x => Ops.CumSum(x, axis, reverse)))));
        All(from dtype in new[] { DType.Float32, DType.Float64 }
            from k in new[] { 1, 3, 5 }
            from largest in new[] { true, false }
            select ($"top-k {dtype} k {k} largest {largest}", (Action)(() =>
                Compare(dtype, x => Ops.TopK(x, k, largest).Values))));
    }

    // d/dx of sum(f(x) · w) for x [3, 4, 5] on both devices; f's result is weighted so each output's gradient differs.
    private static void Compare(DType dtype, Func<Tensor, Tensor> f)
    {
        var (cpu, cpuOut) = Gradient(dtype, Device.Cpu, f);
        var (emu, emuOut) = Gradient(dtype, Emu, f);
        AssertBits(cpuOut, emuOut, "forward");
        AssertBits(cpu, emu, "dx");
    }

    private static (Tensor Grad, Tensor Out) Gradient(DType dtype, Device device, Func<Tensor, Tensor> f)
    {
        using var xh = Tensor.FromArray(Floats(60, 5, 8), 3, 4, 5);
        var x = new Variable(Ops.Cast(xh, dtype).To(device));
        using var tape = new GradientTape();
        var y = f(x);
        using var wh = Tensor.FromArray(Floats(y.Size, 6, 4), y.Shape.ToArray());
        var loss = Ops.Sum(Ops.Multiply(y, Ops.Cast(wh, dtype).To(device)));
        return (tape.Gradient(loss, [x])[0]!, y);
    }
}
