namespace KerasSharp.Benchmarks;

/// <summary>
/// The autodiff benchmark's problem: a 784-128-10 MLP (ReLU hidden layer) on one batch of 64 random inputs and
/// labels, its initial weights on the native backend; every contender starts from these same values.
/// </summary>
internal sealed class MlpProblem : IDisposable
{
    public const int Batch = 64, Inputs = 784, Hidden = 128, Classes = 10;

    /// <summary>SGD learning rate.</summary>
    public const double LearningRate = 0.01;

    /// <summary>Inputs [64, 784].</summary>
    public Tensor X { get; } = Ops.RandomUniform([Batch, Inputs], seed: 11);

    /// <summary>Class indices as int64 [64, 1], the shape <see cref="Ops.TakeAlongAxis"/> wants.</summary>
    public Tensor Labels { get; } = Tensor.FromArray(Enumerable.Range(0, Batch).Select(i => (long)(i * 7 % Classes)).ToArray(), Batch, 1);

    /// <summary>w1 [784, 128], b1 [128], w2 [128, 10], b2 [10].</summary>
    public Tensor[] Parameters { get; } =
    [
        Ops.RandomNormal([Inputs, Hidden], stddev: Math.Sqrt(2.0 / Inputs), seed: 12),
        Ops.Zeros([Hidden]),
        Ops.RandomNormal([Hidden, Classes], stddev: Math.Sqrt(1.0 / Hidden), seed: 13),
        Ops.Zeros([Classes]),
    ];

    public void Dispose()
    {
        X.Dispose();
        Labels.Dispose();
        foreach (var p in Parameters) p.Dispose();
    }
}
