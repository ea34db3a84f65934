using KerasSharp.Layers;
using System.Globalization;

namespace KerasSharp.Onnx;

/// <summary>
/// An ONNX initializer that several nodes read (tied weights): one <see cref="Variable"/> whose value is the layer's
/// output. It takes the model's first input only to have a place in the graph, and ignores it.
/// </summary>
public sealed class OnnxInitializer : Layer
{
    private readonly Variable _value;

    internal OnnxInitializer(string weightName, int[] shape, DType dtype, bool weightTrainable, string? name, bool trainable = true) : base(name, trainable)
    {
        WeightName = weightName;
        WeightShape = shape;
        WeightDType = dtype;
        WeightTrainable = weightTrainable;
        _value = AddWeight(weightName, shape, Initializer.Get("zeros"), dtype, weightTrainable);
    }

    /// <summary>The weight's name (the ONNX initializer's, made path-safe).</summary>
    public string WeightName { get; }

    /// <summary>The weight's shape.</summary>
    public IReadOnlyList<int> WeightShape { get; }

    /// <summary>The weight's dtype.</summary>
    public DType WeightDType { get; }

    /// <summary>Whether the weight trains (false for statistics such as running means).</summary>
    public bool WeightTrainable { get; }

    internal Variable Value => _value;

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) => _value;

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => WeightShape.Select(d => (int?)d).ToArray();

    /// <inheritdoc/>
    protected override DType ComputeOutputDType(IReadOnlyList<DType> inputDTypes) => WeightDType;

    /// <inheritdoc/>
    protected override bool InputShapeFixedAfterBuild => false;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["weight_name"] = WeightName;
        config["weight_shape"] = WeightShape.Select(d => (object?)(long)d).ToList();
        config["weight_dtype"] = WeightDType.Name();
        config["weight_trainable"] = WeightTrainable;
        return config;
    }

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>'s dictionary.</summary>
    public static OnnxInitializer FromConfig(Dictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string name = config.GetValueOrDefault("name") as string ?? throw new ArgumentException("OnnxInitializer: the config has no name.");
        string where = $"Layer '{name}' (OnnxInitializer)";
        return new OnnxInitializer(
            config.GetValueOrDefault("weight_name") as string ?? throw new ArgumentException($"{where}: no weight_name."),
            OnnxNode.IntList(config.GetValueOrDefault("weight_shape"), where).Select(d => d ?? 0).ToArray(),
            DTypes.Parse(config.GetValueOrDefault("weight_dtype") as string ?? "float32"),
            config.GetValueOrDefault("weight_trainable") is not bool w || w,
            name, config.GetValueOrDefault("trainable") is not bool t || t);
    }
}
