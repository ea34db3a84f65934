using KerasSharp.Backends;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// The torch backend's training kernels that reach libtorch's own backward (batch norm's training form, the fused
/// linear, and the GELU and layer-norm gradients through libtorch's autograd), in float64 on torch: each op's gradients
/// against central finite differences, and forward and gradients against the same op composed from primitives on the
/// same backend.
/// </summary>
[TestClass]
public sealed class TorchTrainingKernelTests
{
    [TestInitialize]
    public void UseTorch() => Backend.Set("torch");

    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    private static Tensor Input(int seed, params int[] shape) => Ops.RandomNormal(shape, dtype: DType.Float64, seed: seed);

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    // Each case: its inputs, the op (fused where the backend has it) and the op composed from primitives.
    private static readonly Dictionary<string, (Func<Tensor[]> Inputs, Func<Tensor[], Tensor> Fused, Func<Tensor[], Tensor> Composed)> Cases = new()
    {
        ["batch_norm_channels_last"] = (() => [Input(1, 3, 2, 2, 4), Input(2, 4), Input(3, 4)],
            x => Ops.BatchNorm(x[0], x[1], x[2], 3, 1e-3).Output, x => ComposedBatchNorm(x[0], x[1], x[2], 3, 1e-3)),
        ["batch_norm_channels_first_no_beta"] = (() => [Input(4, 2, 3, 5), Input(5, 3)],
            x => Ops.BatchNorm(x[0], x[1], null, 1, 1e-5).Output, x => ComposedBatchNorm(x[0], x[1], null, 1, 1e-5)),
        ["batch_norm_plain"] = (() => [Input(6, 5, 3)],
            x => Ops.BatchNorm(x[0], null, null, 1, 1e-3).Output, x => ComposedBatchNorm(x[0], null, null, 1, 1e-3)),
        ["linear"] = (() => [Input(7, 4, 6), Input(8, 6, 3), Input(9, 3)],
            x => Ops.Linear(x[0], x[1], x[2]), x => Ops.Add(Ops.MatMul(x[0], x[1]), x[2])),
        ["gelu"] = (() => [Input(10, 3, 5)],
            x => Ops.Gelu(x[0]), x => Ops.Multiply(Ops.MultiplyScalar(x[0], 0.5), Ops.AddScalar(Ops.Erf(Ops.MultiplyScalar(x[0], 1 / Math.Sqrt(2))), 1))),
        ["layer_norm"] = (() => [Input(11, 2, 3, 6), Input(12, 6), Input(13, 6)],
            x => Ops.LayerNorm(x[0], x[1], x[2], 1e-5), x => ComposedLayerNorm(x[0], x[1], x[2], 1e-5)),
        ["layer_norm_no_beta"] = (() => [Input(14, 4, 5), Input(15, 5)],
            x => Ops.LayerNorm(x[0], x[1], null, 1e-3), x => ComposedLayerNorm(x[0], x[1], null, 1e-3)),
    };

    private static Tensor ComposedBatchNorm(Tensor x, Tensor? gamma, Tensor? beta, int axis, double epsilon)
    {
        int[] reduce = [.. Enumerable.Range(0, x.Rank).Where(i => i != axis)];
        var shape = Enumerable.Repeat(1, x.Rank).ToArray();
        shape[axis] = x.Shape[axis];
        var centered = Ops.Subtract(x, Ops.Mean(x, reduce, keepDims: true));
        var y = Ops.Multiply(centered, Ops.Rsqrt(Ops.AddScalar(Ops.Mean(Ops.Square(centered), reduce, keepDims: true), epsilon)));
        if (gamma is not null) y = Ops.Multiply(y, Ops.Reshape(gamma, shape));
        return beta is null ? y : Ops.Add(y, Ops.Reshape(beta, shape));
    }

    private static Tensor ComposedLayerNorm(Tensor x, Tensor? gamma, Tensor? beta, double epsilon)
    {
        var centered = Ops.Subtract(x, Ops.Mean(x, -1, keepDims: true));
        var y = Ops.Multiply(centered, Ops.Rsqrt(Ops.AddScalar(Ops.Mean(Ops.Square(centered), -1, keepDims: true), epsilon)));
        if (gamma is not null) y = Ops.Multiply(y, gamma);
        return beta is null ? y : Ops.Add(y, beta);
    }

    // The loss sum(f(x) * w) for fixed random weights w, so every output element's gradient differs.
    private static double Loss(Func<Tensor[], Tensor> f, Tensor[] x, Tensor w) => Ops.Sum(Ops.Multiply(f(x), w)).Item<double>();

    private static (double[] Output, double[][] Grads, Tensor Weights) Run(Func<Tensor[], Tensor> f, Tensor[] x, Tensor? w = null)
    {
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = f(x);
        w ??= Ops.RandomNormal(y.Shape.ToArray(), dtype: DType.Float64, seed: 99);
        var grads = tape.Gradient(Ops.Sum(Ops.Multiply(y, w)), x);
        return (y.ToArray<double>(), [.. grads.Select(g => g!.ToArray<double>())], w);
    }

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void GradientsMatchFiniteDifferences(string name)
    {
        var (inputs, fused, _) = Cases[name];
        var x = inputs();
        var (_, grads, w) = Run(fused, x);
        const double h = 1e-6;
        for (int i = 0; i < x.Length; i++)
        {
            var values = x[i].ToArray<double>();
            for (int e = 0; e < values.Length; e++)
            {
                double Shifted(double by)
                {
                    var moved = (double[])values.Clone();
                    moved[e] += by;
                    var args = (Tensor[])x.Clone();
                    args[i] = Tensor.FromArray(moved, x[i].Shape.ToArray());
                    return Loss(fused, args, w);
                }
                double numeric = (Shifted(h) - Shifted(-h)) / (2 * h);
                Assert.AreEqual(numeric, grads[i][e], 1e-6 * Math.Max(1, Math.Abs(numeric)), $"{name}: d/d input {i} element {e}");
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void FusedMatchesComposed(string name)
    {
        var (inputs, fused, composed) = Cases[name];
        var x = inputs();
        var a = Run(fused, x);
        var b = Run(composed, x, a.Weights);
        for (int e = 0; e < a.Output.Length; e++) Assert.AreEqual(b.Output[e], a.Output[e], 1e-12, $"{name}: output element {e}");
        for (int i = 0; i < x.Length; i++)
            for (int e = 0; e < a.Grads[i].Length; e++)
                Assert.AreEqual(b.Grads[i][e], a.Grads[i][e], 1e-11, $"{name}: gradient of input {i}, element {e}");
    }

    [TestMethod]
    public void TheTorchBackendHasTheseKernels()
    {
        var torch = BackendRegistry.Get("torch");
        Assert.IsInstanceOfType<IBatchNormTrainingKernels>(torch);
        Assert.IsInstanceOfType<IFusedLinearKernels>(torch);
        Assert.IsInstanceOfType<IFusedNormalizationKernels>(torch);
        Assert.IsInstanceOfType<IFusedActivationKernels>(torch);
    }

    [TestMethod]
    public void BatchNormStatisticsAreTheBatchMeanAndBiasedVariance()
    {
        // features along the last axis: [1, 2, 3, 6] and [0, 0, 4, 4] (one value per row), by hand
        var x = Tensor.FromArray(new double[] { 1, 0, 2, 0, 3, 4, 6, 4 }, 4, 2);
        foreach (bool taped in new[] { false, true })
        {
            using var tape = new GradientTape();
            if (taped) tape.Watch(x);
            var (_, mean, variance) = Ops.BatchNorm(x, null, null, -1, 1e-3);
            CollectionAssert.AreEqual(new double[] { 3, 2 }, mean.ToArray<double>(), $"mean (taped: {taped})");
            var v = variance.ToArray<double>();
            Assert.AreEqual(3.5, v[0], 1e-12, $"variance of [1, 2, 3, 6] (taped: {taped})");
            Assert.AreEqual(4.0, v[1], 1e-12, $"variance of [0, 0, 4, 4] (taped: {taped})");
        }
    }

    [TestMethod]
    public void BatchNormWithOneValuePerFeatureHasZeroVariance()
    {
        var x = Tensor.FromArray(new double[] { 1.5, -2 }, 1, 2);
        var (y, mean, variance) = Ops.BatchNorm(x, null, Tensor.FromArray(new double[] { 0.25, 0.5 }, 2), -1, 1e-3);
        CollectionAssert.AreEqual(new double[] { 1.5, -2 }, mean.ToArray<double>());
        CollectionAssert.AreEqual(new double[] { 0, 0 }, variance.ToArray<double>());
        CollectionAssert.AreEqual(new double[] { 0.25, 0.5 }, y.ToArray<double>(), "x - mean is zero: the output is beta");
    }

    [TestMethod]
    public void APersistentTapeGivesTheBatchNormGradientsTwice()
    {
        var x = Input(20, 4, 3);
        var gamma = Input(21, 3);
        using var tape = new GradientTape(persistent: true);
        tape.Watch([x, gamma]);
        var loss = Ops.Sum(Ops.Multiply(Ops.BatchNorm(x, gamma, null, -1, 1e-3).Output, Input(22, 4, 3)));
        var first = tape.Gradient(loss, [x, gamma]);
        var second = tape.Gradient(loss, [x, gamma]);
        for (int i = 0; i < 2; i++)
            CollectionAssert.AreEqual(first[i]!.ToArray<double>(), second[i]!.ToArray<double>(), $"gradient {i}");
    }
}
