namespace KerasSharp.Layers.Tests;

/// <summary>EinsumDense: kernel and bias shapes from the equation (Keras's rules), values by hand, gradients, bad input.</summary>
[TestClass]
public sealed class EinsumDenseTests
{
    [TestMethod]
    public void AsDense_ComputesByHand()
    {
        // ab,bc->ac is Dense: kernel [3, 2] of 0.5, bias [2] of -1.
        var d = new EinsumDense("ab,bc->ac", 2, activation: "relu", biasAxes: "c", kernelInitializer: new Constant(0.5), biasInitializer: new Constant(-1));
        using var y = d.Apply(T.F([1, 2, 3, -1, -2, -3], 2, 3));
        T.Shape([2, 2], y);
        T.Close([2, 2, 0, 0], y);
        T.Shape([3, 2], d.Kernel!);
        T.Shape([2], d.Bias!);
    }

    [TestMethod]
    public void ToHeads_KernelAndBiasShapes_AsKeras()
    {
        // MultiHeadAttention's query projection: (batch, seq, 6) -> (batch, seq, 2 heads, 4).
        var d = new EinsumDense("abc,cde->abde", [null, 2, 4], biasAxes: "de");
        T.Shape([null, 5, 2, 4], d.Apply(new Input([5, 6])));
        T.Shape([6, 2, 4], d.Kernel!);
        T.Shape([2, 4], d.Bias!);
        // Sequences of another length reuse the weights.
        using var y = d.Apply(Ops.Ones([3, 7, 6]));
        T.Shape([3, 7, 2, 4], y);
        // A bias along the middle axis only spans to the end of the output, 1 where it does not vary.
        var e = new EinsumDense("abc,cd->abd", [5, 4], biasAxes: "b");
        e.Apply(new Input([5, 3]));
        T.Shape([5, 1], e.Bias!);
    }

    [TestMethod]
    public void ElidedAxes_LeftAndRight()
    {
        var left = new EinsumDense("...b,bc->...c", 4, kernelInitializer: new Constant(1));
        using var y = left.Apply(Ops.Ones([2, 3, 5]));
        T.Shape([2, 3, 4], y);
        T.Shape([5, 4], left.Kernel!);
        T.Close(Enumerable.Repeat(5f, 24).ToArray(), y);
        T.Shape([null, 7, 4], left.Apply(new Input([7, 5])));

        var right = new EinsumDense("ab...,bc->ac...", 4, biasAxes: "c", kernelInitializer: new Constant(1));
        T.Shape([null, 4, 6], right.Apply(new Input([3, 6])));
        T.Shape([3, 4], right.Kernel!);
        T.Shape([4, 1], right.Bias!); // Keras pads the bias with 1 per elided trailing axis
    }

    [TestMethod]
    public void EinsumMatchesAHandWrittenProduct()
    {
        var d = new EinsumDense("abc,cde->abde", [null, 2, 3], biasAxes: "e", kernelInitializer: new RandomNormal(seed: 1), biasInitializer: new RandomNormal(seed: 2))
        { DType = DType.Float64 };
        var x = Ops.RandomNormal([2, 4, 5], dtype: DType.Float64, seed: 3);
        using var y = d.Apply(x);
        var expected = Ops.Add(Ops.Reshape(Ops.MatMul(x, Ops.Reshape(d.Kernel!, 5, 6)), 2, 4, 2, 3), d.Bias!);
        var a = expected.ToArray<double>();
        var b = y.ToArray<double>();
        for (int i = 0; i < a.Length; i++) Assert.AreEqual(a[i], b[i], 1e-12, $"element {i}");
    }

    [TestMethod]
    public void GradientsMatchCentralDifferences()
    {
        var d = new EinsumDense("abc,cde->abde", [null, 2, 2], activation: "tanh", biasAxes: "de",
                                kernelInitializer: new GlorotUniform(seed: 4), biasInitializer: new RandomNormal(seed: 5)) { DType = DType.Float64 };
        GradientCheckTests.Check(d, [0.3, -1.2, 0.8, 0.1, 0.5, -0.7, 1.1, -0.2, 0.9, -0.4, 0.6, 0.2], [2, 2, 3], training: false);
    }

    [TestMethod]
    public void BadEquationsAndShapes_SayWhatIsWrong()
    {
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new EinsumDense("ab,bc", 2));
        T.Contains(e.Message, "invalid equation 'ab,bc'", "[X],[Y]->[Z]");
        e = Assert.ThrowsExactly<ArgumentException>(() => new EinsumDense("ab,bc->ac", 2, biasAxes: "b"));
        T.Contains(e.Message, "bias axis 'b' is not in the output 'ac'");
        e = Assert.ThrowsExactly<ArgumentException>(() => new EinsumDense("ab,bc->ac", [2, 3]).Apply(new Input([4])));
        T.Contains(e.Message, "einsum_dense", "output_shape (2, 3)", "'ac'");
        e = Assert.ThrowsExactly<ArgumentException>(() => new EinsumDense("abc,cd->abd", [5, 4]).Apply(new Input([6, 3])));
        T.Contains(e.Message, "do not match at the shared axis 'b'", "6 and 5");
        e = Assert.ThrowsExactly<ArgumentException>(() => new EinsumDense("abc,cd->abd", [null, 4]).Apply(new Input([6])));
        T.Contains(e.Message, "expected an input of rank 3", "(None, 6)");
        e = Assert.ThrowsExactly<ArgumentException>(() => new EinsumDense("ab,bx->ac", 2).Apply(new Input([4])));
        T.Contains(e.Message, "'c' is in the output 'ac'");
        var built = new EinsumDense("abc,cde->abde", [null, 2, 4]);
        built.Apply(new Input([5, 6]));
        e = Assert.ThrowsExactly<ArgumentException>(() => built.Apply(new Input([5, 7])));
        T.Contains(e.Message, "kernel of shape (7, 2, 4)", "[6,2,4]");
    }
}
