using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// The layer calls between a model's inputs and outputs, in an order where every call comes after the calls
/// that produce its inputs. Running it maps real tensors through the same calls.
/// </summary>
internal sealed class FunctionalGraph
{
    public FunctionalGraph(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string modelName)
    {
        if (inputs.Count == 0) throw new ArgumentException($"Model '{modelName}' needs at least one input.");
        if (outputs.Count == 0) throw new ArgumentException($"Model '{modelName}' needs at least one output.");
        foreach (var input in inputs)
            if (input.Node is not null)
                throw new ArgumentException($"Model '{modelName}': {input} is not an Input (it is the output of layer '{input.Node.Layer.Name}').");
        Inputs = inputs;
        Outputs = outputs;
        var inputSet = new HashSet<KerasTensor>(inputs);
        var order = new List<Node>();
        var state = new Dictionary<Node, bool>(); // false: on the stack, true: done
        foreach (var output in outputs) Visit(output, new Stack<string>());
        Nodes = order;
        Layers = order.Select(n => n.Layer).Distinct().ToList();
        foreach (var node in order)
            foreach (var i in node.Inputs) _uses[i] = _uses.GetValueOrDefault(i) + 1;

        void Visit(KerasTensor t, Stack<string> path)
        {
            if (inputSet.Contains(t)) return;
            var node = t.Node ?? throw new ArgumentException(
                $"Model '{modelName}': the graph reaches {t.Name}, an Input that is not among the model's inputs ({string.Join(", ", inputs.Select(i => i.Name))}).");
            if (state.TryGetValue(node, out bool done))
            {
                if (!done) throw new ArgumentException($"Model '{modelName}': the graph has a cycle through layer '{node.Layer.Name}'.");
                return;
            }
            state[node] = false;
            path.Push(node.Layer.Name);
            foreach (var i in node.Inputs) Visit(i, path);
            path.Pop();
            state[node] = true;
            order.Add(node);
        }
    }

    // How many node inputs read each symbolic tensor: in inference its value is freed after the last one.
    private readonly Dictionary<KerasTensor, int> _uses = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyList<KerasTensor> Inputs { get; }
    public IReadOnlyList<KerasTensor> Outputs { get; }
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>Distinct layers in call order (a shared layer appears once).</summary>
    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>
    /// The layers in Keras's order for a functional model's <c>layers</c>: by decreasing depth (the longest path of calls
    /// to an output), ties by first call in the walk from the outputs. Saved files count classes in this order
    /// (<c>dense</c>, <c>dense_1</c>), so the same graph names its layers' weights the same way as in Keras.
    /// </summary>
    public IReadOnlyList<Layer> LayersByDepth()
    {
        var depth = new Dictionary<Node, int>();
        for (int i = Nodes.Count - 1; i >= 0; i--)
        {
            var node = Nodes[i];
            int d = depth.GetValueOrDefault(node);
            depth[node] = d;
            foreach (var input in node.Inputs)
                if (input.Node is { } producer) depth[producer] = Math.Max(depth.GetValueOrDefault(producer), d + 1);
        }
        var first = new Dictionary<Layer, (int Depth, int Index)>();
        for (int i = 0; i < Nodes.Count; i++)
        {
            var layer = Nodes[i].Layer;
            first[layer] = first.TryGetValue(layer, out var seen) ? (Math.Max(seen.Depth, depth[Nodes[i]]), seen.Index) : (depth[Nodes[i]], i);
        }
        return Layers.OrderByDescending(l => first[l].Depth).ThenBy(l => first[l].Index).ToList();
    }

    /// <summary>Runs the graph on real inputs (one per model input, same order).</summary>
    /// <remarks>
    /// In inference with no tape recording, each call's temporaries are freed when the call returns and each
    /// value after its last reader, so the native buffer pool hands the same memory to the layers that follow:
    /// a first Predict of ResNet-50 at 224x224 otherwise asks the OS for about 440 MB of fresh pages, which costs
    /// as much as the forward pass itself.
    /// </remarks>
    public Tensor[] Run(IReadOnlyList<Tensor> inputs, bool training)
    {
        bool release = !training && !GradientTape.AnyOpen;
        var values = new Dictionary<KerasTensor, Tensor>(ReferenceEqualityComparer.Instance);
        var pending = release ? new Dictionary<KerasTensor, int>(_uses, ReferenceEqualityComparer.Instance) : null;
        // symbolic tensors holding each real one (a layer may return its input): freed when none is left
        var holders = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        var kept = new HashSet<Tensor>(inputs, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < Inputs.Count; i++) values[Inputs[i]] = inputs[i];
        foreach (var node in Nodes)
        {
            var args = new Tensor[node.Inputs.Length];
            for (int i = 0; i < args.Length; i++) args[i] = values[node.Inputs[i]];
            if (!release)
            {
                var results = node.Layer.Invoke(args, node.Options, training);
                for (int i = 0; i < results.Length; i++) values[node.Outputs[i]] = results[i];
                continue;
            }
            Tensor[] outputs;
            using (var scope = new TensorScope())
            {
                outputs = node.Layer.Invoke(args, node.Options, training);
                foreach (var o in outputs)
                {
                    scope.Keep(o);
                    if (KerasMask.Get(o) is { } mask) scope.Keep(mask); // the next layers read it
                }
            }
            for (int i = 0; i < outputs.Length; i++)
            {
                values[node.Outputs[i]] = outputs[i];
                holders[outputs[i]] = holders.GetValueOrDefault(outputs[i]) + 1;
            }
            foreach (var input in node.Inputs)
            {
                if (--pending![input] > 0 || Outputs.Contains(input)) continue;
                var t = values[input];
                if (!holders.TryGetValue(t, out int h) || t is Variable) continue; // a model input (the caller's) or a layer's own weight
                if (h > 1) holders[t] = h - 1;
                else if (!kept.Contains(t)) { holders.Remove(t); t.Dispose(); }
            }
        }
        var result = new Tensor[Outputs.Count];
        for (int i = 0; i < result.Length; i++) result[i] = values[Outputs[i]];
        return result;
    }
}
