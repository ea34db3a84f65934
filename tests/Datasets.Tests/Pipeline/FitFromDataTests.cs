using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Datasets.Tests.Pipeline;

/// <summary>Fit, Evaluate and Predict over a Dataset, a sequence of batches and plain .NET arrays.</summary>
[TestClass]
public sealed class FitFromDataTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(31);
    }

    private static (float[,] X, int[] Y) TwoClasses(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n, 2];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            x[i, 0] = (float)(rng.NextDouble() * 2 - 1);
            x[i, 1] = (float)(rng.NextDouble() * 2 - 1);
            y[i] = x[i, 0] + x[i, 1] > 0 ? 1 : 0;
        }
        return (x, y);
    }

    private static Sequential NewModel(int seed = 41)
    {
        LayerNames.Reset();
        Config.SetSeed(seed);
        var model = new Sequential([new Input(shape: [2]), new Dense(8, activation: "relu"), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    private static float[] Weights(Model m) => m.GetWeights().SelectMany(w => w.ToArray<float>()).ToArray();

    [TestMethod]
    public void FitFromADatasetTrainsExactlyAsFitFromTensors()
    {
        var (xa, ya) = TwoClasses(100, 1);
        using var x = Tensor.FromArray(xa);
        using var y = Tensor.FromArray(ya);
        var a = NewModel();
        var ha = a.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0, shuffle: false);
        var b = NewModel();
        var hb = b.Fit(Dataset.FromTensorSlices(x, y).Batch(16), epochs: 3, verbose: 0);
        CollectionAssert.AreEqual(Weights(a), Weights(b));
        CollectionAssert.AreEqual(ha["loss"].ToArray(), hb["loss"].ToArray());
        // Through the slice-and-stack path, a parallel map and a prefetch thread: still the same batches.
        var c = NewModel();
        c.Fit(Dataset.FromTensorSlices(x, y).Map((u, v) => (u, v), numParallelCalls: 2).Batch(16).Prefetch(2), epochs: 3, verbose: 0);
        CollectionAssert.AreEqual(Weights(a), Weights(c));
    }

    [TestMethod]
    public void DatasetEvaluateAndPredictMatchTheTensorForms()
    {
        var (xa, ya) = TwoClasses(50, 2);
        using var x = Tensor.FromArray(xa);
        using var y = Tensor.FromArray(ya);
        var m = NewModel();
        m.Fit(x, y, batchSize: 10, epochs: 2, verbose: 0);
        var d = Dataset.FromTensorSlices(x, y).Batch(10);
        var fromTensors = m.Evaluate(x, y, batchSize: 10);
        var fromDataset = m.Evaluate(d);
        Assert.AreEqual(fromTensors["loss"], fromDataset["loss"], 1e-7);
        Assert.AreEqual(fromTensors["accuracy"], fromDataset["accuracy"], 1e-12);
        using var p1 = m.Predict(x, batchSize: 10);
        using var p2 = m.Predict(d);
        CollectionAssert.AreEqual(p1.ToArray<float>(), p2.ToArray<float>());
        using var p3 = m.Predict(Dataset.FromTensorSlices(x).Batch(7), steps: 2);
        CollectionAssert.AreEqual(new[] { 14, 2 }, p3.Shape.ToArray());
    }

    [TestMethod]
    public void ValidationDataAsADatasetGivesValMetrics()
    {
        var (xa, ya) = TwoClasses(80, 3);
        using var x = Tensor.FromArray(xa);
        using var y = Tensor.FromArray(ya);
        var m = NewModel();
        var val = Dataset.FromTensorSlices(x, y).Skip(60).Batch(8);
        var h = m.Fit(Dataset.FromTensorSlices(x, y).Take(60).Shuffle(60, seed: 2).Batch(8), epochs: 2, verbose: 0, validationData: val);
        var last = m.Evaluate(val);
        Assert.AreEqual(last["loss"], h["val_loss"].Last(), 1e-7);
        Assert.AreEqual(2, h["val_accuracy"].Count);
    }

    [TestMethod]
    public void StepsPerEpochContinuesOnePassAndStopsWhenTheDataRunsOut()
    {
        var (xa, ya) = TwoClasses(40, 4);
        using var x = Tensor.FromArray(xa);
        using var y = Tensor.FromArray(ya);
        var counter = new CountingBatches();
        var m = NewModel();
        // Ten batches a pass, three per epoch: epochs 1-3 take nine, the fourth finds one and stops training.
        var h = m.Fit(Dataset.FromTensorSlices(x, y).Batch(4), epochs: 6, verbose: 0, stepsPerEpoch: 3, callbacks: [counter]);
        CollectionAssert.AreEqual(new[] { 3, 3, 3, 1 }, counter.PerEpoch.ToArray());
        Assert.AreEqual(4, h["loss"].Count);
        // Repeated, it runs all six epochs.
        var again = new CountingBatches();
        NewModel().Fit(Dataset.FromTensorSlices(x, y).Batch(4).Repeat(), epochs: 6, verbose: 0, stepsPerEpoch: 3, callbacks: [again]);
        CollectionAssert.AreEqual(Enumerable.Repeat(3, 6).ToArray(), again.PerEpoch.ToArray());
    }

    [TestMethod]
    public void AnExceptionInMapSurfacesInFitWithTheElementIndex()
    {
        var (xa, ya) = TwoClasses(40, 5);
        using var x = Tensor.FromArray(xa);
        using var y = Tensor.FromArray(ya);
        var d = Dataset.FromTensorSlices(x, y)
            .MapElements(e => e[0].ToArray<float>()[0] == xa[17, 0] ? throw new FormatException("cannot parse") : e, numParallelCalls: 2)
            .Batch(8).Prefetch(2);
        var e = Assert.ThrowsExactly<DatasetException>(() => NewModel().Fit(d, epochs: 1, verbose: 0));
        Assert.AreEqual(17, e.Index);
        Assert.AreEqual("Dataset.Map: element 17: the function failed: cannot parse", e.Message);
    }

    [TestMethod]
    public void UnbatchedOrWronglyShapedDatasetsSayWhatToDo()
    {
        using var x = Ops.Zeros([4, 2]);
        using var y = Ops.Zeros([4]);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => NewModel().Fit(Dataset.FromTensorSlices(x, y), verbose: 0));
        StringAssert.Contains(e.Message, "call .Batch(batchSize) first");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => NewModel().Fit(Dataset.FromTensorSlices(x, y, y, y).Batch(2), verbose: 0));
        StringAssert.Contains(e2.Message, "has 1 input (");
        StringAssert.Contains(e2.Message, "but the data's elements have 4 components; give (x), (x, y) or (x, y, sampleWeight), the inputs in that order.");
    }

    private static Model TwoInputModel()
    {
        var a = new Input([2], name: "a");
        var b = new Input([3], name: "b");
        var joined = new Concatenate().Apply(a, b);
        var model = new Model([a, b], [new Dense(1, kernelInitializer: new Ones(), name: "out").Apply(joined)]);
        model.Compile(optimizer: new Optimizers.SGD(0.01), loss: "mse");
        return model;
    }

    [TestMethod]
    public void MultiInputModelsReadFlatElementsInInputOrder()
    {
        using var a = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 6, 2);
        using var b = Tensor.FromArray(Enumerable.Range(0, 18).Select(i => (float)(i % 5)).ToArray(), 6, 3);
        using var y = Tensor.FromArray(Enumerable.Range(0, 6).Select(i => (float)i).ToArray(), 6, 1);
        using var w = Tensor.FromArray(new float[] { 1, 0, 1, 0, 1, 0 });
        var model = TwoInputModel();
        // Predict from (a, b): Dense with weights 1 and bias 0 sums the five features of each row.
        using var p = model.Predict(Dataset.FromTensorSlices(a, b).Batch(4));
        var expected = Enumerable.Range(0, 6).Select(r => a.ToArray<float>()[(2 * r)..(2 * r + 2)].Sum() + b.ToArray<float>()[(3 * r)..(3 * r + 3)].Sum()).ToArray();
        CollectionAssert.AreEqual(expected, p.ToArray<float>());
        // Evaluate from the nested form ((a, b), y): loss = mean((sum - y)^2).
        var loss = model.Evaluate(Dataset.FromTensorSlices([a, b], [y]).Batch(6), verbose: 0)["loss"];
        Assert.AreEqual(expected.Select((v, i) => (v - i) * (v - i)).Average(), loss, 1e-3);
        // With sample weights (a, b, y, w): only the weighted rows count (Keras's weighted mean over the batch).
        var weighted = model.Evaluate(Dataset.FromTensorSlices(a, b, y, w).Batch(6), verbose: 0)["loss"];
        Assert.AreEqual(new[] { 0, 2, 4 }.Select(i => (expected[i] - i) * (expected[i] - i)).Sum() / 6, weighted, 1e-3);
        var history = model.Fit(Dataset.FromTensorSlices([a, b], [y]).Batch(3), epochs: 2, verbose: 0);
        Assert.HasCount(2, history["loss"]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.Fit(Dataset.FromTensorSlices(a).Batch(3), verbose: 0));
        StringAssert.Contains(e.Message, "has 2 inputs (a, b), but the data's elements have 1 component; give (x1, x2), (x1, x2, y) or (x1, x2, y, sampleWeight)");
    }

    [TestMethod]
    public void MemoryStaysFlatAcrossFitsFromAPipeline()
    {
        var (xa, ya) = TwoClasses(64, 6);
        using var x = Tensor.FromArray(xa);
        using var y = Tensor.FromArray(ya);
        var m = NewModel();
        var d = Dataset.FromTensorSlices(x, y).Shuffle(32, seed: 1).Map((u, v) => (Ops.MultiplyScalar(u, 2), v), numParallelCalls: 2)
                       .Batch(8).Cache().Prefetch(2);
        var val = Dataset.FromTensorSlices(x, y).Batch(16);
        m.Fit(d, epochs: 2, verbose: 0, validationData: val);
        long after1 = Tensor.LiveCount;
        m.Fit(d, epochs: 2, verbose: 0, validationData: val);
        Assert.AreEqual(after1, Tensor.LiveCount);
        m.Evaluate(d);
        m.Predict(d).Dispose();
        Assert.AreEqual(after1, Tensor.LiveCount);
    }

    [TestMethod]
    public void ASequenceOfBatchesIsEnumeratedEachEpochAndItsTensorsStayTheCallers()
    {
        var (xa, ya) = TwoClasses(48, 7);
        using var x = Tensor.FromArray(xa);
        using var y = Tensor.FromArray(ya);
        var list = Enumerable.Range(0, 3).Select(i => (Ops.SliceAxis(x, 0, i * 16, 16), Ops.SliceAxis(y, 0, i * 16, 16))).ToList();
        var a = NewModel();
        a.Fit(list, epochs: 2, verbose: 0);
        Assert.IsFalse(list[0].Item1.IsDisposed, "Fit left the caller's tensors alone");
        var b = NewModel();
        b.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0, shuffle: false);
        CollectionAssert.AreEqual(Weights(b), Weights(a));
        // A generator's fresh tensors go with each step.
        long live = Tensor.LiveCount;
        IEnumerable<(Tensor, Tensor)> Fresh() { for (int i = 0; i < 3; i++) yield return (Tensor.FromArray(xa), Tensor.FromArray(ya)); }
        a.Fit(Fresh(), epochs: 2, verbose: 0);
        Assert.AreEqual(live, Tensor.LiveCount);
        Assert.AreEqual(a.Evaluate(x, y, batchSize: 16)["loss"], a.Evaluate(list)["loss"], 1e-6);
        foreach (var (u, v) in list) { u.Dispose(); v.Dispose(); }
    }

    [TestMethod]
    public void DotNetArraysTrainLikeTheirTensors()
    {
        var (xa, ya) = TwoClasses(60, 8);
        using var x = Tensor.FromArray(xa);
        using var y = Tensor.FromArray(ya);
        var reference = NewModel();
        reference.Fit(x, y, batchSize: 12, epochs: 2, verbose: 0, shuffle: false);
        var expected = Weights(reference);

        var fromFloat = NewModel();
        fromFloat.Fit(xa, ya, batchSize: 12, epochs: 2, verbose: 0, shuffle: false);
        CollectionAssert.AreEqual(expected, Weights(fromFloat), "float[,] and int[]");

        var xd = new double[60, 2];
        for (int i = 0; i < 60; i++) { xd[i, 0] = xa[i, 0]; xd[i, 1] = xa[i, 1]; }
        var fromDouble = NewModel();
        fromDouble.Fit(xd, ya.Select(v => (long)v).ToArray(), batchSize: 12, epochs: 2, verbose: 0, shuffle: false);
        CollectionAssert.AreEqual(expected, Weights(fromDouble), "double[,] and long[]");

        var jagged = Enumerable.Range(0, 60).Select(i => new[] { xa[i, 0], xa[i, 1] }).ToArray();
        var fromJagged = NewModel();
        fromJagged.Fit(jagged, ya, batchSize: 12, epochs: 2, verbose: 0, shuffle: false);
        CollectionAssert.AreEqual(expected, Weights(fromJagged), "float[][]");

        var scores = fromJagged.Evaluate(jagged, ya, batchSize: 12);
        Assert.AreEqual(reference.Evaluate(x, y, batchSize: 12)["loss"], scores["loss"], 1e-7);
        float[,] p = fromJagged.PredictArray(xa);
        Assert.AreEqual(60, p.GetLength(0));
        Assert.AreEqual(2, p.GetLength(1));
        using var pt = reference.Predict(x);
        Assert.AreEqual(pt.ToArray<float>()[7 * 2 + 1], p[7, 1]);
    }

    [TestMethod]
    public void RaggedArraysNameTheRow()
    {
        var ragged = new[] { new[] { 1f, 2f }, new[] { 3f } };
        var e = Assert.ThrowsExactly<ArgumentException>(() => NewModel().Fit(ragged, new[] { 0, 1 }, verbose: 0));
        StringAssert.Contains(e.Message, "Model 'sequential': x: FromJagged: row [1] has length 1, expected 2");
    }

    [TestMethod]
    public void AModelThatReturnsItsInputPredictsFromEverySource()
    {
        // A linear activation hands its input back: the batch tensor is the prediction and must outlive the step.
        var model = new Sequential([new Input(shape: [3]), new Activation("linear")]);
        using var x = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 4, 3);
        using var fromTensor = model.Predict(x, batchSize: 3);
        using var fromDataset = model.Predict(Dataset.FromTensorSlices(x).Batch(3));
        CollectionAssert.AreEqual(x.ToArray<float>(), fromTensor.ToArray<float>());
        CollectionAssert.AreEqual(x.ToArray<float>(), fromDataset.ToArray<float>());
    }

    private sealed class CountingBatches : KerasSharp.Callbacks.Callback
    {
        public List<int> PerEpoch { get; } = [];
        public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) => PerEpoch.Add(0);
        public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => PerEpoch[^1]++;
    }
}
