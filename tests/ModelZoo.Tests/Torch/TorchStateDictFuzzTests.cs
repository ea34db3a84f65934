using KerasSharp.Saving;

namespace KerasSharp.ModelZoo.Tests.Torch;

/// <summary>
/// Damaged torch files (truncated at many offsets, random bytes changed; fixed seeds): reading everything in them
/// either works or fails with <see cref="ModelFileException"/>; no other exception, no hang, no large allocation.
/// </summary>
[TestClass]
public sealed class TorchStateDictFuzzTests
{
    // A hang detector, not a timing check: a case normally takes well under a millisecond.
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

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
        try { Fuzz(original, Path.Combine(dir, fixture), truncations: 150, flips: 300, seed); }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static void Fuzz(byte[] original, string path, int truncations, int flips, int seed)
    {
        File.WriteAllBytes(path, original);
        ReadEverything(path);   // the undamaged file reads

        var random = new Random(seed);
        var cases = new List<(string Label, byte[] Bytes)>();
        for (int i = 0; i < truncations; i++)
        {
            // Every one of the first bytes (the headers), then evenly spread cuts.
            int cut = i < 64 ? i : (int)((long)original.Length * (i - 64) / (truncations - 64));
            cases.Add(($"truncated at {cut}", original[..cut]));
        }
        for (int i = 0; i < flips; i++)
        {
            var bytes = (byte[])original.Clone();
            var changes = new List<string>();
            for (int k = random.Next(1, 5); k > 0; k--)
            {
                int at = random.Next(bytes.Length);
                byte value = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(bytes[at] ^ (1 << random.Next(8)));
                changes.Add($"[{at}]={value}");
                bytes[at] = value;
            }
            cases.Add(($"changed {string.Join(", ", changes)}", bytes));
        }

        var failures = new List<string>();
        int refused = 0;
        foreach (var (label, bytes) in cases)
        {
            File.WriteAllBytes(path, bytes);
            Exception? error = null;
            long allocated = 0;
            var worker = new Thread(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try { ReadEverything(path); }
                catch (Exception e) { error = e; }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            });
            worker.Start();
            if (!worker.Join(HangLimit))
            {
                failures.Add($"{label}: still running after {HangLimit.TotalSeconds} s");
                break;
            }
            if (allocated > AllocationLimit) failures.Add($"{label}: allocated {allocated} bytes reading a {bytes.Length}-byte file");
            if (error is ModelFileException) refused++;
            else if (error is not null) failures.Add($"{label}: {error.GetType().Name}: {error.Message}\n{error.StackTrace}");
        }
        Assert.AreEqual(0, failures.Count, $"{failures.Count} of {cases.Count} cases went wrong:\n" + string.Join("\n\n", failures.Take(5)));
        Assert.IsGreaterThan(cases.Count / 4, refused, "most damaged files should be refused; is the damage reaching the reader?");
    }
}
