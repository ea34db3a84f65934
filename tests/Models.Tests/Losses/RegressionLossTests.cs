using KerasSharp.Losses;
using static KerasSharp.Models.Tests.TestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class RegressionLossTests
{
    private static Tensor T01() => F([0, 1, 0, 0], 2, 2);
    private static Tensor P46() => F([0.6f, 0.4f, 0.4f, 0.6f], 2, 2);

    [TestMethod]
    public void MeanSquaredErrorMatchesHandValues()
    {
        using var t = T01();
        using var p = F([1, 1, 1, 0], 2, 2);
        // rows: ((1-0)^2 + 0) / 2 = 0.5 and ((1-0)^2 + 0) / 2 = 0.5
        AssertValues([0.5, 0.5], [2], new MeanSquaredError().ComputePerSample(t, p));
        AssertScalar(0.5, new MeanSquaredError().Call(t, p));
    }

    [TestMethod]
    public void MeanAbsoluteErrorMatchesHandValues()
    {
        using var t = T01();
        using var p = F([1, 1, 1, 0], 2, 2);
        AssertScalar((0.5 + 0.5) / 2, new MeanAbsoluteError().Call(t, p));
        using var p2 = F([0.5f, -1, 2, 0], 2, 2);
        // rows: (0.5 + 2) / 2 = 1.25 and (2 + 0) / 2 = 1
        AssertValues([1.25, 1.0], [2], new MeanAbsoluteError().ComputePerSample(t, p2));
    }

    [TestMethod]
    public void HuberQuadraticAndLinearParts()
    {
        using var t = T01();
        using var p = P46();
        // all |errors| <= 1: row 1 0.5*(0.36+0.36)/2 = 0.18, row 2 0.5*(0.16+0.36)/2 = 0.13
        AssertScalar((0.18 + 0.13) / 2, new Huber().Call(t, p));
        using var t2 = F([0, 0], 1, 2);
        using var p2 = F([3, 0.5f], 1, 2);
        // delta 1: 3 is linear 1*3 - 0.5 = 2.5, 0.5 is quadratic 0.125 -> mean 1.3125
        AssertScalar((2.5 + 0.125) / 2, new Huber().Call(t2, p2));
        // delta 2: 3 is linear 2*3 - 0.5*4 = 4, 0.5 stays 0.125
        AssertScalar((4 + 0.125) / 2, new Huber(delta: 2).Call(t2, p2));
        Assert.AreEqual("huber_loss", new Huber().Name);
    }

    [TestMethod]
    public void LogCoshMatchesLogOfCosh()
    {
        using var t = T01();
        using var p = P46();
        double row1 = (Math.Log(Math.Cosh(0.6)) + Math.Log(Math.Cosh(-0.6))) / 2;
        double row2 = (Math.Log(Math.Cosh(0.4)) + Math.Log(Math.Cosh(0.6))) / 2;
        AssertScalar((row1 + row2) / 2, new LogCosh().Call(t, p));
        // large errors do not overflow: log cosh(100) = 100 - log 2
        using var t2 = F([0], 1, 1);
        using var p2 = F([100], 1, 1);
        AssertScalar(100 - Math.Log(2), new LogCosh().Call(t2, p2), 1e-4);
    }

    [TestMethod]
    public void KLDivergenceClipsAsKeras()
    {
        using var t = T01();
        using var p = P46();
        const double eps = 1e-7;
        double row1 = (eps * Math.Log(eps / 0.6) + 1 * Math.Log(1 / 0.4)) / 1;
        double row2 = eps * Math.Log(eps / 0.4) + eps * Math.Log(eps / 0.6);
        AssertValues([row1, row2], [2], new KLDivergence().ComputePerSample(t, p));
        AssertScalar((row1 + row2) / 2, new KLDivergence().Call(t, p));
    }

    [TestMethod]
    public void HingeConvertsBinaryLabels()
    {
        using var t = T01();
        using var p = P46();
        // labels {0,1} -> {-1,1}: row 1 max(1+0.6,0)=1.6, max(1-0.4,0)=0.6 -> 1.1; row 2 1.4, 1.6 -> 1.5
        AssertScalar((1.1 + 1.5) / 2, new Hinge().Call(t, p));
        using var tPm = F([-1, 1, -1, -1], 2, 2);
        AssertScalar((1.1 + 1.5) / 2, new Hinge().Call(tPm, p));
        // labels already -1/1 with a margin met: max(1 - 1*2, 0) = 0, max(1 - (-1)(-0.5), 0) = 0.5
        using var t3 = F([1, -1], 1, 2);
        using var p3 = F([2, -0.5f], 1, 2);
        AssertScalar(0.25, new Hinge().Call(t3, p3));
    }
}
