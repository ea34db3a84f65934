namespace KerasSharp.Layers;

/// <summary>Applies an activation function: <c>new Activation("relu")</c>.</summary>
public sealed class Activation : Layer
{
    /// <summary>True: the input's mask passes to the output unchanged (the layer works per time step).</summary>
    public override bool SupportsMasking => true;

    private readonly Func<Tensor, Tensor> _function;
    private readonly string? _name;

    /// <summary>Applies the activation Keras knows as <paramref name="activation"/> (or one given to <see cref="Activations.Register"/>).</summary>
    public Activation(string? activation, string? name = null) : base(name)
    {
        _function = Activations.Get(activation);
        _name = activation ?? "linear";
    }

    /// <summary>Applies a custom function; the layer can be saved only if the function is built in or registered with <see cref="Activations.Register"/>.</summary>
    public Activation(Func<Tensor, Tensor> activation, string? name = null) : base(name)
    {
        _function = activation ?? throw new ArgumentNullException(nameof(activation));
    }

    /// <summary>The activation's name (a method name for an unregistered custom function).</summary>
    public string ActivationName => _name ?? Activations.NameOf(_function) ?? _function.Method.Name;

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) => _function(inputs);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["activation"] = Activations.Describe(_name, _function);
        return c;
    }
}
