using static KerasSharp.Tests.GradientCheck;
using static KerasSharp.Tests.SecondOrder;

namespace KerasSharp.Tests;

/// <summary>
/// Float64 finite-difference checks of attention: the fused path (the native kernel's own backward), the composed path
/// (the primitives' rules), masks, causal, dropout with a fixed seed, and second derivatives (the fused node's backward
/// composed from primitives under an outer tape).
/// </summary>
[TestClass]
public sealed class GradientCheckAttentionTests
{
    private static Tensor Sdpa(Tensor[] x, Tensor? mask = null, bool causal = false, double dropout = 0, double? scale = null) =>
        Ops.ScaledDotProductAttention(x[0], x[1], x[2], mask, causal, dropout, scale, seed: 5);

    private static Tensor Composed(Tensor[] x, Tensor? mask = null, bool causal = false, double dropout = 0, double? scale = null) =>
        Ops.ScaledDotProductAttentionComposed(x[0], x[1], x[2], mask, causal, dropout, scale, seed: 5);

    // [batch, keys]: batch 0 sees 4 of 5 keys, batch 1 sees 2.
    private static Tensor Padding => Ops.Reshape(Tensor.FromArray(new[] { true, true, true, true, false, true, true, false, false, false }), 2, 1, 1, 5);

    // [seqQ, seqK] with the middle query row fully masked.
    private static Tensor WithEmptyRow => Tensor.FromArray(new[] { true, false, true, true, false, false, false, false, false, false, false, true, true, false, true }, 3, 5);

    private static readonly GradCases Cases = new()
    {
        { "fused [2,3,4]x[2,5,4]x[2,5,3]", x => Sdpa(x), Any([2, 3, 4], 1), Any([2, 5, 4], 2), Any([2, 5, 3], 3) },
        { "composed [2,3,4]x[2,5,4]x[2,5,3]", x => Composed(x), Any([2, 3, 4], 1), Any([2, 5, 4], 2), Any([2, 5, 3], 3) },
        { "fused batch and heads [2,2,3,4], key and value shared by heads", x => Sdpa(x), Any([2, 2, 3, 4], 4), Any([2, 1, 5, 4], 5), Any([2, 1, 5, 2], 6) },
        { "fused scale 0.7", x => Sdpa(x, scale: 0.7), Any([1, 4, 3], 7), Any([1, 4, 3], 8), Any([1, 4, 3], 9) },
        { "fused causal square", x => Sdpa(x, causal: true), Any([2, 4, 3], 10), Any([2, 4, 3], 11), Any([2, 4, 2], 12) },
        { "fused causal more keys", x => Sdpa(x, causal: true), Any([1, 3, 3], 13), Any([1, 5, 3], 14), Any([1, 5, 2], 15) },
        { "fused causal more queries", x => Sdpa(x, causal: true), Any([1, 5, 3], 16), Any([1, 3, 3], 17), Any([1, 3, 2], 18) },
        { "composed causal", x => Composed(x, causal: true), Any([1, 5, 3], 16), Any([1, 3, 3], 17), Any([1, 3, 2], 18) },
        { "fused padding mask [2,1,1,5]", x => Sdpa(x, Padding), Any([2, 2, 3, 4], 19), Any([2, 2, 5, 4], 20), Any([2, 2, 5, 3], 21) },
        { "composed padding mask [2,1,1,5]", x => Composed(x, Padding), Any([2, 2, 3, 4], 19), Any([2, 2, 5, 4], 20), Any([2, 2, 5, 3], 21) },
        { "fused bool mask with a fully masked row", x => Sdpa(x, WithEmptyRow), Any([2, 3, 4], 22), Any([2, 5, 4], 23), Any([2, 5, 3], 24) },
        { "composed bool mask with a fully masked row", x => Composed(x, WithEmptyRow), Any([2, 3, 4], 22), Any([2, 5, 4], 23), Any([2, 5, 3], 24) },
        { "fused bool mask and causal", x => Sdpa(x, WithEmptyRow, causal: true), Any([2, 3, 4], 25), Any([2, 5, 4], 26), Any([2, 5, 3], 27) },
        { "fused float mask, its gradient too", x => Sdpa([x[0], x[1], x[2]], x[3]), Any([2, 3, 4], 28), Any([2, 5, 4], 29), Any([2, 5, 3], 30), Any([3, 5], 31) },
        { "composed float mask, its gradient too", x => Composed([x[0], x[1], x[2]], x[3]), Any([2, 3, 4], 28), Any([2, 5, 4], 29), Any([2, 5, 3], 30), Any([3, 5], 31) },
        { "fused dropout 0.3, seed fixed", x => Sdpa(x, dropout: 0.3), Any([2, 4, 3], 32), Any([2, 6, 3], 33), Any([2, 6, 2], 34) },
        { "composed dropout 0.3, seed fixed", x => Composed(x, dropout: 0.3), Any([2, 4, 3], 32), Any([2, 6, 3], 33), Any([2, 6, 2], 34) },
        { "fused dropout and causal", x => Sdpa(x, causal: true, dropout: 0.4), Any([1, 5, 3], 35), Any([1, 5, 3], 36), Any([1, 5, 2], 37) },
        { "fused several blocks [1,70,2]x[1,130,2], causal", x => Sdpa(x, causal: true), Any([1, 70, 2], 38), Any([1, 130, 2], 39), Any([1, 130, 1], 40) },
        { "weights output (composed)", x => Ops.ScaledDotProductAttentionWithWeights(x[0], x[1], x[2], WithEmptyRow).Weights,
            Any([1, 3, 4], 41), Any([1, 5, 4], 42), Any([1, 5, 3], 43) },

        // Second derivatives: the fused node's backward runs as differentiable primitives under the outer tape.
        { "d/dq fused", GradOf(x => Sdpa(x), 0), Any([2, 3, 4], 44), Any([2, 5, 4], 45), Any([2, 5, 3], 46) },
        { "d/dk fused causal", GradOf(x => Sdpa(x, causal: true), 1), Any([1, 4, 3], 47), Any([1, 4, 3], 48), Any([1, 4, 2], 49) },
        { "d/dv fused masked", GradOf(x => Sdpa(x, WithEmptyRow), 2), Any([2, 3, 4], 50), Any([2, 5, 4], 51), Any([2, 5, 3], 52) },
        { "d/dq fused dropout", GradOf(x => Sdpa(x, dropout: 0.3), 0), Any([1, 4, 3], 53), Any([1, 6, 3], 54), Any([1, 6, 2], 55) },
        { "d/dmask fused float mask", GradOf(x => Sdpa([x[0], x[1], x[2]], x[3]), 3), Any([1, 3, 4], 56), Any([1, 5, 4], 57), Any([1, 5, 3], 58), Any([3, 5], 59) },
    };

    public static IEnumerable<object[]> CaseNames => Cases.Names;

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void Gradient(string name) => Cases.Run(name);

    [TestMethod]
    public void FusedGradients_MatchTheComposedOnes()
    {
        var q = Ops.RandomNormal([2, 70, 8], dtype: DType.Float64, seed: 61);
        var k = Ops.RandomNormal([2, 140, 8], dtype: DType.Float64, seed: 62);
        var v = Ops.RandomNormal([2, 140, 6], dtype: DType.Float64, seed: 63);
        var w = Ops.RandomNormal([2, 70, 6], dtype: DType.Float64, seed: 64);
        var mask = Ops.Greater(Ops.RandomUniform([2, 1, 140], dtype: DType.Float64, seed: 65), Ops.Full([2, 1, 1], 0.3, DType.Float64));
        double[][] Grads(Func<Tensor, Tensor, Tensor, Tensor> f)
        {
            using var tape = new GradientTape();
            tape.Watch([q, k, v]);
            var grads = tape.Gradient(Ops.Sum(Ops.Multiply(f(q, k, v), w)), [q, k, v]);
            return [.. grads.Select(g => g!.ToArray<double>())];
        }
        var fused = Grads((a, b, c) => Ops.ScaledDotProductAttention(a, b, c, mask, causal: true, dropout: 0.2, seed: 9));
        var composed = Grads((a, b, c) => Ops.ScaledDotProductAttentionComposed(a, b, c, mask, causal: true, dropout: 0.2, seed: 9));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < fused[i].Length; j++)
                Assert.AreEqual(composed[i][j], fused[i][j], 1e-11 * Math.Max(1, Math.Abs(composed[i][j])), $"input {i} element {j}");
    }
}
