using KerasSharp.Backends.Native.Gpu.Kernels;
using static KerasSharp.Backends.Native.Tests.TestUtil;
using static KerasSharp.Backends.Native.Tests.Gpu.GpuTestDevice;

namespace KerasSharp.Backends.Native.Tests.Gpu;

/// <summary>
/// The cumulative-sum and top-k kernels (<see cref="GpuCumSum"/>, <see cref="GpuTopK"/>) on the device under test
/// against the CPU backend: the same bits (the kernels only add in the CPU's order and copy), NaNs compared as NaN.
/// The GPU check runs these on a real GPU.
/// </summary>
[TestClass]
public class GpuScanTopKTests
{
    // Parameterless: the GPU check invokes the tests by reflection, without data rows.
    [TestMethod]
    public void CumSumMatchesTheCpuOnEveryAxisBothWays()
    {
        int[] shape = [3, 40, 5];
        var floats = Spread(600, 1);
        var longs = floats.Select(v => (long)(v * 1e6)).ToArray();
        for (int axis = 0; axis < 3; axis++)
            foreach (bool reverse in new[] { false, true })
            {
                var (outer, n, inner) = NativeBackend.AxisView(new Shape(shape), axis);
                string what = $"axis {axis} reverse {reverse}";
                Same(Read<float>(B.CumSum(T(floats, shape), axis, reverse)), Scan(floats, outer, n, inner, reverse), "float32 " + what);
                var doubles = floats.Select(v => v * 1.000001).ToArray();
                Same(Read<double>(B.CumSum(T(doubles, shape), axis, reverse)), Scan(doubles, outer, n, inner, reverse), "float64 " + what);
                Same(Read<long>(B.CumSum(T(longs, shape), axis, reverse)), Scan(longs, outer, n, inner, reverse), "int64 " + what);
            }
    }

    [TestMethod]
    public void TopKMatchesTheCpuWithTiesAndNaN()
    {
        const int rows = 6, n = 33;
        // Rows of few distinct values (ties), with NaN, ±0 and ±inf among them.
        var x = Spread(rows * n, 2).Select((v, i) => (i % 9) switch
        {
            0 => float.NaN, 1 => 0f, 2 => -0f, 3 => float.PositiveInfinity, 4 => float.NegativeInfinity, _ => MathF.Round(v),
        }).ToArray();
        var ints = x.Select((v, i) => i % 5 - 2).ToArray();
        foreach (int k in new[] { 1, 7, n })
            foreach (bool largest in new[] { true, false })
            {
                string what = $"k {k} largest {largest}";
                var (cv, ci) = B.TopK(T(x, rows, n), k, largest);
                var (gv, gi) = Select(x, rows, n, k, largest);
                Same(Read<float>(cv), gv, "float32 values " + what);
                Same(Read<long>(ci), gi, "float32 indices " + what);
                var (civ, cii) = B.TopK(T(ints, rows, n), k, largest);
                var (giv, gii) = Select(ints, rows, n, k, largest);
                Same(Read<int>(civ), giv, "int32 values " + what);
                Same(Read<long>(cii), gii, "int32 indices " + what);
            }
    }

    // Values of many magnitudes, so a different order of additions would round differently.
    private static float[] Spread(int count, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4))))];
    }

    private static TE[] Scan<TE>(TE[] x, int outer, int n, int inner, bool reverse) where TE : unmanaged, System.Numerics.INumber<TE>
    {
        using var dx = Upload(x);
        using var dy = Zeros<TE>(x.Length);
        GpuCumSum.Run<TE>(Accelerator.DefaultStream, dx.View, dy.View, outer, n, inner, reverse);
        return Download(dy, x.Length);
    }

    private static (TE[] Values, long[] Indices) Select<TE>(TE[] x, int rows, int n, int k, bool largest) where TE : unmanaged, System.Numerics.INumber<TE>
    {
        using var dx = Upload(x);
        using var dv = Zeros<TE>(rows * k);
        using var di = Zeros<long>(rows * k);
        GpuTopK.Run<TE>(Accelerator.DefaultStream, dx.View, dv.View, di.View, rows, n, k, largest);
        return (Download(dv, rows * k), Download(di, rows * k));
    }

    // Equal elements, NaN equal to NaN (a GPU's add makes its own NaN where the CPU keeps an operand's).
    private static void Same<TE>(TE[] expected, TE[] actual, string what) where TE : unmanaged, System.Numerics.INumber<TE>
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
        {
            bool same = TE.IsNaN(expected[i]) ? TE.IsNaN(actual[i]) : expected[i].Equals(actual[i]) && TE.IsNegative(expected[i]) == TE.IsNegative(actual[i]);
            Assert.IsTrue(same, $"{what}: element {i} expected {expected[i]} got {actual[i]}");
        }
    }
}
