using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// Where every weight of a model lives, in the two addressings saving uses, from one walk of the layer tree
/// (Keras's <c>_save_state</c>): a graph model's layers first (its "layers" container), then sub-layers held in
/// fields by the member's name; a layer reached twice (shared, or held in two places) is visited once, at its
/// first place.
/// <list type="bullet">
/// <item><b>State-dict keys</b> (<c>dense_1/kernel</c>, <c>encoder/proj/bias</c>): a layer in a container is named by
/// its own name when you chose it, else by its class counted within that container (dense, dense_1, ...), so keys do
/// not depend on what else the process built; then the weight's name.</item>
/// <item><b>Keras 3 HDF5 groups</b> (<c>layers/dense_1/vars</c> holding datasets 0, 1, ...): containers count classes
/// regardless of names, exactly as Keras's <c>_save_container_state</c> does, so files match Python Keras's.</item>
/// </list>
/// </summary>
internal sealed class WeightTree
{
    private WeightTree(string h5Path, Layer layer) { H5Path = h5Path; Layer = layer; }

    /// <summary>The layer's HDF5 group ("" for the model itself); its weights go to <c>{H5Path}/vars/{index}</c>.</summary>
    public string H5Path { get; }

    /// <summary>The layer.</summary>
    public Layer Layer { get; }

    /// <summary>The layer's own weights in creation order, with their state-dict keys.</summary>
    public List<(string Key, Variable Weight)> Weights { get; } = [];

    /// <summary>The sub-layers visited from this one.</summary>
    public List<WeightTree> Children { get; } = [];

    /// <summary>Every node, depth first.</summary>
    public IEnumerable<WeightTree> All() => Children.SelectMany(c => c.All()).Prepend(this);

    /// <summary>Walks <paramref name="root"/>; fails when two weights would get the same key.</summary>
    public static WeightTree Of(Layer root)
    {
        var visited = new HashSet<Layer>(ReferenceEqualityComparer.Instance);
        var tree = Visit(root, "", "", visited);
        var keys = new Dictionary<string, Variable>(StringComparer.Ordinal);
        foreach (var (key, weight) in tree.All().SelectMany(n => n.Weights))
            if (!keys.TryAdd(key, weight))
                throw new InvalidOperationException($"Model '{root.Name}': weights '{keys[key].Name}' and '{weight.Name}' would both be saved as '{key}'; rename one of their layers.");
        return tree;
    }

    /// <summary>The state-dict keys and weights in walk order.</summary>
    public IEnumerable<(string Key, Variable Weight)> StateEntries() => All().SelectMany(n => n.Weights);

    private static WeightTree Visit(Layer layer, string h5Path, string keyPrefix, HashSet<Layer> visited)
    {
        visited.Add(layer);
        var node = new WeightTree(h5Path, layer);
        foreach (var (name, weight) in layer.OwnWeights) node.Weights.Add((keyPrefix + name, weight));

        var container = ContainerOf(layer);
        if (container.Count > 0) AddContainer(node, container, Join(h5Path, "layers"), keyPrefix, visited);
        foreach (var group in layer.AttributeLayers.GroupBy(a => a.Attribute))
        {
            var members = group.Select(a => a.Layer).ToList();
            if (!layer.AttributeIsCollection(group.Key))
            {
                if (visited.Contains(members[0])) continue;
                node.Children.Add(Visit(members[0], Join(h5Path, group.Key), $"{keyPrefix}{group.Key}/", visited));
            }
            else AddContainer(node, members, Join(h5Path, group.Key), $"{keyPrefix}{group.Key}/", visited);
        }
        return node;
    }

    private static void AddContainer(WeightTree node, IReadOnlyList<Layer> layers, string h5Path, string keyPrefix, HashSet<Layer> visited)
    {
        var h5Names = ContainerNames(layers, explicitNames: false);
        var keyNames = ContainerNames(layers, explicitNames: true);
        for (int i = 0; i < layers.Count; i++)
            if (!visited.Contains(layers[i]))
                node.Children.Add(Visit(layers[i], Join(h5Path, h5Names[i]), $"{keyPrefix}{keyNames[i]}/", visited));
    }

    // A graph model's own layers (Keras's model.layers: a functional model's inputs count too), else the layers
    // tracked explicitly with TrackLayer that no field holds.
    private static IReadOnlyList<Layer> ContainerOf(Layer layer)
    {
        if (layer is Sequential sequential) return sequential.StackedLayers;
        if (layer is Model { Graph: { } graph }) return [.. graph.Inputs.Select(i => (Layer)((Input)i).Layer), .. graph.LayersByDepth()];
        var held = layer.AttributeLayers.Select(a => a.Layer).ToHashSet(ReferenceEqualityComparer.Instance);
        return layer.TrackedLayers.Where(l => !held.Contains(l)).ToList();
    }

    /// <summary>
    /// Names within one container: Keras's class counting (<c>dense</c>, <c>dense_1</c>, ...), or for state-dict keys
    /// the layer's own name when it is not a generated one, with generated names counted around the chosen ones.
    /// </summary>
    public static string[] ContainerNames(IReadOnlyList<Layer> layers, bool explicitNames)
    {
        var names = new string[layers.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        if (explicitNames)
            for (int i = 0; i < layers.Count; i++)
                if (!IsGeneratedName(layers[i]))
                {
                    names[i] = layers[i].Name;
                    taken.Add(names[i]);
                }
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < layers.Count; i++)
        {
            if (names[i] is not null) continue;
            string stem = LayerNames.SnakeCase(KerasObjects.ClassNameOf(layers[i].GetType()));
            string candidate;
            do
            {
                int n = counters.GetValueOrDefault(stem);
                counters[stem] = n + 1;
                candidate = n == 0 ? stem : $"{stem}_{n}";
            } while (explicitNames && taken.Contains(candidate));
            names[i] = candidate;
        }
        return names;
    }

    /// <summary>A name KerasSharp or Keras made up: the class's snake_case name, optionally followed by _N.</summary>
    private static bool IsGeneratedName(Layer layer)
    {
        foreach (var stem in new[] { LayerNames.SnakeCase(layer.GetType().Name), LayerNames.SnakeCase(KerasObjects.ClassNameOf(layer.GetType())), "input_layer" })
        {
            if (layer.Name == stem) return true;
            if (layer.Name.Length > stem.Length + 1 && layer.Name.StartsWith(stem + "_", StringComparison.Ordinal) &&
                layer.Name.AsSpan(stem.Length + 1).IndexOfAnyExceptInRange('0', '9') < 0) return true;
        }
        return false;
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : $"{a}/{b}";
}
