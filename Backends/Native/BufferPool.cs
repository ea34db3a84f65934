using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Recycled element arrays of <typeparamref name="T"/>, keyed by exact length. Kernels read an array's
/// <c>Length</c> as the element count, so a rented array is exactly as long as asked; a training loop asks
/// for the same few lengths every step, so exact keys hit as well as size classes would. Arrays come back
/// uninitialised (kernels overwrite their outputs; the ones that accumulate call <see cref="RentZeroed"/>).
/// Thread-safe; retained bytes are capped by <see cref="NativeBufferPool.MaxRetainedBytes"/>.
/// </summary>
internal static class BufferPool<T> where T : unmanaged
{
    private sealed class Bucket
    {
        public readonly Stack<T[]> Arrays = new();
        public long Epoch;
    }

    private static readonly Dictionary<int, Bucket> Buckets = [];
    private static readonly int ElementSize = Unsafe.SizeOf<T>();

    static BufferPool() => NativeBufferPool.Register(Trim);

    /// <summary>An array of exactly <paramref name="length"/> elements with undefined contents.</summary>
    public static T[] Rent(int length)
    {
        if (length <= 0) return [];
        lock (Buckets)
        {
            if (Buckets.TryGetValue(length, out var b) && b.Arrays.TryPop(out var a))
            {
                b.Epoch = NativeBufferPool.Epoch;
                NativeBufferPool.Taken((long)length * ElementSize);
                return Poisoned(a);
            }
        }
        NativeBufferPool.Missed((long)length * ElementSize);
        return Poisoned(GC.AllocateUninitializedArray<T>(length));
    }

    /// <summary>With <see cref="NativeBufferPool.Poison"/> on, fills every rented array with all-ones bytes (NaN, -1, true).</summary>
    private static T[] Poisoned(T[] a)
    {
        if (NativeBufferPool.Poison) MemoryMarshal.AsBytes(a.AsSpan()).Fill(0xFF);
        return a;
    }

    /// <summary>An array of exactly <paramref name="length"/> zeros.</summary>
    public static T[] RentZeroed(int length)
    {
        var a = Rent(length);
        Array.Clear(a);
        return a;
    }

    /// <summary>Takes <paramref name="array"/> back; the caller must hold no other reference to it.</summary>
    public static void Return(T[] array)
    {
        if (array.Length == 0) return;
        long bytes = (long)array.Length * ElementSize;
        NativeBufferPool.Given(bytes);
        if (!NativeBufferPool.TryKeep(bytes)) return; // over the cap: the GC takes it
        lock (Buckets)
        {
            if (!Buckets.TryGetValue(array.Length, out var b)) Buckets[array.Length] = b = new Bucket();
            b.Epoch = NativeBufferPool.Epoch;
            b.Arrays.Push(array);
        }
    }

    /// <summary>Drops the arrays of lengths not used since epoch <paramref name="before"/> (all of them for long.MaxValue).</summary>
    private static void Trim(long before)
    {
        long freed = 0;
        lock (Buckets)
        {
            foreach (var (length, b) in Buckets)
            {
                if (b.Epoch >= before) continue;
                freed += (long)b.Arrays.Count * length * ElementSize;
                b.Arrays.Clear();
            }
            if (before == long.MaxValue) Buckets.Clear();
        }
        NativeBufferPool.Dropped(freed);
    }
}
