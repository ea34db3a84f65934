using KerasSharp.Datasets;

namespace KerasSharp;

public static partial class Utils
{
    /// <summary>
    /// A dataset of batches of images from a folder with one subfolder per class (Keras's
    /// <c>image_dataset_from_directory</c>): (images float32 [batch, height, width, channels] with values 0-255, labels).
    /// <paramref name="labelMode"/> "int" gives int32 class indices, "categorical" float32 one-hot rows, "binary" float32
    /// [batch, 1] (two classes), null no labels. <paramref name="colorMode"/> is "rgb", "grayscale" or "rgba". Images are
    /// resized to <paramref name="imageSize"/> (height, width) with <paramref name="interpolation"/>, after a centred crop to
    /// the target's aspect ratio when <paramref name="cropToAspectRatio"/>: "bilinear" and "nearest" as Keras resizes
    /// (<c>tf.image.resize</c>: half-pixel centres, no antialiasing, the values of the Resizing layer), the others with
    /// ImageSharp's resamplers. With <paramref name="shuffle"/> the file order
    /// is NumPy's shuffle for <paramref name="seed"/> (the same files as Keras picks) and batches are reshuffled each pass.
    /// <paramref name="validationSplit"/> with <paramref name="subset"/> "training" or "validation" (and a seed) splits it.
    /// Files decode on <paramref name="numParallelCalls"/> threads (<see cref="Dataset.Autotune"/>: all cores), in order.
    /// Decoding is limited (65535 a side, 100 million pixels, 1 GiB buffers); a bad file fails naming itself.
    /// </summary>
    public static Dataset ImageDatasetFromDirectory(string directory, string? labelMode = "int", IReadOnlyList<string>? classNames = null,
        string colorMode = "rgb", int batchSize = 32, (int Height, int Width)? imageSize = null, bool shuffle = true, int? seed = null,
        double? validationSplit = null, string? subset = null, string interpolation = "bilinear", bool followLinks = false,
        bool cropToAspectRatio = false, int numParallelCalls = Dataset.Autotune)
    {
        const string what = "ImageDatasetFromDirectory";
        CheckFolderArguments(what, directory, labelMode, batchSize);
        var (height, width) = imageSize ?? (256, 256);
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(imageSize), $"{what}: imageSize must be positive, got ({height}, {width}).");
        int channels = ImageFiles.Channels(colorMode);
        var resampler = ImageFiles.Resampler(interpolation);
        var folder = DirectoryIndex.Index(what, directory, ImageFiles.Extensions, classNames, shuffle, seed, validationSplit, subset, followLinks);
        return FolderDataset(what, folder, labelMode, batchSize, shuffle, seed, numParallelCalls,
            path => ImageFiles.Load(path, height, width, channels, resampler, cropToAspectRatio));
    }

    /// <summary>
    /// A dataset of batches of texts from a folder with one subfolder per class (Keras's <c>text_dataset_from_directory</c>):
    /// (strings [batch] as a string tensor, labels), the .txt files read as UTF-8 and truncated to
    /// <paramref name="maxLength"/> characters. <paramref name="labelMode"/> "int" gives int32 class indices, "categorical"
    /// float32 one-hot rows, "binary" float32 [batch, 1] (two classes), null no labels. File order, shuffling, validation
    /// split and <paramref name="classNames"/> as <see cref="ImageDatasetFromDirectory"/>. Feed the strings to a
    /// TextVectorization layer (first layer of the model, or <c>Map</c> in the pipeline). A file over 256 MiB or not
    /// UTF-8 fails naming itself.
    /// </summary>
    public static Dataset TextDatasetFromDirectory(string directory, string? labelMode = "int", IReadOnlyList<string>? classNames = null,
        int batchSize = 32, int? maxLength = null, bool shuffle = true, int? seed = null, double? validationSplit = null, string? subset = null,
        bool followLinks = false)
    {
        const string what = "TextDatasetFromDirectory";
        CheckFolderArguments(what, directory, labelMode, batchSize);
        if (maxLength is <= 0) throw new ArgumentOutOfRangeException(nameof(maxLength), $"{what}: maxLength must be positive, got {maxLength}.");
        var folder = DirectoryIndex.Index(what, directory, [".txt"], classNames, shuffle, seed, validationSplit, subset, followLinks);
        return FolderDataset(what, folder, labelMode, batchSize, shuffle, seed, numParallelCalls: 1,
            path => Tensor.FromStrings([ReadText(path, maxLength)], []));
    }

    private static void CheckFolderArguments(string what, string directory, string? labelMode, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (labelMode is not (null or "int" or "categorical" or "binary"))
            throw new ArgumentException($"{what}: labelMode must be \"int\", \"categorical\", \"binary\" or null, got \"{labelMode}\".");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"{what}: batchSize must be positive, got {batchSize}.");
    }

    /// <summary>The batches of a class-folder index: each file read by <paramref name="load"/> on a Map, with its label in <paramref name="labelMode"/>.</summary>
    private static Dataset FolderDataset(string what, (string[] Paths, int[] Labels, string[] Names) folder, string? labelMode, int batchSize,
        bool shuffle, int? seed, int numParallelCalls, Func<string, Tensor> load)
    {
        var (paths, labels, names) = folder;
        if (labelMode == "binary" && names.Length != 2)
            throw new ArgumentException($"{what}: labelMode \"binary\" needs exactly 2 classes, found {names.Length} ({string.Join(", ", names)}).");
        var index = TensorScope.Detach(Tensor.FromArray(Enumerable.Range(0, paths.Length).ToArray()));
        Dataset d = Dataset.FromTensorSlices(index);
        if (shuffle) d = d.Shuffle(batchSize * 8, seed);
        d = d.MapElements(e =>
        {
            int k = e[0].Item<int>();
            var value = load(paths[k]);
            if (labelMode is null) return new[] { value };
            Tensor label = labelMode switch
            {
                "int" => Tensor.Scalar(labels[k]),
                "binary" => Tensor.FromArray(new[] { (float)labels[k] }),
                _ => Tensor.FromArray(Enumerable.Range(0, names.Length).Select(c => c == labels[k] ? 1f : 0f).ToArray()),
            };
            return new[] { value, label };
        }, numParallelCalls).Batch(batchSize);
        d.ClassNames = names;
        d.FilePaths = paths;
        return d;
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, true);

    private static string ReadText(string path, int? maxLength)
    {
        var info = new FileInfo(path);
        if (info.Length > 256L << 20) throw new DatasetFormatException(path, $"the text file has {info.Length} bytes (more than 256 MiB).");
        string text;
        try { text = StrictUtf8.GetString(File.ReadAllBytes(path)); }
        catch (System.Text.DecoderFallbackException e) { throw new DatasetFormatException(path, "the text file is not valid UTF-8.", e); }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        return maxLength is int m && text.Length > m ? text[..m] : text;
    }

    /// <summary>
    /// Sliding windows over a time series (Keras's <c>timeseries_dataset_from_array</c>): element i is
    /// <c>data[s, s + r, ..., s + (sequenceLength - 1) r]</c> for start s = startIndex + i * <paramref name="sequenceStride"/>
    /// and r = <paramref name="samplingRate"/>, with <c>targets[s]</c> when targets are given; batched by
    /// <paramref name="batchSize"/>. With <paramref name="shuffle"/> the windows are in NumPy's shuffled order for <paramref name="seed"/>.
    /// The tensors stay the caller's.
    /// </summary>
    public static Dataset TimeseriesDatasetFromArray(Tensor data, Tensor? targets, int sequenceLength, int sequenceStride = 1,
        int samplingRate = 1, int batchSize = 128, bool shuffle = false, int? seed = null, int? startIndex = null, int? endIndex = null)
    {
        const string what = "TimeseriesDatasetFromArray";
        ArgumentNullException.ThrowIfNull(data);
        if (data.Rank == 0) throw new ArgumentException($"{what}: data must have a time axis, got a scalar.");
        int length = data.Shape[0];
        int start = startIndex ?? 0, end = endIndex ?? length;
        if (sequenceLength <= 0 || sequenceStride <= 0 || samplingRate <= 0 || batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(sequenceLength), $"{what}: sequenceLength ({sequenceLength}), sequenceStride ({sequenceStride}), samplingRate ({samplingRate}) and batchSize ({batchSize}) must be positive.");
        if (start < 0 || end > length || start >= end)
            throw new ArgumentOutOfRangeException(nameof(startIndex), $"{what}: startIndex {start} and endIndex {end} must satisfy 0 <= start < end <= {length}.");
        if (targets is not null && (targets.Rank == 0 || targets.Shape[0] != length))
            throw new ArgumentException($"{what}: targets have shape {targets.Shape}; they need {length} rows, one per time step of data.");
        int span = (sequenceLength - 1) * samplingRate;
        var starts = new List<int>();
        for (int s = start; s + span < end; s += sequenceStride) starts.Add(s);
        if (starts.Count == 0) throw new ArgumentException($"{what}: no window of {sequenceLength} steps (sampling rate {samplingRate}) fits between {start} and {end}.");
        var order = starts.ToArray();
        if (shuffle)
        {
            var perm = new NumpyRandomState((uint)(seed ?? (int)(RandomGenerator.Global.NextSeed() % 1_000_000))).Permutation(order.Length);
            order = perm.Select(i => order[i]).ToArray();
        }
        var positions = TensorScope.Detach(Tensor.FromArray(order));
        return Dataset.FromTensorSlices(positions).MapElements(e =>
        {
            int s = e[0].Item<int>();
            var idx = data.Backend.FromHost(Enumerable.Range(0, sequenceLength).Select(k => (long)(s + k * samplingRate)).ToArray(), new Shape(sequenceLength), DType.Int64, data.Device);
            var window = Ops.Take(data, idx);
            if (targets is null) return new[] { window };
            return new[] { window, Ops.Reshape(Ops.SliceAxis(targets, 0, s, 1), targets.Shape.Dims[1..].ToArray()) };
        }).Batch(batchSize);
    }
}
