using System.Globalization;
using CsvHelper;
using KerasSharp.Layers;

namespace KerasSharp.Callbacks.Tests;

/// <summary>CSVLogger's files read back with CsvHelper: values, stable columns, separator, append.</summary>
[TestClass]
public sealed class CSVLoggerTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(12);
    }

    private static (string[] Header, List<string[]> Rows) Read(string path, char separator)
    {
        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { Separator = separator });
        var header = reader.Headers.ToArray();
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        return (header, rows);
    }

    [TestMethod]
    public void ColumnsStayAlignedWhenValidationStartsInALaterEpoch()
    {
        using var dir = new TempFolder();
        var (x, y) = Tiny.TwoClasses(32, seed: 13);
        var (xv, yv) = Tiny.TwoClasses(8, seed: 14);
        var logger = new CSVLogger(dir.File("log.csv"), separator: ';');
        var history = Tiny.Classifier().Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, validationData: (xv, yv), validationFreq: 2, callbacks: [logger]);
        var (header, rows) = Read(dir.File("log.csv"), ';');
        CollectionAssert.AreEqual(new[] { "epoch", "accuracy", "loss", "val_accuracy", "val_loss" }, header);
        Assert.HasCount(3, rows);
        CollectionAssert.AreEqual(new[] { "0", "1", "2" }, rows.Select(r => r[0]).ToArray());
        Assert.AreEqual("NA", rows[0][4], "no validation in epoch 0");
        Assert.AreEqual("NA", rows[2][3], "nor in epoch 2");
        Assert.AreEqual(history["val_loss"][0], double.Parse(rows[1][4], CultureInfo.InvariantCulture), "epoch 1's validation, bit for bit");
        for (int e = 0; e < 3; e++)
        {
            Assert.AreEqual(history["loss"][e], double.Parse(rows[e][2], CultureInfo.InvariantCulture));
            Assert.AreEqual(history["accuracy"][e], double.Parse(rows[e][1], CultureInfo.InvariantCulture));
        }
        Assert.IsFalse(Directory.GetFiles(dir.Path).Any(f => f.EndsWith(".tmp", StringComparison.Ordinal)), "no temporary file is left");
    }

    [TestMethod]
    public void AppendContinuesTheFileAndANewRunReplacesIt()
    {
        using var dir = new TempFolder();
        var (x, y) = Tiny.TwoClasses(16, seed: 13);
        var model = Tiny.Classifier();
        string path = dir.File("log.csv");
        model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, callbacks: [new CSVLogger(path)]);
        model.Fit(x, y, batchSize: 8, epochs: 4, initialEpoch: 2, verbose: 0, callbacks: [new CSVLogger(path, append: true)]);
        var (header, rows) = Read(path, ',');
        CollectionAssert.AreEqual(new[] { "epoch", "accuracy", "loss" }, header);
        CollectionAssert.AreEqual(new[] { "0", "1", "2", "3" }, rows.Select(r => r[0]).ToArray());
        model.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, callbacks: [new CSVLogger(path)]);
        Assert.HasCount(1, Read(path, ',').Rows, "without append a run starts a new file");
    }

    [TestMethod]
    public void AppendingToAFileOfAnotherKindFailsNamingIt()
    {
        using var dir = new TempFolder();
        string path = dir.File("other.csv");
        File.WriteAllText(path, "name,score\nx,1\n");
        var (x, y) = Tiny.TwoClasses(16, seed: 13);
        var e = Assert.ThrowsExactly<InvalidDataException>(() =>
            Tiny.Classifier().Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, callbacks: [new CSVLogger(path, append: true)]));
        StringAssert.Contains(e.Message, $"CSVLogger: cannot append to '{path}': its first column is not \"epoch\"");
    }
}
