using KerasSharp.Data;

namespace KerasSharp.Datasets;

/// <summary>
/// An input pipeline in the manner of tf.data: a source (<see cref="FromTensorSlices(Tensor[])"/>, <see cref="FromTensors"/>,
/// <see cref="FromEnumerable"/>, <see cref="FromRecords{T, TLabel}"/>) followed by steps (<see cref="Map(Func{Tensor, Tensor}, int, bool)"/>,
/// <see cref="Filter"/>, <see cref="Shuffle"/>, <see cref="Batch"/>, <see cref="Prefetch"/>, ...). An element is an
/// array of tensors, its components: <c>(x, y)</c> pairs have two. <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>
/// take a batched dataset whose elements are <c>(x)</c>, <c>(x, y)</c> or <c>(x, y, sampleWeight)</c>; for a model with
/// n inputs, <c>(x1, ..., xn)</c>, <c>(x1, ..., xn, y)</c> or <c>(x1, ..., xn, y, sampleWeight)</c>, the inputs first in
/// the order of the model's inputs (Keras's nested <c>((x1, x2), y)</c>, flattened; <see cref="FromTensorSlices(Tensor[], Tensor[])"/> builds it).
/// <para>
/// A dataset is a recipe: nothing runs until it is enumerated, and each enumeration is a new pass. Whoever receives
/// an element owns it and disposes its tensors; every tensor the pipeline makes in between is freed by the pipeline.
/// Memory is bounded by the buffers asked for (shuffle, prefetch, parallel map) and by <see cref="Cache"/>.
/// Tensors handed to <see cref="FromTensorSlices(Tensor[])"/> and <see cref="FromTensors"/> stay the caller's and must
/// outlive the dataset's use.
/// </para>
/// </summary>
/// <example><code>
/// var train = Dataset.FromTensorSlices(x, y).Shuffle(1000, seed: 1).Batch(64).Prefetch(2);
/// model.Fit(train, epochs: 5);
/// </code></example>
public abstract partial class Dataset : IBatchSource
{
    /// <summary><see cref="Cardinality"/> of a dataset that never ends (tf.data.INFINITE_CARDINALITY).</summary>
    public const long Infinite = -1;

    /// <summary><see cref="Cardinality"/> of a dataset whose length is not known before it is walked (tf.data.UNKNOWN_CARDINALITY).</summary>
    public const long Unknown = -2;

    /// <summary>For <c>numParallelCalls</c>: as many calls in flight as the machine has cores (tf.data.AUTOTUNE).</summary>
    public const int Autotune = -1;

    /// <summary>The class names, by label, of a dataset made from a folder (<c>Utils.ImageDatasetFromDirectory</c>); null otherwise.</summary>
    public IReadOnlyList<string>? ClassNames { get; internal set; }

    /// <summary>The files of a dataset made from a folder, in the order of its (unshuffled) elements; null otherwise.</summary>
    public IReadOnlyList<string>? FilePaths { get; internal set; }

    /// <summary>Number of elements, or <see cref="Infinite"/> or <see cref="Unknown"/>.</summary>
    public abstract long Cardinality { get; }

    /// <summary>Number of components of each element, or -1 when not known before it is walked.</summary>
    public abstract int ComponentCount { get; }

    /// <summary>True after <see cref="Batch"/>, false for row-per-element data, null when unknown (a generator).</summary>
    internal abstract bool? IsBatched { get; }

    /// <summary>The row-number view of the pipeline, when it is in-memory slices reordered (see <see cref="IndexedSource"/>).</summary>
    internal virtual IndexedSource? Indexed => null;

    /// <summary>Starts a pass: an enumerator of owned elements. Disposing it frees what it buffered.</summary>
    internal abstract IEnumerator<Tensor[]> Open();

    /// <summary>
    /// Walks one pass of the dataset. The caller owns each element it receives and disposes its tensors (or keeps
    /// them); leaving the loop early frees whatever the pipeline still buffered.
    /// </summary>
    public IEnumerable<Tensor[]> AsEnumerable()
    {
        using var e = Open();
        while (e.MoveNext()) yield return e.Current;
    }

    // ---- IBatchSource ----

    long? IBatchSource.BatchCount => Cardinality >= 0 ? Cardinality : null;

    IEnumerator<DataBatch> IBatchSource.GetBatches()
    {
        if (IsBatched == false)
            throw new InvalidOperationException($"Dataset: Fit, Evaluate and Predict take batches, but this dataset's elements are single samples; call .Batch(batchSize) first.");
        if (ComponentCount is 0)
            throw new InvalidOperationException("Dataset: Fit, Evaluate and Predict take elements of (x), (x, y) or (x, y, sampleWeight), but this dataset's elements have no components.");
        return Batches();
    }

    private IEnumerator<DataBatch> Batches()
    {
        using var e = Open();
        long index = 0;
        while (e.MoveNext())
        {
            var c = e.Current;
            if (c.Length == 0) throw new DatasetException("batches", index, "Fit, Evaluate and Predict take elements of (x), (x, y) or (x, y, sampleWeight); this one has no components.");
            // Flat components: a model with n inputs reads (x1..xn), (x1..xn, y) or (x1..xn, y, sampleWeight) from them.
            yield return DataBatch.FromComponents(c);
            index++;
        }
    }

    // ---- sources ----

    /// <summary>
    /// One element per row of the given tensors (sliced along their first axis, which must have the same length in all).
    /// </summary>
    public static Dataset FromTensorSlices(params Tensor[] components) => new TensorSlicesDataset(components);

    /// <summary>
    /// Slices for a model with several inputs, Keras's <c>from_tensor_slices(((x1, x2), y))</c>: the elements are
    /// (x1, ..., xn, targets...), the flat form <c>Fit</c> reads for an n-input model.
    /// </summary>
    /// <example><code>var ds = Dataset.FromTensorSlices([title, body], [label]).Batch(32);   // model with inputs (title, body)</code></example>
    public static Dataset FromTensorSlices(Tensor[] inputs, Tensor[] targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Length == 0) throw new ArgumentException("Dataset.FromTensorSlices: give at least one input tensor.");
        return new TensorSlicesDataset([.. inputs, .. targets]);
    }

    /// <summary>A dataset with one element: the given tensors, whole.</summary>
    public static Dataset FromTensors(params Tensor[] components) => new TensorsDataset(components);

    /// <summary>
    /// Elements from a generator, called once per pass. Tensors the generator makes as it goes are freed with the
    /// element; tensors it only hands on (from a list) stay their owner's.
    /// </summary>
    /// <example><code>Dataset.FromEnumerable(() => Enumerable.Range(0, 10).Select(i => new[] { Tensor.Scalar((float)i) }))</code></example>
    public static Dataset FromEnumerable(Func<IEnumerable<Tensor[]>> generator, long cardinality = Unknown) =>
        new GeneratorDataset(generator, cardinality);

    /// <summary>
    /// A dataset of <c>(features, label)</c> rows from a list of records: <paramref name="features"/> gives each
    /// record's feature vector (all of one length) and <paramref name="label"/> its label (an <c>int</c>/<c>long</c>
    /// class index or a <c>float</c>/<c>double</c> value). The rows are copied into memory once.
    /// </summary>
    /// <example><code>Dataset.FromRecords(houses, features: h => new[] { h.Rooms, h.Area }, label: h => h.Price)</code></example>
    public static Dataset FromRecords<T, TLabel>(IEnumerable<T> items, Func<T, float[]> features, Func<T, TLabel> label)
        where TLabel : unmanaged
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(label);
        var rows = new List<float[]>();
        var labels = new List<TLabel>();
        int width = -1;
        int index = 0;
        foreach (var item in items)
        {
            var f = features(item) ?? throw new ArgumentException($"Dataset.FromRecords: features returned null for record {index}.");
            if (width < 0) width = f.Length;
            else if (f.Length != width)
                throw new ArgumentException($"Dataset.FromRecords: record {index} has {f.Length} features, but record 0 has {width}.");
            rows.Add(f);
            labels.Add(label(item));
            index++;
        }
        if (rows.Count == 0) throw new ArgumentException("Dataset.FromRecords: the list of records is empty.");
        var flat = new float[rows.Count * width];
        for (int i = 0; i < rows.Count; i++) rows[i].CopyTo(flat, i * width);
        var x = Tensor.FromArray(flat, rows.Count, width);
        Tensor y = labels is List<double> d ? Tensor.FromArray(d.Select(v => (float)v).ToArray())
                 : Tensor.FromArray(labels.ToArray());
        // The dataset is the only holder of these two: no scope of the caller's may free them.
        return new TensorSlicesDataset([TensorScope.Detach(x), TensorScope.Detach(y)]);
    }

    // ---- steps ----

    /// <summary>
    /// Applies <paramref name="function"/> to every element. With <paramref name="numParallelCalls"/> above 1 (or
    /// <see cref="Autotune"/>) that many elements are processed at once on worker threads, and up to twice that many are
    /// started ahead (so workers keep going while the consumer batches or waits for an earlier element); the output keeps the
    /// input order unless <paramref name="deterministic"/> is false. An exception in the function ends the pass
    /// with a <see cref="DatasetException"/> naming the element's index. The function may return its inputs.
    /// </summary>
    public Dataset MapElements(Func<Tensor[], Tensor[]> function, int numParallelCalls = 1, bool deterministic = true) =>
        new MapDataset(this, function, numParallelCalls, deterministic);

    /// <summary>Map over single-component elements (see <see cref="MapElements"/> for the parallelism and error rules).</summary>
    public Dataset Map(Func<Tensor, Tensor> function, int numParallelCalls = 1, bool deterministic = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        return MapElements(e => e.Length == 1 ? [function(e[0])] : throw new InvalidOperationException($"the function takes one component, but the element has {e.Length}."),
                   numParallelCalls, deterministic);
    }

    /// <summary>Map over <c>(x, y)</c> elements (see <see cref="MapElements"/>).</summary>
    public Dataset Map(Func<Tensor, Tensor, (Tensor, Tensor)> function, int numParallelCalls = 1, bool deterministic = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        return MapElements(e =>
        {
            if (e.Length != 2) throw new InvalidOperationException($"the function takes two components, but the element has {e.Length}.");
            var (a, b) = function(e[0], e[1]);
            return [a, b];
        }, numParallelCalls, deterministic);
    }

    /// <summary>Keeps the elements for which <paramref name="predicate"/> is true.</summary>
    public Dataset Filter(Func<Tensor[], bool> predicate) => new FilterDataset(this, predicate);

    /// <summary>
    /// Shuffles with a buffer of <paramref name="bufferSize"/> elements (tf.data's algorithm: each output is drawn
    /// at random from the buffer, which refills from the input). A buffer as large as the dataset gives a uniform
    /// shuffle. With <paramref name="reshuffleEachIteration"/> each pass has a new order; the orders follow from
    /// <paramref name="seed"/> (or the global seed, <c>Config.SetSeed</c>, when none is given).
    /// </summary>
    public Dataset Shuffle(int bufferSize, long? seed = null, bool reshuffleEachIteration = true) =>
        new ShuffleDataset(this, bufferSize, seed, reshuffleEachIteration);

    /// <summary>
    /// Stacks <paramref name="batchSize"/> consecutive elements into one (a new first axis). The last batch may be
    /// smaller unless <paramref name="dropRemainder"/>.
    /// </summary>
    public Dataset Batch(int batchSize, bool dropRemainder = false) => new BatchDataset(this, batchSize, dropRemainder);

    /// <summary>Splits each element along its first axis into rows (the inverse of <see cref="Batch"/>).</summary>
    public Dataset Unbatch() => new UnbatchDataset(this);

    /// <summary>
    /// Computes up to <paramref name="bufferSize"/> elements ahead on a background thread while the consumer works
    /// (<see cref="Autotune"/>: 2).
    /// </summary>
    public Dataset Prefetch(int bufferSize = Autotune) => new PrefetchDataset(this, bufferSize);

    /// <summary>
    /// Keeps the elements of the first complete pass, in memory (no <paramref name="filename"/>) or in a file, and
    /// replays them in later passes instead of running the steps before it again. A file left by an earlier run is
    /// read instead of computing; it is written under a temporary name and renamed once a pass completed.
    /// </summary>
    public Dataset Cache(string? filename = null) => new CacheDataset(this, filename);

    /// <summary>Repeats the dataset <paramref name="count"/> times (-1: forever).</summary>
    public Dataset Repeat(int count = -1) => new RepeatDataset(this, count);

    /// <summary>The first <paramref name="count"/> elements (-1: all).</summary>
    public Dataset Take(long count) => new TakeDataset(this, count);

    /// <summary>All but the first <paramref name="count"/> elements.</summary>
    public Dataset Skip(long count) => new SkipDataset(this, count);

    /// <summary>Elements of this dataset followed by those of <paramref name="other"/> (same component count).</summary>
    public Dataset Concatenate(Dataset other) => new ConcatenateDataset(this, other);

    /// <summary>
    /// Elements made of the components of the datasets' elements side by side (<c>Zip(x, y)</c> gives <c>(x, y)</c>);
    /// ends with the shortest.
    /// </summary>
    public static Dataset Zip(params Dataset[] datasets) => new ZipDataset(datasets);

    /// <summary>Counts helper for steps: adds two cardinalities.</summary>
    internal static long AddCardinality(long a, long b) =>
        a == Infinite || b == Infinite ? Infinite : a == Unknown || b == Unknown ? Unknown : a + b;
}
