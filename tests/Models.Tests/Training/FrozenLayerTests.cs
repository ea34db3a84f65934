using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>A layer with Trainable = false keeps its weights through Fit, and Summary counts them as non-trainable.</summary>
[TestClass]
public sealed class FrozenLayerTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(61);
    }

    [TestMethod]
    public void AFrozenLayerDoesNotChangeInFit()
    {
        var (x, y) = TinyData.TwoClasses(64, seed: 62);
        var frozen = new Dense(8, activation: "relu") { Trainable = false };
        var head = new Dense(2, activation: "softmax");
        var model = new Sequential([new Input(shape: [2]), frozen, head]);
        Assert.HasCount(2, model.TrainableWeights);
        Assert.HasCount(2, model.NonTrainableWeights);
        var frozenBefore = frozen.Weights.Select(w => w.ToArray<float>()).ToArray();
        var headBefore = head.Weights[0].ToArray<float>();
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
        model.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0);
        for (int i = 0; i < frozenBefore.Length; i++)
            CollectionAssert.AreEqual(frozenBefore[i], frozen.Weights[i].ToArray<float>(), $"frozen weight {frozen.Weights[i].Name}");
        CollectionAssert.AreNotEqual(headBefore, head.Weights[0].ToArray<float>(), "the trainable layer trained");
    }

    [TestMethod]
    public void FreezingAModelFreezesItsLayers_BatchNormalizationIncluded()
    {
        var (x, y) = TinyData.TwoClasses(64, seed: 63);
        var backbone = new Sequential([new Input(shape: [2]), new Dense(8, activation: "relu"), new BatchNormalization()], name: "backbone");
        backbone.Trainable = false;
        Assert.IsTrue(backbone.Layers.All(l => !l.Trainable), "every sub-layer is frozen with the model");
        var model = new Sequential([new Input(shape: [2]), backbone, new Dense(2, activation: "softmax")]);
        var before = backbone.Weights.Select(w => w.ToArray<float>()).ToArray();
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
        model.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0);
        for (int i = 0; i < before.Length; i++)
            CollectionAssert.AreEqual(before[i], backbone.Weights[i].ToArray<float>(), $"{backbone.Weights[i].Name} (moving statistics included)");

        backbone.Trainable = true;
        backbone.GetLayer(0).Trainable = false;
        Assert.HasCount(2 + 2, model.TrainableWeights, "the batch norm's gamma and beta and the head train again; the first dense stays frozen");
    }

    [TestMethod]
    public void SummaryCountsAFrozenBatchNormalizationAsNonTrainable()
    {
        var bn = new BatchNormalization { Trainable = false };
        var model = new Sequential([new Input(shape: [3]), new Dense(4), bn, new Dense(2)]);
        var lines = new List<string>();
        model.Summary(lines.Add);
        long all = 3 * 4 + 4 + 4 * 4 + 4 * 2 + 2;
        Assert.Contains($"Total params: {all} (168.00 B)", lines);
        Assert.Contains($"Trainable params: {all - 16} (104.00 B)", lines);
        Assert.Contains("Non-trainable params: 16 (64.00 B)", lines);
        Assert.IsTrue(lines.Any(l => l.StartsWith(" batch_normalization (BatchNormalization)", StringComparison.Ordinal) && l.Contains("(None, 4)") && l.TrimEnd().EndsWith("16", StringComparison.Ordinal)),
                      string.Join("\n", lines));
    }

    [TestMethod]
    public void SummaryCountsTheMovingStatisticsAsNonTrainable()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(4), new BatchNormalization(), new Dense(2)]);
        var lines = new List<string>();
        model.Summary(lines.Add);
        Assert.Contains("Non-trainable params: 8 (32.00 B)", lines);
        Assert.Contains("Trainable params: 34 (136.00 B)", lines);
    }
}
