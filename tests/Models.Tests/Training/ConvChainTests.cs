using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>
/// The inference fusion of a functional graph run with no recording tape: a ZeroPadding2D, Conv2D,
/// BatchNormalization (inference mode) and ReLU chain runs as one channels-last convolution. A run under a tape (which
/// watches nothing here) is the layer-by-layer reference.
/// </summary>
[TestClass]
public sealed class ConvChainTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(211);
    }

    private static Tensor Reference(Model model, Tensor x, bool training = false)
    {
        using var tape = new GradientTape(watchAccessedVariables: false);
        return model.Forward([x], training)[0];
    }

    // Moving statistics and affine weights away from their initial 0 and 1, so a wrong fold shows.
    private static void Randomize(Model model)
    {
        int seed = 300;
        var values = new Dictionary<string, Tensor>();
        foreach (var (name, weight) in model.StateDict())
        {
            var shape = weight.Shape.ToArray();
            values[name] = name.EndsWith("moving_variance", StringComparison.Ordinal)
                ? Ops.RandomUniform(shape, 0.5, 2, seed: seed++)
                : Ops.RandomUniform(shape, -0.5, 0.5, seed: seed++);
        }
        model.LoadStateDict(values);
    }

    private static Model ResNetStem(bool convBias, bool center = true, bool scale = true)
    {
        var input = new Input([9, 8, 3]);
        var x = new ZeroPadding2D(2).Apply(input);
        x = new Conv2D(6, 5, strides: 2, useBias: convBias).Apply(x);
        x = new BatchNormalization(epsilon: 1e-5, center: center, scale: scale).Apply(x);
        x = new ReLU().Apply(x);
        x = new Conv2D(4, 3, padding: "same", useBias: false).Apply(x);
        x = new BatchNormalization().Apply(x);
        var model = new Model(input, new GlobalAveragePooling2D().Apply(x));
        Randomize(model);
        return model;
    }

    [TestMethod]
    [DataRow(false, true, true)]
    [DataRow(true, true, true)]
    [DataRow(true, false, false)]
    public void FusedChainsGiveTheLayersResults(bool convBias, bool center, bool scale)
    {
        var model = ResNetStem(convBias, center, scale);
        using var x = Ops.RandomUniform([3, 9, 8, 3], -1, 1, seed: 212);
        using var expected = Reference(model, x);
        using var actual = model.PredictOnBatch(x);
        CollectionAssert.AreEqual(expected.Shape.ToArray(), actual.Shape.ToArray());
        var e = expected.ToArray<float>();
        var a = actual.ToArray<float>();
        for (int i = 0; i < e.Length; i++) Assert.AreEqual(e[i], a[i], 1e-5 * Math.Max(1, Math.Abs(e[i])), $"element {i}");
    }

    // torchvision's BasicBlock, with a strided downsample branch (two convolution chains meet in the Add) or the identity
    private static Model ResidualBlock(bool downsample)
    {
        var input = new Input([8, 8, 4]);
        int stride = downsample ? 2 : 1, width = downsample ? 6 : 4;
        var y = new ZeroPadding2D(1).Apply(input);
        y = new ReLU().Apply(new BatchNormalization().Apply(new Conv2D(width, 3, strides: stride, useBias: false).Apply(y)));
        y = new BatchNormalization().Apply(new Conv2D(width, 3, padding: "same", useBias: false).Apply(y));
        var shortcut = downsample ? new BatchNormalization().Apply(new Conv2D(width, 1, strides: 2, useBias: false).Apply(input)) : input;
        var model = new Model(input, new ReLU().Apply(new Add().Apply(y, shortcut)));
        Randomize(model);
        return model;
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ResidualBlocksGiveTheLayersResults(bool downsample)
    {
        var model = ResidualBlock(downsample);
        using var x = Ops.RandomUniform([2, 8, 8, 4], -1, 1, seed: 218);
        using var expected = Reference(model, x);
        using var actual = model.PredictOnBatch(x);
        CollectionAssert.AreEqual(expected.Shape.ToArray(), actual.Shape.ToArray());
        var e = expected.ToArray<float>();
        var a = actual.ToArray<float>();
        Assert.IsTrue(e.Any(v => v == 0) && e.Any(v => v > 0), "the final ReLU has work to do");
        for (int i = 0; i < e.Length; i++) Assert.AreEqual(e[i], a[i], 1e-5 * Math.Max(1, Math.Abs(e[i])), $"element {i}");
    }

    [TestMethod]
    public void TrainingModeKeepsBatchStatisticsAndAFrozenNormalizationFolds()
    {
        var model = ResNetStem(convBias: false);
        using var x = Ops.RandomUniform([3, 9, 8, 3], -1, 1, seed: 213);
        var moving = model.StateDict().Where(kv => kv.Key.Contains("moving", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value.ToArray<float>());
        // in training mode the normalizations use batch statistics (and update the moving ones): only the padding folds
        using (var scope = new TensorScope())
        {
            var expected = Reference(model, x, training: true).ToArray<float>();
            model.LoadStateDict(moving.ToDictionary(kv => kv.Key, kv => Tensor.FromArray(kv.Value)), strict: false);
            var actual = model.Forward([x], training: true)[0].ToArray<float>();
            for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-5, $"training, element {i}");
        }
        foreach (var layer in model.Layers.OfType<BatchNormalization>()) layer.Trainable = false;
        using (var scope = new TensorScope())
        {
            var expected = Reference(model, x, training: true).ToArray<float>();
            var actual = model.Forward([x], training: true)[0].ToArray<float>();
            for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-5, $"frozen, element {i}");
        }
    }

    [TestMethod]
    public void AnIntermediateThatIsAlsoAnOutputOrReadTwiceIsNotFused()
    {
        var input = new Input([6, 6, 2]);
        var conv = new Conv2D(3, 3, useBias: false).Apply(new ZeroPadding2D(1).Apply(input));
        var norm = new BatchNormalization().Apply(conv);
        var relu = new ReLU().Apply(norm);
        var twice = new Add().Apply(relu, new ReLU().Apply(norm));
        var model = new Model(input, [conv, twice]);
        Randomize(model);
        using var x = Ops.RandomUniform([2, 6, 6, 2], -1, 1, seed: 214);
        using var scope = new TensorScope();
        Tensor[] expected;
        using (var tape = new GradientTape(watchAccessedVariables: false)) expected = model.Forward([x], false);
        var actual = model.Forward([x], false);
        for (int o = 0; o < 2; o++)
        {
            var e = expected[o].ToArray<float>();
            var a = actual[o].ToArray<float>();
            for (int i = 0; i < e.Length; i++) Assert.AreEqual(e[i], a[i], 1e-5, $"output {o}, element {i}");
        }
    }
}
