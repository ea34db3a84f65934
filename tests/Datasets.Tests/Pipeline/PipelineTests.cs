namespace KerasSharp.Datasets.Tests.Pipeline;

/// <summary>The Dataset steps, on hand-written values; every test also checks that the pass freed what it made.</summary>
[TestClass]
public sealed class PipelineTests
{
    private static Tensor Range(int n, params int[] rowShape)
    {
        int row = rowShape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, n * row).Select(i => (float)i).ToArray(), [n, .. rowShape]);
    }

    /// <summary>Walks a pass, copying every element out and disposing it as a consumer must.</summary>
    internal static List<float[][]> Collect(Dataset d)
    {
        var result = new List<float[][]>();
        foreach (var element in d.AsEnumerable())
        {
            result.Add(element.Select(t => t.ToArray<float>()).ToArray());
            foreach (var t in element) t.Dispose();
        }
        return result;
    }

    private static float[] Firsts(Dataset d) => Collect(d).Select(e => e[0][0]).ToArray();

    [TestMethod]
    public void TensorSlicesGiveTheRowsInOrder()
    {
        using var x = Range(4, 2);
        using var y = Tensor.FromArray(new long[] { 10, 11, 12, 13 });
        long live = Tensor.LiveCount;
        var d = Dataset.FromTensorSlices(x, y);
        Assert.AreEqual(4, d.Cardinality);
        var rows = Collect(d);
        Assert.AreEqual(4, rows.Count);
        CollectionAssert.AreEqual(new float[] { 4, 5 }, rows[2][0]);
        CollectionAssert.AreEqual(new float[] { 12 }, rows[2][1]);
        var first = d.AsEnumerable().First();
        CollectionAssert.AreEqual(new[] { 2 }, first[0].Shape.ToArray());
        Assert.AreEqual(0, first[1].Rank);
        Assert.AreEqual(DType.Int64, first[1].DType);
        foreach (var t in first) t.Dispose();
        Assert.AreEqual(live, Tensor.LiveCount, "every element was freed and the dataset holds no tensors of its own");
    }

    [TestMethod]
    public void BatchStacksRowsAndKeepsOrDropsTheRemainder()
    {
        using var x = Range(7, 2);
        var batches = Collect(Dataset.FromTensorSlices(x).Batch(3));
        CollectionAssert.AreEqual(new[] { 6, 6, 2 }, batches.Select(b => b[0].Length).ToArray());
        CollectionAssert.AreEqual(new float[] { 6, 7, 8, 9, 10, 11 }, batches[1][0]);
        CollectionAssert.AreEqual(new float[] { 12, 13 }, batches[2][0]);
        Assert.AreEqual(3, Dataset.FromTensorSlices(x).Batch(3).Cardinality);
        var dropped = Dataset.FromTensorSlices(x).Batch(3, dropRemainder: true);
        Assert.AreEqual(2, dropped.Cardinality);
        Assert.AreEqual(2, Collect(dropped).Count);
        // A batch size beyond the data gives one batch, without reserving room for the size asked.
        Assert.AreEqual(14, Collect(Dataset.FromTensorSlices(x).Batch(int.MaxValue)).Single()[0].Length);
        Assert.AreEqual(14, Collect(Dataset.FromTensorSlices(x).Map(t => t).Batch(int.MaxValue)).Single()[0].Length);
        // The row-gathering path and the slice-and-stack path (after a Map) give the same batches.
        var stacked = Collect(Dataset.FromTensorSlices(x).Map(t => t).Batch(3));
        for (int b = 0; b < 3; b++) CollectionAssert.AreEqual(batches[b][0], stacked[b][0]);
    }

    [TestMethod]
    public void BatchOfUnequalShapesNamesTheElement()
    {
        var d = Dataset.FromEnumerable(() => new[] { 2, 2, 3 }.Select(n => new[] { Ops.Zeros([n]) })).Batch(3);
        var e = Assert.ThrowsExactly<DatasetException>(() => Collect(d));
        Assert.AreEqual(2, e.Index);
        StringAssert.Contains(e.Message, "Dataset.Batch: element 2: its components ([3] float32) differ from those of element 0 ([2] float32)");
    }

    [TestMethod]
    public void ShuffleIsSeededAPermutationAndReshufflesEachPass()
    {
        using var x = Range(20);
        var d = Dataset.FromTensorSlices(x).Shuffle(20, seed: 5);
        var pass1 = Firsts(d);
        var pass2 = Firsts(d);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), pass1);
        CollectionAssert.AreNotEqual(pass1, pass2, "a new order each pass");
        CollectionAssert.AreEqual(pass1, Firsts(Dataset.FromTensorSlices(x).Shuffle(20, seed: 5)), "the same seed, the same first order");
        var fixedOrder = Dataset.FromTensorSlices(x).Shuffle(20, seed: 5, reshuffleEachIteration: false);
        CollectionAssert.AreEqual(Firsts(fixedOrder), Firsts(fixedOrder));
        // A buffer of one cannot reorder anything.
        CollectionAssert.AreEqual(Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), Firsts(Dataset.FromTensorSlices(x).Shuffle(1, seed: 3)));
    }

    [TestMethod]
    public void ASmallBufferOnlyMovesElementsForwardByTheBufferSize()
    {
        using var x = Range(50);
        var order = Firsts(Dataset.FromTensorSlices(x).Shuffle(4, seed: 9));
        // Output i is drawn from the first i + 4 inputs.
        for (int i = 0; i < order.Length; i++) Assert.IsTrue(order[i] < i + 4, $"output {i} was input {order[i]}");
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 50).Select(i => (float)i).ToArray(), order);
    }

    [TestMethod]
    public void ShuffledRowNumbersAndShuffledElementsGiveTheSameOrder()
    {
        using var x = Range(30, 2);
        var gathered = Collect(Dataset.FromTensorSlices(x).Shuffle(7, seed: 11).Batch(4));
        var stacked = Collect(Dataset.FromTensorSlices(x).Map(t => t).Shuffle(7, seed: 11).Batch(4));
        Assert.AreEqual(gathered.Count, stacked.Count);
        for (int b = 0; b < gathered.Count; b++) CollectionAssert.AreEqual(stacked[b][0], gathered[b][0]);
        // Unbatched too.
        CollectionAssert.AreEqual(Firsts(Dataset.FromTensorSlices(x).Map(t => t).Shuffle(7, seed: 11)), Firsts(Dataset.FromTensorSlices(x).Shuffle(7, seed: 11)));
    }

    [TestMethod]
    public void ParallelMapKeepsTheOrderAndFreesItsIntermediates()
    {
        using var x = Range(40);
        long live = Tensor.LiveCount;
        // Element 0 waits until element 1 is done, so a map that yields in finishing order would put 1 first.
        using var oneDone = new ManualResetEventSlim();
        var d = Dataset.FromTensorSlices(x).Map(t =>
        {
            float v = t.Item<float>();
            if (v == 0) oneDone.Wait(TimeSpan.FromSeconds(5));
            var r = Ops.AddScalar(Ops.MultiplyScalar(t, 2), 1);
            if (v == 1) oneDone.Set();
            return r;
        }, numParallelCalls: 4);
        CollectionAssert.AreEqual(Enumerable.Range(0, 40).Select(i => 2f * i + 1).ToArray(), Firsts(d));
        var unordered = Firsts(Dataset.FromTensorSlices(x).Map(t => Ops.MultiplyScalar(t, 2), numParallelCalls: 3, deterministic: false));
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 40).Select(i => 2f * i).ToArray(), unordered);
        GC.KeepAlive(d);
        Assert.AreEqual(live, Tensor.LiveCount, "every intermediate and element was freed");
    }

    [TestMethod]
    public void AnExceptionInMapNamesTheElement()
    {
        using var x = Range(10);
        foreach (int parallel in new[] { 1, 3 })
        {
            long live = Tensor.LiveCount;
            var d = Dataset.FromTensorSlices(x).Map(t => t.Item<float>() == 6 ? throw new InvalidOperationException("bad row") : t, numParallelCalls: parallel);
            var e = Assert.ThrowsExactly<DatasetException>(() => Collect(d), $"parallel {parallel}");
            Assert.AreEqual(6, e.Index);
            Assert.AreEqual("Dataset.Map: element 6: the function failed: bad row", e.Message);
            Assert.IsInstanceOfType<InvalidOperationException>(e.InnerException);
            Assert.AreEqual(live, Tensor.LiveCount, $"parallel {parallel}: the elements in flight were freed");
        }
    }

    [TestMethod]
    public void FilterTakeSkipRepeatConcatenateAndZip()
    {
        using var x = Range(6);
        var d = Dataset.FromTensorSlices(x);
        CollectionAssert.AreEqual(new float[] { 0, 2, 4 }, Firsts(d.Filter(e => e[0].Item<float>() % 2 == 0)));
        CollectionAssert.AreEqual(new float[] { 0, 1 }, Firsts(d.Take(2)));
        Assert.AreEqual(2, d.Take(2).Cardinality);
        CollectionAssert.AreEqual(new float[] { 4, 5 }, Firsts(d.Skip(4)));
        CollectionAssert.AreEqual(new float[] { 4, 5, 4, 5 }, Firsts(d.Skip(4).Repeat(2)));
        Assert.AreEqual(12, d.Repeat(2).Cardinality);
        Assert.AreEqual(Dataset.Infinite, d.Repeat().Cardinality);
        CollectionAssert.AreEqual(new float[] { 0, 1, 2, 3, 4, 5, 0, 1 }, Firsts(d.Repeat().Take(8)));
        CollectionAssert.AreEqual(new float[] { 0, 1, 5 }, Firsts(d.Take(2).Concatenate(d.Skip(5))));
        var zipped = Collect(Dataset.Zip(d, d.Skip(1).Map(t => Ops.MultiplyScalar(t, 10))));
        Assert.AreEqual(5, zipped.Count, "Zip ends with the shorter input");
        CollectionAssert.AreEqual(new float[] { 3 }, zipped[3][0]);
        CollectionAssert.AreEqual(new float[] { 40 }, zipped[3][1]);
        Assert.AreEqual(Dataset.Unknown, d.Filter(_ => true).Cardinality);
    }

    [TestMethod]
    public void UnbatchUndoesBatch()
    {
        using var x = Range(5, 3);
        var rows = Collect(Dataset.FromTensorSlices(x).Batch(2).Unbatch());
        Assert.AreEqual(5, rows.Count);
        CollectionAssert.AreEqual(new float[] { 9, 10, 11 }, rows[3][0]);
    }

    [TestMethod]
    public void PrefetchGivesTheSameElementsAndLetsGoWhenStoppedEarly()
    {
        using var x = Range(30, 2);
        long live = Tensor.LiveCount;
        var d = Dataset.FromTensorSlices(x).Map(t => Ops.MultiplyScalar(t, 3)).Batch(4).Prefetch(3);
        var all = Collect(d);
        Assert.AreEqual(8, all.Count);
        CollectionAssert.AreEqual(new float[] { 24, 27, 30, 33, 36, 39, 42, 45 }, all[1][0]);
        // Stop after one batch: what the producer computed ahead is freed.
        foreach (var e in d.AsEnumerable()) { foreach (var t in e) t.Dispose(); break; }
        Assert.AreEqual(live, Tensor.LiveCount);
    }

    [TestMethod]
    public void AFailureBeforePrefetchReachesTheConsumer()
    {
        using var x = Range(10);
        var d = Dataset.FromTensorSlices(x).Map(t => t.Item<float>() == 3 ? throw new ArgumentException("three") : t).Prefetch(2);
        var e = Assert.ThrowsExactly<DatasetException>(() => Collect(d));
        Assert.AreEqual(3, e.Index);
    }

    [TestMethod]
    public void MemoryCacheRunsTheStepsBeforeItOnce()
    {
        using var x = Range(5);
        int calls = 0;
        var d = Dataset.FromTensorSlices(x).Map(t => { Interlocked.Increment(ref calls); return Ops.AddScalar(t, 1); }).Cache();
        var first = Firsts(d);
        var second = Firsts(d);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5 }, first);
        CollectionAssert.AreEqual(first, second);
        Assert.AreEqual(5, calls);
    }

    [TestMethod]
    public void APartialPassIsNotCached()
    {
        using var x = Range(5);
        int calls = 0;
        var d = Dataset.FromTensorSlices(x).Map(t => { calls++; return t; }).Cache();
        CollectionAssert.AreEqual(new float[] { 0, 1 }, Firsts(d.Take(2)));
        CollectionAssert.AreEqual(new float[] { 0, 1, 2, 3, 4 }, Firsts(d));
        Assert.AreEqual(7, calls);
        Firsts(d);
        Assert.AreEqual(7, calls);
    }

    [TestMethod]
    public void FileCacheIsWrittenOnceAndReadByALaterPipeline()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ks-cache-{Guid.NewGuid():N}.bin");
        try
        {
            using var x = Range(6, 2);
            using var y = Tensor.FromArray(new long[] { 1, 2, 3, 4, 5, 6 });
            int calls = 0;
            var d = Dataset.FromTensorSlices(x, y).MapElements(e => { calls++; return e; }).Cache(path);
            var first = Collect(d);
            Assert.IsTrue(File.Exists(path));
            Assert.AreEqual(0, Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".*.tmp").Length);
            var again = Collect(Dataset.FromTensorSlices(x, y).MapElements(e => { calls++; return e; }).Cache(path));
            Assert.AreEqual(6, calls, "the second pipeline read the file");
            for (int i = 0; i < 6; i++) { CollectionAssert.AreEqual(first[i][0], again[i][0]); CollectionAssert.AreEqual(first[i][1], again[i][1]); }
            var second = Dataset.FromTensorSlices(x, y).Cache(path).AsEnumerable().First();
            Assert.AreEqual(DType.Int64, second[1].DType);
            foreach (var t in second) t.Dispose();

            // A damaged file names itself.
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 9)]);
            var e = Assert.ThrowsExactly<DatasetFormatException>(() => Collect(Dataset.FromTensorSlices(x).Cache(path)));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, "truncated");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void StringElementsCacheInMemoryAndInAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ks-cache-strings-{Guid.NewGuid():N}.bin");
        try
        {
            string[] texts = ["a great film", "", "naïve — ünïcödé ✓", "dull"];
            using var x = Tensor.FromStrings(texts);
            using var y = Tensor.FromArray(new[] { 1, 0, 1, 0 });
            foreach (var d in new[] { Dataset.FromTensorSlices(x, y).Batch(3).Cache(), Dataset.FromTensorSlices(x, y).Batch(3).Cache(path) })
            {
                for (int pass = 0; pass < 2; pass++)   // the first pass fills the cache, the second reads it
                {
                    var batches = d.AsEnumerable().ToList();
                    CollectionAssert.AreEqual(texts, batches.SelectMany(b => b[0].ToStrings()).ToArray(), $"pass {pass}");
                    CollectionAssert.AreEqual(new[] { 3, 1 }, batches.Select(b => b[0].Shape[0]).ToArray());
                    Assert.AreEqual(DType.String, batches[0][0].DType);
                    foreach (var b in batches) foreach (var t in b) t.Dispose();
                }
            }
            // A string longer than the file is left names the file.
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 12)]);
            var e = Assert.ThrowsExactly<DatasetFormatException>(() => Dataset.FromTensorSlices(x).Cache(path).AsEnumerable().ToList());
            StringAssert.Contains(e.Message, path);
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void GeneratorTensorsAreFreedWithTheirElementAndErrorsNameTheIndex()
    {
        long live = Tensor.LiveCount;
        var d = Dataset.FromEnumerable(() => Enumerable.Range(0, 5).Select(i => new[] { Ops.AddScalar(Tensor.Scalar((float)i), 0.5) }));
        CollectionAssert.AreEqual(new float[] { 0.5f, 1.5f, 2.5f, 3.5f, 4.5f }, Collect(d).Select(e => e[0][0]).ToArray());
        Assert.AreEqual(live, Tensor.LiveCount);
        var bad = Dataset.FromEnumerable(() => Enumerable.Range(0, 5).Select(i => i == 2 ? throw new IOException("disk") : new[] { Tensor.Scalar(1f) }));
        var e = Assert.ThrowsExactly<DatasetException>(() => Collect(bad));
        Assert.AreEqual("Dataset.FromEnumerable: element 2: the generator failed: disk", e.Message);
    }

    [TestMethod]
    public void RecordsBecomeFeatureRowsAndLabels()
    {
        var houses = new[] { (Rooms: 3f, Area: 70f, Price: 2.5), (Rooms: 4f, Area: 90f, Price: 3.0), (Rooms: 2f, Area: 40f, Price: 1.5) };
        var d = Dataset.FromRecords(houses, features: h => [h.Rooms, h.Area], label: h => h.Price);
        var rows = Collect(d);
        Assert.AreEqual(3, rows.Count);
        CollectionAssert.AreEqual(new float[] { 4, 90 }, rows[1][0]);
        CollectionAssert.AreEqual(new float[] { 3 }, rows[1][1]);
        var classes = Dataset.FromRecords(houses, features: h => [h.Rooms], label: h => (int)h.Rooms);
        var first = classes.AsEnumerable().First();
        Assert.AreEqual(DType.Int32, first[1].DType);
        foreach (var t in first) t.Dispose();
        var e = Assert.ThrowsExactly<ArgumentException>(() => Dataset.FromRecords(houses, features: h => h.Rooms > 3 ? [1f] : [1f, 2f], label: h => 0));
        Assert.AreEqual("Dataset.FromRecords: record 1 has 1 features, but record 0 has 2.", e.Message);
    }

    [TestMethod]
    public void BadArgumentsSayWhatIsWrong()
    {
        using var a = Range(3);
        using var b = Range(4);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Dataset.FromTensorSlices(a, b));
        StringAssert.Contains(e.Message, "component 1 has shape [4], but component 0 has 3 rows");
        var d = Dataset.FromTensorSlices(a);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => d.Batch(0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => d.Shuffle(0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => d.Map(t => t, numParallelCalls: 0));
        Assert.ThrowsExactly<ArgumentException>(() => d.Concatenate(Dataset.FromTensorSlices(a, a)));
    }
}
