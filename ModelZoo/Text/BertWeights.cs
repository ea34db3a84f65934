using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

/// <summary>
/// Hugging Face BERT checkpoints onto <see cref="BertModel"/> (and the heads built on it), through an explicit table:
/// one row per Hugging Face key (<c>encoder.layer.3.attention.self.query.weight</c>) naming the model's key
/// (<c>encoder.layer.3/query/kernel</c>) and the layout change (linear weights [out, in] transposed to [in, out]).
/// Task checkpoints prefix the encoder's keys with <c>bert.</c>; both forms load. <c>position_ids</c> buffers are
/// ignored, and LayerNorm's old <c>gamma</c>/<c>beta</c> spellings read as <c>weight</c>/<c>bias</c>.
/// </summary>
public static class BertWeights
{
    /// <summary>The table for <paramref name="config"/>'s encoder: Hugging Face key (without the <c>bert.</c> prefix) → model key and whether it is a linear weight to transpose.</summary>
    public static IReadOnlyList<(string HfKey, string Key, bool Transpose)> EncoderTable(BertConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var rows = new List<(string, string, bool)>
        {
            ("embeddings.word_embeddings.weight", "embeddings/word_embeddings/embeddings", false),
            ("embeddings.position_embeddings.weight", "embeddings/position_embeddings/embeddings", false),
            ("embeddings.token_type_embeddings.weight", "embeddings/token_type_embeddings/embeddings", false),
            ("embeddings.LayerNorm.weight", "embeddings/layer_norm/gamma", false),
            ("embeddings.LayerNorm.bias", "embeddings/layer_norm/beta", false),
        };
        for (int i = 0; i < config.NumHiddenLayers; i++)
        {
            string hf = $"encoder.layer.{i}", ours = $"encoder.layer.{i}";
            void Linear(string hfName, string name)
            {
                rows.Add(($"{hf}.{hfName}.weight", $"{ours}/{name}/kernel", true));
                rows.Add(($"{hf}.{hfName}.bias", $"{ours}/{name}/bias", false));
            }
            void Norm(string hfName, string name)
            {
                rows.Add(($"{hf}.{hfName}.weight", $"{ours}/{name}/gamma", false));
                rows.Add(($"{hf}.{hfName}.bias", $"{ours}/{name}/beta", false));
            }
            Linear("attention.self.query", "query");
            Linear("attention.self.key", "key");
            Linear("attention.self.value", "value");
            Linear("attention.output.dense", "attention_output");
            Norm("attention.output.LayerNorm", "attention_norm");
            Linear("intermediate.dense", "intermediate");
            Linear("output.dense", "output");
            Norm("output.LayerNorm", "output_norm");
        }
        rows.Add(("pooler.dense.weight", "pooler/dense/kernel", true));
        rows.Add(("pooler.dense.bias", "pooler/dense/bias", false));
        return rows;
    }

    /// <summary>
    /// Converts a Hugging Face state dict to the model's keys and layouts through <paramref name="table"/> (rows whose
    /// Hugging Face key carries the checkpoint's own prefix, e.g. <c>bert.</c>); fails listing every missing,
    /// unexpected or mis-shaped key before converting anything. Keys in <paramref name="ignored"/> (task heads the
    /// model lacks) and <c>position_ids</c> buffers are skipped.
    /// </summary>
    /// <exception cref="ArgumentException">The state dict does not fit; the message lists the keys.</exception>
    public static OrderedDictionary<string, Tensor> Convert(Model model, IReadOnlyDictionary<string, Tensor> hfState,
                                                            IReadOnlyList<(string HfKey, string Key, bool Transpose)> table, Func<string, bool>? ignored = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(hfState);
        var state = Normalise(hfState);
        var shapes = model.StateDict();
        try
        {
            var expected = table.Select(r => r.HfKey).ToHashSet(StringComparer.Ordinal);
            var missing = table.Where(r => !state.ContainsKey(r.HfKey)).Select(r => r.HfKey).ToList();
            var unexpected = state.Keys.Where(k => !expected.Contains(k) && !k.EndsWith("position_ids", StringComparison.Ordinal) && !(ignored?.Invoke(k) ?? false)).ToList();
            var mismatched = new List<string>();
            foreach (var (hfKey, key, transpose) in table)
            {
                if (!state.TryGetValue(hfKey, out var t) || !shapes.TryGetValue(key, out var w)) continue;
                var want = transpose ? new Shape(w.Shape[1], w.Shape[0]) : w.Shape;
                if (t.Shape != want) mismatched.Add($"{hfKey} is {t.Shape}, the model needs {want}");
            }
            var problems = new List<string>();
            if (missing.Count > 0) problems.Add($"missing keys ({missing.Count}): {List(missing)}");
            if (unexpected.Count > 0) problems.Add($"unexpected keys ({unexpected.Count}): {List(unexpected)}");
            if (mismatched.Count > 0) problems.Add($"shape mismatches ({mismatched.Count}): {List(mismatched)}");
            if (problems.Count > 0)
                throw new ArgumentException($"Model '{model.Name}': the checkpoint does not fit (another size of BERT?); {string.Join("; ", problems)}.");
            var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (hfKey, key, transpose) in table)
                result.Add(key, transpose ? Ops.Transpose(state[hfKey], [1, 0]) : Ops.StopGradient(state[hfKey]));
            return result;
        }
        finally { foreach (var t in shapes.Values) t.Dispose(); }
    }

    /// <summary>Converts (see <see cref="Convert"/>) and loads into <paramref name="model"/>, all or nothing.</summary>
    public static void Load(Model model, IReadOnlyDictionary<string, Tensor> hfState, IReadOnlyList<(string HfKey, string Key, bool Transpose)> table,
                            Func<string, bool>? ignored = null)
    {
        var converted = Convert(model, hfState, table, ignored);
        try { model.LoadStateDict(converted, strict: true); }
        finally { foreach (var t in converted.Values) t.Dispose(); }
    }

    /// <summary>The encoder table with every Hugging Face key prefixed (<c>bert.</c> in task checkpoints).</summary>
    public static IReadOnlyList<(string HfKey, string Key, bool Transpose)> Prefixed(IReadOnlyList<(string HfKey, string Key, bool Transpose)> table, string prefix) =>
        table.Select(r => (prefix + r.HfKey, r.Key, r.Transpose)).ToList();

    /// <summary>Whether the checkpoint's encoder keys carry the <c>bert.</c> prefix of Hugging Face's task models.</summary>
    public static bool HasBertPrefix(IEnumerable<string> keys) => keys.Any(k => k.StartsWith("bert.", StringComparison.Ordinal));

    // Old checkpoints spell LayerNorm's parameters gamma and beta.
    private static Dictionary<string, Tensor> Normalise(IReadOnlyDictionary<string, Tensor> state) =>
        state.ToDictionary(kv => kv.Key.EndsWith("LayerNorm.gamma", StringComparison.Ordinal) ? kv.Key[..^5] + "weight"
                               : kv.Key.EndsWith("LayerNorm.beta", StringComparison.Ordinal) ? kv.Key[..^4] + "bias" : kv.Key,
                           kv => kv.Value, StringComparer.Ordinal);

    private static string List(List<string> items) => string.Join(", ", items.Take(20)) + (items.Count > 20 ? $", ... ({items.Count - 20} more)" : "");
}
