namespace KerasSharp.Layers;

/// <summary>Keras's activation functions by name: <c>Activations.Get("relu")</c>.</summary>
public static class Activations
{
    private static readonly Dictionary<string, Func<Tensor, Tensor>> ByName = new(StringComparer.Ordinal)
    {
        ["linear"] = Linear,
        ["relu"] = Ops.Relu,
        ["relu6"] = Ops.Relu6,
        ["sigmoid"] = ActivationLogits.Sigmoid,
        ["hard_sigmoid"] = Ops.HardSigmoid,
        ["hard_silu"] = HardSilu,
        ["hard_swish"] = HardSilu,
        ["tanh"] = Ops.Tanh,
        ["softmax"] = ActivationLogits.Softmax,
        ["log_softmax"] = x => Ops.LogSoftmax(x),
        ["gelu"] = x => Ops.Gelu(x),
        ["silu"] = Ops.Silu,
        ["swish"] = Ops.Silu,
        ["mish"] = x => Ops.Multiply(x, Ops.Tanh(Ops.Softplus(x))),
        ["elu"] = x => Ops.Elu(x),
        ["selu"] = Ops.Selu,
        ["leaky_relu"] = x => Ops.LeakyRelu(x),
        ["softplus"] = Ops.Softplus,
        ["softsign"] = Ops.Softsign,
        ["exponential"] = Ops.Exp,
    };

    /// <summary>The names <see cref="Get"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>The activation Keras knows as <paramref name="name"/>; null or "linear" is the identity.</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known names.</exception>
    public static Func<Tensor, Tensor> Get(string? name)
    {
        if (name is null) return Linear;
        if (ByName.TryGetValue(name, out var f)) return f;
        throw new ArgumentException($"Unknown activation '{name}'. Known activations: {string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal))}.");
    }

    /// <summary>The identity (Keras's "linear"): returns its input.</summary>
    public static Tensor Linear(Tensor x) => x;

    /// <summary>x * relu6(x + 3) / 6.</summary>
    private static Tensor HardSilu(Tensor x) => Ops.Multiply(x, Ops.HardSigmoid(x));
}
