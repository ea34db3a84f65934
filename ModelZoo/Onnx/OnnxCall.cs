namespace KerasSharp.Onnx;

/// <summary>What an operator converter sees: the node's inputs (null for an absent optional input), attributes and opset.</summary>
internal sealed class OnnxCall(string source, string nodeName, string opType, int opset, OnnxAttributes attributes, IReadOnlyList<OnnxValue?> inputs, int outputCount)
{
    /// <summary>The ONNX file, or the layer that runs the node, for errors.</summary>
    public string Source { get; } = source;

    /// <summary>The node's name in the ONNX graph.</summary>
    public string NodeName { get; } = nodeName;

    /// <summary>The operator type ("Conv").</summary>
    public string OpType { get; } = opType;

    /// <summary>The opset version of the default domain the file imports.</summary>
    public int Opset { get; } = opset;

    /// <summary>The node's attributes.</summary>
    public OnnxAttributes Attributes { get; } = attributes;

    /// <summary>How many outputs the graph uses (trailing unused optional outputs are not counted).</summary>
    public int OutputCount { get; } = outputCount;

    /// <summary>All inputs, null for absent optional ones.</summary>
    public IReadOnlyList<OnnxValue?> Inputs { get; } = inputs;

    /// <summary>A tensor input (not a constant), whose backend and device new tensors go to; null when all inputs are constants.</summary>
    public Tensor? Like => Inputs.FirstOrDefault(v => v is { IsHost: false })?.Tensor;

    /// <summary>A tensor of <paramref name="host"/>'s values beside the node's tensor inputs.</summary>
    public Tensor Make(OnnxHostTensor host) => host.ToTensor(Like);

    /// <summary>True when input <paramref name="i"/> is present.</summary>
    public bool Has(int i) => i < Inputs.Count && Inputs[i] is not null;

    /// <summary>Input <paramref name="i"/> as a tensor; a missing required input fails naming the node.</summary>
    public Tensor In(int i) => Value(i).Tensor;

    /// <summary>Input <paramref name="i"/>, present.</summary>
    public OnnxValue Value(int i) => Has(i) ? Inputs[i]! : throw Fail($"input {i} is required but missing.");

    /// <summary>Input <paramref name="i"/>'s values as integers (shapes, axes, pads), read to the host.</summary>
    public long[] Ints(int i) => Value(i).Host.AsInt64();

    /// <summary>The integers of input <paramref name="inputIndex"/> from opset <paramref name="sinceOpset"/>, before it of attribute <paramref name="attribute"/>; null when neither is given.</summary>
    public long[]? IntsFromInputOrAttribute(int inputIndex, int sinceOpset, string attribute) =>
        Opset >= sinceOpset ? (Has(inputIndex) ? Ints(inputIndex) : null) : Attributes.Ints(attribute);

    /// <summary>An error naming the node.</summary>
    public OnnxFormatException Fail(string problem) => new(Source, $"node '{NodeName}' ({OpType}, opset {Opset})", problem);

    /// <summary>An axis made non-negative and checked against <paramref name="rank"/>.</summary>
    public int Axis(long axis, int rank)
    {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw Fail($"axis {axis} is out of range for rank {rank}.");
        return (int)a;
    }
}
