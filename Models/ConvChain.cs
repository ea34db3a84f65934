using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// An inference fusion of a functional graph (DESIGN §6): a channels-last <see cref="Conv2D"/> with the calls that
/// only it feeds run as one <see cref="Ops.Conv2dChannelsLast"/> — a <see cref="ZeroPadding2D"/> before it becomes the
/// convolution's own padding (no padded copy), and a <see cref="BatchNormalization"/> in inference mode and then a
/// plain ReLU after it become the convolution's per-channel scale, shift and ReLU (no pass over the activation each).
/// The layers and the saved graph stay as they are; only execution changes, and only where no tape records.
/// </summary>
internal sealed class ConvChain
{
    private ConvChain(Node? pad, Node conv, Node? norm, Node? relu) => (Pad, Conv, Norm, Relu) = (pad, conv, norm, relu);

    /// <summary>A ZeroPadding2D whose output only the convolution reads, or null.</summary>
    public Node? Pad { get; }
    /// <summary>The convolution.</summary>
    public Node Conv { get; }
    /// <summary>A BatchNormalization over the channels that alone reads the convolution's output, or null.</summary>
    public Node? Norm { get; }
    /// <summary>A plain ReLU that alone reads the normalization's output (or the convolution's, without one), or null.</summary>
    public Node? Relu { get; }

    /// <summary>The node the chain starts at in the graph's order.</summary>
    public Node First => Pad ?? Conv;

    /// <summary>The chains of <paramref name="graph"/>, by their first node.</summary>
    public static Dictionary<Node, ConvChain> Find(FunctionalGraph graph)
    {
        var consumers = new Dictionary<KerasTensor, List<Node>>(ReferenceEqualityComparer.Instance);
        foreach (var node in graph.Nodes)
            foreach (var input in node.Inputs)
            {
                if (!consumers.TryGetValue(input, out var list)) consumers[input] = list = [];
                list.Add(node);
            }
        var outputs = new HashSet<KerasTensor>(graph.Outputs, ReferenceEqualityComparer.Instance);
        // the one node reading t, when nothing else (another node, or the model's outputs) does
        Node? OnlyReader(KerasTensor t) =>
            !outputs.Contains(t) && consumers.TryGetValue(t, out var list) && list.Count == 1 && list[0].Inputs.Length == 1 ? list[0] : null;

        var chains = new Dictionary<Node, ConvChain>();
        foreach (var node in graph.Nodes)
        {
            if (node.Layer is not Conv2D conv || conv.DataFormat != "channels_last" || conv.ActivationName != "linear" ||
                conv.ActivityRegularizer is not null || node.Inputs.Length != 1)
                continue;
            Node? pad = node.Inputs[0].Node is { Layer: ZeroPadding2D { DataFormat: "channels_last" } } p && conv.Padding == "valid" &&
                        ReferenceEquals(OnlyReader(p.Output), node) ? p : null;
            Node? norm = OnlyReader(node.Output) is { Layer: BatchNormalization bn } n && (bn.Axis == -1 || bn.Axis == 3) && bn.DType == conv.DType ? n : null;
            Node? relu = OnlyReader((norm ?? node).Output) is { Layer: ReLU { MaxValue: null, NegativeSlope: 0, Threshold: 0 } } r ? r : null;
            if (pad is null && norm is null && relu is null) continue;
            var chain = new ConvChain(pad, node, norm, relu);
            chains[chain.First] = chain;
        }
        return chains;
    }

    /// <summary>
    /// Runs the chain on the value its first node reads. The normalization (and the ReLU after it) join only in
    /// inference mode; <paramref name="last"/> is the last node the result stands for (see <see cref="Through"/>). Null when the convolution cannot take the fused form (the nodes then run one by one).
    /// </summary>
    public Tensor? Run(Tensor input, bool training, out Node last)
    {
        var conv = (Conv2D)Conv.Layer;
        int[] pads = [0, 0, 0, 0];
        if (Pad is not null)
        {
            var ((t, b), (l, r)) = ((ZeroPadding2D)Pad.Layer).Padding;
            pads = [t, b, l, r];
        }
        var bn = Norm?.Layer as BatchNormalization;
        bool useNorm = bn is not null && bn.UsesMovingStatistics(training);
        bool useRelu = Relu is not null && (Norm is null || useNorm);
        Tensor? scale = null, shift = null;
        if (useNorm) (scale, shift) = bn!.InferenceScaleShift();
        last = useRelu ? Relu! : useNorm ? Norm! : Conv;
        return conv.CallFused(input, pads, scale, shift, useRelu);
    }

    /// <summary>The chain's nodes up to <paramref name="last"/> (what one <see cref="Run"/> computed).</summary>
    public IEnumerable<Node> Through(Node last)
    {
        if (Pad is not null) yield return Pad;
        yield return Conv;
        if (ReferenceEquals(last, Conv)) yield break;
        if (Norm is not null) yield return Norm;
        if (ReferenceEquals(last, Norm)) yield break;
        if (Relu is not null) yield return Relu;
    }
}
