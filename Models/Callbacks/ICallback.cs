using KerasSharp.Models;

namespace KerasSharp.Callbacks;

/// <summary>
/// Hooks into <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>, as Keras callbacks. <c>logs</c> maps metric names
/// ("loss", "accuracy", "val_loss", ...) to their current values. Derive from <see cref="Callback"/> to
/// override only the hooks you need.
/// </summary>
public interface ICallback
{
    /// <summary>Called once before training with the model being run.</summary>
    void SetModel(Model model);
    /// <summary>Called once before a loop with its parameters (epochs, steps, verbose).</summary>
    void SetParams(TrainingParameters parameters);
    /// <summary>Start of <c>Fit</c>.</summary>
    void OnTrainBegin(IReadOnlyDictionary<string, double> logs);
    /// <summary>End of <c>Fit</c>.</summary>
    void OnTrainEnd(IReadOnlyDictionary<string, double> logs);
    /// <summary>Start of an epoch (0-based).</summary>
    void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs);
    /// <summary>End of an epoch, with training and validation results.</summary>
    void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs);
    /// <summary>Before a training batch.</summary>
    void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, double> logs);
    /// <summary>After a training batch, with the running results of the epoch.</summary>
    void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs);
    /// <summary>Start of <c>Evaluate</c> (also of validation inside <c>Fit</c>).</summary>
    void OnTestBegin(IReadOnlyDictionary<string, double> logs);
    /// <summary>End of <c>Evaluate</c>.</summary>
    void OnTestEnd(IReadOnlyDictionary<string, double> logs);
    /// <summary>Before an evaluation batch.</summary>
    void OnTestBatchBegin(int batch, IReadOnlyDictionary<string, double> logs);
    /// <summary>After an evaluation batch.</summary>
    void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs);
    /// <summary>Start of <c>Predict</c>.</summary>
    void OnPredictBegin(IReadOnlyDictionary<string, double> logs);
    /// <summary>End of <c>Predict</c>.</summary>
    void OnPredictEnd(IReadOnlyDictionary<string, double> logs);
    /// <summary>Before a prediction batch.</summary>
    void OnPredictBatchBegin(int batch, IReadOnlyDictionary<string, double> logs);
    /// <summary>After a prediction batch.</summary>
    void OnPredictBatchEnd(int batch, IReadOnlyDictionary<string, double> logs);
}

/// <summary>A callback with every hook doing nothing: override the ones you need.</summary>
public abstract class Callback : ICallback
{
    /// <summary>The model being run (set before the first hook).</summary>
    public Model? Model { get; private set; }

    /// <summary>The loop's parameters (epochs, steps, verbose).</summary>
    public TrainingParameters Params { get; private set; } = new(1, null, 0);

    private TextWriter? _output;

    /// <summary>Where the callback's messages go; <see cref="Console.Out"/> (as it is when a message is written) unless set.</summary>
    public TextWriter Output
    {
        get => _output ?? Console.Out;
        set => _output = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Whether <see cref="Output"/> was set (false: the console).</summary>
    protected bool HasOwnOutput => _output is not null;

    /// <inheritdoc/>
    public virtual void SetModel(Model model) => Model = model;
    /// <inheritdoc/>
    public virtual void SetParams(TrainingParameters parameters) => Params = parameters ?? throw new ArgumentNullException(nameof(parameters));
    /// <inheritdoc/>
    public virtual void OnTrainBegin(IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnTrainEnd(IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnTestBegin(IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnTestEnd(IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnTestBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnPredictBegin(IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnPredictEnd(IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnPredictBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) { }
    /// <inheritdoc/>
    public virtual void OnPredictBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }
}
