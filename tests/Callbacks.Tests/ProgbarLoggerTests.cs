using KerasSharp.Layers;

namespace KerasSharp.Callbacks.Tests;

/// <summary>The progress bar in Fit, Evaluate and Predict, and the verbose argument ("auto", 0, 1, 2).</summary>
[TestClass]
public sealed class ProgbarLoggerTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(18);
    }

    private static string[] Lines(StringWriter w) => w.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [TestMethod]
    public void EvaluateDrawsOneBarWithTheFinalMetrics()
    {
        var (x, y) = Tiny.TwoClasses(40, seed: 19);
        var model = Tiny.Classifier();
        var output = new StringWriter();
        var scores = model.Evaluate(x, y, batchSize: 10, verbose: 0, callbacks: [new ProgbarLogger(2, output)]);
        var line = Assert.ContainsSingle(Lines(output));
        StringAssert.StartsWith(line, "4/4 [==============================] - ");
        StringAssert.EndsWith(line, $" - loss: {scores["loss"]:F4} - accuracy: {scores["accuracy"]:F4}");
    }

    [TestMethod]
    public void PredictDrawsOneBar()
    {
        var (x, _) = Tiny.TwoClasses(40, seed: 19);
        var output = new StringWriter();
        Tiny.Classifier().Predict(x, batchSize: 16, verbose: 0, callbacks: [new ProgbarLogger(2, output)]);
        var line = Assert.ContainsSingle(Lines(output));
        StringAssert.StartsWith(line, "3/3 [==============================] - ");
        StringAssert.EndsWith(line, "/step");
    }

    [TestMethod]
    public void ValidationInsideFitDrawsNoBarOfItsOwn()
    {
        var (x, y) = Tiny.TwoClasses(40, seed: 19);
        var output = new StringWriter();
        Tiny.Classifier().Fit(x, y, batchSize: 10, epochs: 2, validationSplit: 0.25, verbose: 0, callbacks: [new ProgbarLogger(2, output)]);
        var lines = Lines(output);
        Assert.HasCount(4, lines, string.Join("\n", lines));
        Assert.AreEqual("Epoch 2/2", lines[2]);
        StringAssert.Contains(lines[3], " - val_loss: ");
    }

    [TestMethod]
    public void VerboseAcceptsAutoAndTheLevels()
    {
        Verbosity auto = "auto";
        Assert.IsTrue(auto.IsAuto);
        Assert.AreEqual(1, auto.Level);
        Assert.AreEqual(auto, default(Verbosity));
        Verbosity two = 2;
        Assert.AreEqual(2, two.Level);
        Assert.AreEqual("2", two.ToString());
        var e = Assert.ThrowsExactly<ArgumentException>(() => { Verbosity v = "loud"; });
        StringAssert.StartsWith(e.Message, "verbose must be 0, 1, 2 or \"auto\", got \"loud\".");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => { Verbosity v = 3; });
    }

    [TestMethod]
    public void CallbacksSeeTheResolvedParameters()
    {
        var (x, y) = Tiny.TwoClasses(40, seed: 19);
        TrainingParameters? fit = null, evaluate = null;
        var model = Tiny.Classifier();
        var saved = Console.Out;
        try
        {
            Console.SetOut(TextWriter.Null);           // "auto" draws a bar on the console
            var probe = new ParamsProbe();
            model.Fit(x, y, batchSize: 16, epochs: 3, callbacks: [probe]);
            fit = probe.Seen;
            model.Evaluate(x, y, batchSize: 8, verbose: 2, callbacks: [probe]);
            evaluate = probe.Seen;
        }
        finally { Console.SetOut(saved); }
        Assert.AreEqual(new TrainingParameters(3, 3, 1), fit, "auto is level 1");
        Assert.AreEqual(new TrainingParameters(1, 5, 2), evaluate);
    }

    private sealed class ParamsProbe : Callback
    {
        public TrainingParameters? Seen { get; private set; }
        public override void SetParams(TrainingParameters parameters)
        {
            base.SetParams(parameters);
            Seen = parameters;
        }
    }
}
