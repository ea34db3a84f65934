using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.GpuCheck;

/// <summary>
/// Elementwise GB/s at 64M float32 elements: the device-to-device copy (the card's copy bandwidth), an ILGPU copy
/// kernel and an ILGPU add kernel (what one generated elementwise kernel reaches), and Ops.Add through the public
/// API on Device.Default when the backend can place tensors there (gpu-a's storage; reported as not runnable otherwise).
/// </summary>
internal static class BandwidthCheck
{
    public static void Run(Accelerator accelerator, Peer peer, bool quick)
    {
        int n = quick ? 1 << 20 : 64 << 20;
        using var x = accelerator.Allocate1D<float>(n);
        using var y = accelerator.Allocate1D<float>(n);
        using var z = accelerator.Allocate1D<float>(n);
        x.MemSetToZero();
        y.MemSetToZero();
        var stream = accelerator.DefaultStream;
        var copyKernel = accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>>(Copy);
        var addKernel = accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(Add);
        double bytes2 = 2.0 * 4 * n, bytes3 = 3.0 * 4 * n;
        double memcpy = bytes2 / Timer.SecondsPerCall(stream, () => x.View.CopyTo(stream, y.View)) / 1e9;
        double copy = bytes2 / Timer.SecondsPerCall(stream, () => copyKernel(stream, n, x.View, y.View)) / 1e9;
        double add = bytes3 / Timer.SecondsPerCall(stream, () => addKernel(stream, n, x.View, y.View, z.View)) / 1e9;
        Console.WriteLine($"bandwidth n={n}: device copy={Peer.F(memcpy)} GB/s; ilgpu copy kernel={Peer.F(copy)} GB/s ({Peer.F(copy / memcpy)}x copy); " +
                          $"ilgpu add kernel={Peer.F(add)} GB/s ({Peer.F(add / memcpy)}x copy)");
        Console.WriteLine($"  {peer.Ratio("copy_gbs", memcpy)}; {peer.Ratio("add_gbs", add)}");
        PublicApiAdd(n, peer, memcpy);
    }

    private static void Copy(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = x[i];

    private static void Add(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<float> z) => z[i] = x[i] + y[i];

    // Ops.Add on tensors made on Device.Default (KERASSHARP_DEVICE=cuda:0 in run.sh). The result's first element is
    // read back after each batch of calls, which waits for the queued work on any backend.
    private static void PublicApiAdd(int n, Peer peer, double copyGbs)
    {
        try
        {
            using var a = Ops.Zeros([n]);
            using var b = Ops.Zeros([n]);
            if (a.Device.Type == DeviceType.Cpu)
            {
                Console.WriteLine($"  Ops.Add: not runnable on the GPU here (tensors are placed on {a.Device}: this build has no GPU storage)");
                return;
            }
            void Once()
            {
                using var c = Ops.Add(a, b);
            }
            Once();
            int calls = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < 0.3 || calls < 3)
            {
                Once();
                calls++;
            }
            using (var last = Ops.Add(a, b))
            using (var first = Ops.SliceAxis(last, 0, 0, 1))
                _ = first.ToArray<float>(); // waits for the queued adds
            double gbs = 3.0 * 4 * n * (calls + 1) / clock.Elapsed.TotalSeconds / 1e9;
            Console.WriteLine($"  Ops.Add on {a.Device}: {Peer.F(gbs)} GB/s ({Peer.F(gbs / copyGbs)}x copy; goal 0.7x); {peer.Ratio("add_gbs", gbs)}");
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            Console.WriteLine($"  Ops.Add: not runnable on the GPU here ({e.GetType().Name}: {e.Message})");
        }
    }
}
