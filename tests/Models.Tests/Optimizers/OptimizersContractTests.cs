using KerasSharp.Optimizers;
using static KerasSharp.Models.Tests.OptimizersTestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class OptimizersContractTests
{
    [TestMethod]
    [DataRow("sgd", typeof(SGD), "SGD", 0.01)]
    [DataRow("Adam", typeof(Adam), "adam", 0.001)]
    [DataRow("ADAMW", typeof(AdamW), "adamw", 0.001)]
    [DataRow("rmsprop", typeof(RMSprop), "rmsprop", 0.001)]
    [DataRow("RMSprop", typeof(RMSprop), "rmsprop", 0.001)]
    [DataRow("adagrad", typeof(Adagrad), "adagrad", 0.001)]
    [DataRow("adamax", typeof(Adamax), "adamax", 0.001)]
    [DataRow("Nadam", typeof(Nadam), "nadam", 0.001)]
    public void GetByName(string identifier, Type type, string name, double learningRate)
    {
        var opt = Optimizer.Get(identifier);
        Assert.AreEqual(type, opt.GetType());
        Assert.AreEqual(name, opt.Name);
        Assert.AreEqual(learningRate, opt.CurrentLearningRate);
        Assert.AreEqual(0, opt.Iterations);
    }

    [TestMethod]
    public void AStringConvertsToAnOptimizer()
    {
        Optimizer opt = "RMSprop";
        Assert.IsInstanceOfType<RMSprop>(opt);
        Assert.ThrowsExactly<ArgumentException>(() => { Optimizer bad = "nope"; });
    }

    [TestMethod]
    public void GetReturnsAFreshInstanceEachTime() =>
        Assert.AreNotSame(Optimizer.Get("adam"), Optimizer.Get("adam"));

    [TestMethod]
    public void UnknownNameListsTheKnownOnes()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Optimizer.Get("adamm"));
        StringAssert.Contains(e.Message, "Unknown optimizer 'adamm'");
        foreach (var name in new[] { "sgd", "adam", "adamw", "rmsprop", "adagrad", "adamax", "nadam" })
            StringAssert.Contains(e.Message, name);
    }

    [TestMethod]
    public void NullGradientsAreSkipped()
    {
        var opt = new SGD(learningRate: 0.1, momentum: 0.9);
        var a = new Variable(Tensor.FromArray(new[] { 1.0, 2.0 }), "a");
        var b = new Variable(Tensor.FromArray(new[] { 5.0 }), "b");
        opt.ApplyGradients([null, Tensor.FromArray(new[] { 1.0 })], [a, b]);
        AssertClose([1.0, 2.0], a);
        AssertClose([4.9], b);
        Assert.AreEqual(1, opt.Iterations);
        Assert.IsFalse(opt.Variables.Any(v => v.Name == "a/momentum"));
    }

    [TestMethod]
    public void AllGradientsNullIsAnError()
    {
        var opt = new SGD();
        var a = new Variable(Tensor.FromArray(new[] { 1.0 }), "a");
        var e = Assert.ThrowsExactly<ArgumentException>(() => opt.ApplyGradients([null], [a]));
        StringAssert.Contains(e.Message, "no gradients provided for any variable ('a')");
        Assert.AreEqual(0, opt.Iterations);
    }

    [TestMethod]
    public void ShapeMismatchNamesTheVariableAndBothShapes()
    {
        var opt = new Adam();
        var w = new Variable(Tensor.FromArray(new[] { 1.0, 2.0 }), "dense/kernel");
        var e = Assert.ThrowsExactly<ArgumentException>(() => opt.ApplyGradients([Tensor.FromArray(new[] { 1.0, 2.0, 3.0 })], [w]));
        StringAssert.Contains(e.Message, "'dense/kernel'");
        StringAssert.Contains(e.Message, "has shape [3] but the variable has shape [2]");
        Assert.AreEqual(0, opt.Iterations);
        AssertClose([1.0, 2.0], w);
    }

    [TestMethod]
    public void CountMismatchIsAnError()
    {
        var w = NewWeight();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new SGD().ApplyGradients([], [w]));
        StringAssert.Contains(e.Message, "received 0 gradients for 1 variables");
    }

    [TestMethod]
    public void IterationsCountCallsAndAreSavedState()
    {
        var opt = new Adam(learningRate: 0.01);
        var w = NewWeight();
        for (int i = 1; i <= 4; i++)
        {
            opt.ApplyGradients([Tensor.FromArray(new[] { 0.1, 0.2 })], [w]);
            Assert.AreEqual(i, opt.Iterations);
        }
        var iteration = opt.Variables[0];
        Assert.AreEqual("iteration", iteration.Name);
        Assert.AreEqual(4L, iteration.Item<long>());
        // Restoring the state variable (as a checkpoint load would) moves Iterations with it.
        iteration.Assign(Ops.Full([], 100, DType.Int64));
        Assert.AreEqual(100, opt.Iterations);
    }

    [TestMethod]
    public void SlotsAreCreatedLazilyOncePerVariableAndAreNotTrainable()
    {
        var opt = new Adam();
        Assert.HasCount(1, opt.Variables);
        var a = new Variable(Tensor.FromArray(new[] { 1.0 }), "a");
        var b = new Variable(Tensor.FromArray(new[,] { { 1.0, 2.0 } }), "b");
        opt.ApplyGradients([Tensor.FromArray(new[] { 1.0 }), Tensor.FromArray(new[,] { { 1.0, 1.0 } })], [a, b]);
        opt.ApplyGradients([Tensor.FromArray(new[] { 1.0 }), Tensor.FromArray(new[,] { { 1.0, 1.0 } })], [a, b]);
        CollectionAssert.AreEqual(new[] { "iteration", "a/momentum", "a/velocity", "b/momentum", "b/velocity" },
            opt.Variables.Select(v => v.Name).ToArray());
        Assert.IsTrue(opt.Variables.All(v => !v.Trainable));
        Assert.AreEqual(b.Shape, Slot(opt, "b/velocity").Shape);
    }

    [TestMethod]
    public void BuildCreatesSlotsUpFront()
    {
        var opt = new RMSprop(momentum: 0.5, centered: true);
        var w = NewWeight();
        opt.Build([w]);
        CollectionAssert.AreEqual(new[] { "iteration", "w/velocity", "w/momentum", "w/average_gradient" },
            opt.Variables.Select(v => v.Name).ToArray());
    }

    [TestMethod]
    public void LearningRateAcceptsDoublesAndIsSettable()
    {
        var opt = new SGD(learningRate: 0.5);
        Assert.AreEqual(0.5, opt.LearningRate.Constant);
        opt.LearningRate = 0.25;
        Assert.AreEqual(0.25, opt.CurrentLearningRate);
        var w = Run(opt, 1);
        AssertClose([1.0 - 0.25 * 0.5, -2.0 + 0.25], w);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Adam(learningRate: -1));
    }

    [TestMethod]
    public void Float32VariablesAndMixedGradientDtypes()
    {
        var w = new Variable(Tensor.FromArray(new[] { 1f, -2f }), "w32");
        var opt = new SGD(learningRate: 0.5);
        opt.ApplyGradients([Tensor.FromArray(new[] { 0.5, -1.0 })], [w]); // float64 gradient is cast
        Assert.AreEqual(DType.Float32, w.DType);
        CollectionAssert.AreEqual(new[] { 0.75f, -1.5f }, w.ToArray<float>());
    }

    [TestMethod]
    public void CallerKeepsOwnershipOfGradients()
    {
        var g = Tensor.FromArray(new[] { 0.5, -1.0 });
        var w = NewWeight();
        new Adam(clipnorm: 0.1).ApplyGradients([g], [w]);
        Assert.IsFalse(g.IsDisposed);
        CollectionAssert.AreEqual(new[] { 0.5, -1.0 }, g.ToArray<double>());
    }

    [TestMethod]
    public void UpdatesInsideAnOpenTapeAreNotRecorded()
    {
        var w = new Variable(Tensor.FromArray(new[] { 0.0 }), "w");
        var opt = new Adam(learningRate: 0.1);
        using var tape = new GradientTape(persistent: true);
        using var loss = Ops.Sum(Ops.Square(w - 3.0));
        var grad = tape.Gradient(loss, w);
        opt.ApplyGradients([grad], [w]);
        // A fresh loss on the same open tape differentiates at the new value, and the tape never saw the update.
        using var loss2 = Ops.Sum(Ops.Square(w - 3.0));
        var grad2 = tape.Gradient(loss2, w);
        double wNow = w.ToArray<double>()[0];
        Assert.AreEqual(0.1, wNow, 1e-6);
        Assert.AreEqual(2 * (wNow - 3.0), grad2.ToArray<double>()[0], 1e-12);
    }

    [TestMethod]
    public void ToStringNamesTheOptimizer() =>
        StringAssert.Contains(new Nadam().ToString(), "Nadam 'nadam'");
}
