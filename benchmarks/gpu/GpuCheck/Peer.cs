using System.Globalization;
using System.Text.Json;

namespace KerasSharp.GpuCheck;

/// <summary>The PyTorch figures peer.py measured on the same GPU (a flat JSON object of name: number), for the ratios.</summary>
internal sealed class Peer
{
    private readonly Dictionary<string, double> _values = [];

    public static Peer Load(string? path)
    {
        var peer = new Peer();
        if (path is null || !File.Exists(path)) return peer;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var p in doc.RootElement.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.Number) peer._values[p.Name] = p.Value.GetDouble();
        return peer;
    }

    public double? this[string name] => _values.TryGetValue(name, out var v) ? v : null;

    /// <summary>"ours/peer = 0.93" or "no peer figure".</summary>
    public string Ratio(string name, double ours) =>
        this[name] is double p && p > 0 ? $"{name}: torch={F(p)} ratio={F(ours / p)}" : $"{name}: no torch figure";

    public static string F(double v) => v.ToString(v >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture);
}
