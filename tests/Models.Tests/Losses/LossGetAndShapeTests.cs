using KerasSharp.Losses;
using static KerasSharp.Models.Tests.TestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class LossGetAndShapeTests
{
    [TestMethod]
    [DataRow("mse", typeof(MeanSquaredError), "mean_squared_error")]
    [DataRow("mean_squared_error", typeof(MeanSquaredError), "mean_squared_error")]
    [DataRow("mae", typeof(MeanAbsoluteError), "mean_absolute_error")]
    [DataRow("mean_absolute_error", typeof(MeanAbsoluteError), "mean_absolute_error")]
    [DataRow("huber", typeof(Huber), "huber_loss")]
    [DataRow("log_cosh", typeof(LogCosh), "log_cosh")]
    [DataRow("binary_crossentropy", typeof(BinaryCrossentropy), "binary_crossentropy")]
    [DataRow("categorical_crossentropy", typeof(CategoricalCrossentropy), "categorical_crossentropy")]
    [DataRow("sparse_categorical_crossentropy", typeof(SparseCategoricalCrossentropy), "sparse_categorical_crossentropy")]
    [DataRow("kl_divergence", typeof(KLDivergence), "kl_divergence")]
    [DataRow("kld", typeof(KLDivergence), "kl_divergence")]
    [DataRow("hinge", typeof(Hinge), "hinge")]
    [DataRow("SparseCategoricalCrossentropy", typeof(SparseCategoricalCrossentropy), "sparse_categorical_crossentropy")]
    public void GetResolvesKerasNames(string identifier, Type type, string name)
    {
        var loss = Loss.Get(identifier);
        Assert.IsInstanceOfType(loss, type);
        Assert.AreEqual(name, loss.Name);
        Assert.AreEqual(Reduction.SumOverBatchSize, loss.Reduction);
    }

    [TestMethod]
    public void GetUnknownListsKnownNames()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Loss.Get("cross_entropy"));
        StringAssert.Contains(e.Message, "Unknown loss 'cross_entropy'");
        StringAssert.Contains(e.Message, "sparse_categorical_crossentropy");
        StringAssert.Contains(e.Message, "mse");
        StringAssert.Contains(e.Message, "hinge");
    }

    [TestMethod]
    public void CategoricalShapeMismatchNamesLossAndShapes()
    {
        using var t = Tensor.FromArray(new float[320], 32, 10);
        using var p = Tensor.FromArray(new float[160], 32, 5);
        var e = Assert.ThrowsExactly<ArgumentException>(() => new CategoricalCrossentropy().Call(t, p));
        StringAssert.Contains(e.Message, "CategoricalCrossentropy");
        StringAssert.Contains(e.Message, "[32,10]");
        StringAssert.Contains(e.Message, "[32,5]");
    }

    [TestMethod]
    public void DenseShapeMismatchNamesLossAndShapes()
    {
        using var t = Tensor.FromArray(new float[320], 32, 10);
        using var p = Tensor.FromArray(new float[160], 32, 5);
        foreach (var loss in new Loss[] { new MeanSquaredError(), new MeanAbsoluteError(), new Huber(), new LogCosh(),
                                         new BinaryCrossentropy(), new KLDivergence(), new Hinge() })
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => loss.Call(t, p), loss.Name);
            StringAssert.Contains(e.Message, loss.GetType().Name);
            StringAssert.Contains(e.Message, "yTrue has shape [32,10] but yPred has shape [32,5]");
        }
    }

    [TestMethod]
    public void SparseShapeMismatchNamesLossAndShapes()
    {
        using var t = I(new int[32 * 10], 32, 10);
        using var p = Tensor.FromArray(new float[160], 32, 5);
        var e = Assert.ThrowsExactly<ArgumentException>(() => new SparseCategoricalCrossentropy().Call(t, p));
        StringAssert.Contains(e.Message, "SparseCategoricalCrossentropy");
        StringAssert.Contains(e.Message, "[32,10]");
        StringAssert.Contains(e.Message, "[32,5]");
        using var wrongBatch = I(new int[16], 16);
        Assert.ThrowsExactly<ArgumentException>(() => new SparseCategoricalCrossentropy().Call(wrongBatch, p));
    }

    [TestMethod]
    public void TrailingOneIsAlignedLikeKeras()
    {
        using var t = F([1, 2, 3], 3);
        using var p = F([1, 2, 5], 3, 1);
        // yTrue [3] is expanded to [3, 1]: per-sample losses [0, 0, 4]
        AssertValues([0, 0, 4], [3], new MeanSquaredError(Reduction.None).Call(t, p));
    }

    [TestMethod]
    public void BadArgumentsAreRejected()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Huber(delta: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new BinaryCrossentropy(labelSmoothing: 1.5));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CategoricalCrossentropy(labelSmoothing: -0.1));
    }
}
