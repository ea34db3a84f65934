using KerasSharp.Optimizers;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class OptimizersMemoryTests
{
    public static IEnumerable<object[]> Optimizers =>
    [
        ["sgd nesterov wd", (Func<Optimizer>)(() => new SGD(learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01))],
        ["adam amsgrad clipnorm", (Func<Optimizer>)(() => new Adam(amsgrad: true, clipnorm: 0.1))],
        ["adamw clipvalue", (Func<Optimizer>)(() => new AdamW(clipvalue: 0.1))],
        ["rmsprop centered momentum globalClipnorm", (Func<Optimizer>)(() => new RMSprop(momentum: 0.5, centered: true, globalClipnorm: 0.1))],
        ["adagrad", (Func<Optimizer>)(() => new Adagrad())],
        ["adamax", (Func<Optimizer>)(() => new Adamax())],
        ["nadam", (Func<Optimizer>)(() => new Nadam())],
    ];

    [TestMethod]
    [DynamicData(nameof(Optimizers))]
    public void StepsLeaveNoLiveTensorsBehind(string label, Func<Optimizer> create)
    {
        var opt = create();
        var a = new Variable(Tensor.FromArray(new[] { 1.0, 2.0, 3.0 }), "a");
        var b = new Variable(Tensor.FromArray(new[,] { { 1.0 }, { -1.0 } }), "b");
        void Step()
        {
            using var ga = Tensor.FromArray(new[] { 0.5, -0.5, 0.25 });
            using var gb = Tensor.FromArray(new[,] { { 0.1 }, { 0.3 } });
            opt.ApplyGradients([ga, gb], [a, b]);
        }
        Step(); // creates the slots
        long before = Tensor.LiveCount;
        for (int i = 0; i < 10; i++) Step();
        Assert.AreEqual(before, Tensor.LiveCount, $"{label}: live tensors grew over 10 steps");
    }
}
