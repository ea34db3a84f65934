using System.Diagnostics;
using ILGPU.Runtime;

namespace KerasSharp.GpuCheck;

/// <summary>Times queued GPU work: one warm-up call, then repeats until at least <c>minSeconds</c> have passed.</summary>
internal static class Timer
{
    public static double SecondsPerCall(AcceleratorStream stream, Action body, double minSeconds = 0.25, int maxCalls = 10_000)
    {
        body();
        stream.Synchronize();
        int calls = 0;
        var clock = Stopwatch.StartNew();
        while (calls < maxCalls)
        {
            body();
            calls++;
            if (calls >= 3 && (calls & (calls - 1)) == 0)
            {
                stream.Synchronize();
                if (clock.Elapsed.TotalSeconds >= minSeconds) break;
            }
        }
        stream.Synchronize();
        return clock.Elapsed.TotalSeconds / calls;
    }
}
