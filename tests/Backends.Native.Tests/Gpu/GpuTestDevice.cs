using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace KerasSharp.Backends.Native.Tests.Gpu;

/// <summary>
/// ILGPU's CPU accelerator standing in for a GPU: the NVIDIA-like kind (warps of 32, groups up to 1024 threads),
/// so the kernels launch with the group sizes they use on a GPU. One per test run; tests keep sizes small.
/// </summary>
internal static class GpuTestDevice
{
    private static readonly Lazy<(Context Context, Accelerator Accelerator)> Emulated = new(() =>
    {
        var context = Context.Create(b => b.CPU(CPUDeviceKind.Nvidia));
        return (context, context.CreateCPUAccelerator(0));
    });

    private static readonly Lazy<(Context Context, Accelerator Accelerator)> Small = new(() =>
    {
        var context = Context.Create(b => b.CPU());
        return (context, context.CreateCPUAccelerator(0));
    });

    /// <summary>The device under test: the emulated GPU, or a real one the GPU check sets.</summary>
    public static Accelerator Accelerator => Override ?? Emulated.Value.Accelerator;

    /// <summary>Set by the GPU check (benchmarks/gpu) to run these tests on a CUDA accelerator.</summary>
    public static Accelerator? Override { get; set; }

    /// <summary>
    /// The least relative tolerance of <see cref="AssertClose"/>: 0 here, where the emulated kernels round as the CPU
    /// does; the GPU check raises it to a few units in the last place, since a GPU compiler may fuse a·b + c.
    /// </summary>
    public static double ToleranceFloor { get; set; }

    /// <summary>ILGPU's default CPU accelerator (groups of at most 16 threads).</summary>
    public static Accelerator SmallGroups => Small.Value.Accelerator;

    /// <summary>A device copy of <paramref name="data"/> (dispose it).</summary>
    public static MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(T[] data, Accelerator? on = null) where T : unmanaged =>
        (on ?? Accelerator).Allocate1D(data.Length == 0 ? new T[1] : data);

    /// <summary>A zeroed device buffer of <paramref name="length"/> elements (at least one).</summary>
    public static MemoryBuffer1D<T, Stride1D.Dense> Zeros<T>(long length, Accelerator? on = null) where T : unmanaged
    {
        var buffer = (on ?? Accelerator).Allocate1D<T>(Math.Max(1, length));
        buffer.MemSetToZero();
        return buffer;
    }

    /// <summary>Waits for the queued work and copies the first <paramref name="length"/> elements back.</summary>
    public static T[] Download<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer, long length) where T : unmanaged
    {
        buffer.Accelerator.Synchronize();
        return buffer.GetAsArray1D()[..(int)length];
    }

    /// <summary>Asserts |expected - actual| &lt;= tol * max(1, |expected|) elementwise, naming the first miss.</summary>
    public static void AssertClose<T>(T[] expected, T[] actual, double tol, string what) where T : unmanaged, IConvertible
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i].ToDouble(null), a = actual[i].ToDouble(null);
            if ((double.IsNaN(e) && double.IsNaN(a)) || e == a) continue;
            double t = Math.Max(tol, typeof(T) == typeof(double) ? ToleranceFloor * 1e-8 : ToleranceFloor);
            Assert.IsTrue(Math.Abs(e - a) <= t * Math.Max(1, Math.Abs(e)), $"{what}: element {i} expected {e} got {a}");
        }
    }
}
