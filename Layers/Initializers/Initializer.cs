namespace KerasSharp.Layers;

/// <summary>Makes the initial value of a weight. <see cref="Get"/> accepts Keras's names ("glorot_uniform", "zeros", ...).</summary>
[KerasModule("keras.initializers")]
public abstract class Initializer : IKerasConfigurable
{
    /// <summary>A new tensor of <paramref name="shape"/> and <paramref name="dtype"/>.</summary>
    public abstract Tensor Call(int[] shape, DType dtype = DType.Float32);

    /// <summary>The constructor arguments, for saving (Keras's get_config).</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>Factories by Keras name; the catalogue registers its initializers here.</summary>
    protected internal static Dictionary<string, Func<Initializer>> Registry { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The initializer Keras knows as <paramref name="identifier"/>.</summary>
    public static Initializer Get(string identifier) =>
        InitializerCatalog.Create(Registry, "initializer", identifier);

    /// <summary>Lets a name stand where an initializer is expected.</summary>
    public static implicit operator Initializer(string identifier) => Get(identifier);
}
