namespace KerasSharp.Layers.Tests.Convolutional;

using R = ConvReference;

[TestClass]
public sealed class ConvLayerTests
{
    private static Initializer Seeded(int seed) => new RandomNormal(0, 1, seed: seed);

    [TestMethod]
    public void Conv2D_ConstantKernel_HandComputed()
    {
        // 1x3x3x1 input 1..9, 2x2 kernel of ones, bias 0.5: each output is the sum of a 2x2 window plus 0.5.
        var conv = new Conv2D(1, 2, kernelInitializer: new Constant(1), biasInitializer: new Constant(0.5));
        using var x = T.F([1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 3, 3, 1);
        using var y = conv.Apply(x);
        T.Shape([1, 2, 2, 1], y);
        T.Close([12.5f, 16.5f, 24.5f, 28.5f], y);
        CollectionAssert.AreEqual(new[] { 2, 2, 1, 1 }, conv.Kernel!.Shape.ToArray());
    }

    [TestMethod]
    public void Conv2D_SameStridedDilatedAndGrouped_MatchReference_InBothFormats()
    {
        foreach (var (stride, dilation, groups, same) in new[] { (1, 1, 1, true), (2, 1, 1, true), (2, 1, 2, false), (1, 2, 1, true), (1, 2, 2, false), (3, 1, 1, true) })
        {
            int n = 2, h = 7, w = 6, c = 4, o = 6, kh = 3, kw = 2;
            var x = R.Random(n * h * w * c, 1);
            using var y = R.BothFormats(f => new Conv2D(o, (kh, kw), stride, same ? "same" : "valid", f, dilation, groups,
                                                        kernelInitializer: Seeded(2), biasInitializer: Seeded(3)) { DType = DType.Float64 },
                                        x, [n, h, w, c]);
            var conv = new Conv2D(o, (kh, kw), stride, same ? "same" : "valid", dilationRate: dilation, groups: groups,
                                  kernelInitializer: Seeded(2), useBias: false) { DType = DType.Float64 };
            using var xt = T.D(x, n, h, w, c);
            using var y2 = conv.Apply(xt);
            var (expected, oh, ow) = R.Conv2d(x, n, h, w, c, conv.Kernel!.ToArray<double>(), kh, kw, o, stride, stride, dilation, dilation, groups, same);
            T.Shape([n, oh, ow, o], y2);
            R.AllClose(expected, y2.ToArray<double>(), 1e-10, $"stride {stride} dilation {dilation} groups {groups} same {same}");
        }
    }

    [TestMethod]
    public void Conv2D_SymbolicShapes()
    {
        T.Shape([null, 28, 28, 32], new Conv2D(32, 3, padding: "same").Apply(new Input([28, 28, 1])));
        T.Shape([null, 26, 26, 32], new Conv2D(32, 3).Apply(new Input([28, 28, 1])));
        T.Shape([null, 8, 14, 13], new Conv2D(8, (3, 5), strides: (2, 1), dataFormat: "channels_first").Apply(new Input([3, 29, 17])));
        T.Shape([null, 10, 10, 4], new Conv2D(4, 3, dilationRate: 2, padding: "valid").Apply(new Input([14, 14, 2])));
        T.Shape([null, null, null, 4], new Conv2D(4, 3).Apply(new Input([null, null, 2])));
    }

    [TestMethod]
    public void Conv2D_BadInputs_NameLayerKernelAndShape()
    {
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 3).Apply(new Input([28, 28])));
        T.Contains(e.Message, "'conv2d'", "rank 4", "(None, 28, 28)");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 5).Apply(new Input([3, 3, 1])));
        T.Contains(e2.Message, "'conv2d_1'", "(5, 5)", "(None, 3, 3, 1)", "too small");
        var e3 = Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 3).Apply(T.F(new float[2 * 2 * 2], 1, 2, 2, 2)));
        T.Contains(e3.Message, "'conv2d_2'", "(3, 3)", "(1, 2, 2, 2)");
        var conv = new Conv2D(4, 1);
        conv.Apply(new Input([5, 5, 3]));
        var e4 = Assert.ThrowsExactly<ArgumentException>(() => conv.Apply(new Input([5, 5, 2])));
        T.Contains(e4.Message, "'conv2d_3'", "size 3");
        Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 3, padding: "full"));
        Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(6, 3, groups: 4));
        Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 3, strides: 2, dilationRate: 2));
    }

    [TestMethod]
    public void Conv1D_ValidSameCausal_MatchReference_InBothFormats()
    {
        int n = 2, l = 9, c = 3, o = 4, k = 3;
        var x = R.Random(n * l * c, 4);
        foreach (var (padding, stride, dilation) in new[] { ("valid", 2, 1), ("same", 1, 2), ("causal", 1, 2) })
        {
            using var y = R.BothFormats(f => new Conv1D(o, k, stride, padding, f, dilation, kernelInitializer: Seeded(5), biasInitializer: Seeded(6))
            { DType = DType.Float64 }, x, [n, l, c]);
            var conv = new Conv1D(o, k, stride, padding, dilationRate: dilation, kernelInitializer: Seeded(5), useBias: false) { DType = DType.Float64 };
            using var xt = T.D(x, n, l, c);
            using var y2 = conv.Apply(xt);
            double[] xs = x;
            int lp = l;
            if (padding == "causal")
            {
                // Causal = left-pad by dilation*(k-1), then valid.
                int pad = dilation * (k - 1);
                xs = new double[n * (l + pad) * c];
                for (int b = 0; b < n; b++) Array.Copy(x, b * l * c, xs, (b * (l + pad) + pad) * c, l * c);
                lp = l + pad;
            }
            var (expected, _, ol) = R.Conv2d(xs, n, 1, lp, c, conv.Kernel!.ToArray<double>(), 1, k, o, 1, stride, 1, dilation, 1, padding == "same");
            T.Shape([n, ol, o], y2);
            R.AllClose(expected, y2.ToArray<double>(), 1e-10, $"conv1d {padding}");
        }
        T.Shape([null, 10, 8], new Conv1D(8, 3, padding: "causal").Apply(new Input([10, 2])));
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Conv1D(2, 4).Apply(new Input([3, 2])));
        T.Contains(e.Message, "'conv1d'", "(4,)", "(None, 3, 2)");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => new Conv1D(2, 1).Apply(new Input([3, 3, 2])));
        T.Contains(e2.Message, "'conv1d_1'", "rank 3");
    }

    [TestMethod]
    public void Conv2DTranspose_HandComputedAndAdjointOfConv()
    {
        // 1x2x2x1 input [1, 2; 3, 4], 2x2 kernel of ones, stride 2: each input pixel becomes a 2x2 block.
        var deconv = new Conv2DTranspose(1, 2, strides: 2, kernelInitializer: new Constant(1), useBias: false);
        using var x = T.F([1, 2, 3, 4], 1, 2, 2, 1);
        using var y = deconv.Apply(x);
        T.Shape([1, 4, 4, 1], y);
        T.Close([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], y);

        // <conv(u), v> = <u, convT(v)> with the kernel [kh, kw, filters, in] shared as Conv2D's [kh, kw, in, filters].
        foreach (var (stride, padding) in new[] { (1, "valid"), (2, "same"), (3, "valid"), (2, "valid") })
        {
            int n = 2, cin = 3, cout = 2;
            var t = new Conv2DTranspose(cin, 3, stride, padding, kernelInitializer: Seeded(7), useBias: false) { DType = DType.Float64 };
            var v = R.Random(n * 3 * 4 * cout, 8);
            using var vt = T.D(v, n, 3, 4, cout);
            using var tv = t.Apply(vt);
            int oh = tv.Shape[1], ow = tv.Shape[2];
            var u = R.Random(n * oh * ow * cin, 9);
            var (cu, ch, cw) = R.Conv2d(u, n, oh, ow, cin, t.Kernel!.ToArray<double>(), 3, 3, cout, stride, stride, same: padding == "same");
            Assert.AreEqual(3, ch, $"stride {stride} {padding}: conv of the transposed output has the input's height");
            Assert.AreEqual(4, cw);
            double lhs = cu.Zip(v).Sum(p => p.First * p.Second), rhs = u.Zip(tv.ToArray<double>()).Sum(p => p.First * p.Second);
            Assert.AreEqual(lhs, rhs, 1e-9 * (1 + Math.Abs(lhs)), $"adjoint, stride {stride} {padding}");
        }
    }

    [TestMethod]
    public void Conv2DTranspose_ShapesFormatsAndBadInputs()
    {
        T.Shape([null, 14, 14, 8], new Conv2DTranspose(8, 3, strides: 2, padding: "same").Apply(new Input([7, 7, 4])));
        T.Shape([null, 15, 15, 8], new Conv2DTranspose(8, 3, strides: 2).Apply(new Input([7, 7, 4])));
        T.Shape([null, 8, 16, 16], new Conv2DTranspose(8, 3, strides: 2, padding: "same", outputPadding: 1, dataFormat: "channels_first")
            .Apply(new Input([4, 8, 8])));
        var x = R.Random(2 * 3 * 4 * 3, 10);
        using var y = R.BothFormats(f => new Conv2DTranspose(2, (3, 2), 2, "same", dataFormat: f, kernelInitializer: Seeded(11), biasInitializer: Seeded(12))
        { DType = DType.Float64 }, x, [2, 3, 4, 3]);
        T.Shape([2, 6, 8, 2], y);
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Conv2DTranspose(2, 3).Apply(new Input([4, 4])));
        T.Contains(e.Message, "'conv2d_transpose'", "rank 4", "(None, 4, 4)");
        Assert.ThrowsExactly<ArgumentException>(() => new Conv2DTranspose(2, 3, strides: 2, outputPadding: 2));
    }

    [TestMethod]
    public void DepthwiseConv2D_MatchesGroupedReference_InBothFormats()
    {
        int n = 2, h = 6, w = 5, c = 3, m = 2;
        var x = R.Random(n * h * w * c, 13);
        using var y = R.BothFormats(f => new DepthwiseConv2D(3, 2, "same", m, f, depthwiseInitializer: Seeded(14), biasInitializer: Seeded(15))
        { DType = DType.Float64 }, x, [n, h, w, c]);
        T.Shape([n, 3, 3, c * m], y);
        var dw = new DepthwiseConv2D(3, depthMultiplier: m, depthwiseInitializer: Seeded(14), useBias: false) { DType = DType.Float64 };
        using var xt = T.D(x, n, h, w, c);
        using var y2 = dw.Apply(xt);
        // [kh, kw, c, m] read as [kh, kw, 1, c*m] is the grouped kernel with one input channel per group.
        var (expected, _, _) = R.Conv2d(x, n, h, w, c, dw.DepthwiseKernel!.ToArray<double>(), 3, 3, c * m, groups: c);
        R.AllClose(expected, y2.ToArray<double>(), 1e-10, "depthwise");
        T.Shape([null, 4, 3, 6], new DepthwiseConv2D(3, depthMultiplier: 2).Apply(new Input([6, 5, 3])));
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new DepthwiseConv2D(3).Apply(new Input([2, 5, 3])));
        T.Contains(e.Message, "'depthwise_conv2d'", "(3, 3)", "(None, 2, 5, 3)");
    }

    [TestMethod]
    public void SeparableConv2D_IsDepthwiseThenPointwise_InBothFormats()
    {
        int n = 1, h = 5, w = 5, c = 2, m = 2, o = 3;
        var x = R.Random(n * h * w * c, 16);
        using var y = R.BothFormats(f => new SeparableConv2D(o, 3, 1, "same", f, depthMultiplier: m, depthwiseInitializer: Seeded(17),
                                                             pointwiseInitializer: Seeded(18), biasInitializer: Seeded(19)) { DType = DType.Float64 },
                                    x, [n, h, w, c]);
        var sep = new SeparableConv2D(o, 3, depthMultiplier: m, depthwiseInitializer: Seeded(17), pointwiseInitializer: Seeded(18), useBias: false)
        { DType = DType.Float64 };
        using var xt = T.D(x, n, h, w, c);
        using var y2 = sep.Apply(xt);
        var (d, dh, dw) = R.Conv2d(x, n, h, w, c, sep.DepthwiseKernel!.ToArray<double>(), 3, 3, c * m, groups: c);
        var (expected, _, _) = R.Conv2d(d, n, dh, dw, c * m, sep.PointwiseKernel!.ToArray<double>(), 1, 1, o);
        R.AllClose(expected, y2.ToArray<double>(), 1e-10, "separable");
        CollectionAssert.AreEqual(new[] { "depthwise_kernel", "pointwise_kernel" }, sep.Weights.Select(v => v.Name.Split('/')[^1]).ToArray());
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new SeparableConv2D(2, 3).Apply(new Input([5, 2, 3])));
        T.Contains(e.Message, "'separable_conv2d'", "(3, 3)", "(None, 5, 2, 3)");
    }
}
