using static KerasSharp.Tests.GradientCheck;

namespace KerasSharp.Tests;

/// <summary>The gradient checker must fail on a wrong gradient, or the other checks prove nothing.</summary>
[TestClass]
public sealed class GradientCheckSelfTests
{
    [TestMethod]
    public void PassesOnACorrectGradient() =>
        Check("square*sin", x => Ops.Multiply(Ops.Square(x[0]), Ops.Sin(x[1])), Any([2, 3], 1), Any([3], 2));

    [TestMethod]
    public void FailsWhenAPathIsMissingFromTheTape()
    {
        // x * stop(x): the tape sees d/dx = x, the function's true derivative is 2x.
        var e = Assert.ThrowsExactly<AssertFailedException>(() =>
            Check("x*stop(x)", x => Ops.Multiply(x[0], Ops.StopGradient(x[0])), Values([1.5, -2.0, 0.5], 3)));
        Assert.Contains("x*stop(x)", e.Message);
        Assert.Contains("3 gradient element(s)", e.Message);
        Assert.Contains("input 0 [3] element 1 [1]", e.Message);
        Assert.Contains("(x=-2): analytic=", e.Message);
        Assert.Contains("numeric=", e.Message);
    }

    [TestMethod]
    public void FailsWhenTheGradientIsMissing()
    {
        // Only the second input reaches the output through the tape: the first gets zeros, its true gradient is not zero.
        var e = Assert.ThrowsExactly<AssertFailedException>(() =>
            Check("stop(a)*b", x => Ops.Multiply(Ops.StopGradient(x[0]), x[1]), Any([2], 1), Any([2], 2)));
        Assert.Contains("input 0", e.Message);
        Assert.DoesNotContain("input 1", e.Message);
    }

    [TestMethod]
    public void FailsOnASmallRelativeError()
    {
        // A gradient wrong by one part in 1e4 (x * stop(1e-4 x) adds 1e-4 x to the true derivative 1 + 2e-4 x).
        Assert.ThrowsExactly<AssertFailedException>(() =>
            Check("small error", x => Ops.Add(x[0], Ops.Multiply(x[0], Ops.MultiplyScalar(Ops.StopGradient(x[0]), 1e-4))), Values([2.0, 3.0], 2)));
    }

    [TestMethod]
    public void RejectsFloat32Outputs()
    {
        var e = Assert.ThrowsExactly<AssertFailedException>(() => Check("to float32", x => Ops.Cast(x[0], DType.Float32), Any([2])));
        Assert.Contains("float64", e.Message);
    }

    [TestMethod]
    public void DistinctInputsAreDistinctAcrossInputs()
    {
        var inputs = DistinctInputs(3, [2, 3], [3], [4]);
        var all = inputs.SelectMany(i => i.Data).Order().ToArray();
        Assert.HasCount(13, all);
        for (int i = 1; i < all.Length; i++)
            Assert.IsGreaterThanOrEqualTo(0.1, all[i] - all[i - 1], $"values {all[i - 1]} and {all[i]} are too close");
    }
}
