using KerasSharp.Datasets;

namespace KerasSharp;

/// <summary>Keras's <c>keras.utils</c> helpers for data: labels to one-hot, normalising, padding, splitting, downloading.</summary>
public static partial class Utils
{
    /// <summary>
    /// One-hot float32 rows for integer class labels (Keras's <c>to_categorical</c>): labels of shape [n] (or [n, 1])
    /// give [n, numClasses]; any other shape gains a last axis. Without <paramref name="numClasses"/> it is the
    /// largest label plus one.
    /// </summary>
    /// <exception cref="ArgumentException">A label is negative or not below <paramref name="numClasses"/>, or the labels are not integers.</exception>
    public static Tensor ToCategorical(Tensor y, int? numClasses = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (!y.DType.IsInteger() && !y.DType.IsFloating())
            throw new ArgumentException($"ToCategorical: labels must be integers, got {y.DType.Name()}.");
        var labels = y.ToArray<long>();
        if (y.DType.IsFloating())
        {
            var values = y.ToArray<double>();
            for (int i = 0; i < values.Length; i++)
                if (values[i] != Math.Floor(values[i]))
                    throw new ArgumentException($"ToCategorical: label {i} is {values[i]}, not a whole number.");
        }
        long max = labels.Length == 0 ? -1 : labels.Max();
        int classes = numClasses ?? (int)(max + 1);
        if (classes <= 0 && labels.Length > 0) throw new ArgumentException($"ToCategorical: numClasses must be positive, got {classes}.");
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] < 0 || labels[i] >= classes)
                throw new ArgumentException($"ToCategorical: label {i} is {labels[i]}, outside [0, {classes}) (numClasses = {classes}).");
        var dims = y.Shape.ToArray();
        if (dims.Length > 1 && dims[^1] == 1) dims = dims[..^1];
        var result = new float[labels.Length * (long)classes];
        for (int i = 0; i < labels.Length; i++) result[i * (long)classes + labels[i]] = 1;
        return y.Backend.FromHost(result, new Shape([.. dims, classes]), DType.Float32, y.Device);
    }

    /// <summary>One-hot rows for integer labels given as a .NET array, as a <c>float[n, numClasses]</c> array.</summary>
    public static float[,] ToCategorical(int[] y, int? numClasses = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        using var t = Tensor.FromArray(y);
        using var r = ToCategorical(t, numClasses);
        return r.ToArray2D<float>();
    }

    /// <summary>
    /// Divides <paramref name="x"/> by its L<paramref name="order"/> norm along <paramref name="axis"/> (Keras's
    /// <c>normalize</c>); rows of norm zero stay zero. <paramref name="order"/> is 1 or 2.
    /// </summary>
    public static Tensor Normalize(Tensor x, int axis = -1, int order = 2)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (order is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(order), $"Normalize: order must be 1 or 2, got {order}.");
        if (!x.DType.IsFloating()) throw new ArgumentException($"Normalize: x must be float32 or float64, got {x.DType.Name()}.");
        using var scope = new TensorScope();
        var norm = order == 2 ? Ops.Sqrt(Ops.Sum(Ops.Square(x), axis, keepDims: true)) : Ops.Sum(Ops.Abs(x), axis, keepDims: true);
        // A zero norm divides by one instead (the row stays zero), as Keras does.
        var safe = Ops.Where(Ops.Equal(norm, Ops.ZerosLike(norm)), Ops.OnesLike(norm), norm);
        return scope.Keep(Ops.Divide(x, safe));
    }

    /// <summary>
    /// Pads or truncates sequences to one length (Keras's <c>pad_sequences</c>): a [count, maxlen] tensor with
    /// <paramref name="value"/> where a sequence is shorter. <paramref name="padding"/> and <paramref name="truncating"/>
    /// are "pre" (at the start, the default) or "post". Without <paramref name="maxlen"/> it is the longest sequence.
    /// </summary>
    public static Tensor PadSequences(IEnumerable<IEnumerable<int>> sequences, int? maxlen = null, DType dtype = DType.Int32,
                                      string padding = "pre", string truncating = "pre", double value = 0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (padding is not ("pre" or "post")) throw new ArgumentException($"PadSequences: padding must be \"pre\" or \"post\", got \"{padding}\".");
        if (truncating is not ("pre" or "post")) throw new ArgumentException($"PadSequences: truncating must be \"pre\" or \"post\", got \"{truncating}\".");
        if (maxlen is < 0) throw new ArgumentOutOfRangeException(nameof(maxlen), $"PadSequences: maxlen must be >= 0, got {maxlen}.");
        var rows = new List<int[]>();
        int index = 0;
        foreach (var s in sequences)
        {
            rows.Add(s?.ToArray() ?? throw new ArgumentException($"PadSequences: sequence {index} is null."));
            index++;
        }
        int length = maxlen ?? (rows.Count == 0 ? 0 : rows.Max(r => r.Length));
        var flat = new double[(long)rows.Count * length];
        Array.Fill(flat, value);
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var kept = r.Length <= length ? r : truncating == "pre" ? r[^length..] : r[..length];
            int start = padding == "pre" ? length - kept.Length : 0;
            for (int j = 0; j < kept.Length; j++) flat[(long)i * length + start + j] = kept[j];
        }
        using var t = Tensor.FromArray(flat, rows.Count, length);
        return Ops.Cast(t, dtype);
    }

    /// <summary>
    /// Splits a dataset of known, finite length into a left and a right part (Keras's <c>split_dataset</c>): a size
    /// below 1 is a fraction of the elements (rounded), a whole number from 1 up a count; a missing size is the
    /// complement of the other. The right part is taken from the end. With <paramref name="shuffle"/> the elements
    /// are shuffled once, by <paramref name="seed"/>, before splitting (the same split in every pass).
    /// </summary>
    public static (Dataset Left, Dataset Right) SplitDataset(Dataset dataset, double? leftSize = null, double? rightSize = null,
                                                              bool shuffle = false, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        long total = dataset.Cardinality;
        if (total < 0)
            throw new ArgumentException($"SplitDataset: the dataset's length is {(total == Dataset.Infinite ? "infinite" : "unknown")}; splitting needs a finite, known length (Take(n) or Cache a pass first).");
        if (leftSize is null && rightSize is null)
            throw new ArgumentException("SplitDataset: give leftSize, rightSize or both.");
        long? Count(double? size, string name)
        {
            if (size is not double s) return null;
            if (s <= 0 || double.IsNaN(s)) throw new ArgumentOutOfRangeException(name, $"SplitDataset: {name} must be a fraction in (0, 1) or a count from 1 to {total - 1}, got {s}.");
            if (s < 1) return (long)Math.Round(s * total, MidpointRounding.ToEven);
            if (s != Math.Floor(s) || s >= total)
                throw new ArgumentOutOfRangeException(name, $"SplitDataset: {name} must be a fraction in (0, 1) or a count from 1 to {total - 1}, got {s}.");
            return (long)s;
        }
        long? left = Count(leftSize, nameof(leftSize)), right = Count(rightSize, nameof(rightSize));
        long l = left ?? total - right!.Value, r = right ?? total - left!.Value;
        if (l + r > total)
            throw new ArgumentException($"SplitDataset: leftSize and rightSize give {l} + {r} elements, more than the dataset's {total}.");
        if (l == 0 || r == 0)
            throw new ArgumentException($"SplitDataset: with {total} elements, the {(l == 0 ? "left" : "right")} part would be empty (leftSize={leftSize}, rightSize={rightSize}).");
        var source = shuffle ? dataset.Shuffle((int)Math.Min(total, int.MaxValue), seed ?? (long)RandomGenerator.Global.NextSeed(), reshuffleEachIteration: false) : dataset;
        return (source.Take(l), source.Skip(total - r));
    }
}
