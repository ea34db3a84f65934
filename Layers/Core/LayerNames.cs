using System.Text.RegularExpressions;

namespace KerasSharp.Layers;

/// <summary>Keras-style unique layer names: "dense", "dense_1", "dense_2", ... per base name.</summary>
public static partial class LayerNames
{
    private static readonly Dictionary<string, int> Counters = [];
    private static readonly Lock Gate = new();

    /// <summary>The next unique name for <paramref name="baseName"/>.</summary>
    public static string Unique(string baseName)
    {
        lock (Gate)
        {
            Counters.TryGetValue(baseName, out int n);
            Counters[baseName] = n + 1;
            return n == 0 ? baseName : $"{baseName}_{n}";
        }
    }

    /// <summary>Forgets every name handed out (Keras's clear_session), so numbering restarts.</summary>
    public static void Reset()
    {
        lock (Gate) Counters.Clear();
    }

    /// <summary>Keras's snake_case of a class name: Dense → dense, Conv2D → conv2d, BatchNormalization → batch_normalization, ReLU → re_lu.</summary>
    public static string SnakeCase(string className)
    {
        var s = WordStart().Replace(className, "$1_$2");
        return LowerUpper().Replace(s, "$1_$2").ToLowerInvariant();
    }

    [GeneratedRegex("(.)([A-Z][a-z]+)")]
    private static partial Regex WordStart();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex LowerUpper();
}
