using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// One layer call of a functional graph (the layer, its symbolic inputs and outputs, its call options), readable by
/// the assemblies that see Models' internals but not Layers' (the ONNX exporter in ModelZoo walks graphs with it).
/// </summary>
internal sealed record GraphCall(Layer Layer, IReadOnlyList<KerasTensor> Inputs, IReadOnlyList<KerasTensor> Outputs,
                                 IReadOnlyDictionary<string, object?> Options);

/// <summary>The calls of a functional graph in run order (every call after the calls that make its inputs).</summary>
internal static class GraphCalls
{
    public static IReadOnlyList<GraphCall> Calls(this FunctionalGraph graph) =>
        graph.Nodes.Select(n => new GraphCall(n.Layer, n.Inputs, n.Outputs, n.Options)).ToList();
}
