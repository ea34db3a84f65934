using KerasSharp.Layers;

namespace KerasSharp.Models;

public partial class Model
{
    /// <summary>
    /// Every weight by its stable path (<c>dense_1/kernel</c>, <c>encoder/proj/bias</c>), in walk order: a layer you
    /// named keeps its name, an unnamed one is counted by class within its model (dense, dense_1, ...), and sub-layers
    /// of custom layers go by the field or property that holds them. The same program gives the same keys in every run.
    /// The tensors hold the current values (later training does not change them); dispose them when done.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var dict = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, weight) in WeightTree.Of(this).StateEntries()) dict.Add(key, weight.Snapshot());
        return dict;
    }

    /// <summary>
    /// Assigns weights by path (as <see cref="StateDict"/> names them), converting dtype and moving each value to its
    /// weight's backend and device. Every check runs before anything is assigned: a value whose shape differs from its
    /// weight's always fails; with <paramref name="strict"/>, so do keys the model lacks and weights the dictionary
    /// lacks, each listed. Returns the missing and unexpected keys (TorchSharp's <c>load_state_dict</c> contract).
    /// </summary>
    /// <exception cref="ArgumentException">A shape differs, or (strict) keys are missing or unexpected; nothing was assigned.</exception>
    public StateDictLoadResult LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var bad = stateDict.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList();
        if (bad.Count > 0) throw new ArgumentException($"Model '{Name}': LoadStateDict assigned nothing; the values of {string.Join(", ", bad)} are null.");
        var entries = stateDict.ToDictionary(kv => kv.Key, kv => (kv.Value.Shape, (Func<Tensor>)(() => Ops.StopGradient(kv.Value))), StringComparer.Ordinal);
        var (plan, result) = PlanStateDict(entries, strict, "the dictionary", "LoadStateDict assigned nothing");
        plan.Run();
        return result;
    }

    /// <summary>
    /// Matches weights by state-dict key against <paramref name="entries"/> (shape and a way to read each value) and
    /// fails, listing every difference, before anything is read.
    /// </summary>
    private (LoadPlan Plan, StateDictLoadResult Result) PlanStateDict(IReadOnlyDictionary<string, (Shape Shape, Func<Tensor> Read)> entries,
                                                                      bool strict, string source, string failure)
    {
        var weights = WeightTree.Of(this).StateEntries().ToList();
        var known = weights.Select(w => w.Key).ToHashSet(StringComparer.Ordinal);
        var missing = weights.Where(w => !entries.ContainsKey(w.Key)).Select(w => w.Key).ToList();
        var unexpected = entries.Keys.Where(k => !known.Contains(k)).ToList();
        var mismatched = weights.Where(w => entries.TryGetValue(w.Key, out var e) && e.Shape != w.Weight.Shape)
                                .Select(w => $"'{w.Key}' is {w.Weight.Shape} in the model but {entries[w.Key].Shape} in {source}")
                                .ToList();
        var problems = new List<string>();
        if (mismatched.Count > 0) problems.Add($"shape mismatches ({mismatched.Count}): {List(mismatched)}");
        if (strict && missing.Count > 0) problems.Add($"missing keys ({missing.Count}): {List(missing)}");
        if (strict && unexpected.Count > 0) problems.Add($"unexpected keys ({unexpected.Count}): {List(unexpected)}");
        if (problems.Count > 0) throw new ArgumentException($"Model '{Name}': {failure}; {string.Join("; ", problems)}.");

        var plan = new LoadPlan();
        foreach (var (key, weight) in weights)
            if (entries.TryGetValue(key, out var entry)) plan.Assign(weight, entry.Read);
        return (plan, new StateDictLoadResult(missing, unexpected));

        static string List(List<string> items) => string.Join(", ", items.Take(20)) + (items.Count > 20 ? $", ... ({items.Count - 20} more)" : "");
    }

    /// <summary>The layer named <paramref name="name"/> among this model's layers (Keras's <c>get_layer</c>).</summary>
    /// <exception cref="ArgumentException">No layer has that name; the message lists the names.</exception>
    public Layer GetLayer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Layers.FirstOrDefault(l => l.Name == name) ?? throw new ArgumentException(
            $"Model '{Name}' has no layer named '{name}'. Its layers: {string.Join(", ", Layers.Select(l => $"'{l.Name}'"))}.");
    }

    /// <summary>The layer at <paramref name="index"/> in <see cref="Layer.Layers"/> (negative counts from the end).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the layers.</exception>
    public Layer GetLayer(int index)
    {
        var layers = Layers;
        int i = index < 0 ? layers.Count + index : index;
        if (i < 0 || i >= layers.Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Model '{Name}' has {layers.Count} layers; index {index} is outside them.");
        return layers[i];
    }
}

/// <summary>What <see cref="Model.LoadStateDict"/> did not match: the model's keys the dictionary lacked, and the dictionary's keys the model lacks.</summary>
/// <param name="MissingKeys">Keys of the model that the dictionary did not have (left as they were).</param>
/// <param name="UnexpectedKeys">Keys of the dictionary that the model does not have (ignored).</param>
public sealed record StateDictLoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
