namespace KerasSharp.Layers;

/// <summary>
/// A model input: <c>new Input(shape: [28, 28])</c>. The shape excludes the batch axis. It is a
/// <see cref="KerasTensor"/> (pass it to <c>Apply</c> and to <c>new Model(inputs: ...)</c>) and it converts to its
/// <see cref="InputLayer"/> (so it can head a <c>Sequential</c> list).
/// </summary>
public sealed class Input : KerasTensor
{
    /// <summary>Declares an input of <paramref name="shape"/> (null for a size known only at run time).</summary>
    public Input(int?[] shape, string? name = null, DType dtype = DType.Float32, int? batchSize = null)
        : base(Full(shape, batchSize), dtype, name ?? LayerNames.Unique("input_layer"), null)
    {
        Layer = new InputLayer(this);
    }

    private static int?[] Full(int?[] shape, int? batchSize)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (var d in shape)
            if (d is <= 0) throw new ArgumentException($"Input: shape {ShapeText.Format(shape)} has a non-positive dimension.");
        if (batchSize is <= 0) throw new ArgumentException($"Input: batchSize must be positive, got {batchSize}.");
        return [batchSize, .. shape];
    }

    /// <summary>The layer that stands for this input in a model.</summary>
    public InputLayer Layer { get; }

    /// <summary>The input's layer, so <c>new Input(...)</c> can head a list of layers.</summary>
    public static implicit operator Layer(Input input) => input.Layer;
}

/// <summary>The layer of an <see cref="Input"/>: it passes data through and fixes the model's input shape.</summary>
public sealed class InputLayer : Layer
{
    internal InputLayer(Input input) : base(input.Name)
    {
        Output = input;
        Built = true;
    }

    /// <summary>The symbolic input.</summary>
    public Input Output { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) => inputs;

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <summary>Keras's InputLayer config: the full shape with the batch axis, the dtype and the name.</summary>
    public override Dictionary<string, object?> GetConfig() =>
        new() { ["batch_shape"] = Output.Shape, ["dtype"] = Output.DType.Name(), ["sparse"] = false, ["name"] = Name };

    /// <summary>Not built from shapes: an input layer's shape is its config.</summary>
    public override Dictionary<string, object?>? GetBuildConfig() => null;

    /// <summary>
    /// Rebuilds the input layer (and its <see cref="Input"/>) from Keras's config: <c>batch_shape</c>, or <c>shape</c>
    /// with an optional <c>batch_size</c>.
    /// </summary>
    public static InputLayer FromConfig(Dictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        int?[] Dims(string key) => config[key] is List<object?> list
            ? list.Select(d => d is null ? (int?)null : checked((int)Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture))).ToArray()
            : throw new ArgumentException($"InputLayer: '{key}' must be a list of sizes.");
        int?[] batchShape = config.ContainsKey("batch_shape") && config["batch_shape"] is not null ? Dims("batch_shape")
            : config.ContainsKey("shape") ? [config.GetValueOrDefault("batch_size") is { } b ? Convert.ToInt32(b, System.Globalization.CultureInfo.InvariantCulture) : null, .. Dims("shape")]
            : throw new ArgumentException("InputLayer: the config needs 'batch_shape' or 'shape'.");
        if (batchShape.Length == 0) throw new ArgumentException("InputLayer: 'batch_shape' needs a batch axis.");
        var dtype = config.GetValueOrDefault("dtype") switch
        {
            null => DType.Float32,
            string s => DTypes.Parse(s),
            Dictionary<string, object?> policy when policy.GetValueOrDefault("config") is Dictionary<string, object?> c && c.GetValueOrDefault("name") is string n => DTypes.Parse(n),
            var other => throw new ArgumentException($"InputLayer: cannot read dtype {ConfigJson.Write(other)}."),
        };
        foreach (var key in config.Keys)
            if (key is not ("batch_shape" or "shape" or "batch_size" or "dtype" or "name" or "sparse" or "ragged" or "optional" or "input_tensor"))
                throw new ArgumentException($"InputLayer: config key '{key}' is not an argument of InputLayer.");
        if (config.GetValueOrDefault("sparse") is true || config.GetValueOrDefault("ragged") is true)
            throw new ArgumentException("InputLayer: sparse and ragged inputs are not supported.");
        var input = new Input(batchShape[1..], config.GetValueOrDefault("name") as string, dtype, batchShape[0]);
        return input.Layer;
    }
}
