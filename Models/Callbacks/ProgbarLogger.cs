using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace KerasSharp.Callbacks;

/// <summary>
/// Keras's progress bar: <c>938/938 [==============================] - 3s 3ms/step - loss: 0.4312 - accuracy: 0.8456</c>.
/// On a terminal the bar is redrawn in place; when output is redirected (logs, CI) one line is printed per epoch.
/// Fit adds it when verbose is 1 (bar) or 2 (one line per epoch).
/// </summary>
public sealed class ProgbarLogger(int verbose = 1, TextWriter? output = null) : Callback
{
    private readonly TextWriter _out = output ?? Console.Out;
    private readonly bool _inPlace = verbose == 1 && output is null && !Console.IsOutputRedirected;
    private readonly Stopwatch _clock = new();
    private int _steps;
    private int _epochs;
    private DateTime _lastDraw;

    /// <inheritdoc/>
    public override void SetParams(IReadOnlyDictionary<string, object> parameters)
    {
        base.SetParams(parameters);
        _steps = parameters.TryGetValue("steps", out var s) ? Convert.ToInt32(s, CultureInfo.InvariantCulture) : 0;
        _epochs = parameters.TryGetValue("epochs", out var e) ? Convert.ToInt32(e, CultureInfo.InvariantCulture) : 1;
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        _out.WriteLine($"Epoch {epoch + 1}/{_epochs}");
        _clock.Restart();
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (!_inPlace) return;
        var now = DateTime.UtcNow;
        if (batch + 1 < _steps && (now - _lastDraw).TotalMilliseconds < 100) return; // redraw at most 10 times a second
        _lastDraw = now;
        _out.Write("\r" + Line(batch + 1, logs, final: false));
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        _clock.Stop();
        _out.WriteLine((_inPlace ? "\r" : "") + Line(_steps, logs, final: true));
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
