using KerasSharp.Losses;
using KerasSharp.Metrics;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class MetricGetTests
{
    [TestMethod]
    public void AccuracyResolvesByLoss()
    {
        Assert.IsInstanceOfType<SparseCategoricalAccuracy>(Metric.Get("accuracy", new SparseCategoricalCrossentropy()));
        Assert.IsInstanceOfType<CategoricalAccuracy>(Metric.Get("accuracy", new CategoricalCrossentropy()));
        Assert.IsInstanceOfType<BinaryAccuracy>(Metric.Get("acc", new BinaryCrossentropy()));
        Assert.IsInstanceOfType<Accuracy>(Metric.Get("accuracy", new Losses.MeanSquaredError()));
        Assert.IsInstanceOfType<Accuracy>(Metric.Get("accuracy"));
        Assert.AreEqual("accuracy", Metric.Get("accuracy", Loss.Get("sparse_categorical_crossentropy")).Name);
        Assert.AreEqual("acc", Metric.Get("acc", new CategoricalCrossentropy()).Name);
    }

    [TestMethod]
    [DataRow("binary_accuracy", typeof(BinaryAccuracy), "binary_accuracy")]
    [DataRow("categorical_accuracy", typeof(CategoricalAccuracy), "categorical_accuracy")]
    [DataRow("sparse_categorical_accuracy", typeof(SparseCategoricalAccuracy), "sparse_categorical_accuracy")]
    [DataRow("top_k_categorical_accuracy", typeof(TopKCategoricalAccuracy), "top_k_categorical_accuracy")]
    [DataRow("precision", typeof(Precision), "precision")]
    [DataRow("recall", typeof(Recall), "recall")]
    [DataRow("auc", typeof(AUC), "auc")]
    [DataRow("f1_score", typeof(F1Score), "f1_score")]
    [DataRow("mse", typeof(Metrics.MeanSquaredError), "mse")]
    [DataRow("mean_squared_error", typeof(Metrics.MeanSquaredError), "mean_squared_error")]
    [DataRow("mae", typeof(Metrics.MeanAbsoluteError), "mae")]
    [DataRow("rmse", typeof(RootMeanSquaredError), "rmse")]
    [DataRow("root_mean_squared_error", typeof(RootMeanSquaredError), "root_mean_squared_error")]
    [DataRow("r2_score", typeof(R2Score), "r2_score")]
    [DataRow("mean", typeof(Mean), "mean")]
    [DataRow("AUC", typeof(AUC), "auc")]
    [DataRow("SparseCategoricalAccuracy", typeof(SparseCategoricalAccuracy), "sparse_categorical_accuracy")]
    public void GetResolvesKerasNames(string identifier, Type type, string name)
    {
        var m = Metric.Get(identifier);
        Assert.IsInstanceOfType(m, type);
        Assert.AreEqual(name, m.Name);
    }

    [TestMethod]
    public void GetUnknownListsKnownNames()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Metric.Get("acuracy"));
        StringAssert.Contains(e.Message, "Unknown metric 'acuracy'");
        StringAssert.Contains(e.Message, "accuracy");
        StringAssert.Contains(e.Message, "f1_score");
        StringAssert.Contains(e.Message, "r2_score");
    }
}
