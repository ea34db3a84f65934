using System.Runtime.Intrinsics;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>The fused passes' float32 sigmoid and tanh against double precision, and the AVX-512 exp against the 256-bit one.</summary>
[TestClass]
public class FloatActivationsTests
{
    private static double Ulps(double want, float got)
    {
        double ulp = (double)MathF.BitIncrement((float)Math.Abs(want)) - (float)Math.Abs(want);
        return Math.Abs(got - want) / ulp;
    }

    private static IEnumerable<float> Grid(double from, double to, double step)
    {
        for (double v = from; v <= to; v += step) yield return (float)v;
    }

    [TestMethod]
    public void SigmoidWithinTwoAndAHalfUlps()
    {
        if (!FloatActivations.Accelerated) Assert.Inconclusive("no AVX-512 here: the fused passes are not used");
        double worst = 0;
        foreach (var x in Grid(-87, 30, 0.000731).Concat([0f, -0f, 1e-8f, -1e-8f]))
        {
            double want = 1 / (1 + Math.Exp(-(double)x));
            worst = Math.Max(worst, Ulps(want, FloatActivations.Scalar(x, RecurrentActivation.Sigmoid)));
        }
        Console.WriteLine($"sigmoid: worst {worst:F2} ulp");
        Assert.IsLessThanOrEqualTo(2.5, worst);
    }

    [TestMethod]
    public void TanhWithinOneAndAHalfUlpsAndNeverBeyondOne()
    {
        if (!FloatActivations.Accelerated) Assert.Inconclusive("no AVX-512 here: the fused passes are not used");
        double worst = 0;
        foreach (var x in Grid(-12, 12, 0.0000377).Concat([1e-3f, -1e-3f, 1e-20f, 8.3f, -8.3f]))
        {
            float got = FloatActivations.Scalar(x, RecurrentActivation.Tanh);
            Assert.IsLessThanOrEqualTo(1f, Math.Abs(got), $"tanh({x:R}) = {got:R}");
            worst = Math.Max(worst, Ulps(Math.Tanh(x), got));
        }
        Console.WriteLine($"tanh: worst {worst:F2} ulp");
        Assert.IsLessThanOrEqualTo(1.5, worst);
    }

    [TestMethod]
    public void SpecialValues()
    {
        if (!FloatActivations.Accelerated) Assert.Inconclusive("no AVX-512 here: the fused passes are not used");
        float S(float x) => FloatActivations.Scalar(x, RecurrentActivation.Sigmoid);
        float T(float x) => FloatActivations.Scalar(x, RecurrentActivation.Tanh);
        Assert.AreEqual(1f, S(float.PositiveInfinity));
        Assert.AreEqual(0f, S(float.NegativeInfinity));
        Assert.AreEqual(0.5f, S(0f));
        Assert.IsTrue(float.IsNaN(S(float.NaN)));
        Assert.AreEqual(1f, T(float.PositiveInfinity));
        Assert.AreEqual(-1f, T(float.NegativeInfinity));
        Assert.AreEqual(1f, T(50f));
        Assert.IsTrue(float.IsNaN(T(float.NaN)));
        Assert.IsTrue(float.IsNegative(T(-0f)) && T(-0f) == 0f, "tanh(-0) is -0");
        Assert.AreEqual(0f, FloatActivations.Scalar(-2f, RecurrentActivation.Relu));
        Assert.IsTrue(float.IsNaN(FloatActivations.Scalar(float.NaN, RecurrentActivation.Relu)), "relu keeps NaN, as ReluKernel");
    }

    [TestMethod]
    public void Exp512MatchesThe256BitPathBitForBit()
    {
        if (!FloatActivations.Accelerated) Assert.Inconclusive("no AVX-512 here");
        var xs = Grid(-105, 90, 0.00917).Concat([float.NaN, float.PositiveInfinity, float.NegativeInfinity, -87.4f, -103.9f, 88.72f, 88.73f, -0f, 1e-30f])
            .ToArray();
        for (int i = 0; i < xs.Length; i += 16)
        {
            var chunk = new float[16];
            xs.AsSpan(i, Math.Min(16, xs.Length - i)).CopyTo(chunk);
            var wide = ExpFloat.Exp(Vector512.Create(chunk));
            for (int half = 0; half < 2; half++)
            {
                var narrow = ExpFloat.Exp(Vector256.Create(chunk.AsSpan(half * 8, 8)));
                for (int l = 0; l < 8; l++)
                {
                    float a = wide[half * 8 + l], b = narrow[l];
                    Assert.IsTrue(BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b) || (float.IsNaN(a) && float.IsNaN(b)),
                        $"exp({chunk[half * 8 + l]:R}): {a:R} against {b:R}");
                }
            }
        }
    }
}
