using KerasSharp.Saving;

namespace KerasSharp.Models.Tests.Saving.Formats;

/// <summary>
/// The damaged-file check shared by the format readers' fuzz tests: copies of a good file truncated at many offsets
/// (every one of the first 64 bytes, where the headers are, then evenly spread cuts) and with random bytes changed
/// (fixed seed), each read in full on its own thread. Every case must read or fail with
/// <see cref="ModelFileException"/>: no other exception, no hang, no allocation beyond the limit.
/// </summary>
internal static class DamagedFiles
{
    // A hang detector, not a timing check: a case normally takes milliseconds.
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    /// <summary>Writes <paramref name="original"/> and its damaged copies to <paramref name="path"/> in turn and reads each with <paramref name="readAll"/>.</summary>
    public static void AssertRefusedCleanly(byte[] original, string path, Action<string> readAll, int truncations, int flips, int seed,
                                            long allocationLimit)
    {
        File.WriteAllBytes(path, original);
        readAll(path);   // the undamaged file reads

        var random = new Random(seed);
        var cases = new List<(string Label, byte[] Bytes)>();
        for (int i = 0; i < truncations; i++)
        {
            // Evenly spread cuts, plus every one of the first bytes where the headers are.
            int cut = i < 64 ? i : (int)((long)original.Length * (i - 64) / Math.Max(1, truncations - 64));
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
                try { readAll(path); }
                catch (Exception e) { error = e; }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            });
            worker.Start();
            if (!worker.Join(HangLimit))
            {
                failures.Add($"{label}: still running after {HangLimit.TotalSeconds} s");
                break;
            }
            if (allocated > allocationLimit) failures.Add($"{label}: allocated {allocated} bytes reading a {bytes.Length}-byte file");
            if (error is ModelFileException) refused++;
            else if (error is not null) failures.Add($"{label}: {error.GetType().Name}: {error.Message}\n{error.StackTrace}");
        }
        Assert.AreEqual(0, failures.Count, $"{failures.Count} of {cases.Count} cases went wrong:\n" + string.Join("\n\n", failures.Take(5)));
        Assert.IsGreaterThan(cases.Count / 4, refused, "most damaged files should be refused; is the damage reaching the reader?");
    }
}
