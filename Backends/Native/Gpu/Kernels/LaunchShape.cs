using ILGPU;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>Launch-size helpers shared by the kernels.</summary>
internal static class LaunchShape
{
    /// <summary>Threads per group of the one-dimensional element kernels.</summary>
    public const int GroupSize = 256;

    /// <summary>ceil(a / b) for positive b.</summary>
    public static int CeilDiv(long a, int b) => checked((int)((a + b - 1) / b));

    /// <summary>Throws when <paramref name="count"/> does not fit the kernels' 32-bit element indices.</summary>
    public static int Elements(long count, string op)
    {
        if (count < 0 || count > int.MaxValue)
            throw new NotSupportedException($"{op}: {count} elements exceed the GPU kernels' limit of {int.MaxValue} per launch.");
        return (int)count;
    }

    /// <summary>Throws unless T is float or double, naming the op.</summary>
    public static void RequireFloat<T>(string op)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"{op}: the GPU kernel takes float32 or float64, got {typeof(T).Name}.");
    }
}
