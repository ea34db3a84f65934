namespace KerasSharp.Layers;

/// <summary>Makes the initial value of a weight. <see cref="Get"/> accepts Keras's names ("glorot_uniform", "zeros", ...).</summary>
public abstract class Initializer
{
    /// <summary>A new tensor of <paramref name="shape"/> and <paramref name="dtype"/>.</summary>
    public abstract Tensor Call(int[] shape, DType dtype = DType.Float32);

    /// <summary>The constructor arguments, for saving (Keras's get_config).</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>Factories by Keras name; the catalogue registers its initializers here.</summary>
    protected internal static Dictionary<string, Func<Initializer>> Registry { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The initializer Keras knows as <paramref name="identifier"/>.</summary>
    public static Initializer Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        InitializerCatalog.EnsureRegistered();
        if (Registry.TryGetValue(identifier, out var make)) return make();
        throw new ArgumentException($"Unknown initializer '{identifier}'. Known initializers: {string.Join(", ", Registry.Keys.Order())}.");
    }

    /// <summary>Lets a name stand where an initializer is expected.</summary>
    public static implicit operator Initializer(string identifier) => Get(identifier);
}

/// <summary>Adds a penalty on a weight to the model's loss (L1, L2, ...).</summary>
public abstract class Regularizer
{
    /// <summary>The penalty for <paramref name="weight"/> (a scalar).</summary>
    public abstract Tensor Call(Tensor weight);

    /// <summary>The constructor arguments, for saving (Keras's get_config).</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>Factories by Keras name ("l1", "l2", "l1_l2").</summary>
    protected internal static Dictionary<string, Func<Regularizer>> Registry { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The regularizer Keras knows as <paramref name="identifier"/> (default factors).</summary>
    public static Regularizer Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        InitializerCatalog.EnsureRegistered();
        if (Registry.TryGetValue(identifier, out var make)) return make();
        throw new ArgumentException($"Unknown regularizer '{identifier}'. Known regularizers: {string.Join(", ", Registry.Keys.Order())}.");
    }

    /// <summary>Lets a name stand where a regularizer is expected.</summary>
    public static implicit operator Regularizer(string identifier) => Get(identifier);
}

/// <summary>Projects a weight back into an allowed set after each optimizer step (MaxNorm, NonNeg, ...).</summary>
public abstract class Constraint
{
    /// <summary>The constrained value of <paramref name="weight"/>.</summary>
    public abstract Tensor Call(Tensor weight);

    /// <summary>The constructor arguments, for saving (Keras's get_config).</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>Factories by Keras name ("max_norm", "non_neg", "unit_norm").</summary>
    protected internal static Dictionary<string, Func<Constraint>> Registry { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The constraint Keras knows as <paramref name="identifier"/> (default arguments).</summary>
    public static Constraint Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        InitializerCatalog.EnsureRegistered();
        if (Registry.TryGetValue(identifier, out var make)) return make();
        throw new ArgumentException($"Unknown constraint '{identifier}'. Known constraints: {string.Join(", ", Registry.Keys.Order())}.");
    }

    /// <summary>Lets a name stand where a constraint is expected.</summary>
    public static implicit operator Constraint(string identifier) => Get(identifier);
}
