using System.Numerics;
using KerasSharp.Backends.Native.Gpu.Kernels;
using static KerasSharp.Backends.Native.Tests.Gpu.GpuTestDevice;

namespace KerasSharp.Backends.Native.Tests.Gpu;

/// <summary>
/// The fused recurrence's GPU kernels (<see cref="GpuRecurrence"/>) on the device under test against the CPU kernel
/// (<see cref="RecurrentKernel"/>): packed outputs, the saved buffer and every gradient, LSTM and GRU with masks and
/// goBackwards, float32 and float64. The GPU check (benchmarks/gpu) runs this on a real GPU, with both GEMM paths.
/// </summary>
[TestClass]
public class GpuRecurrenceTests
{
    [TestMethod]
    public void LstmBackwardsMaskedMatchesTheCpuKernel()
    {
        Check<float>(RecurrentCellKind.Lstm, back: true, recurrentBias: false, 2e-5);
        Check<double>(RecurrentCellKind.Lstm, back: true, recurrentBias: false, 1e-12);
    }

    [TestMethod]
    public void GruWithBothBiasesMaskedMatchesTheCpuKernel()
    {
        Check<float>(RecurrentCellKind.Gru, back: false, recurrentBias: true, 2e-5);
        Check<double>(RecurrentCellKind.Gru, back: false, recurrentBias: true, 1e-12);
    }

    [TestMethod]
    public void SimpleRnnMatchesTheCpuKernel() => Check<float>(RecurrentCellKind.SimpleRnn, back: false, recurrentBias: false, 2e-5);

    private static void Check<TE>(RecurrentCellKind kind, bool back, bool recurrentBias, double tol) where TE : unmanaged, IFloatingPointIeee754<TE>, IConvertible
    {
        const int b = 3, t = 6, f = 5, u = 33;   // 99 threads a step: more than one warp, a partial one
        var o = new RecurrenceOptions(kind, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid, back);
        var s = RecurrenceShape.Of(b, t, f, u, o, bias: true, recurrentBias, mask: true);
        var d = new RecurrentKernel.Dims(b, t, f, u, s.G, o);
        int gu = s.GU;
        var inputs = GpuConvPoolTests.Values<TE>(b * t * f, 1);
        var kernel = GpuConvPoolTests.Values<TE>(f * gu, 2);
        var bias = GpuConvPoolTests.Values<TE>(gu, 3);
        var r = GpuConvPoolTests.Values<TE>(u * gu, 4);
        var rb = recurrentBias ? GpuConvPoolTests.Values<TE>(gu, 5) : null;
        var h0 = GpuConvPoolTests.Values<TE>(b * u, 6);
        var c0 = kind == RecurrentCellKind.Lstm ? GpuConvPoolTests.Values<TE>(b * u, 7) : null;
        var mask = Enumerable.Range(0, b * t).Select(i => i % 4 != 2).ToArray();   // masked steps in the middle, at the end
        var grad = GpuConvPoolTests.Values<TE>((int)s.PackedLength, 8);

        var (packed, saved) = RecurrentKernel.Forward(d, inputs, kernel, bias, r, rb, h0, c0, mask);
        var (dIn, dK, dB, dR, dRb, dH0, dC0) = RecurrentKernel.Backward(d, inputs, kernel, true, r, recurrentBias, mask, saved, grad);

        using var gi = Upload(inputs); using var gk = Upload(kernel); using var gb = Upload(bias); using var gr = Upload(r);
        using var grb = rb is null ? null : Upload(rb);
        using var gh0 = Upload(h0);
        using var gc0 = c0 is null ? null : Upload(c0);
        using var gm = Upload(mask.Select(m => (byte)(m ? 1 : 0)).ToArray());
        using var gp = Zeros<TE>(s.PackedLength); using var gs = Zeros<TE>(s.SavedLength);
        using var proj = Zeros<TE>(s.ProjectionLength); using var prod = Zeros<TE>((long)b * gu);
        var stream = Accelerator.DefaultStream;
        GpuRecurrence.Forward<TE>(stream, s, gi.View, gk.View, gb.View, gr.View, grb?.View ?? default, gh0.View, gc0?.View ?? default, gm.View,
                              gp.View, gs.View, proj.View, prod.View);
        AssertClose(packed[..(int)s.PackedLength], Download(gp, s.PackedLength), tol, $"{kind} packed");
        AssertClose(saved[..(int)s.SavedLength], Download(gs, s.SavedLength), tol, $"{kind} saved");

        using var gg = Upload(grad);
        using var dInputs = Zeros<TE>(b * t * f); using var dKernel = Zeros<TE>(f * gu); using var dBias = Zeros<TE>(gu);
        using var dRec = Zeros<TE>(u * gu); using var dRecBias = Zeros<TE>(gu);
        using var dh = Zeros<TE>(b * u); using var dc = Zeros<TE>(b * u);
        using var dx = Zeros<TE>(s.ProjectionLength); using var dz = Zeros<TE>(s.ProjectionLength); using var dOut = Zeros<TE>(b * u);
        GpuRecurrence.Backward<TE>(stream, s, gi.View, gk.View, gr.View, gm.View, gs.View, gg.View, dInputs.View, dKernel.View, dBias.View,
                               dRec.View, recurrentBias ? dRecBias.View : default, dh.View, kind == RecurrentCellKind.Lstm ? dc.View : default,
                               dx.View, dz.View, dOut.View);
        AssertClose(dIn![..(b * t * f)], Download(dInputs, b * t * f), tol, $"{kind} d inputs");
        AssertClose(dK![..(f * gu)], Download(dKernel, f * gu), tol, $"{kind} d kernel");
        AssertClose(dB![..gu], Download(dBias, gu), tol, $"{kind} d bias");
        AssertClose(dR[..(u * gu)], Download(dRec, u * gu), tol, $"{kind} d recurrent kernel");
        if (recurrentBias) AssertClose(dRb![..gu], Download(dRecBias, gu), tol, $"{kind} d recurrent bias");
        AssertClose(dH0[..(b * u)], Download(dh, b * u), tol, $"{kind} d h0");
        if (dC0 is not null) AssertClose(dC0[..(b * u)], Download(dc, b * u), tol, $"{kind} d c0");
    }
}
