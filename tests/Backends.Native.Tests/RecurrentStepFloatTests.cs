namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// The float32 fused gate pass of the native recurrence (<see cref="RecurrentStepFloat"/>) against the same recurrence in
/// float64 (the primitives' path), for every cell and activation, with 37 units (two full vectors and a tail), a mask,
/// both directions, and with and without a tape (the rolling buffers).
/// </summary>
[TestClass]
public class RecurrentStepFloatTests
{
    private const int B = 3, T = 6, F = 5, U = 37;

    public static IEnumerable<object[]> Cases =>
    [
        [RecurrentCellKind.Lstm, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid, false, true],
        [RecurrentCellKind.Lstm, RecurrentActivation.Relu, RecurrentActivation.Sigmoid, true, false],
        [RecurrentCellKind.Lstm, RecurrentActivation.Tanh, RecurrentActivation.Linear, false, false],
        [RecurrentCellKind.Gru, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid, false, true],
        [RecurrentCellKind.Gru, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid, true, false],
        [RecurrentCellKind.SimpleRnn, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid, false, true],
        [RecurrentCellKind.SimpleRnn, RecurrentActivation.Relu, RecurrentActivation.Sigmoid, true, false],
    ];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void MatchesFloat64(RecurrentCellKind kind, RecurrentActivation act, RecurrentActivation rec, bool backwards, bool masked)
    {
        if (!FloatActivations.Accelerated) Assert.Inconclusive("no AVX-512 here: float32 takes the primitives' path, which the other recurrence tests cover");
        int g = kind switch { RecurrentCellKind.Lstm => 4, RecurrentCellKind.Gru => 3, _ => 1 };
        var d = new RecurrentKernel.Dims(B, T, F, U, g, new RecurrenceOptions(kind, act, rec, backwards));
        var x = TestUtil.RandomFloats(B * T * F, 1);
        var k = Scaled(TestUtil.RandomFloats(F * g * U, 2), 0.6f);
        var bias = TestUtil.RandomFloats(g * U, 3);
        var r = Scaled(TestUtil.RandomFloats(U * g * U, 4), 0.3f);
        var rb = kind == RecurrentCellKind.Gru ? TestUtil.RandomFloats(g * U, 5) : null;
        var h0 = TestUtil.RandomFloats(B * U, 6);
        var c0 = kind == RecurrentCellKind.Lstm ? TestUtil.RandomFloats(B * U, 7) : null;
        bool[]? mask = masked ? [.. Enumerable.Range(0, B * T).Select(i => i % 4 != 1)] : null;

        var (packed, saved) = RecurrentKernel.Forward(d, x, k, bias, r, rb, h0, c0, mask);
        var (rolling, _) = RecurrentKernel.Forward(d with { Rolling = true }, x, k, bias, r, rb, h0, c0, mask);
        var (want, wantSaved) = RecurrentKernel.Forward(d, D(x), D(k), D(bias), D(r), rb is null ? null : D(rb), D(h0), c0 is null ? null : D(c0), mask);

        CollectionAssert.AreEqual(packed[..(B * d.Rows * U)], rolling[..(B * d.Rows * U)], "the rolling buffers change nothing");
        AssertClose(want, packed, B * d.Rows * U, "outputs and final states");
        AssertClose(wantSaved, saved, d.SavedLength, "saved gates and states (what the backward reads)");
    }

    private static float[] Scaled(float[] a, float s) => [.. a.Select(v => v * s)];

    private static double[] D(float[] a) => [.. a.Select(v => (double)v)];

    private static void AssertClose(double[] want, float[] got, int n, string what)
    {
        for (int i = 0; i < n; i++)
            Assert.AreEqual(want[i], got[i], 2e-5 * (1 + Math.Abs(want[i])), $"{what}: element {i}");
    }
}
