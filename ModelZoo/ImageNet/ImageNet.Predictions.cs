namespace KerasSharp.ModelZoo;

public static partial class ImageNet
{
    /// <summary>How far from 1 a row may sum and still be taken as probabilities when <c>fromLogits</c> is null
    /// (a float32 softmax over 1000 classes sums to 1 within about 1e-6; float16 within about 1e-3).</summary>
    public const double ProbabilitySumTolerance = 1e-3;

    private static readonly Lazy<string[]> Names = new(LoadClassNames);

    /// <summary>The 1000 ImageNet class names in output order, as torchvision publishes them
    /// (<c>torchvision.models._meta._IMAGENET_CATEGORIES</c>): index 0 is "tench", 999 "toilet tissue".</summary>
    public static IReadOnlyList<string> ClassNames => Names.Value;

    /// <summary>
    /// The <paramref name="top"/> classes of each row of an ImageNet classifier's output, best first, with their
    /// probabilities. Equal probabilities are ordered by class index.
    /// </summary>
    /// <param name="probsOrLogits">[n, 1000], floating point: probabilities or logits.</param>
    /// <param name="top">How many classes per row, 1..1000.</param>
    /// <param name="fromLogits">true: every row is logits and gets a softmax. false: the values are probabilities and
    /// are reported as they are. null (the default): the tensor is taken as probabilities when every value is in
    /// [0, 1] and every row sums to 1 within <see cref="ProbabilitySumTolerance"/>, and otherwise as logits, so one
    /// rule holds for all its rows.</param>
    /// <returns>One list per row.</returns>
    /// <exception cref="ArgumentException">The shape is not [n, 1000], the dtype is not floating point, or a value is
    /// NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is not in 1..1000.</exception>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor probsOrLogits, int top = 5, bool? fromLogits = null)
    {
        const string op = "ImageNet.DecodePredictions";
        ArgumentNullException.ThrowIfNull(probsOrLogits);
        if (probsOrLogits.Rank != 2 || probsOrLogits.Shape[1] != ClassCount)
            throw new ArgumentException($"{op}: expects a batch of predictions of shape [n, {ClassCount}], got {probsOrLogits.Shape}.", nameof(probsOrLogits));
        if (!probsOrLogits.DType.IsFloating())
            throw new ArgumentException($"{op}: expects floating-point probabilities or logits, got dtype {probsOrLogits.DType.Name()}.", nameof(probsOrLogits));
        if (top < 1 || top > ClassCount)
            throw new ArgumentOutOfRangeException(nameof(top), top, $"{op}: top must be in 1..{ClassCount}, got {top}.");

        int rows = probsOrLogits.Shape[0];
        var values = probsOrLogits.ToArray<double>();
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"{op}: row {i / ClassCount}, class {i % ClassCount} is {values[i]}; every value must be finite.", nameof(probsOrLogits));

        bool softmax = fromLogits ?? !AreProbabilities(values, rows);
        var result = new IReadOnlyList<ImageNetPrediction>[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = values.AsSpan(r * ClassCount, ClassCount);
            if (softmax) Softmax(row);
            result[r] = Top(row, top);
        }
        return result;
    }

    private static bool AreProbabilities(double[] values, int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            foreach (var v in values.AsSpan(r * ClassCount, ClassCount))
            {
                if (v < 0 || v > 1) return false;
                sum += v;
            }
            if (Math.Abs(sum - 1) > ProbabilitySumTolerance) return false;
        }
        return true;
    }

    // In float64, with the row's maximum subtracted first so that no exponential overflows.
    private static void Softmax(Span<double> row)
    {
        double max = double.NegativeInfinity;
        foreach (var v in row) max = Math.Max(max, v);
        double sum = 0;
        for (int i = 0; i < row.Length; i++) sum += row[i] = Math.Exp(row[i] - max);
        for (int i = 0; i < row.Length; i++) row[i] /= sum;
    }

    private static ImageNetPrediction[] Top(ReadOnlySpan<double> row, int top)
    {
        var order = new int[row.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var values = row.ToArray();
        Array.Sort(order, (a, b) => values[a] != values[b] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        var names = ClassNames;
        var best = new ImageNetPrediction[top];
        for (int i = 0; i < top; i++) best[i] = new ImageNetPrediction(order[i], names[order[i]], values[order[i]]);
        return best;
    }

    private static string[] LoadClassNames()
    {
        const string resource = "KerasSharp.ModelZoo.ImageNet.imagenet_classes.txt";
        using var stream = typeof(ImageNet).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"KerasSharp.ModelZoo is missing its resource {resource}; the build is broken.");
        using var reader = new StreamReader(stream);
        var names = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length != ClassCount)
            throw new InvalidOperationException($"KerasSharp.ModelZoo's resource {resource} holds {names.Length} names, not {ClassCount}; the build is broken.");
        return names;
    }
}
