using System.Security.Cryptography;
using System.Text;
using KerasSharp.Models.Tests.Saving.Formats;

namespace KerasSharp.ModelZoo.Tests.Support;

/// <summary>
/// Reference files made by Debian's PyTorch and torchvision at test time, once per test run: a torchvision model with
/// seeded random weights (batch-norm statistics included), its state dict as safetensors (written from the format's
/// description by the script) and as <c>torch.save</c> files (zip and legacy), a seeded input batch (NCHW) and the
/// logits torchvision computes for it in eval mode.
/// </summary>
internal static class TorchVisionFixtures
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "ks-zoo-fixtures-" + ScriptHash());
    private static readonly Lock Gate = new();

    public sealed record Fixture(string SafeTensors, string TorchZip, string TorchLegacy, float[] Input, int[] InputShape, float[] Logits, int Classes);

    /// <summary>
    /// The fixture of torchvision's <paramref name="architecture"/> ("resnet18", "alexnet", ...) at
    /// <paramref name="size"/>x<paramref name="size"/>; the <c>torch.save</c> files are written only when
    /// <paramref name="torchFiles"/> (they triple the disk a large model takes).
    /// </summary>
    public static Fixture Get(string architecture, int size, int batch = 2, bool torchFiles = false)
    {
        lock (Gate)
        {
            string stem = Path.Combine(Folder, $"{architecture}-{size}-{batch}");
            if (!File.Exists(stem + ".logits") || (torchFiles && !File.Exists(stem + ".legacy.pth")))
            {
                Directory.CreateDirectory(Folder);
                Python.RunWith("import torch, torchvision", "python3-torch python3-torchvision", Script,
                               architecture, size.ToString(), batch.ToString(), stem, torchFiles ? "1" : "0");
            }
            var input = Floats(stem + ".input");
            var logits = Floats(stem + ".logits");
            return new Fixture(stem + ".safetensors", stem + ".zip.pth", stem + ".legacy.pth", input, [batch, 3, size, size], logits, logits.Length / batch);
        }
    }

    private static float[] Floats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    private static string ScriptHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Script)))[..16];

    private const string Script = """
        import json, struct, sys
        import torch, torchvision
        arch, size, batch, stem, torch_files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5] == "1"
        torch.manual_seed(1234)
        model = getattr(torchvision.models, arch)(weights=None)
        with torch.no_grad():
            for m in model.modules():
                if isinstance(m, torch.nn.BatchNorm2d):
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.2, 0.2)
                    m.running_mean.uniform_(-0.2, 0.2)
                    m.running_var.uniform_(0.5, 1.5)
                    m.num_batches_tracked.fill_(7)
        model.eval()
        x = torch.rand(batch, 3, size, size, generator=torch.Generator().manual_seed(99)) * 2 - 1
        with torch.no_grad():
            y = model(x)
        state = model.state_dict()
        header, blobs, offset = {}, [], 0
        for k, v in state.items():
            data = v.contiguous().numpy().tobytes()
            dtype = {torch.float32: "F32", torch.int64: "I64"}[v.dtype]
            header[k] = {"dtype": dtype, "shape": list(v.shape), "data_offsets": [offset, offset + len(data)]}
            blobs.append(data)
            offset += len(data)
        text = json.dumps(header).encode()
        text += b" " * ((8 - (8 + len(text)) % 8) % 8)
        with open(stem + ".safetensors", "wb") as f:
            f.write(struct.pack("<Q", len(text)))
            f.write(text)
            for b in blobs:
                f.write(b)
        if torch_files:
            torch.save(state, stem + ".zip.pth")
            torch.save(state, stem + ".legacy.pth", _use_new_zipfile_serialization=False)
        x.numpy().astype("float32").tofile(stem + ".input")
        y.numpy().astype("float32").tofile(stem + ".logits.tmp")
        import os
        os.replace(stem + ".logits.tmp", stem + ".logits")
        """;
}
