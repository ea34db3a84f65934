namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// On torch, only what a tape tracks joins libtorch's graph of a fused recurrence: with a plain (unwatched) input and
/// initial states, the weights' gradients equal those of a call where everything is watched, masked or not.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class RecurrenceTrackedTests
{
    [TestInitialize]
    public void UseTorch() => Backend.Set("torch");

    [TestCleanup]
    public void Restore() => Backend.Set("native");

    [TestMethod]
    public void WeightsOnlyGradients_EqualThoseOfAFullyWatchedCall()
    {
        var prefix = Tensor.FromArray(new[] { true, true, true, true, true, true, false, false }, 2, 4);
        foreach (var kind in new[] { RecurrentCellKind.Lstm, RecurrentCellKind.Gru, RecurrentCellKind.SimpleRnn })
            foreach (var mask in new[] { null, prefix })
            {
                int gates = kind switch { RecurrentCellKind.Lstm => 4, RecurrentCellKind.Gru => 3, _ => 1 }, u = 3;
                Tensor N(int seed, params int[] shape) => Ops.RandomNormal(shape, dtype: DType.Float64, seed: seed);
                var x = N(1, 2, 4, 5);
                var k = N(2, 5, gates * u);
                var bias = N(3, gates * u);
                var r = Ops.MultiplyScalar(N(4, u, gates * u), 0.5);
                Tensor[] states = kind == RecurrentCellKind.Lstm ? [N(5, 2, u), N(6, 2, u)] : [N(5, 2, u)];
                var o = new RecurrenceOptions(kind, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid, false);
                double[][] Grads(Tensor[] watched)
                {
                    using var tape = new GradientTape();
                    tape.Watch(watched);
                    var (y, finals) = Ops.Recurrence(x, k, bias, r, null, states, mask, o);
                    var loss = Ops.Add(Ops.Sum(Ops.Multiply(y, y)), Ops.Sum(finals[^1]));
                    return [.. tape.Gradient(loss, [k, bias, r]).Select(g => g!.ToArray<double>())];
                }
                var some = Grads([k, bias, r]);
                var all = Grads([x, k, bias, r, .. states]);
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < all[i].Length; j++)
                        Assert.AreEqual(all[i][j], some[i][j], 1e-12, $"{kind}{(mask is null ? "" : " masked")}: weight {i} element {j}");
            }
    }
}
