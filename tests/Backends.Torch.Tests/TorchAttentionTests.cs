using KerasSharp.Backends;
using KerasSharp.Layers;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// The torch backend's fused attention (libtorch's <c>scaled_dot_product_attention</c>) against the composed reference
/// on the same backend: forward and the gradients of query, key and value, in float64 so the two must agree closely.
/// </summary>
[TestClass]
public sealed class TorchAttentionTests
{
    [TestInitialize]
    public void UseTorch() => Backend.Set("torch");

    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    private static (double[] Output, double[][] Grads) Run(Func<Tensor, Tensor, Tensor, Tensor> attention, Tensor q, Tensor k, Tensor v)
    {
        using var tape = new GradientTape();
        tape.Watch([q, k, v]);
        var y = attention(q, k, v);
        // A weighted sum, so each output element's gradient differs.
        var w = Ops.RandomNormal(y.Shape.ToArray(), dtype: y.DType, seed: 99);
        var grads = tape.Gradient(Ops.Sum(Ops.Multiply(y, w)), [q, k, v]);
        return (y.ToArray<double>(), [.. grads.Select(g => g!.ToArray<double>())]);
    }

    private static void AssertClose(double[] expected, double[] actual, double tol, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], tol, $"{what}: element {i}");
    }

    [TestMethod]
    [DataRow(false, "none", DisplayName = "plain")]
    [DataRow(true, "none", DisplayName = "causal")]
    [DataRow(false, "padding", DisplayName = "padding mask with a fully masked batch")]
    [DataRow(true, "bool", DisplayName = "causal and a bool mask")]
    [DataRow(false, "float", DisplayName = "float mask with a row of -inf")]
    [DataRow(true, "float", DisplayName = "causal and a float mask")]
    public void FusedMatchesComposed_ForwardAndGradients(bool causal, string maskKind)
    {
        Assert.IsInstanceOfType<IFusedAttentionKernels>(BackendRegistry.Get("torch"));
        var q = Ops.MultiplyScalar(Ops.RandomNormal([2, 3, 7, 4], dtype: DType.Float64, seed: 1), 2);
        var k = Ops.RandomNormal([2, 3, 5, 4], dtype: DType.Float64, seed: 2);
        var v = Ops.RandomNormal([2, 3, 5, 6], dtype: DType.Float64, seed: 3);
        Tensor? mask = maskKind switch
        {
            // batch 0 sees its first 3 keys, batch 1 none at all (zeros, no gradient).
            "padding" => Ops.Less(Ops.Reshape(Ops.Arange(0, 5, 1, DType.Float64), 1, 1, 1, 5), Tensor.FromArray(new double[] { 3, 0 }, 2, 1, 1, 1)),
            "bool" => Ops.Greater(Ops.RandomUniform([2, 1, 7, 5], dtype: DType.Float64, seed: 4), Ops.FullLike(Ops.Zeros([1], DType.Float64), 0.3)),
            "float" => Ops.Where(Ops.Greater(Ops.Reshape(Ops.Arange(0, 7, 1, DType.Float64), 7, 1), Ops.FullLike(Ops.Zeros([1], DType.Float64), 5.5)),
                                 Ops.FullLike(Ops.Zeros([1], DType.Float64), double.NegativeInfinity),
                                 Ops.RandomNormal([7, 5], dtype: DType.Float64, seed: 5)),
            _ => null,
        };
        var fused = Run((a, b, c) => Ops.ScaledDotProductAttention(a, b, c, mask, causal, scale: 0.7), q, k, v);
        var composed = Run((a, b, c) => Ops.ScaledDotProductAttentionComposed(a, b, c, mask, causal, scale: 0.7), q, k, v);
        AssertClose(composed.Output, fused.Output, 1e-12, "output");
        for (int i = 0; i < 3; i++) AssertClose(composed.Grads[i], fused.Grads[i], 1e-12, $"gradient {i}");
        Assert.IsFalse(fused.Output.Any(double.IsNaN) || fused.Grads.Any(g => g.Any(double.IsNaN)), "no NaN from fully masked rows");
    }

    [TestMethod]
    public void Float32_MatchesTheNativeFusedKernel()
    {
        float[] On(string backend)
        {
            Backend.Set(backend);
            var q = Tensor.FromArray(Enumerable.Range(0, 2 * 9 * 8).Select(i => MathF.Sin(i * 0.37f)).ToArray(), 2, 9, 8);
            var k = Tensor.FromArray(Enumerable.Range(0, 2 * 11 * 8).Select(i => MathF.Cos(i * 0.23f)).ToArray(), 2, 11, 8);
            var v = Tensor.FromArray(Enumerable.Range(0, 2 * 11 * 3).Select(i => MathF.Sin(i * 0.11f + 1)).ToArray(), 2, 11, 3);
            return Ops.ScaledDotProductAttention(q, k, v, causal: true).ToArray<float>();
        }
        var native = On("native");
        var torch = On("torch");
        for (int i = 0; i < native.Length; i++) Assert.AreEqual(native[i], torch[i], 1e-5f, $"element {i}");
    }

    [TestMethod]
    public void Dropout_IsComposed_WithTheSeedsMask()
    {
        var torch = (IFusedAttentionKernels)BackendRegistry.Get("torch");
        Assert.IsFalse(torch.CanFuseAttention(new AttentionOptions(1, false, 0.1, 7), DType.Float32, Device.Cpu),
                       "libtorch draws its dropout from its own generator, not the call's seed");
        var q = Ops.RandomNormal([2, 4, 3], seed: 1);
        var k = Ops.RandomNormal([2, 6, 3], seed: 2);
        var v = Ops.RandomNormal([2, 6, 2], seed: 3);
        var a = Ops.ScaledDotProductAttention(q, k, v, dropout: 0.3, seed: 5).ToArray<float>();
        var b = Ops.ScaledDotProductAttentionComposed(q, k, v, dropout: 0.3, seed: 5).ToArray<float>();
        CollectionAssert.AreEqual(b, a);
    }
    /// <summary>MultiHeadAttention with the same weights on both backends: output, scores and all gradients, with a padding mask and causal.</summary>
    [TestMethod]
    [DataRow(false, false, DisplayName = "fused path")]
    [DataRow(true, false, DisplayName = "with scores (composed)")]
    [DataRow(true, true, DisplayName = "two attention axes (einsum)")]
    public void MultiHeadAttention_NativeAndTorchAgree(bool withScores, bool twoAxes)
    {
        List<float[]> On(string backend)
        {
            Backend.Set(backend);
            LayerNames.Reset();
            var mha = new MultiHeadAttention(2, 3, valueDim: 4, outputShape: [5], attentionAxes: twoAxes ? [1, 2] : null);
            float[] Host(int n, int seed) { var r = new Random(seed); return [.. Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 2 - 1))]; }
            int[] qShape = twoAxes ? [2, 5, 2, 6] : [2, 5, 6], vShape = twoAxes ? [2, 7, 2, 4] : [2, 7, 4];
            var q = Tensor.FromArray(Host(qShape.Aggregate(1, (a, b) => a * b), 1), qShape);
            var v = Tensor.FromArray(Host(vShape.Aggregate(1, (a, b) => a * b), 2), vShape);
            // Keys 4 to 6 of the second sample are padding (with two axes: the mask spans both query and both key axes).
            var keep = Tensor.FromArray(Enumerable.Range(0, 2 * 7).Select(i => i % 7 < (i < 7 ? 7 : 4)).ToArray(), 2, 1, 7);
            if (twoAxes) keep = Ops.BroadcastTo(Ops.Reshape(keep, 2, 1, 1, 7, 1), [2, 5, 2, 7, 2]);
            mha.Apply(q, v).Dispose();
            for (int i = 0; i < mha.Weights.Count; i++)
            {
                using var value = Tensor.FromArray(Host(mha.Weights[i].Size, 10 + i), mha.Weights[i].Shape.ToArray());
                mha.Weights[i].Assign(value);
            }
            using var tape = new GradientTape();
            tape.Watch([q, v]);
            Tensor y, scores;
            if (withScores) (y, scores) = mha.ApplyWithScores(q, v, attentionMask: keep, useCausalMask: !twoAxes);
            else { y = mha.Apply(q, v, attentionMask: keep, useCausalMask: true); scores = Ops.Zeros([1]); }
            Assert.AreEqual(backend, y.Backend.Name);
            var w = Tensor.FromArray(Host(y.Size, 3), y.Shape.ToArray());
            var grads = tape.Gradient(Ops.Sum(Ops.Multiply(y, w)), [q, v, .. mha.TrainableWeights]);
            return [y.ToArray<float>(), scores.ToArray<float>(), .. grads.Select(g => g!.ToArray<float>())];
        }
        var native = On("native");
        var torch = On("torch");
        Assert.HasCount(native.Count, torch);
        for (int k = 0; k < native.Count; k++)
        {
            Assert.HasCount(native[k].Length, torch[k]);
            for (int i = 0; i < native[k].Length; i++)
                Assert.AreEqual(native[k][i], torch[k][i], 1e-4 * (1 + Math.Abs(native[k][i])), $"array {k} (0 output, 1 scores, then gradients), element {i}");
        }
    }
}
