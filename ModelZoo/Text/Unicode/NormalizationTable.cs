using System.Globalization;

namespace KerasSharp.ModelZoo;

/// <summary>
/// The embedded <c>normalization.txt</c> (written by <c>make_normalization_table.py</c>): full canonical decompositions,
/// the pairs that compose, and combining classes.
/// </summary>
internal sealed class NormalizationTable
{
    private const string Resource = "KerasSharp.ModelZoo.Text.normalization.txt";

    private readonly Dictionary<int, int[]> _decompositions = [];
    private readonly Dictionary<long, int> _compositions = [];
    private readonly Dictionary<int, byte> _classes = [];

    /// <summary>The full (recursive) canonical decomposition of <paramref name="codePoint"/>, or null if it has none.</summary>
    public int[]? Decomposition(int codePoint) => _decompositions.GetValueOrDefault(codePoint);

    /// <summary>The canonical combining class of <paramref name="codePoint"/>.</summary>
    public int CombiningClass(int codePoint) => codePoint < 0x300 ? 0 : _classes.GetValueOrDefault(codePoint);

    /// <summary>The primary composite of <paramref name="first"/> and <paramref name="second"/>, if there is one.</summary>
    public bool TryCompose(int first, int second, out int composite) => _compositions.TryGetValue(Key(first, second), out composite);

    /// <summary>Reads the embedded table (once per process, through <see cref="UnicodeNormalization"/>).</summary>
    public static NormalizationTable Load()
    {
        using var stream = typeof(NormalizationTable).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing from the ModelZoo assembly.");
        using var reader = new StreamReader(stream);
        var table = new NormalizationTable();
        var oneLevel = new Dictionary<int, int[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split(' ');
            int[] values = fields.Skip(1).Select(f => int.Parse(f, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
            switch (fields[0])
            {
                case "D" or "X":
                    oneLevel[values[0]] = values[1..];
                    if (fields[0] == "D" && values.Length == 3) table._compositions[Key(values[1], values[2])] = values[0];
                    break;
                case "C":
                    // The class is written in decimal, the code points in hex.
                    byte ccc = byte.Parse(fields[3], CultureInfo.InvariantCulture);
                    for (int cp = values[0]; cp <= values[1]; cp++) table._classes[cp] = ccc;
                    break;
                default:
                    throw new InvalidOperationException($"{Resource}: unknown line '{line}'.");
            }
        }
        foreach (int cp in oneLevel.Keys) table._decompositions[cp] = Expand(cp, oneLevel);
        return table;
    }

    // A part may decompose again (U+1E69 -> U+1E63 U+0307 -> U+0073 U+0323 U+0307); the table holds one level.
    private static int[] Expand(int codePoint, Dictionary<int, int[]> oneLevel)
    {
        var parts = new List<int>();
        foreach (int part in oneLevel[codePoint])
        {
            if (oneLevel.ContainsKey(part)) parts.AddRange(Expand(part, oneLevel));
            else parts.Add(part);
        }
        return [.. parts];
    }

    private static long Key(int first, int second) => ((long)first << 21) | (uint)second;
}
