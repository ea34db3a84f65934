using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

[TestClass]
public sealed class ModelBuildingTests
{
    [TestInitialize]
    public void Reset() => LayerNames.Reset();

    [TestMethod]
    public void SequentialWithInputBuildsItsGraphAtOnce()
    {
        var model = new Sequential([new Input(shape: [28, 28]), new Flatten(), new Dense(128, activation: "relu"), new Dense(10)]);
        Assert.AreEqual(2, model.Outputs[0].Rank);
        CollectionAssert.AreEqual(new int?[] { null, 10 }, model.Outputs[0].Shape);
        Assert.AreEqual(784L * 128 + 128 + 128 * 10 + 10, model.CountParams());
        CollectionAssert.AreEqual(new[] { "dense", "dense_1" }, model.StackedLayers.OfType<Dense>().Select(l => l.Name).ToArray());
    }

    [TestMethod]
    public void SequentialWithoutInputBuildsFromTheFirstBatch()
    {
        var model = new Sequential([new Dense(4), new Dense(1)]);
        Assert.AreEqual(0, model.Weights.Count);
        using var y = model.PredictOnBatch(Ops.Ones([3, 5]));
        CollectionAssert.AreEqual(new[] { 3, 1 }, y.Shape.ToArray());
        Assert.AreEqual(5L * 4 + 4 + 4 + 1, model.CountParams());
    }

    [TestMethod]
    public void AWrongShapeFailsWhenTheLayerIsAdded()
    {
        var model = new Sequential([new Input(shape: [4]), new Dense(3)]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.Add(new Reshape([5])));
        StringAssert.Contains(e.Message, "reshape");
        StringAssert.Contains(e.Message, "(None, 3)");
    }

    [TestMethod]
    public void AWrongDataShapeFailsInFitNamingTheInput()
    {
        var model = new Sequential([new Input(shape: [4], name: "features"), new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.Fit(Ops.Ones([8, 5]), Ops.Ones([8, 1]), verbose: 0));
        StringAssert.Contains(e.Message, "'features' expects shape (None, 4), received [8,5]");
    }

    [TestMethod]
    public void FunctionalModelWithTwoInputsAndASharedLayer()
    {
        var a = new Input(shape: [3], name: "a");
        var b = new Input(shape: [3], name: "b");
        var shared = new Dense(2, kernelInitializer: "ones", biasInitializer: "zeros");
        var sum = new Add().Apply(shared.Apply(a), shared.Apply(b));
        var model = new Model(inputs: [a, b], outputs: [sum]);
        Assert.AreEqual(8L, model.CountParams(), "the shared layer's weights count once");
        using var y = model.Forward([Tensor.FromArray(new[] { 1f, 2f, 3f }, 1, 3), Tensor.FromArray(new[] { 1f, 1f, 1f }, 1, 3)], false)[0];
        CollectionAssert.AreEqual(new[] { 9f, 9f }, y.ToArray<float>());
    }

    [TestMethod]
    public void NestedModelsActAsLayers()
    {
        var inner = new Sequential([new Input(shape: [2]), new Dense(3, kernelInitializer: "ones")]);
        var x = new Input(shape: [2]);
        var outer = new Model(x, new Dense(1, kernelInitializer: "ones").Apply(inner.Apply(x)));
        Assert.AreEqual(inner.CountParams() + 4, outer.CountParams());
        using var y = outer.PredictOnBatch(Tensor.FromArray(new[] { 1f, 2f }, 1, 2));
        Assert.AreEqual(9f, y.Item<float>(), 1e-6f);
    }

    [TestMethod]
    public void AnInputThatIsNotAModelInputIsReported()
    {
        var a = new Input(shape: [2], name: "a");
        var stray = new Input(shape: [2], name: "stray");
        var y = new Add().Apply(a, stray);
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Model(a, y));
        StringAssert.Contains(e.Message, "stray");
    }

    [TestMethod]
    public void SummaryPrintsTheKerasTable()
    {
        var model = new Sequential([new Input(shape: [28, 28]), new Flatten(), new Dense(128, activation: "relu"), new Dropout(0.2), new Dense(10)], name: "sequential");
        var lines = new List<string>();
        model.Summary(lines.Add);
        var text = string.Join("\n", lines);
        StringAssert.Contains(text, "Model: \"sequential\"");
        StringAssert.Contains(text, "flatten (Flatten)");
        StringAssert.Contains(text, "(None, 784)");
        StringAssert.Contains(text, "100,480");
        StringAssert.Contains(text, "Total params: 101,770 (397.54 KB)");
        StringAssert.Contains(text, "Trainable params: 101,770 (397.54 KB)");
        StringAssert.Contains(text, "Non-trainable params: 0 (0.00 B)");
    }

    [TestMethod]
    public void FunctionalSummaryShowsConnections()
    {
        var image = new Input(shape: [4], name: "image");
        var meta = new Input(shape: [2], name: "meta");
        var joined = new Concatenate().Apply(new Dense(3, name: "features").Apply(image), meta);
        var model = new Model(inputs: [image, meta], outputs: [new Dense(1, name: "out").Apply(joined)], name: "two_inputs");
        var lines = new List<string>();
        model.Summary(lines.Add);
        var text = string.Join("\n", lines);
        StringAssert.Contains(text, "Connected to");
        StringAssert.Contains(text, "features, meta");
        StringAssert.Contains(text, "(None, 5)");
    }
}
