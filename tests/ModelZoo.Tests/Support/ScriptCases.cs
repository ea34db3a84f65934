using System.Security.Cryptography;
using System.Text.Json;
using KerasSharp.Models.Tests.Saving.Formats;

namespace KerasSharp.ModelZoo.Tests;

/// <summary>
/// A PyTorch reference script (copied next to the tests) run once by /usr/bin/python3 into a temporary folder named by
/// the script's hash: it writes cases.json (one entry per case) and any files the cases name.
/// </summary>
internal sealed class ScriptCases(string relativePath, string folderPrefix)
{
    private readonly Lock _gate = new();
    private JsonElement? _cases;

    /// <summary>The folder the script writes into.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), folderPrefix + Convert.ToHexStringLower(
        SHA256.HashData(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, relativePath))))[..16]);

    /// <summary>The case's entry of cases.json, running the script first if its folder has none.</summary>
    public JsonElement Case(string name)
    {
        lock (_gate)
        {
            if (_cases is null)
            {
                if (!File.Exists(Path.Combine(Folder, "cases.json")))
                    Python.RunWith("import torch", "python3-torch", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath)), Folder);
                _cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "cases.json"))).RootElement;
            }
            return _cases.Value.GetProperty(name);
        }
    }

    /// <summary>A JSON array of numbers as floats.</summary>
    public static float[] Floats(JsonElement e) => [.. e.EnumerateArray().Select(v => (float)v.GetDouble())];

    /// <summary>A JSON array of integers.</summary>
    public static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];
}
