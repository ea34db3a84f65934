using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Optimizers;
using KerasSharp.Optimizers.Schedules;
using KerasSharp.Saving;
using KerasSharp.Tests.Saving;

namespace KerasSharp.Models.Tests.Saving;

/// <summary>
/// Every built-in loss, metric, optimizer and learning-rate schedule saves and loads: its config survives config → object →
/// config unchanged, and the rebuilt object computes what the original does.
/// </summary>
[TestClass]
public sealed class ModelObjectConfigTests
{
    private static readonly string[] Namespaces = ["KerasSharp.Losses", "KerasSharp.Metrics", "KerasSharp.Optimizers", "KerasSharp.Optimizers.Schedules"];

    public static IEnumerable<object[]> Ids => ModelObjectSamples.All.Select(s => new object[] { s.Id });

    private static IEnumerable<Type> Covered() =>
        ModelObjectSamples.All.Select(s => s.Make().GetType()).Concat(ModelObjectSamples.Unsavable.Select(s => s.Make().GetType()));

    [TestMethod]
    public void EveryBuiltInClassHasASample()
    {
        // Models themselves (Model, Sequential) are saved by the model-saving work, not as samples here.
        var missing = ConfigRoundTrip.Missing(typeof(Loss).Assembly, t => Namespaces.Contains(t.Namespace), Covered());
        Assert.IsEmpty(missing, "Built-in classes without a sample in ModelObjectSamples: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void TheCatalogueCheckSeesAClassWithoutASample()
    {
        var missing = ConfigRoundTrip.Missing(typeof(Loss).Assembly, t => Namespaces.Contains(t.Namespace), Covered().Where(t => t != typeof(Huber)));
        CollectionAssert.AreEqual(new[] { typeof(Huber).FullName }, missing);
    }

    [TestMethod]
    [DynamicData(nameof(Ids))]
    public void Config_RoundTripsAndTheRebuiltObjectComputesTheSame(string id)
    {
        var (obj, sparse) = ModelObjectSamples.Make(id);
        var back = ConfigRoundTrip.AssertRoundTrips(obj, id);
        switch (obj)
        {
            case Loss loss:
            {
                var (t, p) = ModelObjectSamples.Data(sparse);
                CollectionAssert.AreEqual(loss.Call(t, p).ToArray<float>(), ((Loss)back).Call(t, p).ToArray<float>(), id);
                break;
            }
            case Metric metric:
            {
                var (t, p) = ModelObjectSamples.Data(sparse);
                metric.UpdateState(t, p);
                ((Metric)back).UpdateState(t, p);
                Assert.AreEqual(metric.Result(), ((Metric)back).Result(), id);
                break;
            }
            case Optimizer optimizer:
                CollectionAssert.AreEqual(Steps(optimizer), Steps((Optimizer)back), id);
                break;
            case LearningRateSchedule schedule:
                for (long step = 0; step <= 120; step += 3)
                    Assert.AreEqual(schedule.Call(step), ((LearningRateSchedule)back).Call(step), $"{id} at step {step}");
                break;
            default:
                Assert.Fail($"{id}: no behaviour check for {obj.GetType().Name}");
                break;
        }
    }

    // The weight after three fixed gradient steps from a fixed start.
    private static double[] Steps(Optimizer optimizer)
    {
        using var w = new Variable(Tensor.FromArray(new[] { 1.0, -2.0, 0.5 }), "w");
        foreach (var g in new[] { new[] { 0.5, -1.0, 2.0 }, new[] { 0.2, 0.3, -0.1 }, new[] { -0.4, 0.1, 0.0 } })
        {
            using var grad = Tensor.FromArray(g);
            optimizer.ApplyGradients([grad], [w]);
        }
        return w.ToArray<double>();
    }

    [TestMethod]
    public void MetricWithADelegate_FailsToSaveNamingTheMetric()
    {
        var metric = ModelObjectSamples.Unsavable.Single(s => s.Id == "mean_metric_wrapper").Make();
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => KerasObjects.Serialize(metric));
        StringAssert.Contains(e.Message, "MeanMetricWrapper 'abs_error'");
        StringAssert.Contains(e.Message, "KerasSerializable");
    }

    [TestMethod]
    public void Schedules_HaveKerasDefaultNames()
    {
        Assert.AreEqual("ExponentialDecay", new ExponentialDecay(0.1, 10, 0.9).Name);
        Assert.AreEqual("PiecewiseConstant", new PiecewiseConstantDecay([1], [0.1, 0.01]).Name);
        Assert.AreEqual("PolynomialDecay", new PolynomialDecay(0.1, 10).Name);
        Assert.AreEqual("CosineDecay", new CosineDecay(0.1, 10).Name);
    }

    [TestMethod]
    public void BinaryCrossentropy_AveragesOverItsAxis()
    {
        var (t, p) = ModelObjectSamples.Data(sparse: false);
        var perRow = new BinaryCrossentropy(reduction: Reduction.None).Call(t, p);
        var perColumn = new BinaryCrossentropy(axis: 0, reduction: Reduction.None).Call(t, p);
        CollectionAssert.AreEqual(new[] { 4 }, perRow.Shape.ToArray());
        CollectionAssert.AreEqual(new[] { 3 }, perColumn.Shape.ToArray());
        Assert.AreEqual(perRow.ToArray<float>().Average(), perColumn.ToArray<float>().Average(), 1e-6);
    }
}
