using KerasSharp.Optimizers;

namespace KerasSharp.Callbacks;

/// <summary>What the learning-rate callbacks share: reading and setting the optimizer's constant rate, and logging it.</summary>
internal static class LearningRates
{
    public static Optimizer OptimizerOf(Callback callback, string owner) =>
        callback.Model?.Optimizer ?? throw new InvalidOperationException($"{owner}: the model has no optimizer; compile it before Fit.");

    /// <summary>The current rate (a schedule evaluated at the optimizer's step).</summary>
    public static double Current(Callback callback, string owner) => OptimizerOf(callback, owner).CurrentLearningRate;

    /// <summary>Replaces the rate with a constant; a schedule cannot be replaced (as in Keras).</summary>
    public static void Set(Callback callback, string owner, double rate)
    {
        var optimizer = OptimizerOf(callback, owner);
        if (optimizer.LearningRate.Schedule is { } schedule)
            throw new InvalidOperationException(
                $"{owner}: the optimizer's learning rate follows a schedule ({schedule.GetType().Name}), which this callback cannot change; compile with a constant learning rate.");
        if (!double.IsFinite(rate) || rate < 0)
            throw new InvalidOperationException($"{owner}: the new learning rate must be a finite number that is not negative; got {rate}.");
        optimizer.LearningRate = rate;
    }

    /// <summary>Adds "learning_rate" to the epoch's logs (Keras does; History and CSVLogger then record it).</summary>
    public static void Log(IReadOnlyDictionary<string, double> logs, double rate)
    {
        if (logs is IDictionary<string, double> { IsReadOnly: false } writable) writable["learning_rate"] = rate;
    }
}
