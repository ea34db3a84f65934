using KerasSharp.Saving;
using ScottPlot;

namespace KerasSharp.Callbacks;

/// <summary>Draws a <see cref="History"/>: <c>history.Plot("history.png")</c>.</summary>
public static class HistoryPlot
{
    /// <summary>The colour of the training curves (matplotlib's first colour, as in Keras tutorials).</summary>
    public static readonly string TrainingColor = "#1f77b4";

    /// <summary>The colour of the validation curves.</summary>
    public static readonly string ValidationColor = "#ff7f0e";

    /// <summary>
    /// Draws the loss and each metric against the epoch, one panel each (the loss first), training in blue and validation
    /// in orange, and saves the picture as PNG (written under a temporary name and renamed). The learning rate, when logged,
    /// gets its own panel. Epochs are counted from 1 on the axis.
    /// </summary>
    /// <param name="history">What Fit returned.</param>
    /// <param name="path">The PNG file.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="panelHeight">Height of each panel in pixels.</param>
    /// <returns>The metrics drawn, one per panel, in order.</returns>
    /// <exception cref="InvalidOperationException">The history is empty.</exception>
    public static IReadOnlyList<string> Plot(this History history, string path, int width = 800, int panelHeight = 300)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (width < 100 || panelHeight < 100) throw new ArgumentOutOfRangeException(nameof(width), $"History.Plot: the picture must be at least 100 x 100 pixels a panel, got {width} x {panelHeight}.");
        var names = history.Values.Keys.Where(k => !k.StartsWith("val_", StringComparison.Ordinal)).ToList();
        if (names.Count == 0) throw new InvalidOperationException("History.Plot: the history is empty: nothing was trained.");
        names = names.OrderBy(n => n == "loss" ? 0 : n == "learning_rate" ? 2 : 1).ToList();

        var multiplot = new Multiplot();
        multiplot.AddPlots(names.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        for (int i = 0; i < names.Count; i++)
        {
            var plot = multiplot.GetPlot(i);
            string name = names[i];
            bool validation = history.Values.ContainsKey("val_" + name);
            Add(plot, history, name, validation ? "training" : null, TrainingColor);   // one curve: no legend
            plot.Title(name);
            plot.XLabel("epoch");
            if (!validation) continue;
            Add(plot, history, "val_" + name, "validation", ValidationColor);
            // The legend goes in the corner the curve leaves free: top right for a falling curve, bottom right for a rising one.
            var values = history[name];
            plot.ShowLegend(values[^1] <= values[0] ? Alignment.UpperRight : Alignment.LowerRight);
        }
        var image = multiplot.Render(width, panelHeight * names.Count);
        Folders.ForFile(path);
        AtomicFile.WriteAllBytes(path, image.GetImageBytes(ImageFormat.Png));
        return names;
    }

    private static void Add(Plot plot, History history, string metric, string? label, string color)
    {
        double[] xs = history.EpochsOf(metric).Select(e => e + 1.0).ToArray();
        double[] ys = history[metric].ToArray();
        var line = plot.Add.Scatter(xs, ys);
        if (label is not null) line.LegendText = label;
        line.Color = Color.FromHex(color);
        line.LineWidth = 2;
        line.MarkerSize = 5;
    }
}
