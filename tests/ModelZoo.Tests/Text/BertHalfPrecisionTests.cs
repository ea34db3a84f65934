using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// Checkpoints stored in float16 or bfloat16 load into float32: a BERT from the half-precision file computes exactly
/// what a BERT from a float32 file of the same rounded values computes.
/// </summary>
[TestClass]
public sealed class BertHalfPrecisionTests
{
    [TestMethod]
    [DataRow("F16")]
    [DataRow("BF16")]
    public void HalfPrecisionSafetensors_LoadAsTheirFloat32Values(string dtype)
    {
        var f = BertFixtures.Get();
        var source = Path.Combine(f.Folder, "model.safetensors");
        var half = Folder(f, $"{dtype}-stored", dtype, source, storeHalf: true);
        var rounded = Folder(f, $"{dtype}-rounded", dtype, source, storeHalf: false);
        try
        {
            Tensor[] inputs = [Tensor.FromArray(f.Ids, f.Batch, f.Length), Tensor.FromArray(f.Mask, f.Batch, f.Length), Tensor.FromArray(f.Types, f.Batch, f.Length)];

            var (fromHalf, _) = Bert.FromPretrained(half).Encode(inputs[0], inputs[1], inputs[2]);
            var (fromRounded, _) = Bert.FromPretrained(rounded).Encode(inputs[0], inputs[1], inputs[2]);
            CollectionAssert.AreEqual(fromRounded.ToArray<float>(), fromHalf.ToArray<float>(), $"{dtype}: the stored values, widened exactly");
            // The rounding is real (the test would pass trivially if nothing changed), and small.
            Assert.IsFalse(fromRounded.ToArray<float>().SequenceEqual(f.Hidden), $"{dtype}: rounding changed nothing");
            BertParityTests.AssertCloseWithin(f.Hidden, fromHalf.ToArray<float>(), dtype == "F16" ? 2e-2 : 1e-1, $"{dtype}: near the float32 model");
        }
        finally { Directory.Delete(half, true); Directory.Delete(rounded, true); }
    }

    // The fixture's folder with its weights rounded to dtype, stored as dtype or as float32.
    private static string Folder(BertFixtures.Fixture f, string name, string dtype, string source, bool storeHalf)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ks-bert-{name}-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        foreach (var copied in new[] { "config.json", "vocab.txt" }) File.Copy(Path.Combine(f.Folder, copied), Path.Combine(folder, copied), true);
        var bytes = File.ReadAllBytes(source);
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength))!.AsObject();
        var output = new JsonObject();
        using var data = new MemoryStream();
        foreach (var (key, node) in header)
        {
            if (key == "__metadata__") continue;
            var offsets = node!["data_offsets"]!.AsArray();
            long begin = 8 + headerLength + (long)offsets[0]!, end = 8 + headerLength + (long)offsets[1]!;
            long start = data.Length;
            bool floats = (string)node["dtype"]! == "F32";
            for (long i = begin; i < end; i += floats ? 4 : 1)
            {
                if (!floats) { data.WriteByte(bytes[i]); continue; }
                ushort h = dtype == "F16" ? BitConverter.HalfToUInt16Bits((Half)BitConverter.ToSingle(bytes, (int)i)) : ToBFloat16(BitConverter.ToSingle(bytes, (int)i));
                if (storeHalf) { data.WriteByte((byte)h); data.WriteByte((byte)(h >> 8)); }
                else data.Write(BitConverter.GetBytes(dtype == "F16" ? (float)BitConverter.UInt16BitsToHalf(h) : BitConverter.Int32BitsToSingle(h << 16)));
            }
            output[key] = new JsonObject
            {
                ["dtype"] = floats && storeHalf ? dtype : (string)node["dtype"]!,
                ["shape"] = node["shape"]!.DeepClone(),
                ["data_offsets"] = new JsonArray(start, data.Length),
            };
        }
        var json = Encoding.UTF8.GetBytes(output.ToJsonString());
        using var file = File.Create(Path.Combine(folder, "model.safetensors"));
        file.Write(BitConverter.GetBytes((long)json.Length));
        file.Write(json);
        data.WriteTo(file);
        return folder;
    }

    // float32 to bfloat16, rounding to nearest even as PyTorch does (no NaNs in the fixture).
    private static ushort ToBFloat16(float x)
    {
        uint bits = BitConverter.SingleToUInt32Bits(x);
        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }
}
