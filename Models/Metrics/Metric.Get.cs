using KerasSharp.Losses;

namespace KerasSharp.Metrics;

public abstract partial class Metric
{
    private static readonly (string[] Names, Func<string, Metric> Create)[] Registry =
    [
        (["binary_accuracy", "BinaryAccuracy"], n => new BinaryAccuracy(name: n)),
        (["categorical_accuracy", "CategoricalAccuracy"], n => new CategoricalAccuracy(n)),
        (["sparse_categorical_accuracy", "SparseCategoricalAccuracy"], n => new SparseCategoricalAccuracy(n)),
        (["top_k_categorical_accuracy", "TopKCategoricalAccuracy"], n => new TopKCategoricalAccuracy(name: n)),
        (["precision", "Precision"], n => new Precision(name: n)),
        (["recall", "Recall"], n => new Recall(name: n)),
        (["auc", "AUC"], n => new AUC(name: n)),
        (["f1_score", "F1Score"], n => new F1Score(name: n)),
        (["mean_squared_error", "mse", "MeanSquaredError"], n => new MeanSquaredError(n)),
        (["mean_absolute_error", "mae", "MeanAbsoluteError"], n => new MeanAbsoluteError(n)),
        (["root_mean_squared_error", "rmse", "RootMeanSquaredError"], n => new RootMeanSquaredError(n)),
        (["r2_score", "R2Score"], n => new R2Score(name: n)),
        (["mean", "Mean"], n => new Mean(n)),
    ];

    /// <summary>Every name <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> KnownNames { get; } =
        new[] { "accuracy", "acc", "Accuracy" }.Concat(Registry.SelectMany(e => e.Names)).ToArray();

    /// <summary>
    /// A new metric from its Keras name. "accuracy" (or "acc") resolves by the compiled loss as Keras does:
    /// SparseCategoricalCrossentropy gives <see cref="SparseCategoricalAccuracy"/>, CategoricalCrossentropy
    /// <see cref="CategoricalAccuracy"/>, BinaryCrossentropy <see cref="BinaryAccuracy"/>, anything else the exact-match
    /// <see cref="Accuracy"/>. A snake_case name ("mse", "auc", ...) gives that metric; a class name ("AUC") too.
    /// The metric's <see cref="Name"/> is the identifier as written, which is what Keras shows in logs; a class name
    /// gives the metric's default snake_case name.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known names.</exception>
    public static Metric Get(string identifier, Loss? compiledLoss = null)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (identifier is "accuracy" or "acc")
            return compiledLoss switch
            {
                SparseCategoricalCrossentropy => new SparseCategoricalAccuracy(identifier),
                CategoricalCrossentropy => new CategoricalAccuracy(identifier),
                BinaryCrossentropy => new BinaryAccuracy(name: identifier),
                _ => new Accuracy(identifier),
            };
        if (identifier == "Accuracy") return new Accuracy();
        foreach (var (names, create) in Registry)
        {
            int i = Array.IndexOf(names, identifier);
            if (i < 0) continue;
            // The last alias is the class name: it gives the default snake_case name.
            return create(i == names.Length - 1 ? names[0] : identifier);
        }
        throw new ArgumentException(
            $"Unknown metric '{identifier}'. Known metrics: {string.Join(", ", KnownNames)}.", nameof(identifier));
    }
}
