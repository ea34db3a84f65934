namespace KerasSharp.Layers;

/// <summary>Projects a weight back into an allowed set after each optimizer step (MaxNorm, NonNeg, ...).</summary>
[KerasModule("keras.constraints")]
public abstract class Constraint : IKerasConfigurable
{
    /// <summary>The constrained value of <paramref name="weight"/>.</summary>
    public abstract Tensor Call(Tensor weight);

    /// <summary>The constructor arguments, for saving (Keras's get_config).</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>Factories by Keras name ("max_norm", "non_neg", "unit_norm").</summary>
    protected internal static Dictionary<string, Func<Constraint>> Registry { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The constraint Keras knows as <paramref name="identifier"/> (default arguments).</summary>
    public static Constraint Get(string identifier) =>
        InitializerCatalog.Create(Registry, "constraint", identifier);

    /// <summary>Lets a name stand where a constraint is expected.</summary>
    public static implicit operator Constraint(string identifier) => Get(identifier);
}
