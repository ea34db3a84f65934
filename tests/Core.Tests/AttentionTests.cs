namespace KerasSharp.Tests;

/// <summary>
/// <see cref="Ops.ScaledDotProductAttention"/> on the native backend: values worked out by hand, the fused kernel against
/// the composed reference (masks, causal, several key blocks, dropout), fully masked rows, and bad inputs.
/// </summary>
[TestClass]
public sealed class AttentionTests
{
    // q = I (2 queries), k = [[1,0],[0,1],[1,1]], v = [[1,2],[3,4],[5,6]]: with scale 1 the scores are
    // row 0: [1, 0, 1], row 1: [0, 1, 1].
    private static Tensor Q => Tensor.FromArray(new double[] { 1, 0, 0, 1 }, 1, 2, 2);
    private static Tensor K => Tensor.FromArray(new double[] { 1, 0, 0, 1, 1, 1 }, 1, 3, 2);
    private static Tensor V => Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 1, 3, 2);
    private static readonly double E = Math.E;

    private static Tensor Fused(Tensor q, Tensor k, Tensor v, Tensor? mask = null, bool causal = false, double? scale = null) =>
        Ops.ScaledDotProductAttention(q, k, v, mask, causal, scale: scale);

    private static Tensor Composed(Tensor q, Tensor k, Tensor v, Tensor? mask = null, bool causal = false, double? scale = null) =>
        Ops.ScaledDotProductAttentionComposed(q, k, v, mask, causal, scale: scale);

    public static IEnumerable<object[]> Paths => [["fused"], ["composed"]];

    private static Func<Tensor, Tensor, Tensor, Tensor?, bool, double?, Tensor> PathOf(string path) => path == "fused" ? Fused : Composed;

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void ScaleOne_ByHand(string path)
    {
        double z = 2 * E + 1;
        TensorAssert.AreClose([(6 * E + 3) / z, (8 * E + 4) / z, (1 + 8 * E) / z, (2 + 10 * E) / z], [1, 2, 2],
                              PathOf(path)(Q, K, V, null, false, 1.0), 1e-14);
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void DefaultScaleIsOneOverSqrtDepth(string path)
    {
        double s = 1 / Math.Sqrt(2), a = Math.Exp(s);
        double z = 2 * a + 1;
        TensorAssert.AreClose([(6 * a + 3) / z, (8 * a + 4) / z, (1 + 8 * a) / z, (2 + 10 * a) / z], [1, 2, 2],
                              PathOf(path)(Q, K, V, null, false, null), 1e-14);
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void Causal_QueryISeesKeysUpToI(string path)
    {
        // row 0 sees key 0 only; row 1 sees keys 0 and 1 with scores [0, 1].
        TensorAssert.AreClose([1, 2, (1 + 3 * E) / (1 + E), (2 + 4 * E) / (1 + E)], [1, 2, 2], PathOf(path)(Q, K, V, null, true, 1.0), 1e-14);
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void BoolMask_TrueAttends_AndAFullyMaskedRowIsZero(string path)
    {
        var mask = Tensor.FromArray(new[] { true, false, true, false, false, false }, 2, 3);
        // row 0 attends keys 0 and 2 with equal scores: the mean of v0 and v2; row 1 attends nothing: zeros.
        TensorAssert.AreClose([3.0, 4, 0, 0], [1, 2, 2], PathOf(path)(Q, K, V, mask, false, 1.0), 1e-14);
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void FloatMask_IsAddedToTheScores(string path)
    {
        // adding ln 2 to key 1's score doubles its weight; -inf removes key 2.
        var mask = Tensor.FromArray(new[] { 0, Math.Log(2), double.NegativeInfinity }, 3);
        double z0 = E + 2, z1 = 1 + 2 * E;
        TensorAssert.AreClose([(E * 1 + 2 * 3) / z0, (E * 2 + 2 * 4) / z0, (1 + 2 * E * 3) / z1, (2 + 2 * E * 4) / z1], [1, 2, 2],
                              PathOf(path)(Q, K, V, mask, false, 1.0), 1e-14);
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void FloatMaskOfMinusInfinityOnARow_GivesZeros(string path)
    {
        var mask = Tensor.FromArray(new[] { 0, 0, 0, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity }, 2, 3);
        var y = PathOf(path)(Q, K, V, mask, false, 1.0).ToArray<double>();
        Assert.AreEqual(0.0, y[2]);
        Assert.AreEqual(0.0, y[3]);
        Assert.IsFalse(y.Any(double.IsNaN));
    }

    [TestMethod]
    public void WithWeights_ReturnsTheSoftmaxBeforeDropout_ZeroForAFullyMaskedRow()
    {
        var mask = Tensor.FromArray(new[] { true, true, false, false, false, false }, 2, 3);
        var (output, weights) = Ops.ScaledDotProductAttentionWithWeights(Q, K, V, mask, scale: 1.0);
        TensorAssert.AreClose([E / (E + 1), 1 / (E + 1), 0, 0, 0, 0], [1, 2, 3], weights, 1e-14);
        TensorAssert.AreClose([(E + 3) / (E + 1), (2 * E + 4) / (E + 1), 0, 0], [1, 2, 2], output, 1e-14);
    }

    [TestMethod]
    public void LeadingAxesBroadcast_AndKeepTheirShape()
    {
        var q = Ops.RandomNormal([2, 3, 4, 5], dtype: DType.Float64, seed: 1);
        var k = Ops.RandomNormal([2, 1, 6, 5], dtype: DType.Float64, seed: 2);
        var v = Ops.RandomNormal([6, 7], dtype: DType.Float64, seed: 3);
        var fused = Ops.ScaledDotProductAttention(q, k, v);
        TensorAssert.HasShapeAndType(fused, [2, 3, 4, 7], DType.Float64);
        var expected = Ops.ScaledDotProductAttentionComposed(q, Ops.BroadcastTo(k, [2, 3, 6, 5]), Ops.BroadcastTo(v, [2, 3, 6, 7]));
        TensorAssert.AreClose(expected.ToArray<double>(), [2, 3, 4, 7], fused, 1e-13);
    }

    /// <summary>The fused kernel against the composed reference on shapes spanning several query and key blocks.</summary>
    [TestMethod]
    [DataRow(1, 70, 130, 8, 5, false, "none", DisplayName = "two query blocks, two key blocks")]
    [DataRow(3, 129, 257, 4, 6, true, "none", DisplayName = "causal, three blocks each")]
    [DataRow(2, 70, 200, 8, 8, false, "padding", DisplayName = "padding mask over keys")]
    [DataRow(2, 65, 140, 3, 2, true, "float", DisplayName = "causal and a float mask [seqQ, seqK]")]
    [DataRow(2, 67, 131, 5, 4, false, "bool", DisplayName = "bool mask per batch, query and key with empty rows")]
    public void FusedMatchesComposed(int n, int sq, int sk, int d, int dv, bool causal, string maskKind)
    {
        var q = Ops.MultiplyScalar(Ops.RandomNormal([n, sq, d], dtype: DType.Float64, seed: 11), 3); // sharp softmaxes: the online rescaling matters
        var k = Ops.RandomNormal([n, sk, d], dtype: DType.Float64, seed: 12);
        var v = Ops.RandomNormal([n, sk, dv], dtype: DType.Float64, seed: 13);
        Tensor? mask = maskKind switch
        {
            "padding" => Ops.Less(Ops.Reshape(Ops.Arange(0, sk, 1, DType.Float64), 1, 1, sk), Tensor.FromArray(new double[] { 150, 90 }, n, 1, 1)),
            "float" => Ops.MultiplyScalar(Ops.RandomNormal([sq, sk], dtype: DType.Float64, seed: 14), 2),
            "bool" => Ops.Greater(Ops.RandomUniform([n, sq, sk], dtype: DType.Float64, seed: 15),
                                  Ops.Reshape(Ops.Linspace(0, 1.2, sq, DType.Float64), sq, 1)),
            _ => null,
        };
        var fused = Ops.ScaledDotProductAttention(q, k, v, mask, causal);
        var composed = Ops.ScaledDotProductAttentionComposed(q, k, v, mask, causal);
        TensorAssert.AreClose(composed.ToArray<double>(), [n, sq, dv], fused, 1e-12);
        if (maskKind == "bool") Assert.AreEqual(0.0, Ops.Max(Ops.Abs(Ops.Slice(fused, TensorIndex.All, ^1))).Item<double>(), "the last rows see no key");
    }

    [TestMethod]
    [DataRow(DType.Float32)]
    [DataRow(DType.Float64)]
    public void Dropout_DropsWeightsAfterTheSoftmax_WithTheSeedsBernoulliMask(DType dtype)
    {
        var q = Ops.RandomNormal([2, 70, 4], dtype: dtype, seed: 21);
        var k = Ops.RandomNormal([2, 150, 4], dtype: dtype, seed: 22);
        var v = Ops.RandomNormal([2, 150, 3], dtype: dtype, seed: 23);
        var fused = Ops.ScaledDotProductAttention(q, k, v, dropout: 0.25, seed: 7);
        var composed = Ops.ScaledDotProductAttentionComposed(q, k, v, dropout: 0.25, seed: 7);
        // By hand: the weights times RandomBernoulli(keep 0.75, scaled by 1/0.75) with the same seed, then times v.
        var weights = Ops.ScaledDotProductAttentionWithWeights(q, k, v).Weights;
        var keep = Ops.RandomBernoulli([2, 70, 150], 0.75, dtype, seed: 7, scale: 1 / 0.75);
        var byHand = Ops.MatMul(Ops.Multiply(weights, keep), v);
        double tol = dtype == DType.Float32 ? 1e-5 : 1e-12;
        TensorAssert.AreClose(byHand.ToArray<double>(), [2, 70, 3], dtype, composed, tol);
        TensorAssert.AreClose(byHand.ToArray<double>(), [2, 70, 3], dtype, fused, tol);
        CollectionAssert.AreEqual(fused.ToArray<double>(), Ops.ScaledDotProductAttention(q, k, v, dropout: 0.25, seed: 7).ToArray<double>(),
                                  "the same seed repeats the same output");
        CollectionAssert.AreNotEqual(fused.ToArray<double>(), Ops.ScaledDotProductAttention(q, k, v, dropout: 0.25, seed: 8).ToArray<double>());
    }

    [TestMethod]
    public void FusedResult_DoesNotDependOnTheThreadCount()
    {
        var q = Ops.RandomNormal([5, 130, 8], seed: 31);
        var k = Ops.RandomNormal([5, 140, 8], seed: 32);
        var v = Ops.RandomNormal([5, 140, 8], seed: 33);
        int threads = Config.NumThreads;
        try
        {
            float[] Run(int t)
            {
                Config.NumThreads = t;
                using var tape = new GradientTape();
                tape.Watch([q, k, v]);
                var y = Ops.ScaledDotProductAttention(q, k, v, causal: true, dropout: 0.1, seed: 3);
                var grads = tape.Gradient(Ops.Sum(Ops.Square(y)), [q, k, v]);
                return [.. y.ToArray<float>(), .. grads.SelectMany(g => g!.ToArray<float>())];
            }
            CollectionAssert.AreEqual(Run(1), Run(3));
        }
        finally { Config.NumThreads = threads; }
    }

    [TestMethod]
    public void EmptyKeys_GiveZeros()
    {
        var y = Ops.ScaledDotProductAttention(Ops.Ones([2, 3, 4]), Ops.Ones([2, 0, 4]), Ops.Ones([2, 0, 5]));
        TensorAssert.AreClose(new float[30], [2, 3, 5], y);
    }

    [TestMethod]
    public void BadInputs_NameTheOpAndTheShapes()
    {
        var q = Ops.Zeros([2, 3, 4]);
        var k = Ops.Zeros([2, 5, 4]);
        var v = Ops.Zeros([2, 5, 6]);
        void Fails(string expected, Func<Tensor> call) =>
            Assert.AreEqual(expected, Assert.ThrowsExactly<ArgumentException>(() => call()).Message);

        Fails("scaled_dot_product_attention: query [2,3,4] and key [2,5,3] have different depths (last axis): 4 and 3.",
              () => Ops.ScaledDotProductAttention(q, Ops.Zeros([2, 5, 3]), v));
        Fails("scaled_dot_product_attention: key [2,5,4] and value [2,6,6] have different sequence lengths (axis -2): 5 and 6.",
              () => Ops.ScaledDotProductAttention(q, k, Ops.Zeros([2, 6, 6])));
        Fails("scaled_dot_product_attention: the batch and head axes (all but the last two) of query [2,3,4], key [3,5,4] and value [2,5,6] do not broadcast together.",
              () => Ops.ScaledDotProductAttention(q, Ops.Zeros([3, 5, 4]), v));
        Fails("scaled_dot_product_attention: mask [2,4] does not broadcast to the attention weights [batch..., seqQ, seqK] = [2,3,5].",
              () => Ops.ScaledDotProductAttention(q, k, v, Ops.Zeros([2, 4], DType.Bool)));
        Fails("scaled_dot_product_attention: mask [3,2,3,5] does not broadcast to the attention weights [batch..., seqQ, seqK] = [2,3,5].",
              () => Ops.ScaledDotProductAttention(q, k, v, Ops.Zeros([3, 2, 3, 5], DType.Bool)));
        Fails("scaled_dot_product_attention: query has dtype int32 (shape [2,3,4]); attention needs float32 or float64 query, key and value.",
              () => Ops.ScaledDotProductAttention(Ops.Zeros([2, 3, 4], DType.Int32), k, v));
        Fails("scaled_dot_product_attention: query, key and value must share one dtype, got float32, float64 and float32.",
              () => Ops.ScaledDotProductAttention(q, Ops.Zeros([2, 5, 4], DType.Float64), v));
        Fails("scaled_dot_product_attention: mask has dtype int64 (shape [5]); it must be bool (true: attend) or float (added to the scores).",
              () => Ops.ScaledDotProductAttention(q, k, v, Ops.Zeros([5], DType.Int64)));
        Fails("scaled_dot_product_attention: value has shape [6]; it needs at least two axes, [..., sequence, depth].",
              () => Ops.ScaledDotProductAttention(q, k, Ops.Zeros([6])));
        Fails("scaled_dot_product_attention: dropout must be in [0, 1), got 1.",
              () => Ops.ScaledDotProductAttention(q, k, v, dropout: 1));
        Fails("scaled_dot_product_attention: scale must be finite, got NaN.",
              () => Ops.ScaledDotProductAttention(q, k, v, scale: double.NaN));
        Fails("scaled_dot_product_attention: query [2,3,4] and key [2,5,3] have different depths (last axis): 4 and 3.",
              () => Ops.ScaledDotProductAttentionWithWeights(q, Ops.Zeros([2, 5, 3]), v).Output);
    }
}
