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

    public IReadOnlyList<KerasTensor> Inputs { get; }
    public IReadOnlyList<KerasTensor> Outputs { get; }
    public IReadOnlyList<Node> Nodes { get; }

    private List<ConvChain>? _chains;

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
    /// In inference with no tape open, each call's temporaries are freed when the call returns and each
    /// value after its last reader (<see cref="IntermediateRelease"/>), so the native buffer pool hands the same
    /// memory to the layers that follow: a first Predict of ResNet-50 at 224x224 otherwise asks the OS for about
    /// 440 MB of fresh pages, which costs as much as the forward pass itself. With no tape recording, the inference
    /// fusions run (<see cref="ConvChain"/>).
    /// </remarks>
    public Tensor[] Run(IReadOnlyList<Tensor> inputs, bool training)
    {
        var values = new Dictionary<KerasTensor, Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < Inputs.Count; i++) values[Inputs[i]] = inputs[i];
        // an open tape (even paused) may still need every intermediate for a gradient
        var release = !training && !GradientTape.AnyOpen ? new IntermediateRelease(this, inputs) : null;
        var plan = GradientTape.IsRecordingOnThisThread ? null : FusionPlan(training);
        foreach (var node in Nodes)
        {
            if (plan is not null && plan.Value.Skipped.Contains(node)) continue;
            if (plan is not null && plan.Value.Triggers.TryGetValue(node, out var fused))
            {
                RunChain(fused.Chain, fused.Members, values, release);
                continue;
            }
            RunNode(node, values, release, training);
        }
        var result = new Tensor[Outputs.Count];
        for (int i = 0; i < result.Length; i++) result[i] = values[Outputs[i]];
        return result;

        void RunChain(ConvChain chain, List<Node> members, Dictionary<KerasTensor, Tensor> values, IntermediateRelease? release)
        {
            var external = chain.ExternalInputs(members).Select(t => values[t]).ToArray();
            Tensor? output;
            using (var scope = release is null ? null : new TensorScope()) // frees the folded scale and shift
            {
                output = chain.Run(members, external);
                if (output is not null) scope?.Keep(output);
            }
            if (output is not null)
            {
                var last = members[^1];
                values[last.Output] = output;
                release?.Consumed(last, external, [output]);
                return;
            }
            foreach (var member in members) RunNode(member, values, release, training);
        }
    }

    private static void RunNode(Node node, Dictionary<KerasTensor, Tensor> values, IntermediateRelease? release, bool training)
    {
        var args = new Tensor[node.Inputs.Length];
        for (int i = 0; i < args.Length; i++) args[i] = values[node.Inputs[i]];
        Tensor[] outputs;
        if (release is null) outputs = node.Layer.Invoke(args, node.Options, training);
        else using (var scope = new TensorScope()) // the call's temporaries
        {
            outputs = node.Layer.Invoke(args, node.Options, training);
            foreach (var o in outputs)
            {
                scope.Keep(o);
                if (KerasMask.Get(o) is { } mask) scope.Keep(mask); // the next layers read it
            }
        }
        for (int i = 0; i < outputs.Length; i++) values[node.Outputs[i]] = outputs[i];
        release?.Consumed(node, args, outputs);
    }

    /// <summary>
    /// This run's fused chains (<see cref="ConvChain"/>): each runs at its last member's place in the order, and its
    /// other members are skipped where they stand. Which members join depends on the mode (a normalization in
    /// training uses its batch's statistics), so the plan is made per run; the chains themselves are found once.
    /// </summary>
    private (Dictionary<Node, (ConvChain Chain, List<Node> Members)> Triggers, HashSet<Node> Skipped)? FusionPlan(bool training)
    {
        _chains ??= ConvChain.Find(this);
        if (_chains.Count == 0) return null;
        var triggers = new Dictionary<Node, (ConvChain, List<Node>)>(ReferenceEqualityComparer.Instance);
        var skipped = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        foreach (var chain in _chains)
        {
            var members = chain.Members(training);
            if (members.Count < 2) continue;
            triggers[members[^1]] = (chain, members);
            for (int i = 0; i < members.Count - 1; i++) skipped.Add(members[i]);
        }
        return (triggers, skipped);
    }

    /// <summary>How many node inputs read each symbolic tensor (an output of the model counts once more, so it is never freed).</summary>
    internal IReadOnlyDictionary<KerasTensor, int> UseCounts => _useCounts ??= CountUses();

    private Dictionary<KerasTensor, int>? _useCounts;

    private Dictionary<KerasTensor, int> CountUses()
    {
        var uses = new Dictionary<KerasTensor, int>(ReferenceEqualityComparer.Instance);
        foreach (var node in Nodes)
            foreach (var input in node.Inputs) uses[input] = uses.GetValueOrDefault(input) + 1;
        foreach (var output in Outputs) uses[output] = uses.GetValueOrDefault(output) + 1;
        return uses;
    }
}
