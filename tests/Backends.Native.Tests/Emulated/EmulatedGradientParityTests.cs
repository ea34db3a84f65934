using static KerasSharp.Backends.Native.Tests.Emulated.EmulatedUtil;

namespace KerasSharp.Backends.Native.Tests.Emulated;

/// <summary>
/// Gradients through the tape on the emulated GPU equal the CPU's, float32 and float64: each composite below
/// runs the GPU kernels forward and the backward's primitives (broadcast sums, transposes, pads, slices, where).
/// </summary>
[TestClass]
public class EmulatedGradientParityTests
{
    private static readonly (string Name, Func<Tensor, Tensor, Tensor> F)[] Composites =
    [
        ("softmax of a broadcast sum", (x, w) => Ops.Sum(Ops.Multiply(Ops.Softmax(Ops.Add(x, w), -1), Ops.Add(x, x)))),
        ("log-softmax along axis 0", (x, w) => Ops.Mean(Ops.Multiply(Ops.LogSoftmax(x, 0), Ops.Square(w)))),
        ("logsumexp and max", (x, w) => Ops.Add(Ops.Sum(Ops.LogSumExp(Ops.Multiply(x, w), 1)), Ops.Sum(Ops.Max(x, 0)))),
        ("transpose, slice, concat, pad", (x, w) =>
        {
            var t = Ops.Transpose(x);                                       // [5, 3]
            var s = Ops.SliceAxis(t, 0, 1, 3);                              // [3, 3]
            var c = Ops.Concatenate([s, Ops.Transpose(Ops.SliceAxis(x, 1, 0, 3))], 1); // [3, 6]
            var p = Ops.Pad(c, [(1, 0), (0, 2)]);                           // [4, 8]
            return Ops.Sum(Ops.Multiply(Ops.Tanh(p), Ops.Sigmoid(p)));
        }),
        ("where, relu, exp, sqrt", (x, w) =>
            Ops.Sum(Ops.Where(Ops.Greater(x, w), Ops.Relu(Ops.Multiply(x, w)), Ops.Sqrt(Ops.Add(Ops.Exp(w), Ops.Square(x)))))),
        ("mean and variance over the batch", (x, w) =>
        {
            var mean = Ops.Mean(x, 0, keepDims: true);
            var centred = Ops.Subtract(x, mean);
            var variance = Ops.Mean(Ops.Square(centred), 0, keepDims: true);
            return Ops.Sum(Ops.Multiply(Ops.Divide(centred, Ops.Sqrt(Ops.Add(variance, Ops.Multiply(w, w)))), w));
        }),
    ];

    [TestMethod]
    public void CompositeGradientsMatchTheCpuFloat32AndFloat64()
    {
        var xs = Floats(15, 3, 3);
        var ws = Floats(5, 4, 3);
        All(from dtype in new[] { DType.Float32, DType.Float64 }
            from c in Composites
            select ($"{c.Name} {dtype}", (Action)(() =>
            {
                var (cpu, cpuLoss) = Grads(c.F, xs, ws, dtype, Device.Cpu);
                var (emu, emuLoss) = Grads(c.F, xs, ws, dtype, Emu);
                double tol = dtype == DType.Float32 ? 2e-5 : 1e-12;
                Assert.AreEqual(cpuLoss, emuLoss, tol * Math.Max(1, Math.Abs(cpuLoss)), "loss");
                for (int i = 0; i < 2; i++)
                {
                    Assert.AreEqual(Emu, emu[i].Device);
                    AssertClose(cpu[i], emu[i], tol, i == 0 ? "dx" : "dw");
                }
            })));
    }

    private static (Tensor[] Grads, double Loss) Grads(Func<Tensor, Tensor, Tensor> f, float[] xs, float[] ws, DType dtype, Device device)
    {
        using var xh = Tensor.FromArray(xs, 3, 5);
        using var wh = Tensor.FromArray(ws, 5);
        var x = new Variable(Ops.Cast(xh, dtype).To(device));
        var w = new Variable(Ops.Cast(wh, dtype).To(device));
        using var tape = new GradientTape();
        var loss = f(x, w);
        var g = tape.Gradient(loss, [x, w]);
        return ([g[0]!, g[1]!], loss.ToArray<double>()[0]);
    }
}
