namespace KerasSharp.Models;

/// <summary>Checks the keys of a per-output dictionary given to <c>Compile</c> against the model's output names.</summary>
internal static class OutputNames
{
    public static HashSet<string> Check(string model, IReadOnlyList<string> outputs, IEnumerable<string> keys, string what)
    {
        var set = new HashSet<string>(keys, StringComparer.Ordinal);
        foreach (var key in set)
            if (!outputs.Contains(key))
                throw new ArgumentException($"Model '{model}': the {what} dictionary names output '{key}', but the outputs are {string.Join(", ", outputs.Select(o => $"'{o}'"))}.");
        return set;
    }
}
