using System.Numerics;

namespace KerasSharp.Backends.Native.Gpu.Memory;

/// <summary>
/// The size classes of the caching allocator: requests round up to 512 bytes, then to a quarter of their power
/// of two (512, 640, 768, 896, 1024, 1280, ...), so a freed block serves every later request of its class and
/// at most a fifth of a block is slack.
/// </summary>
internal static class SizeClasses
{
    /// <summary>The smallest block.</summary>
    public const long MinBytes = 512;

    /// <summary>The class (block size in bytes) that serves a request of <paramref name="bytes"/>.</summary>
    public static long Of(long bytes)
    {
        if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes));
        if (bytes <= MinBytes) return MinBytes;
        long power = 1L << (63 - BitOperations.LeadingZeroCount((ulong)bytes));
        if (power == bytes) return bytes;
        long step = power / 4;
        return (bytes + step - 1) / step * step;
    }
}
