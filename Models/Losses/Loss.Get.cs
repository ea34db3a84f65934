namespace KerasSharp.Losses;

public abstract partial class Loss
{
    private static readonly (string[] Names, Func<Loss> Create)[] Registry =
    [
        (["mean_squared_error", "mse", "MeanSquaredError"], () => new MeanSquaredError()),
        (["mean_absolute_error", "mae", "MeanAbsoluteError"], () => new MeanAbsoluteError()),
        (["huber", "huber_loss", "Huber"], () => new Huber()),
        (["log_cosh", "logcosh", "LogCosh"], () => new LogCosh()),
        (["binary_crossentropy", "BinaryCrossentropy"], () => new BinaryCrossentropy()),
        (["categorical_crossentropy", "CategoricalCrossentropy"], () => new CategoricalCrossentropy()),
        (["sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"], () => new SparseCategoricalCrossentropy()),
        (["kl_divergence", "kld", "kullback_leibler_divergence", "KLDivergence"], () => new KLDivergence()),
        (["hinge", "Hinge"], () => new Hinge()),
    ];

    /// <summary>Every name <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = Registry.SelectMany(e => e.Names).ToArray();

    /// <summary>
    /// A new loss from its Keras name or alias ("mse", "sparse_categorical_crossentropy", "kld", ...) or its class
    /// name, with default arguments.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known names.</exception>
    public static Loss Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        foreach (var (names, create) in Registry)
            if (names.Contains(identifier, StringComparer.Ordinal)) return create();
        throw new ArgumentException(
            $"Unknown loss '{identifier}'. Known losses: {string.Join(", ", KnownNames)}.", nameof(identifier));
    }

    /// <summary>Lets a Keras name stand where a loss is expected: <c>Compile(loss: "mse")</c>.</summary>
    public static implicit operator Loss(string identifier) => Get(identifier);
}
