using System.Globalization;

namespace KerasSharp.Callbacks;

/// <summary>
/// Sets the learning rate at the start of every epoch from a function of the epoch (0-based) and the current rate,
/// as Keras's LearningRateScheduler. The epoch's logs get "learning_rate".
/// </summary>
/// <example><code>new LearningRateScheduler((epoch, lr) => epoch &lt; 10 ? lr : lr * Math.Exp(-0.1))</code></example>
public sealed class LearningRateScheduler : Callback
{
    private readonly Func<int, double, double> _schedule;

    /// <summary>Creates the callback.</summary>
    /// <param name="schedule">(epoch, current rate) → the rate for that epoch.</param>
    /// <param name="verbose">1 prints the rate each epoch.</param>
    public LearningRateScheduler(Func<int, double, double> schedule, int verbose = 0)
    {
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        Verbose = verbose;
    }

    /// <summary>1 prints the rate each epoch.</summary>
    public int Verbose { get; }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double current = LearningRates.Current(this, "LearningRateScheduler");
        double next = _schedule(epoch, current);
        if (!double.IsFinite(next) || next < 0)
            throw new InvalidOperationException($"LearningRateScheduler: the schedule returned {next} for epoch {epoch}; a learning rate must be a finite number that is not negative.");
        LearningRates.Set(this, "LearningRateScheduler", next);
        if (Verbose > 0) Output.WriteLine($"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {next.ToString("G6", CultureInfo.InvariantCulture)}.");
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) =>
        LearningRates.Log(logs, LearningRates.Current(this, "LearningRateScheduler"));
}
