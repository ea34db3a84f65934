// Trains a two-layer classifier on Fashion-MNIST with KerasSharp's Ops and GradientTape:
// the custom-training-loop style, before Sequential/Fit exist. Prints "test accuracy: 0.xxxx" last.
using System.Diagnostics;
using KerasSharp;
using KerasSharp.Datasets;

int epochs = args.Length > 0 ? int.Parse(args[0]) : 5;
const int batchSize = 64;
Config.SetSeed(42);

var ((xTrainRaw, yTrainRaw), (xTestRaw, yTestRaw)) = FashionMnist.Load();
var xTrain = Ops.Reshape(xTrainRaw / 255f, -1, 784);
var xTest = Ops.Reshape(xTestRaw / 255f, -1, 784);
var yTrain = Ops.Cast(yTrainRaw, DType.Int64);
var yTest = Ops.Cast(yTestRaw, DType.Int64);
Console.WriteLine($"backend={Backend.Name} threads={Config.NumThreads} train={xTrain.Shape} test={xTest.Shape}");

// He-initialised weights for the ReLU layer, Glorot-style for the output layer.
var w1 = new Variable(Ops.RandomNormal([784, 128], stddev: Math.Sqrt(2.0 / 784), seed: 1), "w1");
var b1 = new Variable(Ops.Zeros([128]), "b1");
var w2 = new Variable(Ops.RandomNormal([128, 10], stddev: Math.Sqrt(1.0 / 128), seed: 2), "w2");
var b2 = new Variable(Ops.Zeros([10]), "b2");
Variable[] parameters = [w1, b1, w2, b2];
var adam = new Adam(parameters, learningRate: 1e-3);

Tensor Logits(Tensor x) => Ops.Linear(Ops.Relu(Ops.Linear(x, w1, b1)), w2, b2);

int n = xTrain.Shape[0];
for (int epoch = 1; epoch <= epochs; epoch++)
{
    var clock = Stopwatch.StartNew();
    var order = Ops.Permutation(n);
    double lossSum = 0;
    int steps = 0;
    for (int start = 0; start < n; start += batchSize)
    {
        var idx = order[start..Math.Min(start + batchSize, n)];
        var xb = Ops.Take(xTrain, idx);
        var yb = Ops.Take(yTrain, idx);
        using var tape = new GradientTape();
        var logProbs = Ops.LogSoftmax(Logits(xb));
        var loss = -Ops.Mean(Ops.TakeAlongAxis(logProbs, Ops.ExpandDims(yb, -1), -1));
        var grads = tape.Gradient(loss, parameters);
        adam.Step(grads!);
        lossSum += loss.Item<float>();
        steps++;
    }
    Console.WriteLine($"epoch {epoch}/{epochs} - {clock.Elapsed.TotalSeconds:F1}s - loss: {lossSum / steps:F4} - {n / clock.Elapsed.TotalSeconds:F0} samples/s");
}

var predictions = Ops.ArgMax(Logits(xTest), -1);
var accuracy = Ops.Mean(Ops.Cast(Ops.Equal(predictions, yTest), DType.Float32)).Item<float>();
Console.WriteLine($"test accuracy: {accuracy:F4}");

/// <summary>The Adam update rule (Kingma and Ba, 2015) over a fixed list of variables.</summary>
sealed class Adam(Variable[] parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
{
    private readonly Variable[] _m = parameters.Select(p => new Variable(Ops.ZerosLike(p), trainable: false)).ToArray();
    private readonly Variable[] _v = parameters.Select(p => new Variable(Ops.ZerosLike(p), trainable: false)).ToArray();
    private int _t;

    public void Step(Tensor[] grads)
    {
        _t++;
        double lr = learningRate * Math.Sqrt(1 - Math.Pow(beta2, _t)) / (1 - Math.Pow(beta1, _t));
        for (int i = 0; i < parameters.Length; i++)
        {
            _m[i].Assign(_m[i] * beta1 + grads[i] * (1 - beta1));
            _v[i].Assign(_v[i] * beta2 + Ops.Square(grads[i]) * (1 - beta2));
            parameters[i].AssignSub(_m[i] * lr / (Ops.Sqrt(_v[i]) + epsilon));
        }
    }
}
