using KerasSharp.Backends;
using static KerasSharp.Tests.GradientCheck;
using static KerasSharp.Tests.SecondOrder;

namespace KerasSharp.Tests;

/// <summary>Ops.LayerNorm: float64 finite differences, the fused native kernels against the composed reference, second derivatives.</summary>
[TestClass]
public sealed class FusedLayerNormTests
{
    private static readonly GradCases Cases = new()
    {
        { "LayerNorm x gamma beta", x => Ops.LayerNorm(x[0], x[1], x[2], 1e-5), Any([3, 5], 1), Any([5], 2), Any([5], 3) },
        { "LayerNorm x gamma", x => Ops.LayerNorm(x[0], x[1], null, 1e-3), Any([2, 2, 4], 4), Any([4], 5) },
        { "LayerNorm x beta", x => Ops.LayerNorm(x[0], null, x[1], 1e-5), Any([4, 3], 6), Any([3], 7) },
        { "LayerNorm x alone", x => Ops.LayerNorm(x[0], null, null, 1e-5), Any([2, 6], 8) },
        { "d/dx LayerNorm (second order)", GradOf(x => Ops.LayerNorm(x[0], x[1], x[2], 1e-5)), Any([2, 4], 9), Any([4], 10), Any([4], 11) },
        { "d/dgamma LayerNorm (second order)", GradOf(x => Ops.LayerNorm(x[0], x[1], null, 1e-5), wrt: 1), Any([2, 4], 12), Any([4], 13) },
    };

    public static IEnumerable<object[]> CaseNames => Cases.Names;

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void Gradient(string name) => Cases.Run(name);

    [TestMethod]
    [DataRow(DType.Float32, 8, 768, true)]
    [DataRow(DType.Float32, 300, 33, true)]     // many rows: split over threads, partial sums per chunk
    [DataRow(DType.Float32, 4, 19, false)]      // the float32 vector path without gamma and beta, a vector tail
    [DataRow(DType.Float64, 5, 7, false)]
    public void FusedMatchesTheComposedReference(DType dtype, int rows, int width, bool affine)
    {
        using var scope = new TensorScope();
        var x = Ops.AddScalar(Ops.MultiplyScalar(Ops.RandomNormal([rows, width], dtype: dtype, seed: 1), 3), 2);
        var gamma = affine ? Ops.RandomNormal([width], dtype: dtype, seed: 2) : null;
        var beta = affine ? Ops.RandomNormal([width], dtype: dtype, seed: 3) : null;
        var g = Ops.RandomNormal([rows, width], dtype: dtype, seed: 4);
        Assert.IsInstanceOfType<IFusedNormalizationKernels>(x.Backend, "the native backend has the fused kernels");
        double tolerance = dtype == DType.Float32 ? 2e-5 : 1e-12;
        Tensor?[] Grads(Func<Tensor> f, out Tensor y)
        {
            using var tape = new GradientTape();
            tape.Watch(x);
            if (gamma is not null) tape.Watch(gamma);
            if (beta is not null) tape.Watch(beta);
            y = f();
            return tape.Gradient(y, affine ? [x, gamma!, beta!] : [x], g);
        }
        var fused = Grads(() => Ops.LayerNorm(x, gamma, beta, 1e-5), out var yFused);
        var composed = Grads(() => Ops.LayerNormFromPrimitives(x, gamma, beta, 1e-5), out var yComposed);
        TensorAssert.AreClose(Ops.Cast(yComposed, DType.Float64).ToArray<double>(), [rows, width], Ops.Cast(yFused, DType.Float64), tolerance);
        for (int i = 0; i < fused.Length; i++)
            TensorAssert.AreClose(Ops.Cast(composed[i]!, DType.Float64).ToArray<double>(), composed[i]!.Shape.ToArray(),
                                  Ops.Cast(fused[i]!, DType.Float64), tolerance * 10);
    }

    [TestMethod]
    public void MismatchedGammaNamesBothShapes()
    {
        using var x = Tensor.FromArray(new float[6], [2, 3]);
        using var gamma = Tensor.FromArray(new float[2]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.LayerNorm(x, gamma, null, 1e-5));
        StringAssert.Contains(e.Message, "layer_norm: gamma is [2] float32");
        StringAssert.Contains(e.Message, "expected [3] float32");
    }
}
