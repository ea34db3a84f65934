namespace KerasSharp.Layers.Tests;

/// <summary>MultiHeadAttention: by hand, Keras's weight layout, both attention paths, masks, gradients, bad input.</summary>
[TestClass]
public sealed class MultiHeadAttentionTests
{
    /// <summary>Self-attention as a one-input layer, for the gradient check.</summary>
    private sealed class SelfAttention(MultiHeadAttention mha, bool causal) : Layer
    {
        private readonly MultiHeadAttention _mha = mha;
        public override Tensor Call(Tensor inputs, bool training) => _mha.Apply(inputs, inputs, training: training, useCausalMask: causal);
    }

    [TestMethod]
    public void OneHeadOfSizeOne_ByHand()
    {
        // All kernels 1, no bias: q = k = v = x, scores q_i * k_j (scale 1/sqrt(1)), output = weights @ v.
        var mha = new MultiHeadAttention(1, 1, useBias: false, kernelInitializer: new Constant(1));
        var x = T.D([1, 2], 1, 2, 1);
        var (y, scores) = mha.ApplyWithScores(x, x);
        double w01 = Math.Exp(2) / (Math.Exp(1) + Math.Exp(2)), w11 = Math.Exp(4) / (Math.Exp(2) + Math.Exp(4));
        T.Shape([1, 2, 1], y);
        T.Shape([1, 1, 2, 2], scores);
        T.Close([(float)(1 - w01 + 2 * w01), (float)(1 - w11 + 2 * w11)], y, 1e-6);
        T.Close([(float)(1 - w01), (float)w01, (float)(1 - w11), (float)w11], scores, 1e-6);
        // Causal: the first step sees only itself.
        T.Close([1f, (float)(1 - w11 + 2 * w11)], mha.Apply(x, x, useCausalMask: true), 1e-6);
    }

    [TestMethod]
    public void WeightsAndShapes_AsKeras()
    {
        var mha = new MultiHeadAttention(2, 4, valueDim: 3, name: "mha");
        var q = new Input([5, 8]);
        var v = new Input([7, 6]);
        var (y, scores) = mha.ApplyWithScores(q, v);
        T.Shape([null, 5, 8], y);
        T.Shape([null, 2, 5, 7], scores);
        var names = mha.Weights.Select(w => $"{w.Name}{w.Shape}").ToArray();
        CollectionAssert.AreEqual(new[]
        {
            "query/kernel[8,2,4]", "query/bias[2,4]", "key/kernel[6,2,4]", "key/bias[2,4]",
            "value/kernel[6,2,3]", "value/bias[2,3]", "attention_output/kernel[2,3,8]", "attention_output/bias[8]",
        }, names);
        Assert.AreEqual("abc,cde->abde", mha.QueryDense!.Equation);
        Assert.AreEqual("abcd,cde->abe", mha.OutputDense!.Equation);
        // Another output size, and sequences of other lengths on the same weights.
        var other = new MultiHeadAttention(2, 4, outputShape: [3]);
        T.Shape([null, 5, 3], other.Apply(q, v));
        T.Shape([2, 9, 3], other.Apply(Ops.Ones([2, 9, 8]), Ops.Ones([2, 4, 6])));
    }

    [TestMethod]
    public void AttentionOverTwoAxes_EqualsAttentionOverTheFlattenedSteps()
    {
        // The einsum path (axes 1 and 2 of a (batch, 2, 3, features) query) against the attention op on (batch, 6, features).
        var a = new MultiHeadAttention(2, 3, attentionAxes: [1, 2], kernelInitializer: new RandomNormal(seed: 1), biasInitializer: new RandomNormal(seed: 2)) { DType = DType.Float64 };
        var b = new MultiHeadAttention(2, 3, kernelInitializer: new RandomNormal(seed: 1), biasInitializer: new RandomNormal(seed: 2)) { DType = DType.Float64 };
        var q = Ops.RandomNormal([2, 2, 3, 4], dtype: DType.Float64, seed: 3);
        var v = Ops.RandomNormal([2, 2, 3, 5], dtype: DType.Float64, seed: 4);
        var (ya, sa) = a.ApplyWithScores(q, v, useCausalMask: false);
        var (yb, sb) = b.ApplyWithScores(Ops.Reshape(q, 2, 6, 4), Ops.Reshape(v, 2, 6, 5));
        T.Shape([2, 2, 3, 4], ya);
        T.Shape([2, 2, 2, 3, 2, 3], sa);
        AssertClose(yb.ToArray<double>(), ya.ToArray<double>(), 1e-12, "output");
        AssertClose(sb.ToArray<double>(), sa.ToArray<double>(), 1e-12, "scores");
        // With a mask over the flattened steps, too.
        var keep = Tensor.FromArray(new[] { true, true, false, true, false, true, true, true, true, true, true, false }, 2, 1, 6);
        var ym = a.Apply(q, v, attentionMask: Ops.Reshape(Ops.BroadcastTo(keep, [2, 6, 6]), 2, 2, 3, 2, 3));
        AssertClose(b.Apply(Ops.Reshape(q, 2, 6, 4), Ops.Reshape(v, 2, 6, 5), attentionMask: keep).ToArray<double>(), ym.ToArray<double>(), 1e-12, "masked");
    }

    private static void AssertClose(double[] expected, double[] actual, double tol, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], tol, $"{what}: element {i}");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void GradientsMatchCentralDifferences(bool causal)
    {
        var mha = new MultiHeadAttention(2, 2, kernelInitializer: new GlorotUniform(seed: 5), biasInitializer: new RandomNormal(0, 0.3, seed: 6)) { DType = DType.Float64 };
        GradientCheckTests.Check(new SelfAttention(mha, causal) { DType = DType.Float64 },
                                 [0.3, -1.2, 0.8, 0.1, 0.5, -0.7, 1.1, -0.2, 0.9, -0.4, 0.6, 0.2], [1, 4, 3], training: false);
    }

    [TestMethod]
    public void EmbeddingMasks_AreCombinedAsKeras_AndTheOutputKeepsTheQueryMask()
    {
        var ids = Tensor.FromArray(new[] { 3, 1, 0, 0, 2, 5, 4, 0 }, 2, 4);
        var emb = new Embedding(6, 4, new RandomNormal(seed: 7), maskZero: true) { DType = DType.Float64 };
        var mha = new MultiHeadAttention(2, 3, kernelInitializer: new GlorotUniform(seed: 8)) { DType = DType.Float64 };
        var x = emb.Apply(ids);
        var (auto, autoScores) = mha.ApplyWithScores(x, x);
        CollectionAssert.AreEqual(new[] { true, true, false, false, true, true, true, false }, KerasMask.Get(auto)!.ToArray<bool>());
        Assert.IsNull(KerasMask.Get(autoScores));

        // By hand: query step i attends to key step j where both are kept.
        var kept = new[] { true, true, false, false, true, true, true, false };
        var explicitMask = new bool[2 * 4 * 4];
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) explicitMask[b * 16 + i * 4 + j] = kept[b * 4 + i] && kept[b * 4 + j];
        var plain = Ops.Multiply(x, Ops.OnesLike(x)); // the same values without a mask attached
        Assert.IsNull(KerasMask.Get(plain));
        var (manual, manualScores) = mha.ApplyWithScores(plain, plain, attentionMask: Tensor.FromArray(explicitMask, 2, 4, 4));
        AssertClose(manual.ToArray<double>(), auto.ToArray<double>(), 0, "output");
        AssertClose(manualScores.ToArray<double>(), autoScores.ToArray<double>(), 0, "scores");
        // Padded query steps attend to nothing: zero weights; kept ones ignore padded keys.
        var s = autoScores.ToArray<double>();
        for (int h = 0; h < 2; h++)
        {
            Assert.AreEqual(0.0, s[(0 * 2 + h) * 16 + 2 * 4 + 0], "padded query step 2 of sample 0");
            Assert.AreEqual(0.0, s[(0 * 2 + h) * 16 + 0 * 4 + 2], "kept query, padded key");
            Assert.AreEqual(1.0, s[(0 * 2 + h) * 16 + 0] + s[(0 * 2 + h) * 16 + 1], 1e-12, "kept weights sum to 1");
        }
        // Causal together with the padding masks, and the fused path without scores agrees with the scores path.
        var fused = mha.Apply(x, x, useCausalMask: true);
        var composed = mha.ApplyWithScores(x, x, useCausalMask: true).Output;
        AssertClose(composed.ToArray<double>(), fused.ToArray<double>(), 1e-12, "fused vs composed, causal and masked");
    }

    [TestMethod]
    public void Dropout_OnlyInTraining_AndSeeded()
    {
        var x = Ops.RandomNormal([2, 5, 4], seed: 9);
        var a = new MultiHeadAttention(2, 2, dropout: 0.5, seed: 3, kernelInitializer: new GlorotUniform(seed: 1));
        var b = new MultiHeadAttention(2, 2, dropout: 0.5, seed: 3, kernelInitializer: new GlorotUniform(seed: 1));
        var noDrop = new MultiHeadAttention(2, 2, kernelInitializer: new GlorotUniform(seed: 1));
        CollectionAssert.AreEqual(noDrop.Apply(x, x).ToArray<float>(), a.Apply(x, x).ToArray<float>(), "inference: no dropout");
        var ta = a.Apply(x, x, training: true).ToArray<float>();
        CollectionAssert.AreEqual(ta, b.Apply(x, x, training: true).ToArray<float>(), "the same seed drops the same weights");
        CollectionAssert.AreNotEqual(noDrop.Apply(x, x).ToArray<float>(), ta);
    }

    [TestMethod]
    public void BadInput_SaysWhatIsWrong()
    {
        LayerNames.Reset();
        void Fails(Action call, params string[] parts) => T.Contains(Assert.ThrowsExactly<ArgumentException>(call).Message, parts);
        Fails(() => new MultiHeadAttention(2, 0), "keyDim", "must be positive, got 0");
        Fails(() => new MultiHeadAttention(0, 4), "numHeads must be positive");
        Fails(() => new MultiHeadAttention(2, 4, valueDim: -1), "valueDim", "got -1");
        Fails(() => new MultiHeadAttention(2, 4, dropout: 1), "dropout must be in [0, 1)");
        var q = new Input([5, 8]);
        Fails(() => new MultiHeadAttention(2, 4).Apply(q, new Input([7, 6]), key: new Input([6, 6])),
              "all axes of value and key but the last must be equal", "(None, 7, 6)", "(None, 6, 6)");
        Fails(() => new MultiHeadAttention(2, 4, attentionAxes: [2]).Apply(q, q), "attention axis 2 is not a step axis", "[1, 1]");
        Fails(() => new MultiHeadAttention(2, 4).Apply(Ops.Ones([2, 3, 4])), "takes query, value", "got 1 input");
        Fails(() => new MultiHeadAttention(1, 2, attentionAxes: [1, 2]).Apply(Ops.Ones([1, 2, 3, 4]), Ops.Ones([1, 2, 3, 4]), useCausalMask: true),
              "useCausalMask orders the steps of one attention axis", "[1, 2]", "attentionMask");
        var built = new MultiHeadAttention(2, 4);
        built.Apply(Ops.Ones([2, 3, 4]), Ops.Ones([2, 3, 4]));
        Fails(() => built.Apply(Ops.Ones([2, 3, 5]), Ops.Ones([2, 3, 4])), "einsum", "5", "4");
        Fails(() => built.Apply(Ops.Ones([2, 3, 4]), Ops.Ones([2, 3, 4]), attentionMask: Ops.Ones([2, 4, 3], DType.Bool)),
              "scaled_dot_product_attention", "mask");
    }

    [TestMethod]
    public void CausalOverAnotherAxis_EqualsCausalPerSlice()
    {
        // (batch, 2 slices, 4 steps, features) attending over axis 2 is attention within each slice.
        var a = new MultiHeadAttention(2, 3, attentionAxes: [2], kernelInitializer: new RandomNormal(seed: 1)) { DType = DType.Float64 };
        var b = new MultiHeadAttention(2, 3, kernelInitializer: new RandomNormal(seed: 1)) { DType = DType.Float64 };
        var x = Ops.RandomNormal([1, 2, 4, 5], dtype: DType.Float64, seed: 2);
        var y = a.Apply(x, x, useCausalMask: true).ToArray<double>();
        var perSlice = Ops.Reshape(x, 2, 4, 5);
        AssertClose(b.Apply(perSlice, perSlice, useCausalMask: true).ToArray<double>(), y, 1e-12, "causal per slice");
    }

    [TestMethod]
    public void AttentionMasks_OfRank2To4_Broadcast()
    {
        var mha = new MultiHeadAttention(2, 3, kernelInitializer: new RandomNormal(seed: 1)) { DType = DType.Float64 };
        var q = Ops.RandomNormal([2, 3, 4], dtype: DType.Float64, seed: 2);
        var v = Ops.RandomNormal([2, 5, 4], dtype: DType.Float64, seed: 3);
        var keep = Ops.Greater(Ops.RandomUniform([3, 5], dtype: DType.Float64, seed: 4), Ops.FullLike(Ops.Zeros([1], DType.Float64), 0.3));
        var expected = mha.Apply(q, v, attentionMask: keep).ToArray<double>();
        AssertClose(expected, mha.Apply(q, v, attentionMask: Ops.BroadcastTo(keep, [2, 3, 5])).ToArray<double>(), 0, "(batch, seqQ, seqV)");
        AssertClose(expected, mha.Apply(q, v, attentionMask: Ops.BroadcastTo(keep, [2, 2, 3, 5])).ToArray<double>(), 0, "(batch, heads, seqQ, seqV)");
        AssertClose(expected, mha.Apply(q, v, attentionMask: Ops.Cast(keep, DType.Float32)).ToArray<double>(), 0, "a 0/1 float mask");
    }
}
