namespace KerasSharp.Optimizers;

public abstract partial class Optimizer
{
    private static readonly (string Name, Func<Optimizer> Create)[] Known =
    [
        ("adagrad", () => new Adagrad()),
        ("adam", () => new Adam()),
        ("adamax", () => new Adamax()),
        ("adamw", () => new AdamW()),
        ("nadam", () => new Nadam()),
        ("rmsprop", () => new RMSprop()),
        ("sgd", () => new SGD()),
    ];

    /// <summary>The names <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = Known.Select(k => k.Name).ToArray();

    /// <summary>
    /// Lets a Keras name stand where an optimizer is expected, as in <c>model.Compile(optimizer: "adam", ...)</c>;
    /// same as <see cref="Get"/>.
    /// </summary>
    public static implicit operator Optimizer(string identifier) => Get(identifier);

    /// <summary>A new optimizer with Keras' defaults from its name ("adam", "sgd", ...; case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known names.</exception>
    public static Optimizer Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        foreach (var (name, create) in Known)
            if (string.Equals(name, identifier.Trim(), StringComparison.OrdinalIgnoreCase)) return create();
        throw new ArgumentException(
            $"Unknown optimizer '{identifier}'. Known optimizers: {string.Join(", ", KnownNames)}.", nameof(identifier));
    }
}
