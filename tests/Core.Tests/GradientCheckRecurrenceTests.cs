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

    private static Tensor Lstm(Tensor[] x, Tensor? mask = null, bool back = false, bool composed = false) =>
        All(composed ? Ops.RecurrenceComposed(x[0], x[1], null, [x[2], x[3]], mask, O(RecurrentCellKind.Lstm, back))
                     : Ops.Recurrence(x[0], x[1], null, [x[2], x[3]], mask, O(RecurrentCellKind.Lstm, back)));

    private static Tensor Gru(Tensor[] x, Tensor? mask = null, bool back = false, bool composed = false) =>
        All(composed ? Ops.RecurrenceComposed(x[0], x[1], x[2], [x[3]], mask, O(RecurrentCellKind.Gru, back))
                     : Ops.Recurrence(x[0], x[1], x[2], [x[3]], mask, O(RecurrentCellKind.Gru, back)));

    private static Tensor Simple(Tensor[] x, RecurrentActivation act, Tensor? mask = null, bool back = false) =>
        All(Ops.Recurrence(x[0], x[1], null, [x[2]], mask, O(RecurrentCellKind.SimpleRnn, back, act)));

    private static readonly GradCases Cases = new()
    {
        { "lstm fused", x => Lstm(x), Any([2, 4, 12], 1), Any([3, 12], 2), Any([2, 3], 3), Any([2, 3], 4) },
        { "lstm composed", x => Lstm(x, composed: true), Any([2, 4, 12], 1), Any([3, 12], 2), Any([2, 3], 3), Any([2, 3], 4) },
        { "lstm fused masked", x => Lstm(x, Mask), Any([2, 4, 12], 5), Any([3, 12], 6), Any([2, 3], 7), Any([2, 3], 8) },
        { "lstm fused masked backwards", x => Lstm(x, Mask, back: true), Any([2, 4, 12], 9), Any([3, 12], 10), Any([2, 3], 11), Any([2, 3], 12) },
        { "lstm composed masked backwards", x => Lstm(x, Mask, back: true, composed: true), Any([2, 4, 12], 9), Any([3, 12], 10), Any([2, 3], 11), Any([2, 3], 12) },
        { "gru fused", x => Gru(x), Any([2, 4, 9], 13), Any([3, 9], 14), Any([9], 15), Any([2, 3], 16) },
        { "gru fused masked backwards", x => Gru(x, Mask, back: true), Any([2, 4, 9], 17), Any([3, 9], 18), Any([9], 19), Any([2, 3], 20) },
        { "gru composed masked", x => Gru(x, Mask, composed: true), Any([2, 4, 9], 17), Any([3, 9], 18), Any([9], 19), Any([2, 3], 20) },
        { "gru fused no bias", x => All(Ops.Recurrence(x[0], x[1], null, [x[2]], Mask, O(RecurrentCellKind.Gru))), Any([2, 4, 6], 21), Any([2, 6], 22), Any([2, 2], 23) },
        { "simple tanh masked", x => Simple(x, RecurrentActivation.Tanh, Mask), Any([2, 4, 3], 24), Any([3, 3], 25), Any([2, 3], 26) },
        { "simple relu backwards", x => Simple(x, RecurrentActivation.Relu, back: true), Distinct([2, 4, 3], 27), Any([3, 3], 28), Positive([2, 3], 29) },
        { "simple linear", x => Simple(x, RecurrentActivation.Linear), Any([2, 4, 3], 30), Any([3, 3], 31), Any([2, 3], 32) },
        { "lstm relu and sigmoid gates", x => All(Ops.Recurrence(x[0], x[1], null, [x[2], x[3]], null,
                                                                 O(RecurrentCellKind.Lstm, act: RecurrentActivation.Sigmoid, rec: RecurrentActivation.Tanh))),
            Any([2, 3, 8], 33), Any([2, 8], 34), Any([2, 2], 35), Any([2, 2], 36) },
        // Second derivatives: under an outer tape the fused node's backward is the composed recurrence's.
        { "d/dx lstm fused", GradOf(x => Lstm(x, Mask), 0), Any([2, 4, 8], 37), Any([2, 8], 38), Any([2, 2], 39), Any([2, 2], 40) },
        { "d/dR gru fused", GradOf(x => Gru(x, back: true), 1), Any([2, 3, 6], 41), Any([2, 6], 42), Any([6], 43), Any([2, 2], 44) },
    };

    public static IEnumerable<object[]> CaseNames => Cases.Names;

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void Gradient(string name) => Cases.Run(name);

    [TestMethod]
    public void FusedValuesAndGradients_MatchTheComposedOnes()
    {
        foreach (var kind in new[] { RecurrentCellKind.Lstm, RecurrentCellKind.Gru, RecurrentCellKind.SimpleRnn })
            foreach (var back in new[] { false, true })
            {
                int gates = kind switch { RecurrentCellKind.Lstm => 4, RecurrentCellKind.Gru => 3, _ => 1 };
                int b = 5, t = 7, u = 6;
                var x = Ops.RandomNormal([b, t, gates * u], dtype: DType.Float64, seed: 61);
                var r = Ops.MultiplyScalar(Ops.RandomNormal([u, gates * u], dtype: DType.Float64, seed: 62), 0.4);
                var rb = kind == RecurrentCellKind.Gru ? Ops.RandomNormal([gates * u], dtype: DType.Float64, seed: 63) : null;
                Tensor[] states = kind == RecurrentCellKind.Lstm
                    ? [Ops.RandomNormal([b, u], dtype: DType.Float64, seed: 64), Ops.RandomNormal([b, u], dtype: DType.Float64, seed: 65)]
                    : [Ops.RandomNormal([b, u], dtype: DType.Float64, seed: 64)];
                var mask = Ops.Greater(Ops.RandomUniform([b, t], dtype: DType.Float64, seed: 66), Ops.Full([b, t], 0.3, DType.Float64));
                var o = O(kind, back);
                Tensor[] sources = [x, r, .. rb is null ? Array.Empty<Tensor>() : [rb], .. states];
                (double[] Value, double[][] Grads) Run(bool composed)
                {
                    using var tape = new GradientTape();
                    tape.Watch(sources);
                    var y = All(composed ? Ops.RecurrenceComposed(x, r, rb, states, mask, o) : Ops.Recurrence(x, r, rb, states, mask, o));
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
}
