using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// Frees a graph run's intermediate tensors once nothing later in the run reads them. Only tensors made during this
/// run are freed (a layer may hand back its input, a weight or a constant it holds), never a <see cref="Variable"/>,
/// a model input or a model output; a tensor object reached through several symbolic tensors (identity layers) is
/// freed after its last use through any of them.
/// </summary>
internal sealed class IntermediateRelease
{
    private readonly IReadOnlyDictionary<KerasTensor, int> _symbolicUses;
    private readonly Dictionary<Tensor, int> _uses = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Tensor> _kept = new(ReferenceEqualityComparer.Instance);
    private readonly long _firstId;

    public IntermediateRelease(FunctionalGraph graph, IReadOnlyList<Tensor> inputs)
    {
        _symbolicUses = graph.UseCounts;
        _firstId = Tensor.LastId;
        foreach (var input in inputs) _kept.Add(input);
    }

    /// <summary>Records that <paramref name="node"/> ran on <paramref name="args"/> and produced <paramref name="outputs"/>.</summary>
    public void Consumed(Node node, Tensor[] args, Tensor[] outputs)
    {
        for (int i = 0; i < outputs.Length; i++)
            _uses[outputs[i]] = _uses.GetValueOrDefault(outputs[i]) + _symbolicUses.GetValueOrDefault(node.Outputs[i]);
        for (int i = 0; i < args.Length; i++)
        {
            var t = args[i];
            if (!_uses.TryGetValue(t, out int left)) continue; // a model input
            if (left > 1) { _uses[t] = left - 1; continue; }
            _uses.Remove(t);
            if (t.Id > _firstId && t is not Variable && !_kept.Contains(t) && Array.IndexOf(outputs, t) < 0) t.Dispose();
        }
    }
}
