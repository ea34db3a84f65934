using System.Diagnostics;
using System.Globalization;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>cold</c> subcommand: each case's first call in a fresh process (JIT compilation and one-time set-up
/// included) against its warm median, on native and on torch. Every case and backend runs in its own child
/// process, so nothing another case ran has compiled its code already; prints
/// <c>cold op=... native first=.. ms warm=.. ms first/warm=.. torch first=.. ms warm=.. ms first/warm=..</c>.
/// KS_COLD_FILTER, when set, keeps the cases whose label contains it (e.g. <c>predict</c>).
/// </summary>
internal static class ColdBenchmark
{
    /// <summary>The hidden subcommand a child process runs: <c>cold-case &lt;index&gt; &lt;backend&gt; [--quick]</c>.</summary>
    public const string ChildCommand = "cold-case";

    private static readonly string[] Backends = ["native", TorchReference.Name];

    public static void Run(BenchmarkOptions options)
    {
        int threads = BenchmarkOptions.ThreadsFromEnvironment() ?? 1;
        string filter = Environment.GetEnvironmentVariable("KS_COLD_FILTER") ?? "";
        Console.WriteLine($"# cold: first call in a fresh process vs the warm median, threads={threads} (KS_BENCH_THREADS), ms");
        for (int i = 0; i < ColdCases.All.Length; i++)
        {
            if (!ColdCases.All[i].Label.Contains(filter, StringComparison.Ordinal)) continue;
            var parts = new List<string> { "cold", ColdCases.All[i].Label };
            foreach (var backend in Backends)
            {
                var (first, warm) = Spawn(i, backend, options);
                parts.Add($"{backend} first={Ms(first)} ms warm={Ms(warm)} ms first/warm={(first / warm).ToString("F1", CultureInfo.InvariantCulture)}");
            }
            Console.WriteLine(string.Join(' ', parts));
        }
    }

    /// <summary>The child's side: prepares case <paramref name="index"/> on <paramref name="backend"/>, times it, prints <c>first warm</c> in seconds.</summary>
    public static void RunChild(int index, string backend, BenchmarkOptions options)
    {
        int threads = BenchmarkOptions.ThreadsFromEnvironment() ?? 1;
        Backend.Set(backend);
        if (backend == TorchReference.Name) TorchReference.SetThreads(threads);
        else Config.NumThreads = threads;
        var call = ColdCases.All[index].Prepare();
        long start = Stopwatch.GetTimestamp();
        call().Dispose();
        double first = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double warm = Timing.MedianSecondsPerCall(() => call().Dispose(), options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{first:R} {warm:R}"));
    }

    private static (double First, double Warm) Spawn(int index, string backend, BenchmarkOptions options)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        // under `dotnet KerasSharp.Benchmarks.dll` the host needs the assembly; the apphost is the program itself
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(ColdBenchmark).Assembly.Location);
        foreach (var a in new[] { ChildCommand, index.ToString(CultureInfo.InvariantCulture), backend }) start.ArgumentList.Add(a);
        if (options.Quick) start.ArgumentList.Add("--quick");
        using var child = Process.Start(start) ?? throw new InvalidOperationException("cold: could not start a child process.");
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Split(' ');
        if (child.ExitCode != 0 || last is not { Length: 2 })
            throw new InvalidOperationException($"cold: case {index} on {backend} failed (exit code {child.ExitCode}): {output}");
        return (double.Parse(last[0], CultureInfo.InvariantCulture), double.Parse(last[1], CultureInfo.InvariantCulture));
    }

    private static string Ms(double seconds) => (seconds * 1e3).ToString(seconds < 0.01 ? "F3" : "F1", CultureInfo.InvariantCulture);
}
