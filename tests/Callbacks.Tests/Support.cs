using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Callbacks.Tests;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ks-callbacks-{Guid.NewGuid():N}");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Small seeded data and models, and a driver that feeds hand-written logs to a callback's hooks.</summary>
internal static class Tiny
{
    /// <summary>n points in 2-D, label 1 when x0 + x1 > 0.</summary>
    public static (Tensor X, Tensor Y) TwoClasses(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n * 2];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = (float)(rng.NextDouble() * 2 - 1);
            x[2 * i + 1] = (float)(rng.NextDouble() * 2 - 1);
            y[i] = x[2 * i] + x[2 * i + 1] > 0 ? 1 : 0;
        }
        return (Tensor.FromArray(x, n, 2), Tensor.FromArray(y, n));
    }

    /// <summary>A compiled two-class softmax classifier.</summary>
    public static Sequential Classifier(string optimizer = "sgd", string[]? metrics = null)
    {
        var model = new Sequential([new Input(shape: [2]), new Dense(4, activation: "relu"), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: optimizer, loss: "sparse_categorical_crossentropy", metrics: (metrics ?? ["accuracy"]).Select(m => (Models.MetricArg)m).ToArray());
        return model;
    }

    /// <summary>Runs OnTrainBegin, then OnEpochEnd with one value of <paramref name="monitor"/> per epoch (and "loss").</summary>
    public static void Epochs(ICallback callback, Model model, string monitor, double[] values, Action<int>? afterEach = null)
    {
        callback.SetModel(model);
        callback.SetParams(new TrainingParameters(values.Length, 1, 0));
        callback.OnTrainBegin(new Dictionary<string, double>());
        for (int e = 0; e < values.Length && !model.StopTraining; e++)
        {
            callback.OnEpochBegin(e, new Dictionary<string, double>());
            callback.OnEpochEnd(e, new Dictionary<string, double> { ["loss"] = 1.0 / (e + 1), [monitor] = values[e] });
            afterEach?.Invoke(e);
        }
        callback.OnTrainEnd(new Dictionary<string, double>());
    }
}

/// <summary>Writes a scripted value into the epoch logs (runs before the callbacks after it).</summary>
internal sealed class ScriptedMetric(string name, double[] values) : Callback
{
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) =>
        ((IDictionary<string, double>)logs)[name] = values[epoch];
}
