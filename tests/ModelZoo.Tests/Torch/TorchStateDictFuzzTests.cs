using KerasSharp.Models.Tests.Saving.Formats;
using KerasSharp.Saving;

namespace KerasSharp.ModelZoo.Tests.Torch;

/// <summary>
/// Damaged torch files (truncated at many offsets, random bytes changed; fixed seeds): reading everything in them
/// either works or fails with <see cref="ModelFileException"/>; no other exception, no hang, no large allocation.
/// </summary>
[TestClass]
public sealed class TorchStateDictFuzzTests
{
    // The files are a few KiB: a reader that allocates more believed a size the file merely claims.
    private const long AllocationLimit = 32L << 20;

    private static void ReadEverything(string path)
    {
        using var file = TorchStateDict.Open(path);
        foreach (var e in file.Entries) file.Read(e.Name);
        foreach (var t in file.ReadAll().Values) t.Dispose();
    }

    [TestMethod]
    [DataRow("mixed.zip.pth", 21)]
    [DataRow("mixed.legacy.pth", 22)]
    [DataRow("mixed.deflated.pth", 23)]
    [DataRow("mixed.protocol4.pth", 24)]
    public void DamagedFiles_AreRefusedCleanly(string fixture, int seed)
    {
        var original = File.ReadAllBytes(TorchFixtures.File(fixture));
        var dir = Path.Combine(Path.GetTempPath(), $"ks-torch-fuzz-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try { DamagedFiles.AssertRefusedCleanly(original, Path.Combine(dir, fixture), ReadEverything, truncations: 150, flips: 300, seed, AllocationLimit); }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
