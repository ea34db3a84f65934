namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// Masked recurrences on the torch backend: right-padded prefix masks run on libtorch's packed sequences and give what
/// the composed recurrence gives (values and every gradient, float64, forwards and goBackwards, LSTM, GRU and SimpleRNN,
/// unsorted lengths); other masks (a gap, a leading masked step, an empty row) are not taken by the fused path.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class RecurrencePackedTests
{
    [TestInitialize]
    public void UseTorch() => Backend.Set("torch");

    [TestCleanup]
    public void Restore() => Backend.Set("native");

    private static Tensor PrefixMask(int time, params int[] lengths) =>
        Tensor.FromArray([.. lengths.SelectMany(l => Enumerable.Range(0, time).Select(t => t < l))], lengths.Length, time);

    private static RecurrenceOptions O(RecurrentCellKind kind, bool back) => new(kind, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid, back);

    private static (Tensor X, Tensor K, Tensor Bias, Tensor R, Tensor? Rb, Tensor[] States) Inputs(RecurrentCellKind kind, int batch, int time)
    {
        int f = 3, u = 4, gates = kind switch { RecurrentCellKind.Lstm => 4, RecurrentCellKind.Gru => 3, _ => 1 };
        Tensor N(int seed, params int[] shape) => Ops.RandomNormal(shape, dtype: DType.Float64, seed: seed);
        Tensor[] states = kind == RecurrentCellKind.Lstm ? [N(5, batch, u), N(6, batch, u)] : [N(5, batch, u)];
        return (N(1, batch, time, f), N(2, f, gates * u), N(3, gates * u), Ops.MultiplyScalar(N(4, u, gates * u), 0.5),
                kind == RecurrentCellKind.Gru ? N(7, gates * u) : null, states);
    }

    [TestMethod]
    public void PrefixMasks_TakeThePackedPath_AndMatchTheComposedRecurrence()
    {
        var mask = PrefixMask(5, 5, 2, 4, 1);
        foreach (var kind in new[] { RecurrentCellKind.Lstm, RecurrentCellKind.Gru, RecurrentCellKind.SimpleRnn })
            foreach (var back in new[] { false, true })
            {
                var (x, k, bias, r, rb, states) = Inputs(kind, 4, 5);
                var args = new RecurrenceArgs(x, k, bias, r, rb, states[0], states.Length > 1 ? states[1] : null, mask, O(kind, back));
                Assert.IsTrue(((IFusedRecurrentKernels)x.Backend).CanFuseRecurrence(args), $"{kind}: a prefix mask should take the packed path");
                Tensor[] sources = [x, k, bias, r, .. rb is null ? Array.Empty<Tensor>() : [rb], .. states];
                (double[] Value, double[][] Grads) Run(bool composed)
                {
                    using var tape = new GradientTape();
                    tape.Watch(sources);
                    var (outputs, finals) = composed ? Ops.RecurrenceComposed(x, k, bias, r, rb, states, mask, O(kind, back))
                                                     : Ops.Recurrence(x, k, bias, r, rb, states, mask, O(kind, back));
                    var y = Ops.Concatenate([Ops.Reshape(outputs, 4, -1), .. finals], 1);
                    var w = Ops.RandomNormal(y.Shape.ToArray(), dtype: DType.Float64, seed: 9);
                    var grads = tape.Gradient(Ops.Sum(Ops.Multiply(y, w)), sources);
                    return (y.ToArray<double>(), [.. grads.Select(g => g!.ToArray<double>())]);
                }
                var packed = Run(false);
                var composed = Run(true);
                string what = $"{kind}{(back ? " backwards" : "")}";
                for (int j = 0; j < packed.Value.Length; j++) Assert.AreEqual(composed.Value[j], packed.Value[j], 1e-10, $"{what}: value {j}");
                for (int i = 0; i < sources.Length; i++)
                    for (int j = 0; j < packed.Grads[i].Length; j++)
                        Assert.AreEqual(composed.Grads[i][j], packed.Grads[i][j], 1e-10, $"{what}: gradient of input {i}, element {j}");
            }
    }

    [TestMethod]
    public void OtherMasks_AreComposed()
    {
        var (x, k, bias, r, _, states) = Inputs(RecurrentCellKind.Lstm, 2, 4);
        var fused = (IFusedRecurrentKernels)x.Backend;
        foreach (var (name, values) in new[]
        {
            ("a gap", new[] { true, false, true, false, true, true, true, true }),
            ("a leading masked step", new[] { false, true, true, true, true, true, false, false }),
            ("an empty row", new[] { true, true, false, false, false, false, false, false }),
        })
        {
            var mask = Tensor.FromArray(values, 2, 4);
            var args = new RecurrenceArgs(x, k, bias, r, null, states[0], states[1], mask, O(RecurrentCellKind.Lstm, false));
            Assert.IsFalse(fused.CanFuseRecurrence(args), $"{name}: not a prefix mask, so composed");
        }
    }
}
