namespace KerasSharp.Layers;

/// <summary>Adds a penalty on a weight to the model's loss (L1, L2, ...).</summary>
[KerasModule("keras.regularizers")]
public abstract class Regularizer : IKerasConfigurable
{
    /// <summary>The penalty for <paramref name="weight"/> (a scalar).</summary>
    public abstract Tensor Call(Tensor weight);

    /// <summary>The constructor arguments, for saving (Keras's get_config).</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>Factories by Keras name ("l1", "l2", "l1_l2").</summary>
    protected internal static Dictionary<string, Func<Regularizer>> Registry { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The regularizer Keras knows as <paramref name="identifier"/> (default factors).</summary>
    public static Regularizer Get(string identifier) =>
        InitializerCatalog.Create(Registry, "regularizer", identifier);

    /// <summary>Lets a name stand where a regularizer is expected.</summary>
    public static implicit operator Regularizer(string identifier) => Get(identifier);
}
