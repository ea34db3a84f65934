namespace KerasSharp.Backends.Torch.Tests;

/// <summary>The ELF patcher changes exactly the one flag, is idempotent, and rejects malformed files with a clear error.</summary>
[TestClass]
public sealed class ElfVersionPatcherTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string Packaged() =>
        Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [TestMethod]
    public void PatchSetsOnlyTheWeakFlagAndIsIdempotent()
    {
        var source = Packaged();
        if (!File.Exists(source)) Assert.Inconclusive("TorchSharp's Linux library is not in the NuGet folder: " + source);
        var copy = Path.GetTempFileName();
        try
        {
            File.Copy(source, copy, overwrite: true);
            Assert.IsTrue(ElfVersionPatcher.RequiresStrongly(copy, Version));
            Assert.AreEqual(ElfPatchResult.Patched, ElfVersionPatcher.MarkWeak(copy, Version));
            Assert.IsFalse(ElfVersionPatcher.RequiresStrongly(copy, Version));
            Assert.AreEqual(ElfPatchResult.AlreadyWeak, ElfVersionPatcher.MarkWeak(copy, Version));
            Assert.AreEqual(ElfPatchResult.NotRequired, ElfVersionPatcher.MarkWeak(copy, "GLIBCXX_9.9.99"));
            byte[] a = File.ReadAllBytes(source), b = File.ReadAllBytes(copy);
            Assert.HasCount(a.Length, b);
            var diffs = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToArray();
            Assert.HasCount(1, diffs, "one byte (the low byte of vna_flags) changes");
            Assert.AreEqual(a[diffs[0]] | 2, b[diffs[0]]);
        }
        finally { File.Delete(copy); }
    }

    [TestMethod]
    public void MalformedFilesAreRejectedWithTheirName()
    {
        var source = Packaged();
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, "not an elf file at all, just text padding it out to 64 bytes....."u8.ToArray());
            var e = Assert.ThrowsExactly<InvalidDataException>(() => ElfVersionPatcher.MarkWeak(path, Version));
            StringAssert.Contains(e.Message, path);

            if (File.Exists(source))
            {
                // the header survives but the section table it points to is cut off
                File.WriteAllBytes(path, File.ReadAllBytes(source)[..4096]);
                Assert.ThrowsExactly<InvalidDataException>(() => ElfVersionPatcher.MarkWeak(path, Version));
            }
        }
        finally { File.Delete(path); }
    }
}
