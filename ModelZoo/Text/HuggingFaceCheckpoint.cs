namespace KerasSharp.ModelZoo;

/// <summary>
/// The weights of a Hugging Face model folder: <c>model.safetensors</c>, a sharded <c>model.safetensors.index.json</c>
/// (its <c>weight_map</c> names the shard of each key), <c>pytorch_model.bin</c> or a sharded
/// <c>pytorch_model.bin.index.json</c>, in that order of preference. float16 and bfloat16 tensors load as float32.
/// </summary>
public static class HuggingFaceCheckpoint
{
    /// <summary>Reads every tensor of the folder's checkpoint, by Hugging Face key.</summary>
    /// <exception cref="ModelFileException">No weights file is there, or one is malformed (the message names it).</exception>
    public static OrderedDictionary<string, Tensor> Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string F(string name) => Path.Combine(folder, name);
        if (File.Exists(F("model.safetensors"))) return SafeTensors.Load(F("model.safetensors"));
        if (File.Exists(F("model.safetensors.index.json"))) return Sharded(F("model.safetensors.index.json"), SafeTensors.Load);
        if (File.Exists(F("pytorch_model.bin"))) return TorchStateDict.Load(F("pytorch_model.bin"));
        if (File.Exists(F("pytorch_model.bin.index.json"))) return Sharded(F("pytorch_model.bin.index.json"), TorchStateDict.Load);
        throw new ModelFileException(folder, null,
            "the folder holds no weights: expected model.safetensors, model.safetensors.index.json, pytorch_model.bin or pytorch_model.bin.index.json.");
    }

    // An index names each key's shard file (in the same folder); every shard is read once and only its listed keys kept.
    private static OrderedDictionary<string, Tensor> Sharded(string index, Func<string, OrderedDictionary<string, Tensor>> read)
    {
        var info = new FileInfo(index);
        if (info.Length > 64 << 20) throw new ModelFileException(index, null, $"an index of {info.Length} bytes is too large.");
        Dictionary<string, object?> json;
        try { json = ConfigJson.ReadObject(File.ReadAllText(index), $"'{index}'"); }
        catch (FormatException e) { throw new ModelFileException(index, null, e.Message, e); }
        if (json.GetValueOrDefault("weight_map") is not Dictionary<string, object?> map)
            throw new ModelFileException(index, null, "the index has no weight_map object.");
        var byShard = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, file) in map)
        {
            if (file is not string name || name.Length == 0 || name != Path.GetFileName(name) || name.Contains(".."))
                throw new ModelFileException(index, key, $"the shard of '{key}' must be a file name in the same folder, got {ConfigJson.Write(file)}.");
            if (!byShard.TryGetValue(name, out var keys)) byShard[name] = keys = [];
            keys.Add(key);
        }
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (shard, keys) in byShard)
            {
                var tensors = read(Path.Combine(Path.GetDirectoryName(index)!, shard));
                foreach (var key in keys)
                {
                    if (!tensors.Remove(key, out var t)) throw new ModelFileException(index, key, $"the index puts '{key}' in {shard}, which does not hold it.");
                    result.Add(key, t);
                }
                foreach (var extra in tensors.Values) extra.Dispose();
            }
            return result;
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
    }
}
