using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// The convolution kernels batch several images into one GEMM when feature maps are small and run 1x1 convolutions
/// of one image straight on the input: shapes here cover full and partial batches, the single-image path, groups,
/// and 1 vs several threads (bit-identical).
/// </summary>
[TestClass]
public class ConvBatchingTests
{
    // (n, c, h, w, o, geometry): 20x20 maps batch 3 images per GEMM (5 = 3 + 2); 34x34 maps go one image at a time.
    private static readonly (int N, int C, int H, int W, int O, Conv2dGeometry G)[] Cases =
    [
        (5, 3, 20, 20, 4, new(3, 3, 1, 1, 1, 1, 1, 1)),
        (5, 3, 20, 20, 4, new(1, 1)),
        (5, 6, 20, 20, 6, new(1, 1, Groups: 3)),
        (3, 4, 34, 34, 5, new(1, 1)),
        (3, 4, 34, 34, 4, new(3, 3, 1, 1, 1, 1, 1, 1, Groups: 2)),
        (4, 3, 35, 33, 4, new(3, 3, 2, 2, 1, 0, 1, 1)),
        (7, 2, 15, 13, 3, new(3, 2, 1, 1, 2, 1, 0, 1, 2, 2)),
    ];

    [TestMethod]
    public void ForwardMatchesDirectLoopAcrossBatches()
    {
        foreach (var (n, c, h, w, o, g) in Cases)
        {
            int oh = g.OutH(h), ow = g.OutW(w);
            var x = RandomDoubles(n * c * h * w, 11);
            var wt = RandomDoubles(o * (c / g.Groups) * g.KernelH * g.KernelW, 12);
            using var y = B.Conv2d(T(x, n, c, h, w), T(wt, o, c / g.Groups, g.KernelH, g.KernelW), g, new Shape(n, o, oh, ow));
            AssertClose(ConvPoolTests.NaiveConv(x, n, c, h, w, wt, o, g, oh, ow), Read<double>(y), 1e-12, $"{n}x{c}x{h}x{w} {g}");
        }
    }

    [TestMethod]
    public void GradientsAreAdjointsAcrossBatches()
    {
        foreach (var (n, c, h, w, o, g) in Cases)
        {
            int oh = g.OutH(h), ow = g.OutW(w);
            var xs = new Shape(n, c, h, w);
            var wsh = new Shape(o, c / g.Groups, g.KernelH, g.KernelW);
            var x = RandomDoubles(xs.Size, 13);
            var wt = RandomDoubles(wsh.Size, 14);
            var dy = RandomDoubles(n * o * oh * ow, 15);
            var y = Read<double>(B.Conv2d(T(x, xs.ToArray()), T(wt, wsh.ToArray()), g, new Shape(n, o, oh, ow)));
            var dx = Read<double>(B.Conv2dBackwardInput(T(dy, n, o, oh, ow), T(wt, wsh.ToArray()), xs, g));
            var dw = Read<double>(B.Conv2dBackwardWeight(T(x, xs.ToArray()), T(dy, n, o, oh, ow), wsh, g));
            double lhs = y.Zip(dy, (a, b) => a * b).Sum();
            Assert.AreEqual(lhs, x.Zip(dx, (a, b) => a * b).Sum(), 1e-9 * Math.Max(1, Math.Abs(lhs)), $"input gradient {g}");
            Assert.AreEqual(lhs, wt.Zip(dw, (a, b) => a * b).Sum(), 1e-9 * Math.Max(1, Math.Abs(lhs)), $"weight gradient {g}");
        }
    }

    [TestMethod]
    public void ResultsAreIdenticalForAnyThreadCount()
    {
        // small chunks run across threads, big ones in order with the GEMMs parallel inside: both must agree bit for bit
        (int N, int C, int H, int O, Conv2dGeometry G)[] cases =
        [
            (8, 16, 20, 16, new(3, 3, 1, 1, 1, 1, 1, 1)),
            (2, 32, 34, 32, new(3, 3, 1, 1, 1, 1, 1, 1)),
            (9, 24, 14, 40, new(1, 1)),
            (3, 48, 40, 24, new(1, 1)),
        ];
        foreach (var (n, c, h, o, g) in cases)
        {
            int oh = g.OutH(h), ow = g.OutW(h);
            var x = RandomFloats(n * c * h * h, 21);
            var wt = RandomFloats(o * c * g.KernelH * g.KernelW, 22);
            var dy = RandomFloats(n * o * oh * ow, 23);
            float[][] Run() =>
            [
                Read<float>(B.Conv2d(T(x, n, c, h, h), T(wt, o, c, g.KernelH, g.KernelW), g, new Shape(n, o, oh, ow))),
                Read<float>(B.Conv2dBackwardInput(T(dy, n, o, oh, ow), T(wt, o, c, g.KernelH, g.KernelW), new Shape(n, c, h, h), g)),
                Read<float>(B.Conv2dBackwardWeight(T(x, n, c, h, h), T(dy, n, o, oh, ow), new Shape(o, c, g.KernelH, g.KernelW), g)),
                Read<float>(B.Pool2d(PoolOp.Max, T(x, n, c, h, h), new Conv2dGeometry(3, 3, 2, 2, 1, 1, 1, 1), new Shape(n, c, (h + 1) / 2, (h + 1) / 2))),
                Read<float>(B.Pool2dBackward(PoolOp.Average, T(x, n, c, h, h), T(x, n, c, h, h), new Conv2dGeometry(3, 3, 1, 1, 1, 1, 1, 1))),
            ];
            var one = WithThreads(1, Run);
            foreach (int threads in new[] { 2, 3 })
            {
                var many = WithThreads(threads, Run);
                for (int k = 0; k < one.Length; k++) CollectionAssert.AreEqual(one[k], many[k], $"output {k}, {threads} threads, {n}x{c}x{h} {g}");
            }
        }
    }
}
