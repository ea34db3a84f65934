namespace KerasSharp.Layers.Tests.Recurrent;

/// <summary>Bidirectional and TimeDistributed.</summary>
[TestClass]
public sealed class WrapperTests
{
    [TestInitialize]
    public void Init() => LayerNames.Reset();

    private static Tensor Seq(int seed) => Ops.RandomUniform([2, 4, 3], -1, 1, seed: seed);

    [TestMethod]
    public void Bidirectional_MergeModes_CombineTheForwardAndTheTimeOrderedBackwardOutputs()
    {
        var x = Seq(1);
        foreach (var mode in new[] { "concat", "sum", "mul", "ave", "none" })
        {
            var bi = new Bidirectional(new LSTM(2, returnSequences: true, kernelInitializer: new GlorotUniform(seed: 1), recurrentInitializer: new Orthogonal(seed: 2)), mode);
            var outs = bi.ApplyAll([x]);
            var f = bi.ForwardLayer.Apply(x).ToArray<float>();
            var bRaw = bi.BackwardLayer.Apply(x);
            Assert.IsTrue(bi.BackwardLayer.GoBackwards);
            var b = Ops.Take(bRaw, Tensor.FromArray(new[] { 3, 2, 1, 0 }), 1).ToArray<float>();
            float[] expected = mode switch
            {
                "concat" => [.. Enumerable.Range(0, 8).SelectMany(r => f.Skip(r * 2).Take(2).Concat(b.Skip(r * 2).Take(2)))],
                "sum" => [.. f.Zip(b, (p, q) => p + q)],
                "mul" => [.. f.Zip(b, (p, q) => p * q)],
                "ave" => [.. f.Zip(b, (p, q) => (p + q) / 2)],
                _ => f,
            };
            Assert.HasCount(mode == "none" ? 2 : 1, outs, mode);
            T.Close(expected, outs[0], 1e-6);
            if (mode == "none") T.Close(b, outs[1], 1e-6);
        }
    }

    [TestMethod]
    public void Bidirectional_ReturnState_AndSymbolicShapes()
    {
        var bi = new Bidirectional(new LSTM(3, returnState: true));
        var outs = bi.ApplyAll(new Input([5, 2]));
        Assert.HasCount(5, outs);
        T.Shape([null, 6], outs[0]);
        T.Shape([null, 3], outs[4]);
        var eager = new Bidirectional(new GRU(3, returnState: true), "sum").ApplyAll([Ops.Zeros([2, 5, 2])]);
        Assert.HasCount(3, eager);
    }

    [TestMethod]
    public void Bidirectional_BadArguments()
    {
        Assert.Contains("mergeMode must be one of", Assert.ThrowsExactly<ArgumentException>(() => new Bidirectional(new LSTM(2), "max")).Message);
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Bidirectional(new LSTM(2, name: "f"), backwardLayer: new LSTM(2, name: "b")));
        Assert.AreEqual("Bidirectional: the backward layer 'b' must have goBackwards: True (the forward layer's is False).", e.Message);
    }

    [TestMethod]
    public void Bidirectional_Masks_ReachBothDirections()
    {
        var x = Seq(2);
        var mask = Tensor.FromArray(new[] { true, true, false, false, true, true, true, true }, [2, 4]);
        var bi = new Bidirectional(new SimpleRNN(2, kernelInitializer: new GlorotUniform(seed: 1), recurrentInitializer: new Orthogonal(seed: 2)), "none");
        var view = Ops.Reshape(x, 2, 4, 3);
        KerasMask.Set(view, mask);
        var outs = bi.ApplyAll([view]);
        // Sample 0 is the two-step sequence in both directions.
        var shortX = Ops.SliceAxis(Ops.SliceAxis(x, 0, 0, 1), 1, 0, 2);
        T.Close(T.Values(bi.ForwardLayer.Apply(shortX)), Ops.SliceAxis(outs[0], 0, 0, 1), 1e-6);
        T.Close(T.Values(bi.BackwardLayer.Apply(shortX)), Ops.SliceAxis(outs[1], 0, 0, 1), 1e-6);
    }

    [TestMethod]
    public void TimeDistributed_AppliesTheLayerToEveryStep()
    {
        var dense = new Dense(2, kernelInitializer: new GlorotUniform(seed: 3));
        var td = new TimeDistributed(dense);
        var x = Seq(3);
        var y = td.Apply(x);
        T.Shape([2, 4, 2], y);
        T.Close(T.Values(dense.Apply(Ops.Reshape(x, 8, 3))), y, 1e-6);
        T.Shape([null, 7, 2], new TimeDistributed(new Dense(2)).Apply(new Input([7, 3])));
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TimeDistributed(new Dense(2), name: "td").Apply(Ops.Zeros([2, 3])));
        Assert.AreEqual("Layer 'td' expects (batch, time, ...) of rank at least 3, received shape (2, 3).", e.Message);
    }
}
