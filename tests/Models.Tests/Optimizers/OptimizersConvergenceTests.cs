using KerasSharp.Optimizers;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class OptimizersConvergenceTests
{
    public static IEnumerable<object[]> Optimizers =>
    [
        ["sgd", (Func<Optimizer>)(() => new SGD(learningRate: 0.1))],
        ["sgd momentum", (Func<Optimizer>)(() => new SGD(learningRate: 0.05, momentum: 0.9))],
        ["sgd nesterov", (Func<Optimizer>)(() => new SGD(learningRate: 0.05, momentum: 0.9, nesterov: true))],
        ["adam", (Func<Optimizer>)(() => new Adam(learningRate: 0.1))],
        ["adam amsgrad", (Func<Optimizer>)(() => new Adam(learningRate: 0.1, amsgrad: true))],
        ["adamw", (Func<Optimizer>)(() => new AdamW(learningRate: 0.1, weightDecay: 1e-4))],
        ["rmsprop", (Func<Optimizer>)(() => new RMSprop(learningRate: 0.01))],
        ["rmsprop centered momentum", (Func<Optimizer>)(() => new RMSprop(learningRate: 0.005, momentum: 0.5, centered: true))],
        ["adagrad", (Func<Optimizer>)(() => new Adagrad(learningRate: 1.0))],
        ["adamax", (Func<Optimizer>)(() => new Adamax(learningRate: 0.1))],
        ["nadam", (Func<Optimizer>)(() => new Nadam(learningRate: 0.1))],
    ];

    [TestMethod]
    [DynamicData(nameof(Optimizers))]
    public void MinimisesASquare(string label, Func<Optimizer> create)
    {
        var opt = create();
        var w = new Variable(Tensor.FromArray(new[] { 0.0 }), "w");
        for (int step = 0; step < 1500; step++)
        {
            Tensor grad;
            using (var tape = new GradientTape())
            {
                using var diff = w - 3.0;
                using var loss = Ops.Sum(Ops.Square(diff));
                grad = tape.Gradient(loss, w);
            }
            opt.ApplyGradients([grad], [w]);
            grad.Dispose();
        }
        double final = w.ToArray<double>()[0];
        Assert.IsLessThan(1e-2, Math.Abs(final - 3.0), $"{label}: w = {final} after 1500 steps");
    }
}
