using System.Globalization;

namespace KerasSharp.Callbacks;

/// <summary>
/// Lowers the learning rate when a metric has stopped improving, as Keras's ReduceLROnPlateau: after
/// <c>patience</c> epochs without an improvement larger than <c>minDelta</c>, the rate becomes <c>max(lr * factor, minLr)</c>;
/// then <c>cooldown</c> epochs pass before the count starts again. The epoch's logs get "learning_rate".
/// </summary>
/// <example><code>new ReduceLROnPlateau(monitor: "val_loss", factor: 0.2, patience: 5, minLr: 1e-4)</code></example>
public sealed class ReduceLROnPlateau : MonitorCallback
{
    private int _wait;
    private int _cooldownCounter;

    /// <summary>Creates the callback; the settings are checked here.</summary>
    /// <exception cref="ArgumentOutOfRangeException">factor not in (0, 1), or a negative patience, cooldown or minLr.</exception>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, int verbose = 0,
                             string mode = "auto", double minDelta = 1e-4, int cooldown = 0, double minLr = 0)
        : base("ReduceLROnPlateau", monitor, mode, null, minDelta)
    {
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, $"ReduceLROnPlateau: factor must be in (0, 1), got {factor}.");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, $"ReduceLROnPlateau: patience must be >= 0, got {patience}.");
        if (cooldown < 0) throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, $"ReduceLROnPlateau: cooldown must be >= 0, got {cooldown}.");
        if (!(minLr >= 0)) throw new ArgumentOutOfRangeException(nameof(minLr), minLr, $"ReduceLROnPlateau: minLr must be >= 0, got {minLr}.");
        Factor = factor;
        Patience = patience;
        Verbose = verbose;
        Cooldown = cooldown;
        MinLr = minLr;
    }

    /// <summary>new_lr = lr * factor.</summary>
    public double Factor { get; }
    /// <summary>Epochs without improvement before a reduction.</summary>
    public int Patience { get; }
    /// <summary>1 prints a line per reduction.</summary>
    public int Verbose { get; }
    /// <summary>Epochs after a reduction during which the count does not run.</summary>
    public int Cooldown { get; }
    /// <summary>The lowest rate.</summary>
    public double MinLr { get; }
    /// <summary>Epochs without improvement so far.</summary>
    public int Wait => _wait;
    /// <summary>Whether a reduction's cooldown is running.</summary>
    public bool InCooldown => _cooldownCounter > 0;

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        base.OnTrainBegin(logs);
        _wait = 0;
        _cooldownCounter = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double lr = LearningRates.Current(this, CallbackName);
        LearningRates.Log(logs, lr);
        if (MonitoredValue(logs, "learning rate reduction") is not double current) return;
        if (InCooldown)
        {
            _cooldownCounter--;
            _wait = 0;
        }
        if (IsImprovement(current, Best))
        {
            Best = current;
            _wait = 0;
            return;
        }
        if (InCooldown) return;
        if (++_wait < Patience) return;
        if (lr > (float)MinLr)
        {
            double next = Math.Max(lr * Factor, MinLr);
            LearningRates.Set(this, CallbackName, next);
            if (Verbose > 0) Output.WriteLine($"Epoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {next.ToString("G6", CultureInfo.InvariantCulture)}.");
            _cooldownCounter = Cooldown;
            _wait = 0;
        }
    }
}
