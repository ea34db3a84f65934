using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Per-thread packing buffers for GEMM, grown on demand and kept: packing allocates nothing once warm.
/// Arrays live on the pinned heap (no fixed-statement cost, never moved) and the returned pointers are
/// 64-byte aligned so panel loads never split a cache line.
/// </summary>
internal static unsafe class GemmBuffers<T> where T : unmanaged
{
    [ThreadStatic] private static T[]? _a;
    [ThreadStatic] private static T[]? _b;

    /// <summary>This thread's buffer for packed A blocks, at least <paramref name="length"/> elements.</summary>
    public static T* A(int length) => Aligned(ref _a, length);

    /// <summary>This thread's buffer for packed B blocks (the GEMM caller's thread owns it).</summary>
    public static T* B(int length) => Aligned(ref _b, length);

    private static T* Aligned(ref T[]? buffer, int length)
    {
        int pad = 64 / sizeof(T);
        if (buffer == null || buffer.Length < length + pad)
            buffer = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
        nint p = (nint)Unsafe.AsPointer(ref buffer[0]);
        return (T*)((p + 63) & ~(nint)63);
    }
}
