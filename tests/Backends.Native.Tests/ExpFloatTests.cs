namespace KerasSharp.Backends.Native.Tests;

/// <summary>The single-precision exp kernel against double-precision exp.</summary>
[TestClass]
public class ExpFloatTests
{
    [TestMethod]
    public void WithinTwoUlpsOverTheWholeRange()
    {
        var x = new List<float>();
        for (double v = -103.9; v <= 88.7; v += 0.00731) x.Add((float)v);
        x.AddRange([0f, -0f, 1e-30f, -1e-30f, 0.34657359f, -0.34657359f, 88.72f, -87.33f, float.Epsilon]);
        var xs = x.ToArray();
        var d = new float[xs.Length];
        ExpFloat.Span<float>(xs, d);
        double worst = 0;
        float worstX = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double want = Math.Exp(xs[i]);
            if (want < 1.17549435e-38)
            {
                Assert.AreEqual(want, d[i], 2 * float.Epsilon, $"exp({xs[i]}) subnormal");
                continue;
            }
            double ulp = (double)MathF.BitIncrement((float)want) - (float)want;
            double err = Math.Abs(d[i] - want) / ulp;
            if (err > worst) (worst, worstX) = (err, xs[i]);
        }
        Console.WriteLine($"worst error {worst:F2} ulp at x = {worstX:R}");
        Assert.IsLessThanOrEqualTo(2.0, worst, $"worst error {worst:F2} ulp at x = {worstX:R}");
    }

    [TestMethod]
    public void SpecialValues()
    {
        float[] x = [float.PositiveInfinity, float.NegativeInfinity, float.NaN, 89f, 100f, -104f, -1000f, 88.8f];
        var d = new float[x.Length];
        ExpFloat.Span<float>(x, d); // 8 elements: also the partial-vector tail on AVX-512
        Assert.AreEqual(float.PositiveInfinity, d[0]);
        Assert.AreEqual(0f, d[1]);
        Assert.IsTrue(float.IsNaN(d[2]));
        Assert.AreEqual(float.PositiveInfinity, d[3]);
        Assert.AreEqual(float.PositiveInfinity, d[4]);
        Assert.AreEqual(0f, d[5]);
        Assert.AreEqual(0f, d[6]);
        Assert.AreEqual(float.PositiveInfinity, d[7]);
    }

    [TestMethod]
    public void InPlaceAndTailsAgreeWithFullVectors()
    {
        var x = TestUtil.RandomFloats(37, 9);
        for (int i = 0; i < x.Length; i++) x[i] *= 20;
        var whole = new float[x.Length];
        ExpFloat.Span<float>(x, whole);
        for (int start = 0; start < x.Length; start++)
        {
            var part = x[start..].ToArray();
            ExpFloat.Span<float>(part, part);
            CollectionAssert.AreEqual(whole[start..], part, $"from {start}");
        }
    }
}

[TestClass]
public class SigmoidFloatTests
{
    [TestMethod]
    public void MatchesDoublePrecisionAndHandlesExtremes()
    {
        var x = new List<float> { 0f, -0f, float.PositiveInfinity, float.NegativeInfinity, 100f, -100f, -90f, 1e-8f };
        for (double v = -30; v <= 30; v += 0.0137) x.Add((float)v);
        var xs = x.ToArray();
        var d = new float[xs.Length];
        SigmoidFloat.Run(xs, d);
        for (int i = 0; i < xs.Length; i++)
        {
            double want = 1 / (1 + Math.Exp(-(double)xs[i]));
            Assert.AreEqual(want, d[i], 4e-7 * want + 1e-44, $"sigmoid({xs[i]:R})");
        }
        var nan = new float[1];
        SigmoidFloat.Run([float.NaN], nan);
        Assert.IsTrue(float.IsNaN(nan[0]));
    }

    [TestMethod]
    public void BackendSigmoidDoesNotDependOnThreadCount()
    {
        const int n = 100_003;
        var v = TestUtil.RandomFloats(n, 21);
        for (int i = 0; i < n; i++) v[i] *= 30;
        using var x = TestUtil.T(v, n);
        float[] Run(int threads) => TestUtil.WithThreads(threads, () =>
        {
            using var s = TestUtil.B.Unary(UnaryOp.Sigmoid, x);
            return TestUtil.Read<float>(s);
        });
        var one = Run(1);
        CollectionAssert.AreEqual(one, Run(2));
        for (int i = 0; i < n; i += 997) Assert.AreEqual(1 / (1 + Math.Exp(-(double)v[i])), one[i], 1e-6);
    }
}
