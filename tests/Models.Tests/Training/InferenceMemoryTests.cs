using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>
/// Issue 11, item 9: in inference a functional model frees each layer's temporaries when the layer returns and each
/// value after its last reader, so a first Predict reuses pooled buffers instead of asking the OS for fresh pages;
/// with a tape open everything stays alive for the gradient.
/// </summary>
[TestClass]
public sealed class InferenceMemoryTests
{
    private const int Blocks = 24, Width = 16;

    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(131);
    }

    [TestMethod]
    public void PredictKeepsOnlyTheValuesStillToBeRead()
    {
        var (model, probe) = Deep();
        using var x = Ops.RandomNormal([8, Width], seed: 132);
        long before = Tensor.LiveCount;
        model.Predict(x, batchSize: 8).Dispose();
        // all 24 blocks' outputs, batch-norm temporaries and the residual branch values would be alive at the probe:
        // ~10 tensors per block; what is left is the probe's own input and the few values still to be read
        long alive = probe.LiveAtCall - before;
        Console.WriteLine($"{alive} tensors alive at the probe after {Blocks} blocks");
        Assert.IsLessThanOrEqualTo(6L, alive, $"{alive} tensors alive at the last block: intermediates are not freed in inference");
        Assert.AreEqual(before, Tensor.LiveCount, "Predict leaves nothing behind");
    }

    [TestMethod]
    public void ALayerThatReturnsItsOwnWeight_KeepsIt()
    {
        var input = new Input([3]);
        var table = new ReturnsItsWeight();
        var model = new Model(inputs: input, outputs: new Dense(2, name: "after").Apply(table.Apply(input)));
        using var x = Ops.Ones([1, 3]);
        model.Predict(x).Dispose();
        model.Predict(x).Dispose();
        Assert.IsFalse(table.Weights[0].IsDisposed, "the weight a layer returned is the model's, not a temporary");
        CollectionAssert.AreEqual(new float[] { 1, 1, 1 }, table.Weights[0].ToArray<float>());
    }

    /// <summary>A layer whose output is its own weight (a learned constant), whatever the input.</summary>
    private sealed class ReturnsItsWeight : Layer
    {
        private Variable? _value;

        public override void Build(int?[] inputShape)
        {
            _value = AddWeight("value", [1, 3], "ones");
            Built = true;
        }

        public override Tensor Call(Tensor inputs, bool training) => _value!;

        public override int?[] ComputeOutputShape(int?[] inputShape) => [1, 3];
    }

    [TestMethod]
    public void FreedIntermediatesGiveTheSameValuesAsATapedForward()
    {
        var (model, _) = Deep();
        using var x = Ops.RandomNormal([8, Width], seed: 133);
        var freed = model.Predict(x, batchSize: 8).ToArray<float>();
        float[] taped;
        using (var tape = new GradientTape())
        using (var y = model.Forward([x], training: false)[0])
            taped = y.ToArray<float>();
        CollectionAssert.AreEqual(taped, freed);
    }

    [TestMethod]
    public void AnOpenTapeKeepsTheIntermediatesItNeedsForGradients()
    {
        var (model, probe) = Deep();
        using var x = Ops.RandomNormal([8, Width], seed: 134);
        using var tape = new GradientTape();
        tape.Watch(x);
        long before = Tensor.LiveCount;
        using var y = model.Forward([x], training: false)[0];
        Assert.IsGreaterThan(5L * Blocks, probe.LiveAtCall - before, "under a tape the forward's values stay alive");
        var g = tape.Gradient(Ops.Sum(y), [x])[0]!;
        Assert.IsTrue(g.ToArray<float>().All(float.IsFinite));
        Assert.IsTrue(g.ToArray<float>().Any(v => v != 0));
    }

    // Dense-BN-ReLU blocks with a residual every other block, a layer applied twice, dropout and a probe that
    // returns its input (values shared between symbolic tensors must survive until the last of them is read).
    private static (Model Model, LiveProbe Probe) Deep()
    {
        var input = new Input([Width]);
        var shared = new Dense(Width);
        KerasTensor h = shared.Apply(input);
        for (int b = 0; b < Blocks; b++)
        {
            var y = new ReLU().Apply(new BatchNormalization().Apply(new Dense(Width).Apply(h)));
            h = b % 2 == 1 ? new Add().Apply(y, h) : new Dropout(0.5).Apply(y);
        }
        var probe = new LiveProbe();
        var out1 = probe.Apply(h);
        var output = new Add().Apply(shared.Apply(out1), out1);
        return (new Model(input, new Dense(2).Apply(output)), probe);
    }

    /// <summary>Returns its input and records how many tensors were alive when it ran.</summary>
    private sealed class LiveProbe : Layer
    {
        public long LiveAtCall { get; private set; }

        public override Tensor Call(Tensor inputs, bool training)
        {
            LiveAtCall = Tensor.LiveCount;
            return inputs;
        }

        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
    }
}
