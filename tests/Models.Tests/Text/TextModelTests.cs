using System.IO.Compression;
using KerasSharp.Layers;
using KerasSharp.Optimizers;
using KerasSharp.Models.Tests.Saving.Formats;

namespace KerasSharp.Models.Tests.Text;

/// <summary>
/// A model whose first layer is TextVectorization: Input(dtype: string), Fit on string[] with int[] labels, Predict on
/// string[], and a .keras round trip that keeps the adapted vocabulary as the asset Keras 3 writes.
/// </summary>
[TestClass]
public sealed class TextModelTests
{
    private static readonly string[] Reviews =
    [
        "a great film, great acting", "dull and far too long", "I loved it: great!", "boring. dull. long.",
        "great fun", "too long and dull", "loved the acting", "a boring film",
    ];

    private static readonly int[] Labels = [1, 0, 1, 0, 1, 0, 1, 0];

    private static Model Build(TextVectorization vectorize)
    {
        var input = new Input([], dtype: DType.String);
        var x = vectorize.Apply(input);
        x = new Embedding(vectorize.VocabularySize(), 4, embeddingsInitializer: new RandomUniform(-0.05, 0.05, seed: 1)).Apply(x);
        x = new GlobalAveragePooling1D().Apply(x);
        var output = new Dense(1, activation: "sigmoid", kernelInitializer: new GlorotUniform(seed: 2)).Apply(x);
        var model = new Model(input, output);
        model.Compile(optimizer: new Adam(0.05), loss: "binary_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    [TestMethod]
    public void TrainsOnStringsPredictsStringsAndSavesTheVocabulary()
    {
        var vectorize = new TextVectorization(maxTokens: 30, outputSequenceLength: 6, name: "vectorize");
        vectorize.Adapt(Reviews);
        var model = Build(vectorize);
        var history = model.Fit(Reviews, Labels.Select(l => (float)l).ToArray(), batchSize: 4, epochs: 30, verbose: 0);
        Assert.IsLessThan(history["loss"][0], history["loss"][^1], "the loss falls");
        using var p = model.Predict(new[] { "great acting", "dull and boring" });
        var probs = p.ToArray<float>();
        Assert.IsTrue(probs[0] > 0.5 && probs[1] < 0.5, $"positive then negative: {string.Join(", ", probs)}");

        using var folder = new TempFolder();
        var path = folder.File("text.keras");
        model.Save(path);
        using (var zip = ZipFile.OpenRead(path))
        {
            var entry = zip.GetEntry("assets/layers/vectorize/vocabulary.txt") ?? zip.GetEntry("assets/layers/text_vectorization/vocabulary.txt");
            Assert.IsNotNull(entry, $"vocabulary asset; entries: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
            using var reader = new StreamReader(entry.Open());
            CollectionAssert.AreEqual(vectorize.GetVocabulary(), reader.ReadToEnd().Split('\n'));
        }
        var loaded = Model.Load(path);
        var layer = (TextVectorization)loaded.GetLayer("vectorize");
        CollectionAssert.AreEqual(vectorize.GetVocabulary(), layer.GetVocabulary());
        using var again = loaded.Predict(new[] { "great acting", "dull and boring" });
        CollectionAssert.AreEqual(probs, again.ToArray<float>());
    }

    [TestMethod]
    public void StringTensorsBatchAndSliceThroughEvaluate()
    {
        var vectorize = new TextVectorization(outputMode: "multi_hot");
        vectorize.Adapt(Reviews);
        var input = new Input([1], dtype: DType.String);
        var output = new Dense(1, activation: "sigmoid").Apply(vectorize.Apply(input));
        var model = new Model(input, output);
        model.Compile(optimizer: "adam", loss: "binary_crossentropy");
        using var x = Tensor.FromStrings(Reviews, Reviews.Length, 1);
        using var y = Tensor.FromArray(Labels.Select(l => (float)l).ToArray(), Labels.Length, 1);
        model.Fit(x, y, batchSize: 3, epochs: 2, verbose: 0, validationSplit: 0.25);
        var result = model.Evaluate(x, y, batchSize: 3, verbose: 0);
        Assert.IsTrue(double.IsFinite(result["loss"]));
    }

    [TestMethod]
    public void NumericOpsRefuseStringsNamingTheOp()
    {
        using var s = Tensor.FromStrings(["a", "b"]);
        var e = Assert.ThrowsExactly<NotSupportedException>(() => Ops.Exp(s));
        StringAssert.StartsWith(e.Message, "exp: string tensors hold text");
        e = Assert.ThrowsExactly<NotSupportedException>(() => Ops.Add(s, Ops.Ones([2])));
        StringAssert.StartsWith(e.Message, "add: one input is a string tensor and the other a float32 tensor");
        var cast = Assert.ThrowsExactly<NotSupportedException>(() => Ops.Cast(s, DType.Float32));
        Assert.AreEqual("cast: string tensors hold text and do not cast to or from numbers (string to float32); turn text into numbers with StringLookup, Hashing or TextVectorization first.", cast.Message);
        var input = new Input([2], dtype: DType.String);
        var model = new Model(input, new Dense(2).Apply(input));
        var inModel = Assert.ThrowsExactly<NotSupportedException>(() => model.Predict(new[,] { { "x", "y" } }));
        StringAssert.StartsWith(inModel.Message, "cast: string tensors hold text", "the model casts its input for Dense, which refuses");
    }
}
