using System.Diagnostics;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Benchmarks;

/// <summary>The QuickStart MLP trained for one epoch through KerasSharp's <c>Fit</c> on one backend.</summary>
internal static class KerasMlpTraining
{
    /// <summary>Trains one epoch on <paramref name="backend"/> (after a short warm-up); returns samples/s and the epoch's loss.</summary>
    public static (double SamplesPerSecond, double Loss) Run(string backend, TrainMlpProblem problem)
    {
        Backend.Set(backend);
        using var x = problem.X.To(Backend.Current, problem.X.Device);
        using var y = problem.Y.To(Backend.Current, problem.Y.Device);

        // Warm-up: JIT, kernel and pool set-up, on a model thrown away.
        Model(seed: 1).Fit(x, y, batchSize: TrainMlpProblem.Batch, epochs: 1, verbose: 0, stepsPerEpoch: TrainMlpProblem.WarmupSteps);

        var model = Model(seed: 42);
        var clock = Stopwatch.StartNew();
        var history = model.Fit(x, y, batchSize: TrainMlpProblem.Batch, epochs: 1, verbose: 0);
        clock.Stop();
        return (problem.Count / clock.Elapsed.TotalSeconds, history["loss"][^1]);
    }

    private static Sequential Model(long seed)
    {
        Config.SetSeed(seed);
        var model = new Sequential(
        [
            new Input(shape: [28, 28]),
            new Flatten(),
            new Dense(TrainMlpProblem.Hidden, activation: "relu"),
            new Dropout(TrainMlpProblem.DropoutRate),
            new Dense(TrainMlpProblem.Classes, activation: "softmax"),
        ]);
        model.Compile(optimizer: new Optimizers.Adam(learningRate: TrainMlpProblem.LearningRate, epsilon: TrainMlpProblem.Epsilon),
                      loss: "sparse_categorical_crossentropy");
        return model;
    }
}
