using KerasSharp.Backends;
using KerasSharp.Layers;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// Training steps on the torch backend leave no libtorch tensor behind: every libtorch handle an op makes is
/// either its result (freed with the step's <see cref="TensorScope"/>) or a temporary freed at once, not left
/// to the finalizer.
/// </summary>
[TestClass]
[DoNotParallelize] // libtorch's live-tensor count is process-wide
public sealed class TorchMemoryTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    public void TrainingStepsKeepTheLibtorchTensorCountFlat()
    {
        Backend.Set("torch");
        Config.SetSeed(3);
        var hidden = new Dense(16, activation: "relu");
        var dropout = new Dropout(0.25);
        var output = new Dense(5, activation: "softmax");
        var x = Ops.RandomNormal([32, 12], seed: 4);
        var labels = Tensor.FromArray(Enumerable.Range(0, 32).Select(i => (long)(i % 5)).ToArray());
        var moments = new Dictionary<Variable, (Tensor M, Tensor V)>();

        void Step(int t)
        {
            using var scope = new TensorScope();
            using var tape = new GradientTape();
            var probabilities = output.Apply(dropout.Apply(hidden.Apply(x), training: true));
            var loss = Ops.Mean(Ops.SparseSoftmaxCrossEntropy(ActivationLogitsOf(probabilities), labels));
            var weights = hidden.TrainableWeights.Concat(output.TrainableWeights).ToArray();
            var grads = tape.Gradient(loss, weights);
            for (int i = 0; i < weights.Length; i++)
            {
                var w = weights[i];
                var (m, v) = moments.TryGetValue(w, out var mv) ? mv : (Ops.ZerosLike(w), Ops.ZerosLike(w));
                var (wNew, mNew, vNew) = Ops.AdamStep(Ops.StopGradient(w), grads[i]!, m, v, new AdamCoefficients(0.01 / t, 0.9, 0.999, 1e-7));
                w.Assign(wNew);
                moments[w] = (scope.Keep(mNew), scope.Keep(vNew));
                m.Dispose();
                v.Dispose();
            }
        }

        Step(1);
        long afterFirst = LiveTensors.Count();
        for (int t = 2; t <= 6; t++) Step(t);
        Assert.AreEqual(afterFirst, LiveTensors.Count(), "live libtorch tensors after one step and after six");
    }

    private static Tensor ActivationLogitsOf(Tensor probabilities) =>
        ActivationLogits.TryGet(probabilities, "softmax", out var logits) ? logits : throw new AssertFailedException("no logits behind the softmax");
}
