using System.Security.Cryptography;
using KerasSharp.Models.Tests.Saving.Formats;

namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// A small seeded BERT made by bert_reference.py (PyTorch, the published architecture, checked against
/// torch.nn.TransformerEncoderLayer) in Hugging Face's folder layout, with its inputs and outputs; once per test run.
/// </summary>
internal static class BertFixtures
{
    private static readonly string Script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Text", "bert_reference.py"));
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "ks-bert-fixtures-" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Script)))[..16]);
    private static readonly Lock Gate = new();

    public sealed record Fixture(string Folder, long[] Ids, long[] Mask, long[] Types, float[] Hidden, float[] Pooled, float[] MaskedLm, int Batch, int Length);

    public static Fixture Get(string hiddenAct = "gelu")
    {
        lock (Gate)
        {
            var folder = Path.Combine(Root, hiddenAct);
            if (!File.Exists(Path.Combine(folder, "expected.mlm")))
                Python.RunWith("import torch", "python3-torch", Script, folder, hiddenAct);
            var ids = Longs(folder, "ids");
            return new Fixture(folder, ids, Longs(folder, "mask"), Longs(folder, "types"), Floats(folder, "hidden"), Floats(folder, "pooled"),
                               Floats(folder, "mlm"), 2, ids.Length / 2);
        }
    }

    /// <summary>A copy of the fixture's folder holding only <paramref name="weightsFile"/> of its weights files.</summary>
    public static string FolderWith(Fixture f, string weightsFile)
    {
        var copy = Path.Combine(Root, $"{Path.GetFileName(f.Folder)}-{weightsFile}");
        lock (Gate)
        {
            if (Directory.Exists(copy)) return copy;
            var temp = copy + ".part";
            Directory.CreateDirectory(temp);
            foreach (var name in new[] { "config.json", "vocab.txt", weightsFile }) File.Copy(Path.Combine(f.Folder, name), Path.Combine(temp, name), true);
            Directory.Move(temp, copy);
            return copy;
        }
    }

    /// <summary>The reference output named <paramref name="name"/> ("seqcls", "tokcls", "qa").</summary>
    public static float[] Expected(Fixture f, string name) => Floats(f.Folder, name);

    private static long[] Longs(string folder, string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(folder, "expected." + name));
        var v = new long[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, v, 0, bytes.Length);
        return v;
    }

    private static float[] Floats(string folder, string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(folder, "expected." + name));
        var v = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, v, 0, bytes.Length);
        return v;
    }
}
