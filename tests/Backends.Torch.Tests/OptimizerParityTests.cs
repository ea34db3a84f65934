using KerasSharp.Optimizers;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// Every optimizer, on a scalar (rank-0), a vector and a matrix weight, takes the same three steps on both backends
/// (float32, tolerance 1e-6 relative: the same arithmetic in a different kernel order).
/// </summary>
[TestClass]
public sealed class OptimizerParityTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    private static readonly Dictionary<string, Func<Optimizer>> Optimizers = new()
    {
        ["sgd"] = () => new SGD(learningRate: 0.1),
        ["sgd_momentum_nesterov"] = () => new SGD(learningRate: 0.1, momentum: 0.9, nesterov: true),
        ["adam"] = () => new Adam(learningRate: 0.1),
        ["adam_amsgrad"] = () => new Adam(learningRate: 0.1, amsgrad: true),
        ["adamw"] = () => new AdamW(learningRate: 0.1),
        ["adamax"] = () => new Adamax(learningRate: 0.1),
        ["nadam"] = () => new Nadam(learningRate: 0.1),
        ["rmsprop"] = () => new RMSprop(learningRate: 0.1, momentum: 0.5, centered: true),
        ["adagrad"] = () => new Adagrad(learningRate: 0.1),
        ["adam_clipnorm_decay"] = () => new Adam(learningRate: 0.1, clipnorm: 0.5, weightDecay: 0.1),
    };

    public static IEnumerable<object[]> Names => Optimizers.Keys.Select(k => new object[] { k });

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void ScalarVectorAndMatrixWeightsStepAlike(string name)
    {
        var native = Run("native", Optimizers[name]);
        var torch = Run("torch", Optimizers[name]);
        for (int i = 0; i < native.Length; i++)
            for (int j = 0; j < native[i].Length; j++)
                Assert.AreEqual(native[i][j], torch[i][j], 1e-6 * Math.Max(1, Math.Abs(native[i][j])), $"{name}: weight {i}, element {j}");
    }

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void AScalarLayerWeightTrainsWithFitAlike(string name)
    {
        var native = Fit("native", Optimizers[name]);
        var torch = Fit("torch", Optimizers[name]);
        Assert.AreEqual(native, torch, 1e-5 * Math.Max(1, Math.Abs(native)), name);
        Assert.AreNotEqual(1f, native, $"{name}: the scalar weight moved");
    }

    private static float Fit(string backend, Func<Optimizer> make)
    {
        Backend.Set(backend);
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 4, 1);
        var y = Tensor.FromArray(new float[] { 2, 4, 6, 8 }, 4, 1);
        var model = new KerasSharp.Models.Sequential([new KerasSharp.Layers.Input([1]), new ScaleLayer()]);
        model.Compile(make(), "mse");
        model.Fit(x, y, batchSize: 2, epochs: 2, shuffle: false, verbose: 0);
        return model.Weights[0].Item<float>();
    }

    private static float[][] Run(string backend, Func<Optimizer> make)
    {
        Backend.Set(backend);
        float[][] initial = [[0.5f], [1f, -2f, 3f], [0.1f, 0.2f, -0.3f, 0.4f, -0.5f, 0.6f]];
        int[][] shapes = [[], [3], [2, 3]];
        // Reshape, not FromArray(v, shape): FromArray with no shape makes a 1-D tensor, and the scalar must be rank 0.
        var weights = initial.Select((v, i) => new Variable(Ops.Reshape(Tensor.FromArray(v), shapes[i]), $"w{i}")).ToArray();
        Assert.AreEqual(0, weights[0].Rank);
        var optimizer = make();
        for (int step = 0; step < 3; step++)
        {
            var grads = weights.Select((w, i) => (Tensor?)Ops.MultiplyScalar(Ops.AddScalar(w, 0.3 * (step + 1)), 2.0)).ToArray();
            optimizer.ApplyGradients(grads, weights);
        }
        return weights.Select(w => w.ToArray<float>()).ToArray();
    }
}

/// <summary>A layer with a scalar weight: y = x * scale.</summary>
internal sealed class ScaleLayer : KerasSharp.Layers.Layer
{
    private Variable? _scale;

    public override void Build(int?[] inputShape)
    {
        _scale = AddWeight("scale", [], "ones");
        Built = true;
    }

    public override Tensor Call(Tensor inputs, bool training) => Ops.Multiply(inputs, _scale!);

    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
}
