using KerasSharp.Layers;
using System.Globalization;

namespace KerasSharp.Onnx;

/// <summary>
/// One node of an imported ONNX graph as a layer: the operator (<see cref="OpType"/>) runs through
/// <see cref="Ops"/>, so gradients flow into its weights (the initializers it reads, as <see cref="Variable"/>s).
/// Constants folded at import (shapes, axes, small tensors) live in the config; the config also records the output
/// shapes found at import, so a saved model loads without running anything.
/// </summary>
public sealed class OnnxNode : Layer
{
    private readonly List<Slot> _slots;
    private readonly List<OnnxWeightSpec> _weightSpecs;
    private readonly Dictionary<string, Variable> _weightsByName = new(StringComparer.Ordinal);
    private readonly OnnxAttributes _attributes;
    private int?[][] _outputShapes;
    private DType[] _outputDTypes;

    /// <summary>Where an operator input comes from.</summary>
    internal enum SlotKind { Input, Weight, Constant, None }

    /// <summary>An operator input: the layer's input <c>Index</c>, a weight by name, a constant, or absent.</summary>
    internal sealed record Slot(SlotKind Kind, int Index = 0, string? Weight = null, OnnxHostTensor? Constant = null);

    internal OnnxNode(string opType, int opset, string nodeName, IReadOnlyDictionary<string, object?> attributes, IReadOnlyList<Slot> slots,
                      int layerInputs, IReadOnlyList<OnnxWeightSpec> weights, int?[][] outputShapes, DType[] outputDTypes, string? name, bool trainable = true)
        : base(name, trainable)
    {
        OpType = opType;
        Opset = opset;
        NodeName = nodeName;
        Attributes = attributes;
        _slots = [.. slots];
        LayerInputs = layerInputs;
        _weightSpecs = [.. weights];
        _outputShapes = outputShapes;
        _outputDTypes = outputDTypes;
        _attributes = new OnnxAttributes(attributes, nodeName, opType);
        foreach (var w in _weightSpecs)
            _weightsByName[w.Name] = AddWeight(w.Name, w.Shape, Initializer.Get("zeros"), w.DType, w.Trainable);
    }

    /// <summary>The ONNX operator type ("Conv", "MatMul").</summary>
    public string OpType { get; }

    /// <summary>The opset version of the default domain the node was imported under (defaults and inputs depend on it).</summary>
    public int Opset { get; }

    /// <summary>The node's name in the ONNX file.</summary>
    public string NodeName { get; }

    /// <summary>The node's ONNX attributes as plain values.</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; }

    /// <summary>How many tensors the layer takes (a node that reads only weights takes the model's first input and ignores it).</summary>
    public int LayerInputs { get; }

    internal IReadOnlyList<Slot> Slots => _slots;

    /// <summary>Sets the output shapes and dtypes found at import, before the layer joins the graph.</summary>
    internal void SetOutputs(int?[][] shapes, DType[] dtypes) => (_outputShapes, _outputDTypes) = (shapes, dtypes);

    internal Variable WeightNamed(string name) => _weightsByName[name];

    internal IReadOnlyList<OnnxWeightSpec> WeightSpecs => _weightSpecs;

    /// <summary>Runs the operator on the layer's inputs (also used at import on probe inputs).</summary>
    internal Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count != LayerInputs)
            throw new ArgumentException($"Layer '{Name}' (ONNX {OpType}) takes {LayerInputs} input(s), received {inputs.Count}.");
        var values = new OnnxValue?[_slots.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var s = _slots[i];
            values[i] = s.Kind switch
            {
                SlotKind.Input => new OnnxValue(inputs[s.Index]),
                SlotKind.Weight => new OnnxValue(_weightsByName[s.Weight!]),
                SlotKind.Constant => new OnnxValue(s.Constant!, inputs.Count > 0 ? inputs[0] : null),
                _ => null,
            };
        }
        var call = new OnnxCall($"layer '{Name}'", NodeName, OpType, Opset, _attributes, values, _outputShapes.Length);
        var outputs = OnnxOperators.Run(call);
        return outputs.Length == _outputShapes.Length ? outputs : outputs[.._outputShapes.Length];
    }

    /// <inheritdoc/>
    protected override Tensor[] CallOutputs(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, IReadOnlyDictionary<string, object?> options, bool training) =>
        Run(inputs);

    /// <inheritdoc/>
    protected override int?[][] ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes, IReadOnlyDictionary<string, object?> options) =>
        _outputShapes.Select(s => (int?[])s.Clone()).ToArray();

    /// <inheritdoc/>
    protected override DType ComputeOutputDType(IReadOnlyList<DType> inputDTypes) => _outputDTypes[0];

    /// <inheritdoc/>
    protected override bool InputShapeFixedAfterBuild => false;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["op_type"] = OpType;
        config["opset"] = Opset;
        config["node_name"] = NodeName;
        config["attributes"] = new Dictionary<string, object?>(Attributes);
        config["inputs"] = _slots.Select(s => (object?)(s.Kind switch
        {
            SlotKind.Input => new Dictionary<string, object?> { ["from"] = "input", ["index"] = s.Index },
            SlotKind.Weight => new Dictionary<string, object?> { ["from"] = "weight", ["name"] = s.Weight },
            SlotKind.Constant => new Dictionary<string, object?> { ["from"] = "constant", ["value"] = OnnxConstants.ToConfig(s.Constant!) },
            _ => new Dictionary<string, object?> { ["from"] = "none" },
        })).ToList();
        config["layer_inputs"] = LayerInputs;
        config["weights"] = _weightSpecs.Select(w => (object?)w.ToConfig()).ToList();
        config["output_shapes"] = _outputShapes.Select(s => (object?)s.Select(d => (object?)d).ToList()).ToList();
        config["output_dtypes"] = _outputDTypes.Select(d => (object?)d.Name()).ToList();
        return config;
    }

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>'s dictionary (what <c>Model.Load</c> calls).</summary>
    public static OnnxNode FromConfig(Dictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string name = config.GetValueOrDefault("name") as string ?? throw new ArgumentException("OnnxNode: the config has no name.");
        string where = $"Layer '{name}' (OnnxNode)";
        string opType = config.GetValueOrDefault("op_type") as string ?? throw new ArgumentException($"{where}: the config has no op_type.");
        if (!OnnxOperators.IsSupported(opType)) throw new ArgumentException($"{where}: operator {opType} is not supported.");
        int opset = Convert.ToInt32(config.GetValueOrDefault("opset") ?? 13, CultureInfo.InvariantCulture);
        var attributes = config.GetValueOrDefault("attributes") as Dictionary<string, object?> ?? new Dictionary<string, object?>();
        var slots = new List<Slot>();
        foreach (var entry in config.GetValueOrDefault("inputs") as IEnumerable<object?> ?? [])
        {
            if (entry is not Dictionary<string, object?> s) throw new ArgumentException($"{where}: an input entry must be an object.");
            slots.Add((s.GetValueOrDefault("from") as string) switch
            {
                "input" => new Slot(SlotKind.Input, Index: Convert.ToInt32(s.GetValueOrDefault("index"), CultureInfo.InvariantCulture)),
                "weight" => new Slot(SlotKind.Weight, Weight: s.GetValueOrDefault("name") as string),
                "constant" => new Slot(SlotKind.Constant, Constant: OnnxConstants.FromConfig(
                    s.GetValueOrDefault("value") as Dictionary<string, object?> ?? throw new ArgumentException($"{where}: a constant input without a value."), where)),
                "none" => new Slot(SlotKind.None),
                var other => throw new ArgumentException($"{where}: input source '{other}' is not one of input, weight, constant, none."),
            });
        }
        var weights = (config.GetValueOrDefault("weights") as IEnumerable<object?> ?? []).Select(w => OnnxWeightSpec.FromConfig(w, where)).ToList();
        foreach (var s in slots)
            if (s.Kind == SlotKind.Weight && !weights.Any(w => w.Name == s.Weight))
                throw new ArgumentException($"{where}: input weight '{s.Weight}' is not among the layer's weights.");
        var shapes = (config.GetValueOrDefault("output_shapes") as IEnumerable<object?> ?? []).Select(s => IntList(s, where)).ToArray();
        var dtypes = (config.GetValueOrDefault("output_dtypes") as IEnumerable<object?> ?? []).Select(d => DTypes.Parse((string)d!)).ToArray();
        if (shapes.Length == 0 || shapes.Length != dtypes.Length) throw new ArgumentException($"{where}: output_shapes and output_dtypes must list the same outputs.");
        int layerInputs = Convert.ToInt32(config.GetValueOrDefault("layer_inputs") ?? 1, CultureInfo.InvariantCulture);
        bool trainable = config.GetValueOrDefault("trainable") is not bool t || t;
        return new OnnxNode(opType, opset, config.GetValueOrDefault("node_name") as string ?? name,
                            new Dictionary<string, object?>(attributes), slots, layerInputs, weights, shapes, dtypes, name, trainable);
    }

    internal static int?[] IntList(object? value, string where) => value is IEnumerable<object?> list
        ? list.Select(d => d is null ? (int?)null : Convert.ToInt32(d, CultureInfo.InvariantCulture)).ToArray()
        : throw new ArgumentException($"{where}: expected a list of integers.");
}
