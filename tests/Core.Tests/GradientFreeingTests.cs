namespace KerasSharp.Tests;

/// <summary>
/// The tape frees gradients it has consumed (and each rule's temporaries) during the backward pass; what it returns,
/// what the caller passed and everything aliased stays usable.
/// </summary>
[TestClass]
public sealed class GradientFreeingTests
{
    private static Tensor F64(params double[] values) => Tensor.FromArray(values);

    private static void AssertValues(double[] expected, Tensor actual, string what)
    {
        var values = actual.ToArray<double>();
        Assert.HasCount(expected.Length, values, what);
        for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], values[i], 1e-12, $"{what}: element {i}");
    }

    [TestMethod]
    public void LongChainFreesItsIntermediateGradientsBeforeReturning()
    {
        using var scope = new TensorScope();
        var x = new Variable(Tensor.FromArray(Enumerable.Range(0, 64).Select(i => i / 64.0).ToArray()), "x");
        Tensor?[] grads;
        long liveBefore;
        using (var tape = new GradientTape())
        {
            var h = (Tensor)x;
            for (int i = 0; i < 50; i++) h = Ops.Tanh(Ops.MultiplyScalar(h, 1.01));
            var loss = Ops.Sum(h);
            liveBefore = Tensor.LiveCount;
            grads = tape.Gradient(loss, [x]);
        }
        // Without freeing, the pass would leave at least one gradient and one temporary per op (about 200) alive.
        long added = Tensor.LiveCount - liveBefore;
        Assert.IsLessThan(20L, added, $"the backward pass left {added} tensors alive");
        Assert.IsFalse(grads[0]!.IsDisposed);
        Assert.AreEqual(64, grads[0]!.ToArray<double>().Length);
    }

    [TestMethod]
    public void GradientsSharedBetweenInputsAndAccumulatedStayValid()
    {
        var x = new Variable(F64(1, 2, 3), "x");
        var b = new Variable(F64(0.5, 0.5, 0.5), "b");
        using var tape = new GradientTape();
        // Add's rule hands the same gradient tensor to both inputs; x is used three times; a reshape makes a view.
        var y = Ops.Add(x, x);
        var z = Ops.Reshape(Ops.Add(Ops.Multiply(y, x), b), 3, 1);
        var loss = Ops.Sum(Ops.Add(z, Ops.Reshape(b, 3, 1)));
        var grads = tape.Gradient(loss, [x, b]);
        AssertValues([4, 8, 12], grads[0]!, "d/dx of 2x^2");
        AssertValues([2, 2, 2], grads[1]!, "d/db of b counted twice");
    }

    [TestMethod]
    public void CallersOutputGradientIsNotFreed()
    {
        var x = new Variable(F64(1, 2), "x");
        using var seed = F64(3, 4);
        using var tape = new GradientTape();
        var y = Ops.MultiplyScalar(Ops.Tanh(x), 1.0);
        var g = tape.Gradient(y, [x], outputGradient: seed)[0]!;
        Assert.IsFalse(seed.IsDisposed, "the caller's output gradient must stay alive");
        AssertValues([3, 4], seed, "seed");
        AssertValues([3 * (1 - Math.Pow(Math.Tanh(1), 2)), 4 * (1 - Math.Pow(Math.Tanh(2), 2))], g, "gradient");
    }

    [TestMethod]
    public void IntermediateSourceGradientIsReturnedAlive()
    {
        var x = new Variable(F64(1, 2), "x");
        using var tape = new GradientTape();
        var h = Ops.MultiplyScalar(x, 2.0);
        tape.Watch(h);
        var loss = Ops.Sum(Ops.Square(h));
        var grads = tape.Gradient(loss, [h, x]);
        AssertValues([4, 8], grads[0]!, "d/dh");
        AssertValues([8, 16], grads[1]!, "d/dx");
    }

    [TestMethod]
    public void SecondOrderGradientsStillWorkThroughAnOuterTape()
    {
        var x = new Variable(F64(0.3, -0.7), "x");
        using var outer = new GradientTape();
        Tensor dy;
        using (var inner = new GradientTape())
        {
            var y = Ops.Sum(Ops.Multiply(Ops.Square(x), x));
            dy = inner.Gradient(y, x);
        }
        var d2 = outer.Gradient(Ops.Sum(dy), x);
        AssertValues([6 * 0.3, 6 * -0.7], d2, "d2/dx2 of sum(x^3)");
    }
}
