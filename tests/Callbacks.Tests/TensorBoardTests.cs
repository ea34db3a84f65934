using System.Buffers.Binary;
using KerasSharp.Layers;
using static KerasSharp.Callbacks.Tests.TfRecordReader;

namespace KerasSharp.Callbacks.Tests;

/// <summary>
/// TensorBoard's event files read back with an independent TFRecord reader and protobuf wire decoder, against
/// TensorFlow's field numbers: Event (wall_time 1, step 2, file_version 3, graph_def 4, summary 5), Summary.value 1,
/// Value (tag 1, tensor 8, metadata 9), SummaryMetadata (plugin_data 1 with plugin_name 1, data_class 4), TensorProto
/// (dtype 1, tensor_shape 2 with dim 2 and size 1, float_val 5, double_val 6), GraphDef.node 1, NodeDef (name 1, op 2, input 3).
/// </summary>
[TestClass]
public sealed class TensorBoardTests
{
    private sealed record Scalar(string Tag, long Step, float Value, string Plugin, ulong DataClass, ulong DType);

    private static (List<Scalar> Scalars, List<List<(int, int, object)>> Events) Read(string path)
    {
        var events = Records(File.ReadAllBytes(path)).Select(Fields).ToList();
        var scalars = new List<Scalar>();
        foreach (var e in events.Where(e => e.Has(5)))
            foreach (var value in Fields(e.Bytes(5)).AllBytes(1).Select(Fields))
            {
                var tensor = Fields(value.Bytes(8));
                var metadata = Fields(value.Bytes(9));
                if (Fields(metadata.Bytes(1)).Text(1) != "scalars") continue;
                var floats = tensor.Bytes(5);
                Assert.HasCount(4, floats, "one packed float32");
                Assert.IsEmpty(Fields(tensor.Bytes(2)).AllBytes(2).ToList(), "a scalar's shape has no dims");
                scalars.Add(new Scalar(value.Text(1), (long)e.Number(2), BinaryPrimitives.ReadSingleLittleEndian(floats),
                                       "scalars", metadata.Number(4), tensor.Number(1)));
            }
        return (scalars, events);
    }

    [TestMethod]
    public void Crc32CMatchesTheStandardCheckValue()
    {
        var check = "123456789"u8;
        Assert.AreEqual(0xE3069283u, TfRecordReader.Crc32C(check), "the test's table");
        Assert.AreEqual(0xE3069283u, EventFileWriter.Crc32C(check), "the library's");
        var longer = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        Assert.AreEqual(TfRecordReader.Crc32C(longer), EventFileWriter.Crc32C(longer));
    }

    [TestMethod]
    public void EpochAndBatchScalarsHistogramsAndTheGraphAreWrittenAsTensorFlowWritesThem()
    {
        LayerNames.Reset();
        Config.SetSeed(25);
        using var dir = new TempFolder();
        var (x, y) = Tiny.TwoClasses(32, seed: 26);
        var model = Tiny.Classifier();
        var board = new TensorBoard(logDir: dir.Path, histogramFreq: 2, updateFreq: 2);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var history = model.Fit(x, y, batchSize: 8, epochs: 3, validationSplit: 0.25, verbose: 0, callbacks: [board]);

        Assert.AreEqual(Path.Combine(dir.Path, "train"), Path.GetDirectoryName(board.TrainFile));
        StringAssert.StartsWith(Path.GetFileName(board.TrainFile)!, "events.out.tfevents.");
        StringAssert.EndsWith(board.TrainFile!, ".v2");
        var (train, events) = Read(board.TrainFile!);

        var first = events[0];
        Assert.AreEqual("brain.Event:2", first.Text(3));
        double wallTime = BitConverter.UInt64BitsToDouble(first.Number(1));
        Assert.IsTrue(wallTime >= before - 1 && wallTime < before + 600, $"wall_time {wallTime} is seconds since 1970");

        // The graph: one NodeDef per layer call, the op its class, the inputs by name.
        var graph = Fields(events.Single(e => e.Has(4)).Bytes(4));
        var nodes = graph.AllBytes(1).Select(Fields).Select(n => (Name: n.Text(1), Op: n.Text(2), Inputs: n.AllBytes(3).Select(b => System.Text.Encoding.UTF8.GetString(b)).ToArray())).ToList();
        CollectionAssert.AreEqual(new[] { "InputLayer", "Dense", "Dense" }, nodes.Select(n => n.Op).ToArray());
        CollectionAssert.AreEqual(new[] { nodes[1].Name }, nodes[2].Inputs);

        foreach (var s in train)
        {
            Assert.AreEqual(1ul, s.DataClass, $"{s.Tag}: DATA_CLASS_SCALAR");
            Assert.AreEqual(1ul, s.DType, $"{s.Tag}: DT_FLOAT");
        }
        foreach (var name in new[] { "loss", "accuracy" })
        {
            var epochs = train.Where(s => s.Tag == "epoch_" + name).ToList();
            CollectionAssert.AreEqual(new long[] { 0, 1, 2 }, epochs.Select(s => s.Step).ToArray(), name);
            CollectionAssert.AreEqual(history[name].Select(v => (float)v).ToArray(), epochs.Select(s => s.Value).ToArray(), name);
        }
        CollectionAssert.AreEqual(new[] { 0.01f, 0.01f, 0.01f }, train.Where(s => s.Tag == "epoch_learning_rate").Select(s => s.Value).ToArray());
        // 24 training samples in batches of 8: 3 batches an epoch, 9 in all; every 2nd batch at the optimizer's iteration.
        CollectionAssert.AreEqual(new long[] { 2, 4, 6, 8 }, train.Where(s => s.Tag == "batch_loss").Select(s => s.Step).ToArray());
        Assert.IsFalse(train.Any(s => s.Tag.StartsWith("epoch_val_", StringComparison.Ordinal)), "validation goes to its own folder");

        // Histograms at epochs 0 and 2, one per weight, [30, 3] float64 (left, right, count), counts adding up to the size.
        var histograms = events.Where(e => e.Has(5)).SelectMany(e => Fields(e.Bytes(5)).AllBytes(1).Select(Fields)
            .Where(v => Fields(Fields(v.Bytes(9)).Bytes(1)).Text(1) == "histograms").Select(v => (Step: (long)e.Number(2), Value: v))).ToList();
        CollectionAssert.AreEqual(new long[] { 0, 0, 0, 0, 2, 2, 2, 2 }, histograms.Select(h => h.Step).ToArray());
        var kernel = histograms.First(h => h.Value.Text(1) == "dense/kernel/histogram").Value;
        var tensor = Fields(kernel.Bytes(8));
        Assert.AreEqual(2ul, tensor.Number(1), "DT_DOUBLE");
        var dims = Fields(tensor.Bytes(2)).AllBytes(2).Select(d => Fields(d).Number(1)).ToArray();
        CollectionAssert.AreEqual(new ulong[] { 30, 3 }, dims);
        var doubles = tensor.Bytes(6);
        var rows = Enumerable.Range(0, doubles.Length / 8).Select(i => BinaryPrimitives.ReadDoubleLittleEndian(doubles.AsSpan(8 * i))).ToArray();
        Assert.AreEqual(8.0, Enumerable.Range(0, 30).Sum(b => rows[3 * b + 2]), "2 x 4 kernel values");
        Assert.AreEqual(2ul, Fields(kernel.Bytes(9)).Number(4), "DATA_CLASS_TENSOR");

        var (validation, _) = Read(board.ValidationFile!);
        Assert.AreEqual(Path.Combine(dir.Path, "validation"), Path.GetDirectoryName(board.ValidationFile));
        CollectionAssert.AreEqual(history["val_loss"].Select(v => (float)v).ToArray(),
                                  validation.Where(s => s.Tag == "epoch_loss").Select(s => s.Value).ToArray());
        CollectionAssert.AreEqual(new long[] { 3, 6, 9 }, validation.Where(s => s.Tag == "evaluation_loss_vs_iterations").Select(s => s.Step).ToArray());
    }

    [TestMethod]
    public void ADamagedRecordIsCaughtByItsChecksum()
    {
        LayerNames.Reset();
        using var dir = new TempFolder();
        var (x, y) = Tiny.TwoClasses(16, seed: 26);
        var board = new TensorBoard(logDir: dir.Path);
        Tiny.Classifier().Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, callbacks: [board]);
        var bytes = File.ReadAllBytes(board.TrainFile!);
        Assert.IsGreaterThanOrEqualTo(3, Records(bytes).Count, "version, graph, epoch scalars");
        bytes[^6] ^= 0x40;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Records(bytes));
        StringAssert.Contains(e.Message, "the data's CRC does not match");
    }

    [TestMethod]
    public void BadSettingsAreRejected()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TensorBoard(histogramFreq: -1));
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TensorBoard(updateFreq: "sometimes"));
        StringAssert.StartsWith(e.Message, "updateFreq must be \"epoch\", \"batch\" or a positive number of batches, got \"sometimes\".");
    }
}
