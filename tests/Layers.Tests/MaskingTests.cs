namespace KerasSharp.Layers.Tests;

/// <summary>Keras masks on eager calls: who makes them, who passes them on, who ends them, and how a layer receives one.</summary>
[TestClass]
public sealed class MaskingTests
{
    /// <summary>Records the mask its call received; passes masks on.</summary>
    internal sealed class MaskProbe : Layer
    {
        public Tensor? Seen { get; private set; }
        public int Calls { get; private set; }
        public override bool SupportsMasking => true;
        public override Tensor Call(Tensor inputs, bool training) { Calls++; Seen = null; return inputs; }
        public override Tensor Call(Tensor inputs, Tensor? mask, bool training) { Calls++; Seen = mask; return Ops.Multiply(inputs, Ops.OnesLike(inputs)); }
    }

    private static bool[] B(Tensor? t) => t!.ToArray<bool>();

    [TestMethod]
    public void Masking_ZeroesPaddedSteps_AndMarksThem()
    {
        // (1, 3 steps, 2 features): step 1 is all -1 (padding), step 2 has one -1 only.
        var x = T.F([1, 2, -1, -1, -1, 5], 1, 3, 2);
        var m = new Masking(-1);
        using var y = m.Apply(x);
        T.Close([1, 2, 0, 0, -1, 5], y);
        CollectionAssert.AreEqual(new[] { true, false, true }, B(KerasMask.Get(y)));
        Assert.IsNull(KerasMask.Get(x), "the input is left alone");
    }

    [TestMethod]
    public void EmbeddingMaskZero_FlowsThroughDense_ToALayerThatReadsIt()
    {
        var ids = Tensor.FromArray(new[] { 3, 0, 2, 0, 0, 1 }, 2, 3);
        var e = new Embedding(4, 2, maskZero: true);
        var d = new Dense(3);
        var probe = new MaskProbe();
        var y = probe.Apply(d.Apply(e.Apply(ids)));
        CollectionAssert.AreEqual(new[] { true, false, true, false, false, true }, B(probe.Seen));
        CollectionAssert.AreEqual(new[] { true, false, true, false, false, true }, B(KerasMask.Get(y)));
        // Without maskZero nothing is attached and the plain Call runs.
        probe.Apply(d.Apply(new Embedding(4, 2).Apply(ids)));
        Assert.IsNull(probe.Seen);
        Assert.AreEqual(2, probe.Calls);
    }

    [TestMethod]
    public void ShapeChangingLayers_EndTheMask_ElementwiseMergesAndTheirMasks()
    {
        var a = new Masking().Apply(T.F([1, 1, 0, 0, 2, 2], 1, 3, 2));   // steps: keep, pad, keep
        var b = new Masking().Apply(T.F([0, 0, 3, 3, 4, 4], 1, 3, 2));   // steps: pad, keep, keep
        Assert.IsNull(KerasMask.Get(new Flatten().Apply(a)), "Flatten does not support masking: the mask ends");
        CollectionAssert.AreEqual(new[] { false, false, true }, B(KerasMask.Get(new Add().Apply([a, b]))));
        CollectionAssert.AreEqual(new[] { true, false, true }, B(KerasMask.Get(new Add().Apply([a, T.F([1, 1, 1, 1, 1, 1], 1, 3, 2)]))),
                                  "an input with no mask does not mask anything");
        Assert.IsNull(KerasMask.Get(new Concatenate().Apply([a, b])));
        CollectionAssert.AreEqual(new[] { true, false, true }, B(KerasMask.Get(new Dropout(0.5, seed: 1).Apply(a, training: true))));
        CollectionAssert.AreEqual(new[] { true, false, true }, B(KerasMask.Get(new LayerNormalization().Apply(a))));
    }

    [TestMethod]
    public void Masking_ConfigAndBadInput()
    {
        var m = new Masking(2.5, name: "pad");
        Assert.AreEqual(2.5, m.GetConfig()["mask_value"]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Masking(double.NaN));
        T.Contains(e.Message, "maskValue is NaN");
        e = Assert.ThrowsExactly<ArgumentException>(() => KerasMask.Set(T.F([1], 1), T.F([1], 1)));
        T.Contains(e.Message, "must be bool", "float32");
        e = Assert.ThrowsExactly<ArgumentException>(() => new Masking().Apply(T.F([1, 2], 2)));
        T.Contains(e.Message, "rank at least 2");
    }

    [TestMethod]
    public void GlobalAveragePooling1D_AveragesTheKeptStepsOnly()
    {
        // Sample 0 keeps steps 0 and 2; sample 1 keeps none (zeros rather than Keras's 0/0).
        var x = new Masking().Apply(T.F([1, 2, 0, 0, 3, 6, 0, 0, 0, 0, 0, 0], 2, 3, 2));
        var pool = new GlobalAveragePooling1D();
        using var y = pool.Apply(x);
        T.Close([2, 4, 0, 0], y);
        Assert.IsNull(KerasMask.Get(y));
        // channels_first: (batch, features, steps) with the mask over steps.
        var xt = Ops.Transpose(T.F([1, 2, 0, 0, 3, 6], 1, 3, 2), [0, 2, 1]);
        KerasMask.Set(xt, Tensor.FromArray(new[] { true, false, true }, 1, 3));
        T.Close([2, 4], new GlobalAveragePooling1D("channels_first").Apply(xt));
        Assert.AreEqual(2f, new GlobalAveragePooling1D().Apply(T.F([1, 2, 3, 4], 1, 2, 2)).ToArray<float>()[0], "no mask: the plain mean");
    }
}
