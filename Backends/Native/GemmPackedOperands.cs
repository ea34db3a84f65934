using System.Numerics;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Packed right-hand operands kept between products: a layer's weights, read unchanged by every inference call.
/// With few rows (a Dense layer at batch 1, BERT's 128 tokens) the GEMM reads A in place but packs B on every call,
/// and for a weight of k·n elements that packing is a pass over k·n reads and writes against only 2·m·k·n flops.
/// Tensors never change, so a storage's packing stays valid until the storage is freed
/// (<see cref="HostStorage{T}.PackedOperand"/>). The first product that reads a storage as B in a layout only counts
/// it, so a tensor read once (an activation, a weight in a training step, which gets a new storage at each update)
/// costs nothing extra; the second packs it and keeps the panels. The kept panels are bounded by
/// <see cref="BudgetBytes"/> over the process; past it products pack as before.
/// </summary>
internal static class GemmPackedOperands
{
    /// <summary>The most bytes of kept panels at once (about a BERT-base's dense weights twice over).</summary>
    public const long BudgetBytes = 1L << 30;

    private static long _bytes;

    /// <summary>Bytes of packed panels kept now.</summary>
    public static long KeptBytes => Interlocked.Read(ref _bytes);

    private abstract class Entry
    {
        public long Bytes;
    }

    private sealed class Entry<T>(int k, int n, int bRow, int bCol) : Entry where T : unmanaged, IFloatingPointIeee754<T>
    {
        public readonly (int K, int N, int BRow, int BCol) Layout = (k, n, bRow, bCol);
        public GemmPackedB<T>? Packed;
    }

    /// <summary>
    /// The kept packing of <paramref name="storage"/> as B (B(p, j) = data[p*bRow + j*bCol], k x n) in the GEMM's
    /// direct-path slices, packing it now if this is the second product that reads it so; null on a first read, a
    /// layout other than the one counted, or a full budget.
    /// </summary>
    public static GemmPackedB<T>? Get<T>(HostStorage<T> storage, int k, int n, int bRow, int bCol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (storage.PackedOperand is not Entry<T> entry || entry.Layout != (k, n, bRow, bCol))
        {
            storage.PackedOperand = new Entry<T>(k, n, bRow, bCol);   // counted; a race only delays the packing
            return null;
        }
        if (entry.Packed is { } kept) return kept;
        lock (entry)
        {
            if (entry.Packed is not null) return entry.Packed;
            long bytes = (long)k * n * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            if (Interlocked.Add(ref _bytes, bytes) > BudgetBytes)
            {
                Interlocked.Add(ref _bytes, -bytes);
                return null;
            }
            entry.Bytes = bytes;
            entry.Packed = new GemmPackedB<T>(k, n, storage.Data, 0, bRow, bCol, Gemm.DirectSliceDepth(k));
            return entry.Packed;
        }
    }

    /// <summary>Returns a freed storage's kept bytes to the budget.</summary>
    public static void Release(object? entry)
    {
        if (entry is Entry { Bytes: > 0 } kept) Interlocked.Add(ref _bytes, -kept.Bytes);
    }
}
