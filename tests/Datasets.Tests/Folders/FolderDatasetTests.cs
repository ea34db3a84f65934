using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Models.Tests.Saving.Formats;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KerasSharp.Datasets.Tests.Folders;

/// <summary>Image and text folders, and time-series windows: labels, pixels, order, splits and bad files.</summary>
[TestClass]
public sealed class FolderDatasetTests
{
    private string _root = "";

    [TestInitialize]
    public void Make()
    {
        _root = Path.Combine(Path.GetTempPath(), $"ks-folder-{Guid.NewGuid():N}");
        // Three classes of solid-colour images of assorted sizes: the colour tells the class, the green channel the file.
        var colours = new Dictionary<string, (byte R, byte B)> { ["cat"] = (200, 10), ["dog"] = (20, 220), ["fox"] = (120, 120) };
        foreach (var (cls, (r, b)) in colours)
        {
            Directory.CreateDirectory(Path.Combine(_root, cls));
            for (int i = 0; i < 5; i++)
            {
                using var image = new Image<Rgb24>(8 + i, 6 + 2 * i, new Rgb24(r, (byte)(i * 40), b));
                image.SaveAsPng(Path.Combine(_root, cls, $"img{i}.png"));
            }
        }
        File.WriteAllText(Path.Combine(_root, "cat", "notes.md"), "not an image");
    }

    [TestCleanup]
    public void Remove() => Directory.Delete(_root, recursive: true);

    private static List<(float[] X, int[] Shape, float[] Y)> Elements(Dataset d)
    {
        var result = new List<(float[], int[], float[])>();
        foreach (var e in d.AsEnumerable())
        {
            result.Add((e[0].ToArray<float>(), e[0].Shape.ToArray(), e.Length > 1 ? e[1].ToArray<float>() : []));
            foreach (var t in e) t.Dispose();
        }
        return result;
    }

    [TestMethod]
    public void ImagesGetTheirClassAndPixelsInOrder()
    {
        var d = Utils.ImageDatasetFromDirectory(_root, imageSize: (4, 5), batchSize: 4, shuffle: false);
        CollectionAssert.AreEqual(new[] { "cat", "dog", "fox" }, d.ClassNames!.ToArray());
        Assert.AreEqual(15, d.FilePaths!.Count, "the .md file is not an image");
        var batches = Elements(d);
        CollectionAssert.AreEqual(new[] { 4, 4, 5, 3 }, batches[0].Shape);
        CollectionAssert.AreEqual(new[] { 3, 4, 5, 3 }, batches[3].Shape);
        var labels = batches.SelectMany(b => b.Y).ToArray();
        CollectionAssert.AreEqual(new float[] { 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2 }, labels);
        // Sample 6 is dog/img1.png: (20, 40, 220) everywhere, whatever the resize.
        var pixel = batches[1].X.Skip((2 * 4 * 5 + 7) * 3).Take(3).ToArray();
        CollectionAssert.AreEqual(new float[] { 20, 40, 220 }, pixel);
    }

    [TestMethod]
    public void LabelModesAndColourModes()
    {
        var categorical = Elements(Utils.ImageDatasetFromDirectory(_root, labelMode: "categorical", imageSize: (3, 3), batchSize: 15, shuffle: false, colorMode: "grayscale"));
        CollectionAssert.AreEqual(new[] { 15, 3, 3, 1 }, categorical[0].Shape);
        CollectionAssert.AreEqual(new float[] { 0, 1, 0 }, categorical[0].Y[(5 * 3)..(6 * 3)]);
        Assert.AreEqual(MathF.Round(0.299f * 200 + 0.587f * 0 + 0.114f * 10), categorical[0].X[0], "grey from RGB");
        var none = Elements(Utils.ImageDatasetFromDirectory(_root, labelMode: null, imageSize: (2, 2), batchSize: 100, colorMode: "rgba", seed: 1));
        CollectionAssert.AreEqual(new[] { 15, 2, 2, 4 }, none[0].Shape);
        Assert.AreEqual(0, none[0].Y.Length);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Utils.ImageDatasetFromDirectory(_root, labelMode: "binary"));
        StringAssert.Contains(e.Message, "labelMode \"binary\" needs exactly 2 classes, found 3");
    }

    [TestMethod]
    public void ShuffledFileOrderAndSplitsAreKeras()
    {
        var training = Utils.ImageDatasetFromDirectory(_root, imageSize: (2, 2), seed: 7, validationSplit: 0.2, subset: "training");
        var validation = Utils.ImageDatasetFromDirectory(_root, imageSize: (2, 2), seed: 7, validationSplit: 0.2, subset: "validation");
        Assert.AreEqual(12, training.FilePaths!.Count);
        Assert.AreEqual(3, validation.FilePaths!.Count);
        Assert.AreEqual(0, training.FilePaths.Intersect(validation.FilePaths).Count());
        // NumPy's RandomState(7).shuffle over the sorted list gives the order Keras uses.
        var sorted = new[] { "cat", "dog", "fox" }.SelectMany(c => Enumerable.Range(0, 5).Select(i => $"{c}/img{i}.png")).ToArray();
        var expected = Python.Run("import sys, numpy as np\nfiles = sys.argv[1:]\nnp.random.RandomState(7).shuffle(files)\nprint('\\n'.join(files))", false, sorted)
            .Trim().Split('\n');
        CollectionAssert.AreEqual(expected, training.FilePaths.Concat(validation.FilePaths).Select(p => Path.GetRelativePath(_root, p)).ToArray());
        var noSeed = Assert.ThrowsExactly<ArgumentException>(() => Utils.ImageDatasetFromDirectory(_root, validationSplit: 0.2, subset: "training"));
        StringAssert.Contains(noSeed.Message, "give a seed");
    }

    [TestMethod]
    public void CropToAspectRatioKeepsTheCentre()
    {
        var folder = Path.Combine(_root, "wide");
        Directory.CreateDirectory(Path.Combine(folder, "a"));
        // 9 wide, 3 high: left third red, middle green, right third blue.
        using (var image = new Image<Rgb24>(9, 3))
        {
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 9; x++) image[x, y] = x < 3 ? new Rgb24(255, 0, 0) : x < 6 ? new Rgb24(0, 255, 0) : new Rgb24(0, 0, 255);
            image.SaveAsPng(Path.Combine(folder, "a", "wide.png"));
        }
        var cropped = Elements(Utils.ImageDatasetFromDirectory(folder, imageSize: (3, 3), cropToAspectRatio: true, interpolation: "nearest", shuffle: false));
        Assert.IsTrue(Enumerable.Range(0, 9).All(p => cropped[0].X[p * 3] == 0 && cropped[0].X[p * 3 + 1] == 255), "only the green middle is left");
        var squeezed = Elements(Utils.ImageDatasetFromDirectory(folder, imageSize: (3, 3), interpolation: "nearest", shuffle: false));
        Assert.AreEqual(255f, squeezed[0].X[0], "without the crop the left column stays red");
    }

    [TestMethod]
    public void ABadImageFailsNamingTheFileAndTheElement()
    {
        var bad = Path.Combine(_root, "dog", "img9.png");
        File.WriteAllBytes(bad, [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 13]);
        var d = Utils.ImageDatasetFromDirectory(_root, imageSize: (2, 2), shuffle: false, batchSize: 4);
        var e = Assert.ThrowsExactly<DatasetException>(() => Elements(d));
        Assert.AreEqual(10, e.Index, "cat has 5 images, dog/img9.png is the sixth dog");
        var inner = (DatasetFormatException)e.InnerException!;
        Assert.AreEqual(bad, inner.FilePath);
        StringAssert.Contains(e.Message, $"Dataset.Map: element 10: the function failed: {bad}: the image cannot be decoded");
    }

    private string Reviews()
    {
        var folder = Path.Combine(_root, "reviews");
        foreach (var (cls, texts) in new[] { ("neg", new[] { "bad", "awful film" }), ("pos", new[] { "great", "lovely", "fine indeed" }) })
        {
            Directory.CreateDirectory(Path.Combine(folder, cls));
            for (int i = 0; i < texts.Length; i++) File.WriteAllText(Path.Combine(folder, cls, $"{i}.txt"), texts[i]);
        }
        return folder;
    }

    private static List<(string[] Texts, Tensor? Labels)> TextBatches(Dataset d)
    {
        var result = new List<(string[], Tensor?)>();
        using var batches = ((KerasSharp.Data.IBatchSource)d).GetBatches();
        while (batches.MoveNext())
        {
            using var b = batches.Current;
            Assert.AreEqual(DType.String, b.X[0].DType);
            result.Add((b.X[0].ToStrings(), b.Y.Count > 0 ? TensorScope.Detach(Tensor.FromArray(b.Y[0].ToArray<float>(), b.Y[0].Shape.ToArray())) : null));
        }
        return result;
    }

    [TestMethod]
    public void TextFoldersGiveBatchesOfStringsAndLabels()
    {
        var folder = Reviews();
        var d = Utils.TextDatasetFromDirectory(folder, shuffle: false, maxLength: 5, batchSize: 2);
        CollectionAssert.AreEqual(new[] { "neg", "pos" }, d.ClassNames!.ToArray());
        var batches = TextBatches(d);
        CollectionAssert.AreEqual(new[] { "bad", "awful", "great", "lovel", "fine " }, batches.SelectMany(b => b.Texts).ToArray());
        CollectionAssert.AreEqual(new float[] { 0, 0, 1, 1, 1 }, batches.SelectMany(b => b.Labels!.ToArray<float>()).ToArray());
        CollectionAssert.AreEqual(new[] { 2, 2, 1 }, batches.Select(b => b.Texts.Length).ToArray());
        var binary = TextBatches(Utils.TextDatasetFromDirectory(folder, labelMode: "binary", shuffle: false, batchSize: 8));
        CollectionAssert.AreEqual(new[] { 5, 1 }, binary[0].Labels!.Shape.ToArray());
        var train = TextBatches(Utils.TextDatasetFromDirectory(folder, validationSplit: 0.4, subset: "training", seed: 3)).SelectMany(b => b.Texts);
        var val = TextBatches(Utils.TextDatasetFromDirectory(folder, validationSplit: 0.4, subset: "validation", seed: 3)).SelectMany(b => b.Texts);
        Assert.AreEqual(3, train.Count());
        Assert.AreEqual(2, val.Count());
        CollectionAssert.AreEquivalent(new[] { "bad", "awful film", "great", "lovely", "fine indeed" }, train.Concat(val).ToArray(), "the split partitions the files");
        var unlabeled = TextBatches(Utils.TextDatasetFromDirectory(folder, labelMode: null, classNames: ["pos", "neg"], shuffle: false));
        CollectionAssert.AreEqual(new[] { "great", "lovely", "fine indeed", "bad", "awful film" }, unlabeled[0].Texts, "classNames sets the order");
        Assert.IsNull(unlabeled[0].Labels);
    }

    [TestMethod]
    public void TextFoldersTrainAModelThroughTextVectorization()
    {
        var folder = Reviews();
        var vectorize = new TextVectorization(outputMode: "multi_hot");
        vectorize.Adapt(Utils.TextDatasetFromDirectory(folder, labelMode: null, shuffle: false));
        Assert.AreEqual(8, vectorize.VocabularySize(), "[UNK] + bad awful film great lovely fine indeed");
        var input = new Input([vectorize.VocabularySize()]);
        var model = new Model(input, new Dense(1, activation: "sigmoid").Apply(input));
        model.Compile(optimizer: "adam", loss: "binary_crossentropy");
        var ds = Utils.TextDatasetFromDirectory(folder, labelMode: "binary", batchSize: 2, seed: 1).Map((x, y) => (vectorize.Apply(x), y));
        var history = model.Fit(ds, epochs: 2, verbose: 0);
        Assert.HasCount(2, history["loss"]);
        var bad = Path.Combine(folder, "neg", "latin1.txt");
        File.WriteAllBytes(bad, [0x63, 0x61, 0x66, 0xE9]);
        var e = Assert.ThrowsExactly<DatasetException>(() => TextBatches(Utils.TextDatasetFromDirectory(folder, shuffle: false)));
        StringAssert.Contains(e.Message, "the text file is not valid UTF-8");
    }

    [TestMethod]
    public void TimeseriesWindowsFollowStrideAndSamplingRate()
    {
        using var data = Tensor.FromArray(Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), 10, 2);
        using var targets = Tensor.FromArray(Enumerable.Range(100, 10).Select(i => (float)i).ToArray());
        var d = Utils.TimeseriesDatasetFromArray(data, targets, sequenceLength: 3, sequenceStride: 2, samplingRate: 2, batchSize: 2);
        var batches = Elements(d);
        // Starts 0, 2, 4 (a window spans 4 steps, so 6 would end at 10, past the data).
        Assert.AreEqual(2, batches.Count);
        CollectionAssert.AreEqual(new[] { 2, 3, 2 }, batches[0].Shape);
        CollectionAssert.AreEqual(new float[] { 4, 5, 8, 9, 12, 13 }, batches[0].X[6..12], "window from step 2: steps 2, 4, 6");
        CollectionAssert.AreEqual(new float[] { 100, 102 }, batches[0].Y);
        CollectionAssert.AreEqual(new float[] { 104 }, batches[1].Y);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Utils.TimeseriesDatasetFromArray(data, null, sequenceLength: 11));
        StringAssert.Contains(e.Message, "no window of 11 steps");
    }
}
