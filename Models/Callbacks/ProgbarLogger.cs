using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace KerasSharp.Callbacks;

/// <summary>
/// Keras's progress bar: <c>938/938 [==============================] - 3s 3ms/step - loss: 0.4312 - accuracy: 0.8456</c>,
/// for <c>Fit</c> (one bar per epoch), <c>Evaluate</c> and <c>Predict</c> (one bar for the whole pass). With verbose 1 the bar
/// is redrawn in place on a terminal; when the output is redirected (logs, CI) or verbose is 2, only the final line of each
/// bar is printed. The loops add it when verbose is 1, 2 or "auto"; validation inside <c>Fit</c> draws no bar of its own.
/// </summary>
public sealed class ProgbarLogger : Callback
{
    private readonly int _verbose;
    private readonly Stopwatch _clock = new();
    private bool _inPlace;
    private bool _inFit;
    private int _steps;
    private int _epochs;
    private DateTime _lastDraw;

    /// <summary>Creates the bar.</summary>
    /// <param name="verbose">1: a bar (in place on a terminal); 2: one line per epoch.</param>
    /// <param name="output">Where to write; the console when null (only the console's bar is redrawn in place).</param>
    public ProgbarLogger(int verbose = 1, TextWriter? output = null)
    {
        if (verbose is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(verbose), verbose, $"ProgbarLogger: verbose must be 1 or 2, got {verbose}.");
        _verbose = verbose;
        if (output is not null) Output = output;
    }

    /// <inheritdoc/>
    public override void SetParams(TrainingParameters parameters)
    {
        base.SetParams(parameters);
        _steps = parameters.Steps ?? 0;
        _epochs = parameters.Epochs;
        _inPlace = _verbose == 1 && !HasOwnOutput && !Console.IsOutputRedirected;
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => _inFit = true;

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => _inFit = false;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        Output.WriteLine($"Epoch {epoch + 1}/{_epochs}");
        Start();
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Progress(batch, logs);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => Finish(logs);

    /// <inheritdoc/>
    public override void OnTestBegin(IReadOnlyDictionary<string, double> logs)
    {
        if (!_inFit) Start();
    }

    /// <inheritdoc/>
    public override void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (!_inFit) Progress(batch, logs);
    }

    /// <inheritdoc/>
    public override void OnTestEnd(IReadOnlyDictionary<string, double> logs)
    {
        if (!_inFit) Finish(logs);
    }

    /// <inheritdoc/>
    public override void OnPredictBegin(IReadOnlyDictionary<string, double> logs) => Start();

    /// <inheritdoc/>
    public override void OnPredictBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Progress(batch, logs);

    /// <inheritdoc/>
    public override void OnPredictEnd(IReadOnlyDictionary<string, double> logs) => Finish(logs);

    private void Start()
    {
        _lastDraw = default;
        _clock.Restart();
    }

    private void Progress(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (!_inPlace) return;
        var now = DateTime.UtcNow;
        if (batch + 1 < _steps && (now - _lastDraw).TotalMilliseconds < 100) return; // redraw at most 10 times a second
        _lastDraw = now;
        Output.Write("\r" + Line(batch + 1, logs, final: false));
    }

    private void Finish(IReadOnlyDictionary<string, double> logs)
    {
        _clock.Stop();
        Output.WriteLine((_inPlace ? "\r" : "") + Line(_steps, logs, final: true));
    }

    /// <summary>The text of the bar after <paramref name="done"/> steps.</summary>
    internal string Line(int done, IReadOnlyDictionary<string, double> logs, bool final)
    {
        var sb = new StringBuilder();
        int width = 30;
        if (_steps > 0)
        {
            int digits = _steps.ToString(CultureInfo.InvariantCulture).Length;
            sb.Append(done.ToString(CultureInfo.InvariantCulture).PadLeft(digits)).Append('/').Append(_steps).Append(" [");
            int filled = (int)((long)width * done / _steps);
            if (filled >= width) sb.Append('=', width);
            else sb.Append('=', filled).Append('>').Append('.', width - filled - 1);
            sb.Append(']');
        }
        double seconds = _clock.Elapsed.TotalSeconds;
        double perStep = done > 0 ? seconds / done : 0;
        sb.Append(" - ").Append(final ? $"{seconds:F0}s" : $"ETA: {perStep * Math.Max(0, _steps - done):F0}s");
        if (final) sb.Append(' ').Append(FormatStep(perStep));
        foreach (var (name, value) in logs)
            sb.Append(" - ").Append(name).Append(": ").Append(value.ToString("F4", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string FormatStep(double seconds) =>
        seconds >= 1 ? $"{seconds:F0}s/step" : seconds >= 1e-3 ? $"{seconds * 1e3:F0}ms/step" : $"{seconds * 1e6:F0}us/step";
}
