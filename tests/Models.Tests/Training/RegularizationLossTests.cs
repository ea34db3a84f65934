using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>Weight regularizers add their penalty to the training and evaluation loss.</summary>
[TestClass]
public sealed class RegularizationLossTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(51);
    }

    [TestMethod]
    public void TheL2PenaltyIsAddedToTheDataLoss()
    {
        var (x, y) = TinyData.Linear(32, seed: 52);
        var dense = new Dense(1, kernelRegularizer: "l2");
        var model = new Sequential([new Input(shape: [2]), dense]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var kernel = dense.Weights[0].ToArray<float>();
        var bias = dense.Weights[1].ToArray<float>();
        var xs = x.ToArray<float>();
        var ys = y.ToArray<float>();
        double mse = 0;
        for (int i = 0; i < 32; i++)
        {
            double d = xs[2 * i] * kernel[0] + xs[2 * i + 1] * kernel[1] + bias[0] - ys[i];
            mse += d * d / 32;
        }
        double penalty = 0.01 * kernel.Sum(w => (double)w * w);
        Assert.IsGreaterThan(1e-4, penalty, "the check needs a visible penalty");
        Assert.HasCount(1, model.Losses, "one regularized weight");
        Assert.AreEqual(penalty, model.Losses[0].Item<double>(), 1e-6);
        Assert.AreEqual(mse + penalty, model.TestOnBatch(x, y)["loss"], 1e-5);
    }

    [TestMethod]
    public void TheL2PenaltyShrinksTheTrainedWeights()
    {
        var (x, y) = TinyData.Linear(128, seed: 53);
        double[] Trained(Regularizer? r)
        {
            Config.SetSeed(54);
            var model = new Sequential([new Input(shape: [2]), new Dense(1, kernelRegularizer: r)]);
            model.Compile(optimizer: new KerasSharp.Optimizers.SGD(learningRate: 0.1), loss: "mse");
            model.Fit(x, y, batchSize: 16, epochs: 20, verbose: 0, shuffle: false);
            return model.Weights[0].ToArray<float>().Select(v => (double)v).ToArray();
        }
        var plain = Trained(null);
        var shrunk = Trained(new L2(0.1));
        Assert.IsLessThan(Math.Abs(plain[0]), Math.Abs(shrunk[0]), $"{shrunk[0]} vs {plain[0]}");
        Assert.IsLessThan(Math.Abs(plain[1]), Math.Abs(shrunk[1]), $"{shrunk[1]} vs {plain[1]}");
    }
}
