using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Models.Tests.Saving.Formats;
using KerasSharp.Saving;

namespace KerasSharp.Models.Tests.Saving;

/// <summary>A registered custom loss: the mean squared error times a factor.</summary>
[KerasSerializable("tests")]
public sealed class ScaledMse(double scale = 1, Reduction? reduction = Reduction.SumOverBatchSize, string name = "scaled_mse") : Loss(name, reduction)
{
    public double Scale { get; } = scale;

    public override Tensor ComputePerSample(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = PrepareDense(yTrue, yPred);
        return Ops.MultiplyScalar(Ops.Mean(Ops.Square(Ops.Subtract(p, t)), -1), Scale);
    }

    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["scale"] = Scale;
        return c;
    }
}

/// <summary>A registered custom metric: the largest absolute error seen.</summary>
[KerasSerializable("tests")]
public sealed class MaxAbsError(string name = "max_abs_error") : Metric(name)
{
    private double _max;

    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        var t = yTrue.ToArray<double>();
        var p = yPred.ToArray<double>();
        for (int i = 0; i < t.Length; i++) _max = Math.Max(_max, Math.Abs(t[i] - p[i]));
    }

    public override double Result() => _max;

    public override void ResetState() => _max = 0;
}

[TestClass]
public sealed class CustomObjectSavingTests
{
    [TestMethod]
    public void ACustomLossAndMetric_RoundTripThroughTheCompileConfig()
    {
        using var dir = new TempFolder();
        var model = new Sequential([new Input([3]), new Dense(1)]);
        model.Compile("sgd", new ScaledMse(scale: 3), metrics: [new MaxAbsError()]);
        var x = Ops.RandomUniform([8, 3], seed: 1);
        var y = Ops.RandomUniform([8, 1], seed: 2);
        var path = dir.File("custom.keras");
        model.Save(path);

        var loaded = Model.Load(path);
        var expected = model.Evaluate(x, y);
        var actual = loaded.Evaluate(x, y);
        CollectionAssert.AreEqual(new[] { "loss", "max_abs_error" }, actual.Keys.ToArray());
        Assert.AreEqual(expected["loss"], actual["loss"], 1e-12);
        Assert.AreEqual(expected["max_abs_error"], actual["max_abs_error"], 1e-12);
        StringAssert.Contains(loaded.ToJson(), "\"registered_name\":\"tests>ScaledMse\"");
        StringAssert.Contains(loaded.ToJson(), "\"scale\":3.0");
    }
}
