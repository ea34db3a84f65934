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

    // Activations registered by the program, so layers can name them (and saved files hold the name).
    private static readonly Dictionary<string, Func<Tensor, Tensor>> Registered = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The built-in names <see cref="Get"/> accepts (registered ones come on top).</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>The activation Keras knows as <paramref name="name"/>, or one given to <see cref="Register"/>; null or "linear" is the identity.</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known names.</exception>
    public static Func<Tensor, Tensor> Get(string? name)
    {
        if (name is null) return Linear;
        if (ByName.TryGetValue(name, out var f)) return f;
        lock (Gate)
        {
            if (Registered.TryGetValue(name, out var custom)) return custom;
            var known = ByName.Keys.Concat(Registered.Keys).Order(StringComparer.Ordinal);
            throw new ArgumentException($"Unknown activation '{name}'. Known activations: {string.Join(", ", known)}. " +
                                        "A custom function can be registered with Activations.Register(name, fn).");
        }
    }

    /// <summary>
    /// Makes a custom activation usable by name (<c>new Dense(4, activation: "my_act")</c>), so layers that use it can be
    /// saved: the file holds the name, and loading finds the function again once the program has registered it.
    /// Registering the same function under the same name again does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, a built-in activation's, or already registered for another function.</exception>
    public static void Register(string name, Func<Tensor, Tensor> fn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(fn);
        if (ByName.ContainsKey(name))
            throw new ArgumentException($"Activations.Register: '{name}' is a built-in activation; choose another name for a custom function.", nameof(name));
        lock (Gate)
        {
            if (Registered.TryGetValue(name, out var existing) && !existing.Equals(fn))
                throw new ArgumentException($"Activations.Register: '{name}' is already registered for another function; choose another name.", nameof(name));
            Registered[name] = fn;
        }
    }

    /// <summary>The name a file uses for <paramref name="fn"/>: a built-in's name or a registered one; null for an unnamed delegate.</summary>
    public static string? NameOf(Func<Tensor, Tensor> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        // Delegates compare by method and target, so a fresh `Ops.Relu` method group matches the stored one.
        foreach (var (name, f) in ByName)
            if (f.Equals(fn)) return name;
        lock (Gate)
            foreach (var (name, f) in Registered)
                if (f.Equals(fn)) return name;
        return null;
    }

    /// <summary>The config value for an activation: its name, or a <see cref="NotSerializable"/> that says how to make it savable.</summary>
    internal static object Describe(string? name, Func<Tensor, Tensor> fn)
    {
        if ((name ?? NameOf(fn)) is { } known) return known;
        return new NotSerializable(
            $"its activation is a C# delegate ({DelegateNames.Describe(fn)}), which a file cannot hold. Register it with " +
            "Activations.Register(\"my_activation\", fn) and pass the name (activation: \"my_activation\"), or use a built-in activation name.");
    }

    /// <summary>The identity (Keras's "linear"): returns its input.</summary>
    public static Tensor Linear(Tensor x) => x;

    /// <summary>x * relu6(x + 3) / 6.</summary>
    private static Tensor HardSilu(Tensor x) => Ops.Multiply(x, Ops.HardSigmoid(x));
}
