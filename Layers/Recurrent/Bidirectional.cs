namespace KerasSharp.Layers;

/// <summary>
/// Runs a recurrent layer forwards and a copy of it backwards over the same sequence and merges the two outputs, as
/// Keras's Bidirectional: <see cref="MergeMode"/> "concat" (the default; the last axis doubles), "sum", "mul", "ave", or
/// null / "none" (two outputs, use <c>ApplyAll</c>). With returnSequences the backward outputs are put back in time order
/// first. With returnState the states follow: the forward layer's, then the backward layer's. Weights:
/// "forward_layer/cell/kernel", ..., "backward_layer/cell/kernel", ...
/// </summary>
public sealed class Bidirectional : Layer
{
    private static readonly string[] Modes = ["concat", "sum", "mul", "ave"];
    private readonly RNN _forwardLayer;
    private readonly RNN _backwardLayer;
    private readonly Dictionary<string, object?> _layerConfig;
    private readonly Dictionary<string, object?>? _backwardConfig;

    /// <summary>Wraps <paramref name="layer"/> (copied from its config, so it must not be built yet) and a backward copy, or <paramref name="backwardLayer"/>.</summary>
    /// <exception cref="ArgumentException">An unknown merge mode, a built layer, or a backward layer that does not fit the forward one.</exception>
    public Bidirectional(RNN layer, string? mergeMode = "concat", RNN? backwardLayer = null, string? name = null, bool trainable = true)
        : base(name ?? LayerNames.Unique("bidirectional"), trainable)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (mergeMode == "none") mergeMode = null;
        if (mergeMode is not null && !Modes.Contains(mergeMode))
            throw new ArgumentException($"Bidirectional: mergeMode must be one of concat, sum, mul, ave or none, got '{mergeMode}'.");
        if (layer.Built) throw new ArgumentException($"Bidirectional: layer '{layer.Name}' is already built; pass a new layer (it is copied from its config).");
        MergeMode = mergeMode;
        _layerConfig = KerasObjects.Serialize(layer);
        _forwardLayer = Copy(_layerConfig, $"forward_{layer.Name}", goBackwards: layer.GoBackwards);
        if (backwardLayer is null) _backwardLayer = Copy(_layerConfig, $"backward_{layer.Name}", goBackwards: !layer.GoBackwards);
        else
        {
            if (backwardLayer.Built) throw new ArgumentException($"Bidirectional: backward layer '{backwardLayer.Name}' is already built; pass a new layer.");
            if (backwardLayer.ReturnSequences != layer.ReturnSequences || backwardLayer.ReturnState != layer.ReturnState)
                throw new ArgumentException($"Bidirectional: the backward layer '{backwardLayer.Name}' must have the forward layer's returnSequences " +
                                            $"({layer.ReturnSequences}) and returnState ({layer.ReturnState}).");
            if (backwardLayer.GoBackwards == layer.GoBackwards)
                throw new ArgumentException($"Bidirectional: the backward layer '{backwardLayer.Name}' must have goBackwards: {!layer.GoBackwards} (the forward layer's is {layer.GoBackwards}).");
            _backwardConfig = KerasObjects.Serialize(backwardLayer);
            _backwardLayer = backwardLayer;
        }
    }

    private static RNN Copy(Dictionary<string, object?> serialized, string name, bool goBackwards)
    {
        var copy = ConfigJson.Read(ConfigJson.Write(serialized)) as Dictionary<string, object?> ?? throw new InvalidOperationException("config");
        var config = (Dictionary<string, object?>)copy["config"]!;
        config["name"] = name;
        config["go_backwards"] = goBackwards;
        copy.Remove("build_config");
        return KerasObjects.Deserialize<RNN>(copy);
    }

    /// <summary>"concat", "sum", "mul", "ave", or null for two separate outputs.</summary>
    public string? MergeMode { get; }
    /// <summary>The layer run forwards.</summary>
    public RNN ForwardLayer => _forwardLayer;
    /// <summary>The layer run backwards.</summary>
    public RNN BackwardLayer => _backwardLayer;

    /// <summary>True: the mask reaches both layers, and passes on with returnSequences.</summary>
    public override bool SupportsMasking => true;

    /// <summary>False: the sequence length may change.</summary>
    protected override bool InputShapeFixedAfterBuild => false;

    /// <inheritdoc/>
    public override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> previousMasks)
    {
        ArgumentNullException.ThrowIfNull(previousMasks);
        return _forwardLayer.ReturnSequences ? previousMasks[0] : null;
    }

    /// <inheritdoc/>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask) => _forwardLayer.ReturnSequences ? previousMask : null;

    /// <inheritdoc/>
    public override void Build(int?[] inputShape) => Build([inputShape]);

    /// <inheritdoc/>
    public override void Build(IReadOnlyList<int?[]> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        var (forward, backward) = SplitStates(inputShapes);
        if (!_forwardLayer.Built) _forwardLayer.BuildAsSubLayer(forward);
        if (!_backwardLayer.Built) _backwardLayer.BuildAsSubLayer(backward);
        Built = true;
    }

    // The sequence, then the forward layer's initial states, then the backward layer's.
    private (T[] Forward, T[] Backward) SplitStates<T>(IReadOnlyList<T> inputs)
    {
        int states = inputs.Count - 1;
        if (states == 0) return ([inputs[0]], [inputs[0]]);
        if (states % 2 != 0)
            throw new ArgumentException($"Layer '{Name}' takes the sequence, then the forward layer's initial states and the backward layer's; received {states} state(s), an odd number.");
        int half = states / 2;
        return ([inputs[0], .. inputs.Skip(1).Take(half)], [inputs[0], .. inputs.Skip(1 + half)]);
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) => CallOutputs([inputs], [null], NoOptions, training)[0];

    /// <inheritdoc/>
    protected override Tensor[] CallOutputs(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, IReadOnlyDictionary<string, object?> options, bool training)
    {
        var (fIn, bIn) = SplitStates(inputs);
        var fwd = _forwardLayer.ApplyAll(fIn, training);
        var bwd = _backwardLayer.ApplyAll(bIn, training);
        var y = fwd[0];
        var yb = bwd[0];
        if (_forwardLayer.ReturnSequences)
        {
            // The backward layer's sequence is in its processing order: put it back in time order.
            int time = yb.Shape[1];
            yb = Ops.Take(yb, Tensor.FromArray(Enumerable.Range(0, time).Reverse().ToArray()), 1);
        }
        Tensor[] merged = MergeMode switch
        {
            "concat" => [Ops.Concatenate([y, yb], -1)],
            "sum" => [Ops.Add(y, yb)],
            "mul" => [Ops.Multiply(y, yb)],
            "ave" => [Ops.MultiplyScalar(Ops.Add(y, yb), 0.5)],
            _ => [y, yb],
        };
        return _forwardLayer.ReturnState ? [.. merged, .. fwd.Skip(1), .. bwd.Skip(1)] : merged;
    }

    /// <inheritdoc/>
    protected override int?[][] ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes, IReadOnlyDictionary<string, object?> options)
    {
        var (fIn, bIn) = SplitStates(inputShapes);
        var f = _forwardLayer.OutputShapes(fIn[0]);
        var b = _backwardLayer.OutputShapes(bIn[0]);
        var y = f[0];
        int?[][] merged = MergeMode switch
        {
            "concat" => [[.. y[..^1], y[^1] + b[0][^1]]],
            null => [y, b[0]],
            _ => [y],
        };
        return _forwardLayer.ReturnState ? [.. merged, .. f.Skip(1), .. b.Skip(1)] : merged;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => ComputeOutputShapes([inputShape], NoOptions)[0];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["layer"] = _layerConfig;
        c["merge_mode"] = MergeMode;
        if (_backwardConfig is not null) c["backward_layer"] = _backwardConfig;
        return c;
    }
}
