using KerasSharp.Layers;

namespace KerasSharp.Models;

public partial class Model
{
    /// <summary>
    /// The model's layer calls in an order where each comes after those it reads from, starting with the inputs (class
    /// "InputLayer"). A model without a graph (a Sequential built without an Input) gives its layers as a chain.
    /// </summary>
    public IReadOnlyList<LayerGraphNode> LayerGraph()
    {
        var nodes = new List<LayerGraphNode>();
        if (Graph is null)
        {
            string? previous = null;
            foreach (var layer in Layers)
            {
                nodes.Add(new LayerGraphNode(layer.Name, layer.GetType().Name, "?", previous is null ? [] : [previous]));
                previous = layer.Name;
            }
            return nodes;
        }
        var names = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        var used = new HashSet<string>(StringComparer.Ordinal);
        string Unique(string name)
        {
            string candidate = name;
            for (int i = 1; !used.Add(candidate); i++) candidate = $"{name}_{i}";
            return candidate;
        }
        foreach (var input in Graph.Inputs)
        {
            string name = Unique(input.Name);
            names[input] = name;
            nodes.Add(new LayerGraphNode(name, "InputLayer", ShapeText.Format(input.Shape), []));
        }
        foreach (var node in Graph.Nodes)
        {
            if (node.Layer is InputLayer) continue;
            string name = Unique(node.Layer.Name);
            var inputs = node.Inputs.Select(i => names.TryGetValue(i, out var n) ? n : i.Node is { } src && names.TryGetValue(src, out var s) ? s : i.Name).ToList();
            names[node] = name;
            foreach (var output in node.Outputs) names[output] = name;
            nodes.Add(new LayerGraphNode(name, node.Layer.GetType().Name, ShapeText.Format(node.Output.Shape), inputs));
        }
        return nodes;
    }
}
