namespace KerasSharp.Callbacks;

/// <summary>Stops training as soon as a batch's loss is NaN or infinite, as Keras's TerminateOnNaN.</summary>
/// <example><code>model.Fit(x, y, callbacks: [new TerminateOnNaN()]);</code></example>
public sealed class TerminateOnNaN : Callback
{
    /// <summary>The batch at which training was stopped, or null.</summary>
    public (int Epoch, int Batch)? StoppedAt { get; private set; }

    private int _epoch;

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => StoppedAt = null;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) => _epoch = epoch;

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (!logs.TryGetValue("loss", out var loss) || double.IsFinite(loss)) return;
        Output.WriteLine($"Batch {batch}: Invalid loss, terminating training");
        StoppedAt = (_epoch, batch);
        Model!.StopTraining = true;
    }
}
