using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>A custom layer that makes its sub-layer in Build and keeps it in a field (the sub-layer must train).</summary>
internal sealed class BuildsItsDense : Layer
{
    private Dense? _inner;

    public override void Build(int?[] inputShape)
    {
        _inner = new Dense(3);
        Built = true;
    }

    public override Tensor Call(Tensor inputs, bool training) => _inner!.Apply(inputs, training);

    public override int?[] ComputeOutputShape(int?[] inputShape) => [.. inputShape[..^1], 3];
}

/// <summary>A subclassed model whose training step runs Call directly rather than Apply.</summary>
internal sealed class CallsCallInTrainStep : Model
{
    private readonly Dense _hidden = new(6, activation: "relu");
    private readonly Dense _out = new(1);

    public override Tensor Call(Tensor inputs, bool training) => _out.Apply(_hidden.Apply(inputs, training), training);

    public override Dictionary<string, double> TrainStep(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight)
    {
        Tensor loss;
        Tensor?[] gradients;
        IReadOnlyList<Variable> weights;
        using (var tape = new GradientTape())
        {
            var prediction = Call(x[0], training: true);
            loss = Ops.Mean(Ops.Square(Ops.Subtract(prediction, y[0])));
            weights = TrainableWeights;
            gradients = tape.Gradient(loss, weights);
        }
        Optimizer!.ApplyGradients(gradients, weights);
        return new Dictionary<string, double> { ["loss"] = loss.Item<double>() };
    }
}

[TestClass]
public sealed class SubLayerTrackingTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(5);
    }

    [TestMethod]
    public void ASubLayerMadeInBuildIsTrackedAndTrains()
    {
        var custom = new BuildsItsDense();
        var model = new Sequential([new Input([4]), custom]);
        Assert.AreEqual(4L * 3 + 3, model.CountParams(), "Summary and CountParams see the sub-layer made in Build");
        var lines = new List<string>();
        model.Summary(lines.Add);
        CollectionAssert.Contains(lines, "Total params: 15 (60.00 B)");
        CollectionAssert.AreEqual(new[] { "builds_its_dense/inner/kernel", "builds_its_dense/inner/bias" }, model.StateDict().Keys.ToList());

        var before = model.TrainableWeights[0].ToArray<float>();
        model.Compile("sgd", "mse");
        model.Fit(Ops.RandomNormal([16, 4], seed: 1), Ops.RandomNormal([16, 3], seed: 2), batchSize: 8, epochs: 2, verbose: 0);
        CollectionAssert.AreNotEqual(before, model.TrainableWeights[0].ToArray<float>());
    }

    [TestMethod]
    public void ATrainStepThatRunsCallStillTrainsTheWeights()
    {
        var (x, _) = TinyData.TwoClasses(64, seed: 3);
        var y = Ops.Sum(x, 1, keepDims: true);
        var model = new CallsCallInTrainStep();
        model.Compile(new KerasSharp.Optimizers.Adam(learningRate: 0.05), "mse");
        var history = model.Fit(x, y, batchSize: 16, epochs: 20, verbose: 0);
        Assert.HasCount(4, model.TrainableWeights);
        Assert.IsLessThan(history["loss"][0] * 0.2, history["loss"][^1], $"losses {string.Join(", ", history["loss"])}");
    }

    [TestMethod]
    public void ApplyGradientsWithNoVariables_FailsSayingWhy()
    {
        var optimizer = new KerasSharp.Optimizers.SGD();
        var e = Assert.ThrowsExactly<ArgumentException>(() => optimizer.ApplyGradients(Array.Empty<Tensor?>(), Array.Empty<Variable>()));
        StringAssert.Contains(e.Message, "no variables");
        StringAssert.Contains(e.Message, "TrainableWeights");
    }
}
