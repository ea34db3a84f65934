using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// An inference fusion of a functional graph (DESIGN §6): a channels-last <see cref="Conv2D"/> with the calls that
/// only it feeds run as one <see cref="Ops.Conv2dChannelsLast"/> — a <see cref="ZeroPadding2D"/> before it becomes the
/// convolution's own padding (no padded copy), and after it a <see cref="BatchNormalization"/> in inference mode, an
/// <see cref="Add"/> of one other tensor (a residual block's shortcut) and a plain ReLU become its per-channel scale and
/// shift, residual and ReLU (no pass over the activation for each). The layers and the saved graph stay as they are;
/// only execution changes, and only where no tape records. The chain runs where its last call stands in the graph's
/// order, when the residual exists too.
/// </summary>
internal sealed class ConvChain
{
    private ConvChain(Node? pad, Node conv, Node? norm, Node? add, Node? relu) => (Pad, Conv, Norm, Add, Relu) = (pad, conv, norm, add, relu);

    /// <summary>A ZeroPadding2D whose output only the convolution reads, or null.</summary>
    public Node? Pad { get; }
    /// <summary>The convolution.</summary>
    public Node Conv { get; }
    /// <summary>A BatchNormalization over the channels that alone reads the convolution's output, or null.</summary>
    public Node? Norm { get; }
    /// <summary>An Add of two tensors, one of them the normalization's output (read by nothing else), or null.</summary>
    public Node? Add { get; }
    /// <summary>A plain ReLU that alone reads the output before it, or null.</summary>
    public Node? Relu { get; }

    /// <summary>The chains of <paramref name="graph"/>.</summary>
    public static List<ConvChain> Find(FunctionalGraph graph)
    {
        var readers = new Dictionary<KerasTensor, List<Node>>(ReferenceEqualityComparer.Instance);
        foreach (var node in graph.Nodes)
            foreach (var input in node.Inputs)
            {
                if (!readers.TryGetValue(input, out var list)) readers[input] = list = [];
                list.Add(node);
            }
        var outputs = new HashSet<KerasTensor>(graph.Outputs, ReferenceEqualityComparer.Instance);
        // the one node reading t, when nothing else (another node, the same node twice, the model's outputs) does
        Node? OnlyReader(KerasTensor t) =>
            !outputs.Contains(t) && readers.TryGetValue(t, out var list) && list.Count == 1 && list[0].Inputs.Count(i => ReferenceEquals(i, t)) == 1
                ? list[0] : null;

        var chains = new List<ConvChain>();
        var claimed = new HashSet<Node>(ReferenceEqualityComparer.Instance); // an Add with two convolution branches joins one chain
        foreach (var node in graph.Nodes)
        {
            if (node.Layer is not Conv2D conv || conv.DataFormat != "channels_last" || conv.ActivationName != "linear" ||
                conv.ActivityRegularizer is not null || node.Inputs.Length != 1)
                continue;
            Node? pad = node.Inputs[0].Node is { Layer: ZeroPadding2D { DataFormat: "channels_last" } } p && p.Inputs.Length == 1 &&
                        conv.Padding == "valid" && ReferenceEquals(OnlyReader(p.Output), node) ? p : null;
            Node? norm = OnlyReader(node.Output) is { Layer: BatchNormalization bn } n && (bn.Axis == -1 || bn.Axis == 3) && bn.DType == conv.DType ? n : null;
            var last = norm ?? node;
            Node? add = OnlyReader(last.Output) is { Layer: KerasSharp.Layers.Add } a && a.Inputs.Length == 2 && !claimed.Contains(a) ? a : null;
            Node? relu = OnlyReader((add ?? last).Output) is { Layer: ReLU { MaxValue: null, NegativeSlope: 0, Threshold: 0 } } r && !claimed.Contains(r) ? r : null;
            if (pad is null && norm is null && add is null && relu is null) continue;
            var chain = new ConvChain(pad, node, norm, add, relu);
            chains.Add(chain);
            foreach (var member in new[] { add, relu }) if (member is not null) claimed.Add(member);
        }
        return chains;
    }

    /// <summary>
    /// The nodes one run computes in this mode, in order: a normalization joins only when it uses its moving
    /// statistics (and what follows it only when it joins).
    /// </summary>
    public List<Node> Members(bool training)
    {
        var members = new List<Node>(5);
        if (Pad is not null) members.Add(Pad);
        members.Add(Conv);
        if (Norm is not null && !((BatchNormalization)Norm.Layer).UsesMovingStatistics(training)) return members;
        if (Norm is not null) members.Add(Norm);
        if (Add is not null) members.Add(Add);
        if (Relu is not null) members.Add(Relu);
        return members;
    }

    /// <summary>The tensors the members read from outside the chain: the first member's input, then the residual.</summary>
    public IEnumerable<KerasTensor> ExternalInputs(List<Node> members)
    {
        yield return members[0].Inputs[0];
        if (Add is not null && members.Contains(Add))
            yield return ReferenceEquals(Add.Inputs[0], (Norm ?? Conv).Output) ? Add.Inputs[1] : Add.Inputs[0];
    }

    /// <summary>
    /// Runs <paramref name="members"/> as one convolution on their external inputs; null when the convolution cannot take
    /// the fused form (the members then run one by one).
    /// </summary>
    public Tensor? Run(List<Node> members, Tensor[] externalInputs)
    {
        var conv = (Conv2D)Conv.Layer;
        int[] pads = [0, 0, 0, 0];
        if (Pad is not null)
        {
            var ((t, b), (l, r)) = ((ZeroPadding2D)Pad.Layer).Padding;
            pads = [t, b, l, r];
        }
        Tensor? scale = null, shift = null;
        if (Norm is not null && members.Contains(Norm)) (scale, shift) = ((BatchNormalization)Norm.Layer).InferenceScaleShift();
        var residual = externalInputs.Length > 1 ? externalInputs[1] : null;
        bool relu = Relu is not null && members.Contains(Relu);
        return conv.CallFused(externalInputs[0], pads, scale, shift, residual, relu);
    }
}
