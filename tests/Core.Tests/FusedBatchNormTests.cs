using KerasSharp.Backends;
using static KerasSharp.Tests.GradientCheck;
using static KerasSharp.Tests.SecondOrder;

namespace KerasSharp.Tests;

/// <summary>
/// Ops.BatchNorm (the batch's statistics): float64 finite differences, hand-computed statistics, the fused native kernels
/// against the composed reference in both layouts, second derivatives, and bad arguments.
/// </summary>
[TestClass]
public sealed class FusedBatchNormTests
{
    private static readonly GradCases Cases = new()
    {
        { "BatchNorm channels-last x gamma beta", x => Ops.BatchNorm(x[0], x[1], x[2], -1, 1e-5).Output, Any([4, 3], 1), Any([3], 2), Any([3], 3) },
        { "BatchNorm channels-first x gamma", x => Ops.BatchNorm(x[0], x[1], null, 1, 1e-3).Output, Any([2, 3, 2, 2], 4), Any([3], 5) },
        { "BatchNorm middle axis x beta", x => Ops.BatchNorm(x[0], null, x[1], 1, 1e-5).Output, Any([3, 2, 4], 6), Any([2], 7) },
        { "BatchNorm x alone", x => Ops.BatchNorm(x[0], null, null, 0, 1e-5).Output, Any([3, 5], 8) },
        { "d/dx BatchNorm (second order)", GradOf(x => Ops.BatchNorm(x[0], x[1], x[2], -1, 1e-5).Output), Any([3, 2], 9), Any([2], 10), Any([2], 11) },
        { "d/dgamma BatchNorm (second order)", GradOf(x => Ops.BatchNorm(x[0], x[1], null, 1, 1e-5).Output, wrt: 1), Any([2, 2, 3], 12), Any([2], 13) },
    };

    public static IEnumerable<object[]> CaseNames => Cases.Names;

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void Gradient(string name) => Cases.Run(name);

    [TestMethod]
    public void StatisticsAndOutput_ByHand()
    {
        // Feature 0 holds 1, 3, 5, 7 (mean 4, biased variance 5); feature 1 holds 2, 2, 2, 2 (variance 0).
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 2, 5, 2, 7, 2 }, [4, 2]);
        using var gamma = Tensor.FromArray(new float[] { 2, 1 });
        using var beta = Tensor.FromArray(new float[] { 0.5f, -1 });
        var (y, mean, variance) = Ops.BatchNorm(x, gamma, beta, -1, 1e-3);
        CollectionAssert.AreEqual(new float[] { 4, 2 }, mean.ToArray<float>());
        CollectionAssert.AreEqual(new float[] { 5, 0 }, variance.ToArray<float>());
        double s = 2 / Math.Sqrt(5.001);
        var expected = new[] { -3 * s + 0.5, -1, -1 * s + 0.5, -1, 1 * s + 0.5, -1, 3 * s + 0.5, -1 };
        TensorAssert.AreClose(expected, [4, 2], Ops.Cast(y, DType.Float64), 1e-6);
    }

    [TestMethod]
    [DataRow(DType.Float32, new[] { 16, 9, 7, 64 }, 3, true)]     // channels-last: rows of features, many chunks
    [DataRow(DType.Float32, new[] { 8, 5, 12, 13 }, 1, true)]     // channels-first: runs of 156 positions per feature
    [DataRow(DType.Float32, new[] { 3, 33 }, 1, false)]           // a Dense output, a vector tail, no gamma or beta
    [DataRow(DType.Float32, new[] { 4, 6, 3 }, 1, true)]          // a middle axis
    [DataRow(DType.Float64, new[] { 6, 4, 5 }, 2, true)]
    [DataRow(DType.Float64, new[] { 5, 3, 2, 2 }, 1, false)]
    public void FusedMatchesTheComposedReference(DType dtype, int[] shape, int axis, bool affine)
    {
        using var scope = new TensorScope();
        int features = shape[axis];
        // a mean far from zero: the shifted sums must keep the variance accurate
        var x = Ops.AddScalar(Ops.MultiplyScalar(Ops.RandomNormal(shape, dtype: dtype, seed: 1), 3), 50);
        var gamma = affine ? Ops.RandomNormal([features], dtype: dtype, seed: 2) : null;
        var beta = affine ? Ops.RandomNormal([features], dtype: dtype, seed: 3) : null;
        var g = Ops.RandomNormal(shape, dtype: dtype, seed: 4);
        Assert.IsInstanceOfType<IFusedNormalizationKernels>(x.Backend, "the native backend has the fused kernels");
        double tolerance = dtype == DType.Float32 ? 2e-5 : 1e-12;
        Tensor?[] Grads(Func<(Tensor, Tensor, Tensor)> f, out (Tensor Y, Tensor Mean, Tensor Variance) r)
        {
            using var tape = new GradientTape();
            tape.Watch(x);
            if (gamma is not null) tape.Watch(gamma);
            if (beta is not null) tape.Watch(beta);
            r = f();
            return tape.Gradient(r.Y, affine ? [x, gamma!, beta!] : [x], g);
        }
        var fused = Grads(() => Ops.BatchNorm(x, gamma, beta, axis, 1e-3), out var f);
        var composed = Grads(() => Ops.BatchNormFromPrimitives(x, gamma, beta, axis, 1e-3), out var c);
        static void Close(Tensor want, Tensor got, double tol) =>
            TensorAssert.AreClose(Ops.Cast(want, DType.Float64).ToArray<double>(), want.Shape.ToArray(), Ops.Cast(got, DType.Float64), tol);
        Close(c.Y, f.Y, tolerance);
        Close(c.Mean, f.Mean, tolerance);
        Close(c.Variance, f.Variance, tolerance * 10);
        // dgamma and dbeta sum over the whole batch: their size grows with it, so their tolerance does too
        for (int i = 0; i < fused.Length; i++)
            Close(composed[i]!, fused[i]!, tolerance * (i == 0 ? 10 : 200));
    }

    [TestMethod]
    public void SameBitsOnOneAndTwoThreads()
    {
        using var scope = new TensorScope();
        var x = Ops.RandomNormal([32, 10, 10, 16], seed: 5);
        var gamma = Ops.RandomNormal([16], seed: 6);
        var g = Ops.RandomNormal([32, 10, 10, 16], seed: 7);
        float[][] Run(int threads)
        {
            int before = Config.NumThreads;
            Config.NumThreads = threads;
            try
            {
                using var tape = new GradientTape();
                tape.Watch(x);
                tape.Watch(gamma);
                var (y, mean, variance) = Ops.BatchNorm(x, gamma, null, 3, 1e-3);
                var grads = tape.Gradient(y, [x, gamma], g);
                return [y.ToArray<float>(), mean.ToArray<float>(), variance.ToArray<float>(), grads[0]!.ToArray<float>(), grads[1]!.ToArray<float>()];
            }
            finally { Config.NumThreads = before; }
        }
        var one = Run(1);
        var two = Run(2);
        for (int i = 0; i < one.Length; i++) CollectionAssert.AreEqual(one[i], two[i], $"result {i}");
    }

    [TestMethod]
    public void BadArgumentsNameTheOpAndShapes()
    {
        using var x = Tensor.FromArray(new float[12], [2, 3, 2]);
        using var gamma = Tensor.FromArray(new float[2]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.BatchNorm(x, gamma, null, 1, 1e-3));
        StringAssert.Contains(e.Message, "batch_norm: gamma is [2] float32");
        StringAssert.Contains(e.Message, "expected [3] float32 on native for input [2,3,2], axis 1");
        using var row = Tensor.FromArray(new float[3]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Ops.BatchNorm(row, null, null, 0, 1e-3)).Message,
                              "needs a feature axis and at least one axis to normalize over");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Ops.BatchNorm(x, null, null, 1, 0)).Message, "epsilon must be positive");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ops.BatchNorm(x, null, null, 3, 1e-3));
    }
}
