using System.Diagnostics;
using KerasSharp.Backends.Native.Gpu.Cublas;
using KerasSharp.GpuCheck;

// The GPU check (issue 17 item 7). Usage:
//   KerasSharp.GpuCheck [info|parity|gemm|bandwidth|train|all] [--peer peer.json] [--emulated] [--quick]
// --emulated runs on ILGPU's CPU accelerator (to try the harness without a GPU); --quick uses small sizes.
var parts = args.Where(a => !a.StartsWith("--")).ToList();
string command = parts.Count > 0 ? parts[0] : "all";
bool emulated = args.Contains("--emulated"), quick = args.Contains("--quick");
int peerAt = Array.IndexOf(args, "--peer");
var peer = Peer.Load(peerAt >= 0 && peerAt + 1 < args.Length ? args[peerAt + 1] : null);
var clock = Stopwatch.StartNew();
int failures = 0;

if (command is "train")
{
    TrainingCheck.Run(peer, quick);
    return 0;
}

ILGPU.Context context;
ILGPU.Runtime.Accelerator accelerator;
try
{
    (context, accelerator) = Devices.Open(emulated);
}
catch (Exception e)
{
    Console.WriteLine($"no accelerator: {e.GetType().Name}: {e.Message}");
    return 2;
}
using (context)
using (accelerator)
{
    Console.WriteLine($"device: {Devices.Describe(accelerator)}");
    Console.WriteLine(CublasLibrary.Api is { } api ? $"cuBLAS: {api.Name}" : CublasLibrary.LoadError);
    if (command is "parity" or "all") failures += ParitySuite.Run(accelerator);
    if (command is "gemm" or "all") GemmCheck.Run(accelerator, peer, quick);
    if (command is "bandwidth" or "all") BandwidthCheck.Run(accelerator, peer, quick);
}
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F0} s, {failures} parity failure(s)");
return failures == 0 ? 0 : 1;
