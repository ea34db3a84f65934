namespace KerasSharp.Layers;

/// <summary>Applies an activation function: <c>new Activation("relu")</c>.</summary>
public sealed class Activation : Layer
{
    private readonly Func<Tensor, Tensor> _function;

    /// <summary>Applies the activation Keras knows as <paramref name="activation"/>.</summary>
    public Activation(string? activation, string? name = null) : base(name)
    {
        _function = Activations.Get(activation);
        ActivationName = activation ?? "linear";
    }

    /// <summary>Applies a custom function.</summary>
    public Activation(Func<Tensor, Tensor> activation, string? name = null) : base(name)
    {
        _function = activation ?? throw new ArgumentNullException(nameof(activation));
        ActivationName = activation.Method.Name;
    }

    /// <summary>The activation's name (a method name for a custom function).</summary>
    public string ActivationName { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) => _function(inputs);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["activation"] = ActivationName;
        return c;
    }
}
