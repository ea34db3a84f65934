namespace KerasSharp.Datasets.Tests.Fuzz;

/// <summary>
/// A seeded mutation fuzzer for file parsers: each case changes a good file with one to four mutations (bit flips,
/// "interesting" bytes and 32-bit integers, truncation, deleted, duplicated or inserted ranges), writes it under the
/// format's file name and parses it on its own thread. A case must parse or fail with
/// <see cref="DatasetFormatException"/> naming the file; any other exception, a hang, or an allocation beyond a small
/// multiple of the input fails the run, with the case's seed and mutations to reproduce it.
/// <para>
/// The default test run does a few hundred cases per format. <c>KERASSHARP_FUZZ_CASES=10000</c> (or more) is the long
/// mode, run outside the default suite: <c>KERASSHARP_FUZZ_CASES=10000 dotnet test tests/Datasets.Tests --filter FullyQualifiedName~Fuzz</c>.
/// </para>
/// </summary>
internal static class MutationFuzzer
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);
    private static readonly int[] InterestingInts = [0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, int.MaxValue, int.MinValue, 1 << 30, 0x7FFFFFFE];
    private static readonly byte[] InterestingBytes = [0, 1, 0x7F, 0x80, 0xFF, (byte)'0', (byte)'7', (byte)'(', (byte)')', (byte)','];

    /// <summary>Cases per format: <c>KERASSHARP_FUZZ_CASES</c>, else <paramref name="defaultCases"/>.</summary>
    public static int Cases(int defaultCases) =>
        int.TryParse(Environment.GetEnvironmentVariable("KERASSHARP_FUZZ_CASES"), out int n) && n > 0 ? n : defaultCases;

    public static (byte[] Bytes, string Description) Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        var steps = new List<string>();
        for (int k = random.Next(1, 5); k > 0; k--)
        {
            if (bytes.Count == 0) bytes.Add(0);
            int at = random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); steps.Add($"flip [{at}]"); break;
                case 1: bytes[at] = InterestingBytes[random.Next(InterestingBytes.Length)]; steps.Add($"byte [{at}]={bytes[at]}"); break;
                case 2:
                {
                    int v = InterestingInts[random.Next(InterestingInts.Length)];
                    bool big = random.Next(2) == 0;
                    for (int b = 0; b < 4 && at + b < bytes.Count; b++) bytes[at + b] = (byte)(v >> (big ? 24 - 8 * b : 8 * b));
                    steps.Add($"int [{at}]={v}{(big ? " BE" : " LE")}");
                    break;
                }
                case 3: bytes.RemoveRange(at, bytes.Count - at); steps.Add($"truncate at {at}"); break;
                case 4: { int n = Math.Min(random.Next(1, 64), bytes.Count - at); bytes.RemoveRange(at, n); steps.Add($"delete {n} at {at}"); break; }
                case 5: { int n = Math.Min(random.Next(1, 512), bytes.Count - at); bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, n)); steps.Add($"duplicate {n} from {at}"); break; }
                case 6: { var r = new byte[random.Next(1, 16)]; random.NextBytes(r); bytes.InsertRange(at, r); steps.Add($"insert {r.Length} at {at}"); break; }
                default: { int v = random.Next(); for (int b = 0; b < 4 && at + b < bytes.Count; b++) bytes[at + b] = (byte)(v >> (8 * b)); steps.Add($"random int at {at}"); break; }
            }
        }
        return (bytes.ToArray(), string.Join(", ", steps));
    }

    /// <summary>
    /// Runs <paramref name="cases"/> mutated copies of <paramref name="original"/> through <paramref name="parse"/>
    /// (which gets the path of the file to read). Returns how many were refused.
    /// </summary>
    public static int Run(string format, byte[] original, string fileName, Action<string> parse, int cases, int seed)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ks-fuzz-{format}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        try
        {
            File.WriteAllBytes(path, original);
            parse(path);   // the good file parses
            var failures = new List<string>();
            int refused = 0;
            for (int c = 0; c < cases && failures.Count < 5; c++)
            {
                var random = new Random(HashCode.Combine(seed, c));
                var (bytes, description) = Mutate(original, random);
                File.WriteAllBytes(path, bytes);
                Exception? error = null;
                long allocated = 0;
                var worker = new Thread(() =>
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    try
                    {
                        using var scope = new TensorScope();   // parsed tensors are freed with the case
                        parse(path);
                    }
                    catch (Exception e) { error = e; }
                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                }, 16 << 20);
                worker.Start();
                if (!worker.Join(HangLimit))
                {
                    failures.Add($"case {c} ({description}): still running after {HangLimit.TotalSeconds} s");
                    break;
                }
                long limit = (8L << 20) + 64L * bytes.Length;
                if (allocated > limit) failures.Add($"case {c} ({description}): allocated {allocated} bytes for a {bytes.Length}-byte file");
                if (error is DatasetFormatException f)
                {
                    refused++;
                    if (!f.Message.Contains(path, StringComparison.Ordinal)) failures.Add($"case {c} ({description}): the message does not name the file: {f.Message}");
                }
                else if (error is not null) failures.Add($"case {c} ({description}): {error.GetType().Name}: {error.Message}\n{error.StackTrace}");
            }
            Assert.AreEqual(0, failures.Count, $"{format}, seed {seed}: {failures.Count} case(s) went wrong:\n" + string.Join("\n\n", failures));
            return refused;
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
