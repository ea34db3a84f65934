namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>train-mlp</c> data: Fashion-MNIST's training images scaled to [0, 1] (float32 [n, 28, 28]) and their
/// labels, on the native backend; the QuickStart's sizes and hyper-parameters. Each contender first runs
/// <see cref="WarmupSteps"/> steps on a throw-away model: long enough for .NET's tiered JIT to replace the
/// first, unoptimised code of the hot loops (a 30-step warm-up left the first contender 3x slow).
/// </summary>
internal sealed class TrainMlpProblem : IDisposable
{
    public const int Batch = 64, Inputs = 784, Hidden = 128, Classes = 10, WarmupSteps = 500;
    public const double DropoutRate = 0.2, LearningRate = 1e-3, Epsilon = 1e-7;

    public TrainMlpProblem(int? limit)
    {
        var ((x, y), (xTest, yTest)) = Datasets.FashionMnist.Load();
        xTest.Dispose();
        yTest.Dispose();
        Count = Math.Min(limit ?? x.Shape[0], x.Shape[0]);
        using (x)
        using (var slice = Ops.SliceAxis(x, 0, 0, Count))
            X = slice / 255.0;
        using (y)
        using (var labels = Ops.SliceAxis(y, 0, 0, Count))
            Y = Ops.Cast(labels, DType.Int64);
    }

    /// <summary>Samples in one epoch.</summary>
    public int Count { get; }

    /// <summary>Images [Count, 28, 28], float32 in [0, 1].</summary>
    public Tensor X { get; }

    /// <summary>Labels [Count], int64.</summary>
    public Tensor Y { get; }

    public void Dispose()
    {
        X.Dispose();
        Y.Dispose();
    }
}
