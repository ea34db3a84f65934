using KerasSharp.Layers;
using KerasSharp.Models;
using SkiaSharp;

namespace KerasSharp.Callbacks.Tests;

/// <summary>History.Plot and Plots.PlotModel rendered to PNG and read back: curves where the values put them, text drawn.</summary>
[TestClass]
[DoNotParallelize]
public sealed class PlotTests
{
    private static History Scripted(int epochs, int validationFreq = 1)
    {
        var history = new History();
        history.OnTrainBegin(new Dictionary<string, double>());
        for (int e = 0; e < epochs; e++)
        {
            var logs = new Dictionary<string, double> { ["loss"] = 1.0 - 0.09 * e, ["accuracy"] = 0.5 + 0.045 * e };
            if ((e + 1) % validationFreq == 0) { logs["val_loss"] = 1.1 - 0.08 * e; logs["val_accuracy"] = 0.45 + 0.04 * e; }
            history.OnEpochEnd(e, logs);
        }
        return history;
    }

    private static bool Near(SKColor c, string hex)
    {
        var t = SKColor.Parse(hex);
        return Math.Abs(c.Red - t.Red) < 30 && Math.Abs(c.Green - t.Green) < 30 && Math.Abs(c.Blue - t.Blue) < 30;
    }

    /// <summary>The pixels of one colour inside a band of rows, as (x, y).</summary>
    private static List<(int X, int Y)> Pixels(SKBitmap bitmap, string hex, int top, int bottom)
    {
        var found = new List<(int, int)>();
        for (int y = top; y < bottom; y++)
            for (int x = 0; x < bitmap.Width; x++)
                if (Near(bitmap.GetPixel(x, y), hex)) found.Add((x, y));
        return found;
    }

    [TestMethod]
    public void HistoryPlotDrawsEachMetricWithTrainingAndValidationCurves()
    {
        using var dir = new TempFolder();
        string path = dir.File("history.png");
        var panels = Scripted(10).Plot(path, width: 800, panelHeight: 300);
        CollectionAssert.AreEqual(new[] { "loss", "accuracy" }, panels.ToArray());
        using var bitmap = SKBitmap.Decode(path);
        Assert.AreEqual(800, bitmap.Width);
        Assert.AreEqual(600, bitmap.Height);
        for (int panel = 0; panel < 2; panel++)
        {
            var blue = Pixels(bitmap, HistoryPlot.TrainingColor, panel * 300, panel * 300 + 300);
            var orange = Pixels(bitmap, HistoryPlot.ValidationColor, panel * 300, panel * 300 + 300);
            Assert.IsGreaterThan(200, blue.Count, $"panel {panel}: the training curve is drawn");
            Assert.IsGreaterThan(200, orange.Count, $"panel {panel}: the validation curve is drawn");
            // Falling loss: the curve is high (small y) on the left and low on the right; rising accuracy: the reverse.
            double left = blue.Where(p => p.X < 250).Average(p => p.Y), right = blue.Where(p => p.X > 550 && p.X < 700).Average(p => p.Y);
            if (panel == 0) Assert.IsLessThan(right - 60, left, $"loss: left {left:F0} above right {right:F0}");
            else Assert.IsGreaterThan(right + 60, left, $"accuracy: left {left:F0} below right {right:F0}");
        }
        // Titles and tick labels are text: dark pixels in the title band (blank with no font installed).
        Assert.IsGreaterThan(30, Enumerable.Range(0, 30).Sum(y => Enumerable.Range(300, 200).Count(x => bitmap.GetPixel(x, y).Red < 80)),
                             "the title 'loss' is drawn (needs a font, e.g. fonts-dejavu-core)");
    }

    [TestMethod]
    public void ValidationEveryFewEpochsIsDrawnAtItsOwnEpochs()
    {
        var history = Scripted(6, validationFreq: 3);
        CollectionAssert.AreEqual(new[] { 2, 5 }, history.EpochsOf("val_loss").ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4, 5 }, history.EpochsOf("loss").ToArray());
        using var dir = new TempFolder();
        history.Plot(dir.File("h.png"));
        using var bitmap = SKBitmap.Decode(dir.File("h.png"));
        var orange = Pixels(bitmap, HistoryPlot.ValidationColor, 0, 300);
        var blue = Pixels(bitmap, HistoryPlot.TrainingColor, 0, 300);
        Assert.IsGreaterThan(blue.Where(p => p.X < 700).Min(p => p.X) + 100, orange.Where(p => p.X < 700).Min(p => p.X), "validation starts at epoch 3, right of epoch 1");
    }

    [TestMethod]
    public void AnEmptyHistoryCannotBePlotted()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => new History().Plot("x.png"));
        Assert.AreEqual("History.Plot: the history is empty: nothing was trained.", e.Message);
    }

    private static Model TwoInputModel()
    {
        LayerNames.Reset();
        var a = new Input([8], name: "features");
        var b = new Input([4], name: "meta \"v2\"");
        var h = new Dense(16, activation: "relu").Apply(a);
        var c = new Concatenate().Apply(h, b);
        return new Model(inputs: [a, b], outputs: [new Dense(3, activation: "softmax", name: "class").Apply(c)]);
    }

    [TestMethod]
    public void ModelToDotHasABoxPerLayerAndAnArrowPerConnection()
    {
        string dot = Plots.ModelToDot(TwoInputModel(), showShapes: true);
        StringAssert.Contains(dot, "n0 [label=\"features (InputLayer)\\noutput: (None, 8)\"];");
        StringAssert.Contains(dot, "n1 [label=\"meta \\\"v2\\\" (InputLayer)\\noutput: (None, 4)\"];", "quotes in names are escaped");
        StringAssert.Contains(dot, "n3 [label=\"concatenate (Concatenate)\\noutput: (None, 20)\"];");
        foreach (var edge in new[] { "n0 -> n2;", "n2 -> n3;", "n1 -> n3;", "n3 -> n4;" }) StringAssert.Contains(dot, edge);
        Assert.AreEqual(4, dot.Split("->").Length - 1);
    }

    [TestMethod]
    public void PlotModelRendersAPngWithGraphviz()
    {
        if (!File.Exists("/usr/bin/dot")) Assert.Fail("Graphviz's dot is not installed (Debian package graphviz, installed by .ci/run).");
        using var dir = new TempFolder();
        string written = Plots.PlotModel(TwoInputModel(), dir.File("model.png"), showShapes: true);
        Assert.AreEqual(dir.File("model.png"), written);
        using var bitmap = SKBitmap.Decode(written);
        Assert.IsNotNull(bitmap, "a PNG");
        int fill = 0, dark = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Near(c, "#e8eef7") && c != SKColors.White) fill++;
                if (c.Red < 80 && c.Green < 80 && c.Blue < 80) dark++;
            }
        Assert.IsGreaterThan(2000, fill, "five filled boxes");
        Assert.IsGreaterThan(300, dark, "text and arrows");
    }

    [TestMethod]
    public void WithoutGraphvizPlotModelWritesTheDotText()
    {
        using var dir = new TempFolder();
        string? path = Environment.GetEnvironmentVariable("PATH");
        try
        {
            Environment.SetEnvironmentVariable("PATH", dir.Path);
            string written = Plots.PlotModel(TwoInputModel(), dir.File("model.png"));
            Assert.AreEqual(dir.File("model.dot"), written);
            StringAssert.Contains(File.ReadAllText(written), "n3 -> n4;");
            Assert.IsFalse(File.Exists(dir.File("model.png")));
        }
        finally { Environment.SetEnvironmentVariable("PATH", path); }
        var e = Assert.ThrowsExactly<ArgumentException>(() => Plots.PlotModel(TwoInputModel(), "model.gif"));
        StringAssert.StartsWith(e.Message, "PlotModel: cannot tell the picture format of 'model.gif'; use .png, .svg, .pdf or .dot.");
    }
}
