using KerasSharp.Backends;
using static KerasSharp.Tests.GradientCheck;
using static KerasSharp.Tests.SecondOrder;

namespace KerasSharp.Tests;

/// <summary>
/// Float64 finite-difference checks of <see cref="Ops.Recurrence"/>: the fused native kernel's hand-written backward
/// through time and the composed reference, for LSTM, GRU and SimpleRnn, masks (leading, middle and trailing masked steps,
/// with non-zero initial states), goBackwards, every activation, and second derivatives (the fused node's backward
/// composed under an outer tape). The fused gradients also equal the composed ones.
/// </summary>
[TestClass]
public sealed class GradientCheckRecurrenceTests
{
    private static RecurrenceOptions O(RecurrentCellKind kind, bool back = false, RecurrentActivation act = RecurrentActivation.Tanh,
                                       RecurrentActivation rec = RecurrentActivation.Sigmoid) => new(kind, act, rec, back);

    // [batch 2, time 4]: sample 0 masks its first and third steps, sample 1 its last two.
    private static Tensor Mask => Tensor.FromArray(new[] { false, true, false, true, true, true, false, false }, 2, 4);

    // Everything the op returns in one tensor: outputs [B, T·U], then each final state.
    private static Tensor All((Tensor Outputs, Tensor[] States) r) =>
        Ops.Concatenate([Ops.Reshape(r.Outputs, r.Outputs.Shape[0], -1), .. r.States], 1);

    // x: inputs [B,T,F], kernel [F,GU], bias [GU], recurrent kernel [U,GU], (GRU: recurrent bias [GU]), h0 (, c0).
    private static Tensor Lstm(Tensor[] x, Tensor? mask = null, bool back = false, bool composed = false) =>
        All(composed ? Ops.RecurrenceComposed(x[0], x[1], x[2], x[3], null, [x[4], x[5]], mask, O(RecurrentCellKind.Lstm, back))
                     : Ops.Recurrence(x[0], x[1], x[2], x[3], null, [x[4], x[5]], mask, O(RecurrentCellKind.Lstm, back)));

    private static Tensor Gru(Tensor[] x, Tensor? mask = null, bool back = false, bool composed = false) =>
        All(composed ? Ops.RecurrenceComposed(x[0], x[1], x[2], x[3], x[4], [x[5]], mask, O(RecurrentCellKind.Gru, back))
                     : Ops.Recurrence(x[0], x[1], x[2], x[3], x[4], [x[5]], mask, O(RecurrentCellKind.Gru, back)));

    private static Tensor Simple(Tensor[] x, RecurrentActivation act, Tensor? mask = null, bool back = false) =>
        All(Ops.Recurrence(x[0], x[1], null, x[2], null, [x[3]], mask, O(RecurrentCellKind.SimpleRnn, back, act)));

    private static GradInput[] L(int seed, int f = 2, int u = 3) =>
        [Any([2, 4, f], seed), Any([f, 4 * u], seed + 1), Any([4 * u], seed + 2), Any([u, 4 * u], seed + 3), Any([2, u], seed + 4), Any([2, u], seed + 5)];

    private static GradInput[] G(int seed, int f = 2, int u = 3, int time = 4) =>
        [Any([2, time, f], seed), Any([f, 3 * u], seed + 1), Any([3 * u], seed + 2), Any([u, 3 * u], seed + 3), Any([3 * u], seed + 4), Any([2, u], seed + 5)];

    private static readonly GradCases Cases = new()
    {
        { "lstm fused", x => Lstm(x), L(1) },
        { "lstm composed", x => Lstm(x, composed: true), L(1) },
        { "lstm fused masked", x => Lstm(x, Mask), L(10) },
        { "lstm fused masked backwards", x => Lstm(x, Mask, back: true), L(20) },
        { "lstm composed masked backwards", x => Lstm(x, Mask, back: true, composed: true), L(20) },
        { "gru fused", x => Gru(x), G(30) },
        { "gru fused masked backwards", x => Gru(x, Mask, back: true), G(40) },
        { "gru composed masked", x => Gru(x, Mask, composed: true), G(40) },
        { "gru fused no biases", x => All(Ops.Recurrence(x[0], x[1], null, x[2], null, [x[3]], Mask, O(RecurrentCellKind.Gru))),
            Any([2, 4, 3], 50), Any([3, 6], 51), Any([2, 6], 52), Any([2, 2], 53) },
        { "simple tanh masked", x => Simple(x, RecurrentActivation.Tanh, Mask), Any([2, 4, 2], 60), Any([2, 3], 61), Any([3, 3], 62), Any([2, 3], 63) },
        { "simple relu backwards", x => Simple(x, RecurrentActivation.Relu, back: true), Distinct([2, 4, 2], 70), Positive([2, 3], 71), Any([3, 3], 72), Positive([2, 3], 73) },
        { "simple linear", x => Simple(x, RecurrentActivation.Linear), Any([2, 4, 2], 80), Any([2, 3], 81), Any([3, 3], 82), Any([2, 3], 83) },
        { "lstm sigmoid cell and tanh gates", x => All(Ops.Recurrence(x[0], x[1], x[2], x[3], null, [x[4], x[5]], null,
                                                                      O(RecurrentCellKind.Lstm, act: RecurrentActivation.Sigmoid, rec: RecurrentActivation.Tanh))),
            L(90, u: 2) },
        // Second derivatives: under an outer tape the fused node's backward is the composed recurrence's.
        { "d/dx lstm fused", GradOf(x => Lstm(x, Mask), 0), L(100, u: 2) },
        { "d/dR gru fused", GradOf(x => Gru(x, back: true), 3), G(110, u: 2, time: 3) },
    };

    public static IEnumerable<object[]> CaseNames => Cases.Names;

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void Gradient(string name) => Cases.Run(name);

    [TestMethod]
    // 160 units: the native kernel cuts the recurrent kernel into column blocks and row slices (float64, 512 KB each).
    [DataRow(5, 7, 6, 4)]
    [DataRow(2, 3, 160, 5)]
    public void FusedValuesAndGradients_MatchTheComposedOnes(int b, int t, int u, int f)
    {
        foreach (var kind in new[] { RecurrentCellKind.Lstm, RecurrentCellKind.Gru, RecurrentCellKind.SimpleRnn })
            foreach (var back in new[] { false, true })
            {
                int gates = kind switch { RecurrentCellKind.Lstm => 4, RecurrentCellKind.Gru => 3, _ => 1 };
                var x = Ops.RandomNormal([b, t, f], dtype: DType.Float64, seed: 60);
                var k = Ops.MultiplyScalar(Ops.RandomNormal([f, gates * u], dtype: DType.Float64, seed: 61), 0.5);
                var bias = Ops.RandomNormal([gates * u], dtype: DType.Float64, seed: 68);
                var r = Ops.MultiplyScalar(Ops.RandomNormal([u, gates * u], dtype: DType.Float64, seed: 62), 1.2 / Math.Sqrt(u));
                var rb = kind == RecurrentCellKind.Gru ? Ops.RandomNormal([gates * u], dtype: DType.Float64, seed: 63) : null;
                Tensor[] states = kind == RecurrentCellKind.Lstm
                    ? [Ops.RandomNormal([b, u], dtype: DType.Float64, seed: 64), Ops.RandomNormal([b, u], dtype: DType.Float64, seed: 65)]
                    : [Ops.RandomNormal([b, u], dtype: DType.Float64, seed: 64)];
                var mask = Ops.Greater(Ops.RandomUniform([b, t], dtype: DType.Float64, seed: 66), Ops.Full([b, t], 0.3, DType.Float64));
                var o = O(kind, back);
                Tensor[] sources = [x, k, bias, r, .. rb is null ? Array.Empty<Tensor>() : [rb], .. states];
                (double[] Value, double[][] Grads) Run(bool composed)
                {
                    using var tape = new GradientTape();
                    tape.Watch(sources);
                    var y = All(composed ? Ops.RecurrenceComposed(x, k, bias, r, rb, states, mask, o) : Ops.Recurrence(x, k, bias, r, rb, states, mask, o));
                    var w = Ops.RandomNormal(y.Shape.ToArray(), dtype: DType.Float64, seed: 67);
                    var grads = tape.Gradient(Ops.Sum(Ops.Multiply(y, w)), sources);
                    return (y.ToArray<double>(), [.. grads.Select(g => g!.ToArray<double>())]);
                }
                var fused = Run(false);
                var composed = Run(true);
                string what = $"{kind}{(back ? " backwards" : "")}";
                for (int j = 0; j < fused.Value.Length; j++) Assert.AreEqual(composed.Value[j], fused.Value[j], 1e-12, $"{what}: value {j}");
                for (int i = 0; i < sources.Length; i++)
                    for (int j = 0; j < fused.Grads[i].Length; j++)
                        Assert.AreEqual(composed.Grads[i][j], fused.Grads[i][j], 1e-11 * Math.Max(1, Math.Abs(composed.Grads[i][j])), $"{what}: input {i} element {j}");
            }
    }

    [TestMethod]
    // A training step wants the weights' gradients only: the fused backward then skips the inputs' product, and what it
    // returns for the weights is what the full backward returns.
    public void FusedGradientsOfTheWeightsOnly_MatchTheFullBackward()
    {
        foreach (var kind in new[] { RecurrentCellKind.Lstm, RecurrentCellKind.Gru })
        {
            int gates = kind == RecurrentCellKind.Lstm ? 4 : 3, b = 3, t = 5, f = 4, u = 6;
            var x = Ops.RandomNormal([b, t, f], dtype: DType.Float64, seed: 70);
            var k = Ops.RandomNormal([f, gates * u], dtype: DType.Float64, seed: 71);
            var bias = Ops.RandomNormal([gates * u], dtype: DType.Float64, seed: 72);
            var r = Ops.MultiplyScalar(Ops.RandomNormal([u, gates * u], dtype: DType.Float64, seed: 73), 0.4);
            Tensor[] states = kind == RecurrentCellKind.Lstm
                ? [Ops.Zeros([b, u], DType.Float64), Ops.Zeros([b, u], DType.Float64)]
                : [Ops.Zeros([b, u], DType.Float64)];
            double[][] Grads(Tensor[] watched)
            {
                using var tape = new GradientTape();
                tape.Watch(watched);
                var y = All(Ops.Recurrence(x, k, bias, r, null, states, null, O(kind)));
                var grads = tape.Gradient(Ops.Sum(Ops.Multiply(y, y)), [k, bias, r]);
                return [.. grads.Select(g => g!.ToArray<double>())];
            }
            var some = Grads([k, bias, r]);
            var all = Grads([x, k, bias, r, .. states]);
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < all[i].Length; j++) Assert.AreEqual(all[i][j], some[i][j], 1e-12, $"{kind}: weight {i} element {j}");
        }
    }
}
