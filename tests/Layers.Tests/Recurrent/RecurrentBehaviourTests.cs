namespace KerasSharp.Layers.Tests.Recurrent;

/// <summary>Options of the recurrent layers: sequences, states, direction, masks, statefulness, dropout, custom cells.</summary>
[TestClass]
public sealed class RecurrentBehaviourTests
{
    [TestInitialize]
    public void Init() => LayerNames.Reset();

    private static Tensor Seq(int batch, int time, int features, int seed) => Ops.RandomUniform([batch, time, features], -1, 1, seed: seed);

    private static RNN Make(string kind, bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false,
                            double dropout = 0, double recurrentDropout = 0, string? name = null) => kind switch
    {
        "lstm" => new LSTM(3, kernelInitializer: new GlorotUniform(seed: 1), recurrentInitializer: new Orthogonal(seed: 2), biasInitializer: new Constant(0.1),
                           returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards, stateful: stateful,
                           dropout: dropout, recurrentDropout: recurrentDropout, seed: 5, name: name),
        "gru" => new GRU(3, kernelInitializer: new GlorotUniform(seed: 1), recurrentInitializer: new Orthogonal(seed: 2), biasInitializer: new Constant(0.1),
                         returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards, stateful: stateful,
                         dropout: dropout, recurrentDropout: recurrentDropout, seed: 5, name: name),
        _ => new SimpleRNN(3, kernelInitializer: new GlorotUniform(seed: 1), recurrentInitializer: new Orthogonal(seed: 2), biasInitializer: new Constant(0.1),
                           returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards, stateful: stateful,
                           dropout: dropout, recurrentDropout: recurrentDropout, seed: 5, name: name),
    };

    private static readonly string[] Kinds = ["lstm", "gru", "simple_rnn"];

    private static void CopyWeights(Layer from, Layer to)
    {
        for (int i = 0; i < from.Weights.Count; i++) to.Weights[i].Assign(from.Weights[i]);
    }

    [TestMethod]
    public void Shapes_OfSequencesAndStates_EagerAndSymbolic()
    {
        foreach (var kind in Kinds)
        {
            var layer = Make(kind, returnSequences: true, returnState: true);
            var outs = layer.ApplyAll([Seq(2, 5, 4, 1)]);
            int states = kind == "lstm" ? 2 : 1;
            Assert.HasCount(1 + states, outs, kind);
            T.Shape([2, 5, 3], outs[0]);
            for (int i = 1; i < outs.Length; i++) T.Shape([2, 3], outs[i]);
            // The last output is the final h.
            T.Close(T.Values(Ops.Reshape(Ops.SliceAxis(outs[0], 1, 4, 1), 2, 3)), outs[1], 0);

            var symbolic = Make(kind, returnState: true).ApplyAll(new Input([null, 4]));
            T.Shape([null, 3], symbolic[0]);
            T.Shape([null, 3], symbolic[^1]);
        }
    }

    [TestMethod]
    public void GoBackwards_IsTheForwardPassOverTheReversedSequence_WithReversedOutputs()
    {
        foreach (var kind in Kinds)
        {
            var x = Seq(2, 4, 3, 2);
            var reversed = Ops.Take(x, Tensor.FromArray(new[] { 3, 2, 1, 0 }), 1);
            var back = Make(kind, returnSequences: true, goBackwards: true);
            var fwd = Make(kind, returnSequences: true);
            var yb = back.Apply(x);
            fwd.Apply(reversed);
            CopyWeights(back, fwd);
            var yf = fwd.Apply(reversed);
            T.Close(T.Values(yf), yb, 1e-6);
        }
    }

    [TestMethod]
    public void MaskedSteps_KeepStateAndOutput_AsTheShorterSequence()
    {
        foreach (var kind in Kinds)
        {
            var x = Seq(2, 5, 3, 3);
            var mask = Tensor.FromArray(new[] { true, true, true, false, false, true, true, true, true, true }, [2, 5]);
            var layer = Make(kind, returnSequences: true, returnState: true);
            var outs = layer.ApplyAll([x], training: false);
            using var _ = outs[0];
            var masked = layer.ApplyAll(x, [], mask);
            // Sample 0: steps 3 and 4 repeat step 2; its final state is that after three steps.
            var shortLayer = Make(kind, returnState: true);
            var shortOuts = shortLayer.ApplyAll([Ops.SliceAxis(Ops.SliceAxis(x, 0, 0, 1), 1, 0, 3)]);
            CopyWeights(layer, shortLayer);
            shortOuts = shortLayer.ApplyAll([Ops.SliceAxis(Ops.SliceAxis(x, 0, 0, 1), 1, 0, 3)]);
            var seq = masked[0].ToArray<float>();
            var expectedLast = shortOuts[0].ToArray<float>();
            for (int t = 2; t < 5; t++)
                for (int u = 0; u < 3; u++) Assert.AreEqual(expectedLast[u], seq[t * 3 + u], 1e-6, $"{kind} sample 0 step {t}");
            for (int s = 1; s < masked.Length; s++)
            {
                var state = masked[s].ToArray<float>();
                var expected = shortOuts[s].ToArray<float>();
                for (int u = 0; u < 3; u++) Assert.AreEqual(expected[u], state[u], 1e-6, $"{kind} state {s}");
            }
            // Sample 1 is unmasked: the same as without a mask.
            var full = outs[0].ToArray<float>();
            for (int i = 15; i < 30; i++) Assert.AreEqual(full[i], seq[i], 1e-6, $"{kind} sample 1");
        }
    }

    [TestMethod]
    public void Mask_FromEmbeddingMaskZero_ReachesTheLayer_AndPassesOnWithSequences()
    {
        var ids = Tensor.FromArray(new[] { 3, 1, 0, 0, 2, 4, 1, 0 }, [2, 4]);
        var embedding = new Embedding(5, 3, new RandomUniform(-1, 1, seed: 4), maskZero: true);
        var lstm = new LSTM(2, returnSequences: true, kernelInitializer: new GlorotUniform(seed: 1), recurrentInitializer: new Orthogonal(seed: 2));
        var y = lstm.Apply(embedding.Apply(ids));
        var v = y.ToArray<float>();
        for (int u = 0; u < 2; u++)
        {
            Assert.AreEqual(v[1 * 2 + u], v[2 * 2 + u], "padding step 2 repeats step 1");
            Assert.AreEqual(v[1 * 2 + u], v[3 * 2 + u], "padding step 3 repeats step 1");
        }
        Assert.IsNotNull(KerasMask.Get(y), "returnSequences passes the mask on");
        var last = new LSTM(2).Apply(embedding.Apply(ids));
        Assert.IsNull(KerasMask.Get(last), "the last output carries no mask");
    }

    [TestMethod]
    public void ZeroOutputForMask_GivesZerosAtMaskedSteps()
    {
        var mask = Tensor.FromArray(new[] { true, false, true }, [1, 3]);
        var layer = new SimpleRNN(2, returnSequences: true, zeroOutputForMask: true);
        var y = layer.Apply(Seq(1, 3, 2, 4), mask).ToArray<float>();
        Assert.AreEqual(0f, y[2]);
        Assert.AreEqual(0f, y[3]);
        Assert.AreNotEqual(0f, y[4]);
    }

    [TestMethod]
    public void Stateful_ContinuesFromTheLastBatch_AndResetStatesStartsOver()
    {
        foreach (var kind in Kinds)
        {
            var x = Seq(2, 6, 3, 5);
            var whole = Make(kind);
            var expected = whole.Apply(x).ToArray<float>();
            var stateful = Make(kind, stateful: true);
            stateful.Apply(Ops.SliceAxis(x, 1, 0, 3));
            CopyWeights(whole, stateful);
            stateful.ResetStates();
            stateful.Apply(Ops.SliceAxis(x, 1, 0, 3));
            var second = stateful.Apply(Ops.SliceAxis(x, 1, 3, 3));
            T.Close(expected, second, 1e-6);

            stateful.ResetStates();
            var fresh = Make(kind);
            fresh.Apply(Ops.SliceAxis(x, 1, 3, 3));
            CopyWeights(whole, fresh);
            T.Close(T.Values(fresh.Apply(Ops.SliceAxis(x, 1, 3, 3))), stateful.Apply(Ops.SliceAxis(x, 1, 3, 3)), 1e-6);
        }
    }

    [TestMethod]
    public void InitialState_IsUsed()
    {
        var layer = new GRU(2, kernelInitializer: new Constant(0.1), recurrentInitializer: new Constant(0.1));
        var x = Seq(1, 2, 2, 6);
        var a = layer.Apply(x).ToArray<float>();
        var b = layer.ApplyAll(x, [Tensor.FromArray(new[] { 1f, -1f }, [1, 2])])[0].ToArray<float>();
        Assert.IsGreaterThan(1e-3, Math.Abs(a[0] - b[0]));
    }

    [TestMethod]
    public void Dropout_ChangesTrainingOutputs_RepeatsWithTheSeed_AndIsOffInInference()
    {
        foreach (var kind in Kinds)
        {
            var x = Seq(3, 4, 5, 7);
            var a = Make(kind, returnSequences: true, dropout: 0.3, recurrentDropout: 0.3);
            var b = Make(kind, returnSequences: true, dropout: 0.3, recurrentDropout: 0.3);
            var inference = a.Apply(x).ToArray<float>();
            b.Apply(x);
            CopyWeights(a, b);
            var ta = a.Apply(x, training: true).ToArray<float>();
            var tb = b.Apply(x, training: true).ToArray<float>();
            CollectionAssert.AreEqual(ta, tb, $"{kind}: the same seed draws the same masks");
            Assert.IsTrue(ta.Zip(inference).Any(p => Math.Abs(p.First - p.Second) > 1e-4), $"{kind}: dropout changed nothing");
            CollectionAssert.AreEqual(inference, a.Apply(x).ToArray<float>(), $"{kind}: inference is deterministic");
        }
    }

    [TestMethod]
    public void Regularizers_AddLosses_AndConstraintsAreRegistered()
    {
        var layer = new LSTM(2, kernelRegularizer: new L2(0.1), recurrentRegularizer: new L1(0.1), biasRegularizer: new L2(0.2),
                             activityRegularizer: new L2(0.01), kernelConstraint: new MaxNorm(1.0), recurrentConstraint: new NonNeg(), biasConstraint: new UnitNorm(0));
        layer.Apply(Seq(2, 3, 2, 8));
        Assert.HasCount(4, layer.Losses);
        Assert.HasCount(3, layer.Cell.Constraints);
        Assert.AreEqual(0.1 * T.Values(layer.Cell.Kernel!).Sum(v => (double)v * v), T.Values(layer.Losses[1])[0], 1e-5, "the activity loss comes first, then the cell's weights'");
    }

    /// <summary>A custom cell: a leaky integrator h = 0.5 h + x · w (the generic RNN wrapper runs it step by step).</summary>
    private sealed class LeakyCell(int units) : RnnCell
    {
        private Variable? _w;
        public override int[] StateSize => [units];
        public override void Build(int?[] inputShape) { _w = AddWeight("w", [inputShape[^1]!.Value, units], new Constant(1.0)); Built = true; }
        public override (Tensor Output, Tensor[] States) Step(Tensor input, IReadOnlyList<Tensor> states, bool training)
        {
            var h = Ops.Add(Ops.MultiplyScalar(states[0], 0.5), Ops.MatMul(input, _w!));
            return (h, [h]);
        }
    }

    [TestMethod]
    public void CustomCell_RunsInTheGenericRnn_WithMaskAndWeightsNamedByTheCell()
    {
        var layer = new RNN(new LeakyCell(1), returnSequences: true, name: "leaky");
        var x = Tensor.FromArray(new[] { 1f, 2f, 4f }, [1, 3, 1]);
        T.Close([1, 2.5f, 5.25f], layer.Apply(x));
        T.Close([1, 1, 4.5f], layer.Apply(x, Tensor.FromArray(new[] { true, false, true }, [1, 3])));
        Assert.AreEqual("leaky_cell/w", layer.Weights[0].Name);
    }

    [TestMethod]
    public void Training_ReducesLoss_InASequentialModelThroughTheTape()
    {
        var x = Seq(8, 5, 3, 9);
        var target = Ops.Sum(x, [1, 2]);
        foreach (var kind in Kinds)
        {
            var layer = Make(kind);
            var dense = new Dense(1, kernelInitializer: new GlorotUniform(seed: 3));
            double first = 0, last = 0;
            for (int step = 0; step < 30; step++)
            {
                using var tape = new GradientTape();
                var y = Ops.Reshape(dense.Apply(layer.Apply(x, training: true)), 8);
                var loss = Ops.Mean(Ops.Square(Ops.Subtract(y, target)));
                var weights = layer.TrainableWeights.Concat(dense.TrainableWeights).ToArray();
                var grads = tape.Gradient(loss, weights);
                for (int i = 0; i < weights.Length; i++) weights[i].AssignSub(Ops.MultiplyScalar(grads[i]!, 0.05));
                double v = loss.Item<float>();
                if (step == 0) first = v;
                last = v;
            }
            Assert.IsLessThan(first * 0.7, last, $"{kind}: loss {first} -> {last}");
        }
    }
}
