using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>A pretrained BERT nested as a layer of a functional model trains with Fit: every weight moves, the loss falls, and the model saves and loads.</summary>
[TestClass]
public sealed class BertTrainingTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    [DataRow("native")]
    [DataRow("torch")]
    public void BertAsALayer_FineTunesEveryWeight_AndSavesAndLoads(string backend)
    {
        var f = BertFixtures.Get();
        Backend.Set(backend);
        Config.SetSeed(3);
        var bert = Bert.FromPretrained(f.Folder);
        var ids = new Input([f.Length], dtype: DType.Int64, name: "ids");
        var mask = new Input([f.Length], dtype: DType.Int64, name: "mask");
        var types = new Input([f.Length], dtype: DType.Int64, name: "types");
        var encoded = bert.ApplyAll([ids, mask, types]);
        var output = new Dense(2, name: "head").Apply(encoded[1]);
        var model = new Model(inputs: [ids, mask, types], outputs: [output], name: "classifier");
        model.Compile(optimizer: new Optimizers.Adam(learningRate: 1e-2), loss: new Losses.SparseCategoricalCrossentropy(fromLogits: true));

        Tensor[] x = [Tensor.FromArray(f.Ids, f.Batch, f.Length), Tensor.FromArray(f.Mask, f.Batch, f.Length), Tensor.FromArray(f.Types, f.Batch, f.Length)];
        var y = Tensor.FromArray(Enumerable.Range(0, f.Batch).Select(i => (long)(i % 2)).ToArray());
        var before = bert.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray<float>());
        var history = model.Fit(x, [y], batchSize: f.Batch, epochs: 15, verbose: 0);

        var losses = history["loss"];
        Assert.IsLessThan(losses[0] * 0.5, losses[^1], $"{backend}: the loss fell from {losses[0]} to {losses[^1]}");
        // The pooler's weights move too; only the position rows past the fixture's length and unused vocabulary rows keep still.
        foreach (var (key, value) in bert.StateDict())
            Assert.IsFalse(before[key].SequenceEqual(value.ToArray<float>()), $"{backend}: '{key}' never changed while fine-tuning");

        var path = Path.Combine(Path.GetTempPath(), $"ks-bert-finetuned-{backend}-{Environment.ProcessId}.keras");
        try
        {
            model.Save(path);
            var loaded = Model.Load(path);
            BertParityTests.AssertClose(model.PredictAll(x)[0].ToArray<float>(), loaded.PredictAll(x)[0].ToArray<float>(), $"{backend}: after loading");
        }
        finally { File.Delete(path); }
    }
}
