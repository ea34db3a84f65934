using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// A functional model's graph in Keras 3's config: every layer (inputs first) with its <c>inbound_nodes</c> (the
/// calls that feed it, each argument a <c>__keras_tensor__</c> naming the producing layer, the index of the
/// producing call and the output index), and the <c>input_layers</c> and <c>output_layers</c> of the model.
/// Rebuilding replays the calls in an order where each call's inputs exist, as Keras does.
/// </summary>
internal static class FunctionalConfig
{
    public static Dictionary<string, object?> Write(Model model, FunctionalGraph graph)
    {
        // A layer's calls within this model, in the order they were made; a nested functional model's first call is
        // its own graph, so its calls here count from 1 (Keras's numbering).
        var calls = graph.Nodes.GroupBy(n => n.Layer).ToDictionary(g => g.Key, g => g.OrderBy(n => n.Order).ToList());
        int NodeIndex(Node node) => calls[node.Layer].IndexOf(node) + (IsFunctional(node.Layer) ? 1 : 0);
        List<object?> History(KerasTensor t) => t.Node is null ? [t.Name, 0L, 0L] : [t.Node.Layer.Name, (long)NodeIndex(t.Node), (long)t.OutputIndex];
        Dictionary<string, object?> TensorRef(KerasTensor t) => new()
        {
            ["class_name"] = "__keras_tensor__",
            ["config"] = new Dictionary<string, object?> { ["shape"] = t.Shape, ["dtype"] = t.DType.Name(), ["keras_history"] = History(t) },
        };

        // Keras's node: the positional arguments and the keyword ones (tensors by reference, then the call's options).
        Dictionary<string, object?> Call(Node node)
        {
            var kwargs = new Dictionary<string, object?>();
            List<object?> args;
            if (node.Layer.CallSignature(node.Inputs) is { } signature)
            {
                args = signature.Positional.Select(TensorRef).ToList<object?>();
                foreach (var (name, t) in signature.Keywords) kwargs[name] = TensorRef(t);
            }
            else args = [node.Inputs.Length == 1 ? TensorRef(node.Inputs[0]) : node.Inputs.Select(TensorRef).ToList<object?>()];
            foreach (var (name, value) in node.Options) kwargs[name] = value;
            return new() { ["args"] = args, ["kwargs"] = kwargs };
        }

        var names = new Dictionary<string, Layer>(StringComparer.Ordinal);
        var layers = new List<object?>();
        void Add(Layer layer, List<object?> inbound)
        {
            if (names.TryGetValue(layer.Name, out var other) && !ReferenceEquals(other, layer))
                throw new InvalidOperationException($"Model '{model.Name}' has two layers named '{layer.Name}' ({other.GetType().Name} and {layer.GetType().Name}); a saved graph names layers, so give one of them another name.");
            names[layer.Name] = layer;
            var entry = KerasObjects.Serialize(layer);
            entry["name"] = layer.Name;
            entry["inbound_nodes"] = inbound;
            layers.Add(entry);
        }
        foreach (var input in graph.Inputs) Add(((Input)input).Layer, []);
        foreach (var layer in graph.LayersByDepth())
            Add(layer, calls[layer].Select(node => (object?)Call(node)).ToList());
        return new Dictionary<string, object?>
        {
            ["name"] = model.Name,
            ["trainable"] = model.Trainable,
            ["layers"] = layers,
            ["input_layers"] = graph.Inputs.Select(History).ToList<object?>(),
            ["output_layers"] = graph.Outputs.Select(History).ToList<object?>(),
        };
    }

    public static Model Read(Dictionary<string, object?> config)
    {
        string modelName = config.GetValueOrDefault("name") as string ?? "functional";
        string Where() => $"Functional model '{modelName}'";
        if (config.GetValueOrDefault("layers") is not List<object?> entries)
            throw new ArgumentException($"{Where()}: the config has no 'layers' list.");

        var created = new Dictionary<string, Layer>(StringComparer.Ordinal);
        var order = new List<(Layer Layer, Queue<Dictionary<string, object?>> Pending)>();
        var outputs = new Dictionary<(string, long, long), KerasTensor>();
        foreach (var item in entries)
        {
            if (item is not Dictionary<string, object?> entry || entry.GetValueOrDefault("name") is not string name)
                throw new ArgumentException($"{Where()}: every entry of 'layers' needs a 'name'.");
            if (created.ContainsKey(name)) throw new ArgumentException($"{Where()}: two layers are named '{name}'.");
            var layer = KerasObjects.Deserialize<Layer>(entry);
            created[name] = layer;
            if (layer is InputLayer input) outputs[(name, 0, 0)] = input.Output;
            var pending = new Queue<Dictionary<string, object?>>();
            foreach (var node in entry.GetValueOrDefault("inbound_nodes") as List<object?> ?? [])
                pending.Enqueue(node as Dictionary<string, object?> ?? throw new ArgumentException($"{Where()}: layer '{name}' has a malformed inbound node."));
            order.Add((layer, pending));
        }

        // Replay the calls: a call waits until every tensor it takes has been made (shared layers may be called at
        // different depths); a pass that makes no call means the graph refers to a call that never happens.
        var made = order.ToDictionary(o => o.Layer, _ => 0);
        bool progress = true;
        while (progress && order.Any(o => o.Pending.Count > 0))
        {
            progress = false;
            foreach (var (layer, pending) in order)
                while (pending.Count > 0 && TryCall(layer, pending.Peek()))
                {
                    pending.Dequeue();
                    progress = true;
                }
        }
        var stuck = order.FirstOrDefault(o => o.Pending.Count > 0);
        if (stuck.Layer is not null)
            throw new ArgumentException($"{Where()}: layer '{stuck.Layer.Name}' is called on a tensor that no layer of the config produces.");

        var model = new Model(Tensors("input_layers"), Tensors("output_layers"), modelName);
        if (config.GetValueOrDefault("trainable") is bool trainable) model.Trainable = trainable;
        return model;

        bool TryCall(Layer layer, Dictionary<string, object?> node)
        {
            if (node.GetValueOrDefault("args") is not List<object?> args)
                throw new ArgumentException($"{Where()}: a call of layer '{layer.Name}' has no 'args' list.");
            // One argument may be a list of tensors (the merge layers); several are separate positional tensors.
            var positional = args.Count == 1 && args[0] is List<object?> many ? many : args;
            // Keyword tensors (MultiHeadAttention's key=, attention_mask=) go to the layer by name; plain values are options
            // (use_causal_mask, ...), which the layer refuses if it does not take them.
            var options = new Dictionary<string, object?>();
            var keywordRefs = new Dictionary<string, object?>();
            if (node.GetValueOrDefault("kwargs") is Dictionary<string, object?> kwargs)
                foreach (var (key, value) in kwargs)
                {
                    if (value is null || (key == "training" && value is bool)) continue;
                    if (value is Dictionary<string, object?> { } d && d.GetValueOrDefault("class_name") is "__keras_tensor__") keywordRefs[key] = value;
                    else if (value is bool or long or double or string) options[key] = value;
                    else throw new ArgumentException($"{Where()}: the call of layer '{layer.Name}' passes '{key}' = {ConfigJson.Write(value)}; KerasSharp reads tensors and plain values as call arguments.");
                }
            bool Resolve(object? reference, out KerasTensor tensor)
            {
                var key = Reference(reference, layer.Name);
                if (outputs.TryGetValue(key, out tensor!)) return true;
                if (!created.ContainsKey(key.Item1))
                    throw new ArgumentException($"{Where()}: layer '{layer.Name}' takes the output of '{key.Item1}', which is not in the config.");
                return false;
            }
            var tensors = new List<KerasTensor>(positional.Count);
            foreach (var r in positional)
            {
                if (!Resolve(r, out var t)) return false;
                tensors.Add(t);
            }
            var keywords = new Dictionary<string, KerasTensor>();
            foreach (var (name, r) in keywordRefs)
            {
                if (!Resolve(r, out var t)) return false;
                keywords[name] = t;
            }
            var inputs = args.Count == 1 && keywords.Count == 0 ? tensors.ToArray() : layer.InputsFromCall(tensors, keywords);
            int index = made[layer]++ + (IsFunctional(layer) ? 1 : 0);
            var results = layer.InvokeSymbolic(inputs, options);
            for (int i = 0; i < results.Length; i++) outputs[(layer.Name, index, i)] = results[i];
            return true;
        }

        (string, long, long) Reference(object? value, string consumer)
        {
            var history = value is Dictionary<string, object?> kt && kt.GetValueOrDefault("class_name") is "__keras_tensor__" &&
                          kt.GetValueOrDefault("config") is Dictionary<string, object?> c ? c.GetValueOrDefault("keras_history") : value;
            if (history is List<object?> { Count: 3 } h && h[0] is string producer && h[1] is long node && h[2] is long tensorIndex)
                return (producer, node, tensorIndex);
            throw new ArgumentException($"{Where()}: layer '{consumer}' has an argument that is not a tensor reference: {ConfigJson.Write(value)}.");
        }

        List<KerasTensor> Tensors(string key)
        {
            var list = config.GetValueOrDefault(key) as List<object?> ?? throw new ArgumentException($"{Where()}: the config has no '{key}'.");
            // A single tensor is written as [name, node, index] itself rather than a list of them.
            if (list.Count == 3 && list[0] is string) list = [list];
            return list.Select(r =>
            {
                var k = Reference(r, key);
                return outputs.TryGetValue(k, out var t) ? t : throw new ArgumentException($"{Where()}: {key} names output {k.Item3} of '{k.Item1}' call {k.Item2}, which the config never makes.");
            }).ToList();
        }
    }

    /// <summary>A functional model (not Sequential, not subclassed): Keras counts its graph as its first call.</summary>
    public static bool IsFunctional(Layer layer) => layer.GetType() == typeof(Model) && ((Model)layer).Graph is not null;
}
