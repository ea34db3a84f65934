using System.Numerics;
using KerasSharp.Backends.Native.Gpu.Kernels;
using static KerasSharp.Backends.Native.Tests.TestUtil;
using static KerasSharp.Backends.Native.Tests.Gpu.GpuTestDevice;

namespace KerasSharp.Backends.Native.Tests.Gpu;

/// <summary>Gather, scatter-add, the fused Adam and SGD steps and the fused cross-entropy on the emulated device against the CPU backend.</summary>
[TestClass]
public class GpuIndexingLossOptimizerTests
{
    [TestMethod]
    public void GatherMatchesCpuOnEveryAxisWithNegativeIndices()
    {
        var x = GpuConvPoolTests.Values<float>(3 * 5 * 4, 1);
        long[] idx = [4, 0, -1, 2, 2, -5];
        for (int axis = 0; axis < 3; axis++)
        {
            int[] shape = [3, 5, 4];
            int size = shape[axis];
            var picks = idx.Where(i => i < size && i >= -size).ToArray();
            var outShape = shape.Take(axis).Append(picks.Length).Concat(shape.Skip(axis + 1)).ToArray();
            using var cx = T(x, shape);
            using var ci = T(picks, picks.Length);
            using var cy = B.Gather(cx, ci, axis, new Shape(outShape));
            int outer = shape.Take(axis).Aggregate(1, (a, b) => a * b), inner = shape.Skip(axis + 1).Aggregate(1, (a, b) => a * b);
            using var dx = Upload(x);
            using var di = Upload(picks);
            using var dy = Zeros<float>(outer * picks.Length * inner);
            using var err = Zeros<int>(1);
            GpuIndexing.Gather<float, long, Int64Index>(Accelerator.DefaultStream, dx.View, di.View, dy.View, outer, size, inner, picks.Length, err.View);
            CollectionAssert.AreEqual(Read<float>(cy), Download(dy, cy.Size), $"gather axis {axis}");
            Assert.AreEqual(0, Download(err, 1)[0]);
        }
    }

    [TestMethod]
    public void EmbeddingForwardAndBackwardMatchCpu()
    {
        // embedding table [vocab 7, dim 5], int32 token ids [2, 6] with repeats: gather on axis 0, scatter-add for the gradient
        var table = GpuConvPoolTests.Values<double>(7 * 5, 2);
        int[] ids = [3, 1, 3, 6, 0, 3, -1, 2, 2, 5, 1, 3];
        var grads = GpuConvPoolTests.Values<double>(ids.Length * 5, 3);
        using var ct = T(table, 7, 5);
        using var ci = T(ids, 2, 6);
        using var cg = T(grads, 2, 6, 5);
        using var cy = B.Gather(ct, ci, 0, new Shape(2, 6, 5));
        using var zeros = T(new double[35], 7, 5);
        using var cdt = B.ScatterAdd(zeros, ci, cg, 0);

        using var dt = Upload(table);
        using var di = Upload(ids);
        using var dy = Zeros<double>(ids.Length * 5);
        using var dg = Upload(grads);
        using var ddt = Zeros<double>(35);
        using var err = Zeros<int>(1);
        var stream = Accelerator.DefaultStream;
        GpuIndexing.Gather<double, int, Int32Index>(stream, dt.View, di.View, dy.View, 1, 7, 5, ids.Length, err.View);
        GpuIndexing.ScatterAdd<double, int, Int32Index>(stream, ddt.View, di.View, dg.View, 1, 7, 5, ids.Length, err.View);
        CollectionAssert.AreEqual(Read<double>(cy), Download(dy, cy.Size));
        AssertClose(Read<double>(cdt), Download(ddt, 35), 1e-15, "embedding gradient");
        Assert.AreEqual(0, Download(err, 1)[0]);
    }

    [TestMethod]
    public void ScatterAddOnAMiddleAxisForFloatAndIntegers()
    {
        long[] idx = [2, 0, 2, -1];
        var target = GpuConvPoolTests.Values<float>(2 * 3 * 4, 4);
        var updates = GpuConvPoolTests.Values<float>(2 * 4 * 4, 5);
        using var ct = T(target, 2, 3, 4);
        using var ci = T(idx, 4);
        using var cu = T(updates, 2, 4, 4);
        using var cr = B.ScatterAdd(ct, ci, cu, 1);
        using var dt = Upload(target);
        using var di = Upload(idx);
        using var du = Upload(updates);
        using var err = Zeros<int>(1);
        GpuIndexing.ScatterAdd<float, long, Int64Index>(Accelerator.DefaultStream, dt.View, di.View, du.View, 2, 3, 4, 4, err.View);
        AssertClose(Read<float>(cr), Download(dt, 24), 1e-6, "scatter-add float32 axis 1");

        var ti = Enumerable.Range(0, 24).ToArray();
        var ui = Enumerable.Range(100, 32).ToArray();
        using var cti = T(ti, 2, 3, 4);
        using var cui = T(ui, 2, 4, 4);
        using var cri = B.ScatterAdd(cti, ci, cui, 1);
        using var dti = Upload(ti);
        using var dui = Upload(ui);
        GpuIndexing.ScatterAdd<int, long, Int64Index>(Accelerator.DefaultStream, dti.View, di.View, dui.View, 2, 3, 4, 4, err.View);
        CollectionAssert.AreEqual(Read<int>(cri), Download(dti, 24));
    }

    [TestMethod]
    public void OutOfRangeIndicesRaiseTheErrorFlagWithTheLastBadPosition()
    {
        using var dx = Upload(new float[] { 1, 2, 3 });
        using var di = Upload(new long[] { 0, 3, 1, -4 });
        using var dy = Zeros<float>(4);
        using var err = Zeros<int>(1);
        GpuIndexing.Gather<float, long, Int64Index>(Accelerator.DefaultStream, dx.View, di.View, dy.View, 1, 3, 1, 4, err.View);
        CollectionAssert.AreEqual(new float[] { 1, 0, 2, 0 }, Download(dy, 4));
        Assert.AreEqual(4, Download(err, 1)[0], "1 + the largest bad position (3)");
        Assert.ThrowsExactly<NotSupportedException>(() =>
            GpuIndexing.ScatterAdd<short, long, Int64Index>(Accelerator.DefaultStream, default, di.View, default, 1, 3, 1, 4, err.View));
    }

    [TestMethod]
    public void AdamAndSgdStepsMatchCpu()
    {
        var c = new AdamCoefficients(0.001 * Math.Sqrt(1 - 0.999 * 0.999) / (1 - 0.9 * 0.9), 0.9, 0.999, 1e-7);
        Adam<float>(c, 0);
        Adam<double>(c, 1e-15);

        var w = GpuConvPoolTests.Values<float>(37, 7);
        var g = GpuConvPoolTests.Values<float>(37, 8);
        using var cw = T(w, 37);
        using var cg = T(g, 37);
        using var cr = B.SgdStep(cw, cg, 0.05);
        using var dw = Upload(w);
        using var dg = Upload(g);
        GpuOptimizers.SgdStep<float>(Accelerator.DefaultStream, 37, dw.View, dg.View, dw.View, 0.05);
        AssertClose(Read<float>(cr), Download(dw, 37), 0, "SGD in place");
    }

    private static void Adam<TE>(AdamCoefficients c, double tol) where TE : unmanaged, IFloatingPointIeee754<TE>, IConvertible
    {
        int n = 37;
        var w = GpuConvPoolTests.Values<TE>(n, 9);
        var g = GpuConvPoolTests.Values<TE>(n, 10);
        var m = GpuConvPoolTests.Values<TE>(n, 11).Select(v => v * TE.CreateChecked(0.1)).ToArray();
        var v = GpuConvPoolTests.Values<TE>(n, 12).Select(v => v * v * TE.CreateChecked(0.01)).ToArray();
        using var cw = T(w, n);
        using var cg = T(g, n);
        using var cm = T(m, n);
        using var cv = T(v, n);
        var (rw, rm, rv) = B.AdamStep(cw, cg, cm, cv, c);
        using var dw = Upload(w);
        using var dg = Upload(g);
        using var dm = Upload(m);
        using var dv = Upload(v);
        using var ow = Zeros<TE>(n);
        using var om = Zeros<TE>(n);
        using var ov = Zeros<TE>(n);
        GpuOptimizers.AdamStep<TE>(Accelerator.DefaultStream, n, dw.View, dg.View, dm.View, dv.View, ow.View, om.View, ov.View, c);
        string what = typeof(TE).Name + " Adam";
        AssertClose(Read<TE>(rm), Download(om, n), tol, what + " momentum");
        AssertClose(Read<TE>(rv), Download(ov, n), tol, what + " velocity");
        AssertClose(Read<TE>(rw), Download(ow, n), tol + 1e-7 * (typeof(TE) == typeof(float) ? 1 : 0), what + " value");
        rw.Dispose(); rm.Dispose(); rv.Dispose();
    }

    [TestMethod]
    public void CrossEntropyAndItsGradientMatchCpu()
    {
        CrossEntropy<float>(rows: 9, classes: 10, 2e-6);
        CrossEntropy<double>(rows: 5, classes: 37, 1e-14);
        CrossEntropy<float>(rows: 3, classes: 1, 0);
    }

    private static void CrossEntropy<TE>(int rows, int classes, double tol) where TE : unmanaged, IFloatingPointIeee754<TE>, IConvertible
    {
        var logits = GpuConvPoolTests.Values<TE>(rows * classes, rows + classes).Select(v => v * TE.CreateChecked(4)).ToArray();
        var labels = Enumerable.Range(0, rows).Select(r => (long)((r * 7) % classes)).ToArray();
        var gl = GpuConvPoolTests.Values<TE>(rows, 3);
        using var cl = T(logits, rows, classes);
        using var cy = T(labels, rows);
        using var cg = T(gl, rows);
        using var closs = B.SparseSoftmaxCrossEntropy(cl, cy);
        using var cgrad = B.SparseSoftmaxCrossEntropyGrad(cl, cy, cg);
        using var dl = Upload(logits);
        using var dy = Upload(labels);
        using var dg = Upload(gl);
        using var loss = Zeros<TE>(rows);
        using var grad = Zeros<TE>(rows * classes);
        using var err = Zeros<int>(1);
        GpuCrossEntropy.Forward<TE>(Accelerator.DefaultStream, dl.View, dy.View, loss.View, rows, classes, err.View);
        GpuCrossEntropy.Gradient<TE>(Accelerator.DefaultStream, dl.View, dy.View, dg.View, grad.View, rows, classes);
        string what = $"{typeof(TE).Name} cross-entropy {rows}x{classes}";
        AssertClose(Read<TE>(closs), Download(loss, rows), tol, what + " loss");
        AssertClose(Read<TE>(cgrad), Download(grad, rows * classes), tol, what + " gradient");
        Assert.AreEqual(0, Download(err, 1)[0]);
    }

    [TestMethod]
    public void CrossEntropyBadLabelGivesNaNAndRaisesTheFlag()
    {
        using var dl = Upload(new float[] { 1, 2, 3, 4, 5, 6 });
        using var dy = Upload(new long[] { 2, 3 });
        using var loss = Zeros<float>(2);
        using var err = Zeros<int>(1);
        GpuCrossEntropy.Forward<float>(Accelerator.DefaultStream, dl.View, dy.View, loss.View, 2, 3, err.View);
        var l = Download(loss, 2);
        Assert.AreEqual(Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)) - 3, l[0], 1e-6);
        Assert.IsTrue(float.IsNaN(l[1]));
        Assert.AreEqual(2, Download(err, 1)[0], "1 + the bad row (1)");
    }

    [TestMethod]
    public void InfiniteLogitsFollowTheCpuRule()
    {
        float[] logits = [float.PositiveInfinity, 0, 1, float.NegativeInfinity, 2, 3];
        long[] labels = [1, 2];
        using var cl = T(logits, 2, 3);
        using var cy = T(labels, 2);
        using var closs = B.SparseSoftmaxCrossEntropy(cl, cy);
        using var dl = Upload(logits);
        using var dy = Upload(labels);
        using var loss = Zeros<float>(2);
        using var err = Zeros<int>(1);
        GpuCrossEntropy.Forward<float>(Accelerator.DefaultStream, dl.View, dy.View, loss.View, 2, 3, err.View);
        AssertClose(Read<float>(closs), Download(loss, 2), 1e-6, "infinite logits");
    }
}
