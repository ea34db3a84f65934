using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>Data of the wrong shape or count fails in Fit with a message naming the layer and both shapes.</summary>
[TestClass]
public sealed class ShapeErrorTests
{
    [TestInitialize]
    public void Reset() => LayerNames.Reset();

    [TestMethod]
    public void FeaturesOfTheWrongSizeNameTheLayerAndBothShapes()
    {
        var model = new Sequential([new Input(shape: [784]), new Dense(10, activation: "softmax")]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.Fit(Ops.Ones([8, 100]), Ops.Zeros([8], DType.Int64), verbose: 0));
        StringAssert.Contains(e.Message, "(None, 784)");
        StringAssert.Contains(e.Message, "[8,100]");
        StringAssert.Contains(e.Message, "layer 'dense'");
    }

    [TestMethod]
    public void ADenseBuiltFor784FedWith100InFit()
    {
        var dense = new Dense(10, activation: "softmax");
        using (dense.Apply(Ops.Ones([1, 784]))) { }
        var model = new Sequential([dense]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.Fit(Ops.Ones([8, 100]), Ops.Zeros([8], DType.Int64), verbose: 0));
        StringAssert.Contains(e.Message, "Layer 'dense'");
        StringAssert.Contains(e.Message, "784");
        StringAssert.Contains(e.Message, "(None, 100)");
    }

    [TestMethod]
    public void ASubclassedModelFedTheWrongSizeAfterBuilding()
    {
        var model = new TwoLayerNet();
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
        model.Fit(Ops.Ones([8, 784]), Ops.Zeros([8], DType.Int64), verbose: 0);
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.Fit(Ops.Ones([8, 100]), Ops.Zeros([8], DType.Int64), verbose: 0));
        StringAssert.Contains(e.Message, $"'{model.Name}'");
        StringAssert.Contains(e.Message, "784");
        StringAssert.Contains(e.Message, "100");
    }

    [TestMethod]
    public void TooManyTargetsForASingleOutput()
    {
        var model = new Sequential([new Input(shape: [2]), new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.Fit([Ops.Ones([4, 2])], [Ops.Ones([4, 1]), Ops.Ones([4, 1])], verbose: 0));
        StringAssert.Contains(e.Message, "has 1 outputs (dense) but 2 target arrays were given");
    }

    [TestMethod]
    public void TooFewTargetsForTwoOutputs()
    {
        var input = new Input(shape: [2]);
        var model = new Model(inputs: [input], outputs: [new Dense(1, name: "a").Apply(input), new Dense(1, name: "b").Apply(input)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.Fit(Ops.Ones([4, 2]), Ops.Ones([4, 1]), verbose: 0));
        StringAssert.Contains(e.Message, "has 2 outputs (a, b) but 1 target arrays were given");
        e = Assert.ThrowsExactly<ArgumentException>(() => model.Evaluate(Ops.Ones([4, 2]), Ops.Ones([4, 1])));
        StringAssert.Contains(e.Message, "but 1 target arrays were given");
    }
}
