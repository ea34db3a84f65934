using System.Diagnostics;
using System.Globalization;
using KerasSharp.Models;
using TorchSharp;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>save</c> subcommand: a ResNet-50-sized model (25.6M parameters, 320 tensors, ~102 MB of float32) saved
/// and loaded as <c>.keras</c>, <c>.weights.h5</c> and <c>.safetensors</c> on the native backend, and the same
/// tensors saved and loaded by TorchSharp's own <c>Module.save</c>/<c>load</c> in the same process. Loads go into an
/// existing model (as TorchSharp's do); <c>Model.Load</c>, which also rebuilds the model, is timed on its own. Each
/// case prints its first call and the median of the warm calls in MB/s, and the ratio to TorchSharp's warm median
/// (higher is better). For the safetensors load it also prints the peak resident memory it added (VmHWM).
/// </summary>
internal static class SaveBenchmark
{
    public static void Run(BenchmarkOptions options)
    {
        int repeats = options.Quick ? 1 : 5;
        TorchReference.SetThreads(BenchmarkOptions.ThreadCounts.Max());   // loads libtorch before TorchSharp's module API is used
        Backend.Set("native");
        Config.SetSeed(1);
        var model = ResNet50Weights.Build();
        long bytes = model.Weights.Sum(w => (long)w.Size * w.DType.SizeOf());
        var dir = Directory.CreateTempSubdirectory("ks-save-bench-").FullName;
        try
        {
            Console.WriteLine($"# save: {model.CountParams():N0} parameters in {model.Weights.Count} tensors, {bytes / 1e6:F1} MB; " +
                              $"first call and warm median of {repeats}, MB/s; ratio = ours / TorchSharp (warm medians, higher is better)");
            string F(string name) => Path.Combine(dir, name);

            using var holder = new TensorHolder(model.Weights.Select(w => TorchReference.Raw(w.To(TorchReference.Backend, w.Device)).detach().clone()));
            var torchSave = Measure(() => holder.save(F("torch.bin")), repeats);
            var torchLoad = Measure(() => holder.load(F("torch.bin")), repeats);
            Print("torchsharp save", torchSave, bytes, null);
            Print("torchsharp load", torchLoad, bytes, null);

            foreach (var (label, file) in new[] { (".keras", "m.keras"), (".weights.h5", "m.weights.h5"), (".safetensors", "m.safetensors") })
            {
                var save = Measure(() => { if (label == ".keras") model.Save(F(file)); else model.SaveWeights(F(file)); }, repeats);
                var load = Measure(() => model.LoadWeights(F(file)), repeats);
                Print($"{label} save", save, bytes, torchSave.Median);
                Print($"{label} load", load, bytes, torchLoad.Median);
            }
            var whole = Measure(() => Model.Load(F("m.keras")), repeats);
            Print("Model.Load (rebuild + load)", whole, bytes, torchLoad.Median);

            var (peak, allocated) = PeakDuring(() => model.LoadWeights(F("m.safetensors")));
            Console.WriteLine($"safetensors load: peak extra resident {peak / 1e6:F1} MB ({peak / (double)bytes:F2}x the weights), " +
                              $"managed allocations {allocated / 1e6:F1} MB ({allocated / (double)bytes:F2}x)");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static (double First, double Median) Measure(Action action, int repeats)
    {
        var clock = Stopwatch.StartNew();
        action();
        double first = clock.Elapsed.TotalSeconds;
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            clock.Restart();
            action();
            times[i] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return (first, times[repeats / 2]);
    }

    private static void Print(string name, (double First, double Median) t, long bytes, double? reference)
    {
        string ratio = reference is double r ? $" ratio={(r / t.Median).ToString("F2", CultureInfo.InvariantCulture)}" : "";
        Console.WriteLine($"{name,-28} first={bytes / 1e6 / t.First,7:F0} MB/s  warm={bytes / 1e6 / t.Median,7:F0} MB/s{ratio}");
    }

    // Peak resident memory added while the action runs (Linux: reset the high-water mark, then read it), and the
    // managed bytes it allocated.
    private static (long Peak, long Allocated) PeakDuring(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long before = Status("VmRSS");
        bool reset = TryResetPeak();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        action();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long peak = reset ? Status("VmHWM") - before : -1;
        return (peak, allocated);
    }

    private static bool TryResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private static long Status(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return -1;
    }

    /// <summary>A TorchSharp module holding the same tensors as parameters, for its own save and load.</summary>
    private sealed class TensorHolder : torch.nn.Module
    {
        public TensorHolder(IEnumerable<torch.Tensor> tensors) : base("holder")
        {
            int i = 0;
            foreach (var t in tensors) register_parameter($"p{i++}", new TorchSharp.Modules.Parameter(t, requires_grad: false));
        }
    }
}
