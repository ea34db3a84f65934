namespace KerasSharp.Callbacks;

/// <summary>
/// A callback made of delegates, as Keras's LambdaCallback: pass only the hooks you need.
/// </summary>
/// <example><code>new LambdaCallback(onEpochEnd: (epoch, logs) => Console.WriteLine($"{epoch}: {logs["loss"]}"))</code></example>
public sealed class LambdaCallback(
    Action<int, IReadOnlyDictionary<string, double>>? onEpochBegin = null,
    Action<int, IReadOnlyDictionary<string, double>>? onEpochEnd = null,
    Action<IReadOnlyDictionary<string, double>>? onTrainBegin = null,
    Action<IReadOnlyDictionary<string, double>>? onTrainEnd = null,
    Action<int, IReadOnlyDictionary<string, double>>? onTrainBatchBegin = null,
    Action<int, IReadOnlyDictionary<string, double>>? onTrainBatchEnd = null,
    Action<IReadOnlyDictionary<string, double>>? onTestBegin = null,
    Action<IReadOnlyDictionary<string, double>>? onTestEnd = null,
    Action<int, IReadOnlyDictionary<string, double>>? onTestBatchBegin = null,
    Action<int, IReadOnlyDictionary<string, double>>? onTestBatchEnd = null,
    Action<IReadOnlyDictionary<string, double>>? onPredictBegin = null,
    Action<IReadOnlyDictionary<string, double>>? onPredictEnd = null,
    Action<int, IReadOnlyDictionary<string, double>>? onPredictBatchBegin = null,
    Action<int, IReadOnlyDictionary<string, double>>? onPredictBatchEnd = null) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) => onEpochBegin?.Invoke(epoch, logs);
    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => onEpochEnd?.Invoke(epoch, logs);
    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => onTrainBegin?.Invoke(logs);
    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => onTrainEnd?.Invoke(logs);
    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) => onTrainBatchBegin?.Invoke(batch, logs);
    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => onTrainBatchEnd?.Invoke(batch, logs);
    /// <inheritdoc/>
    public override void OnTestBegin(IReadOnlyDictionary<string, double> logs) => onTestBegin?.Invoke(logs);
    /// <inheritdoc/>
    public override void OnTestEnd(IReadOnlyDictionary<string, double> logs) => onTestEnd?.Invoke(logs);
    /// <inheritdoc/>
    public override void OnTestBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) => onTestBatchBegin?.Invoke(batch, logs);
    /// <inheritdoc/>
    public override void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => onTestBatchEnd?.Invoke(batch, logs);
    /// <inheritdoc/>
    public override void OnPredictBegin(IReadOnlyDictionary<string, double> logs) => onPredictBegin?.Invoke(logs);
    /// <inheritdoc/>
    public override void OnPredictEnd(IReadOnlyDictionary<string, double> logs) => onPredictEnd?.Invoke(logs);
    /// <inheritdoc/>
    public override void OnPredictBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) => onPredictBatchBegin?.Invoke(batch, logs);
    /// <inheritdoc/>
    public override void OnPredictBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => onPredictBatchEnd?.Invoke(batch, logs);
}
