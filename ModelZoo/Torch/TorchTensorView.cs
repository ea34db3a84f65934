namespace KerasSharp.ModelZoo;

/// <summary>
/// A tensor as the pickle rebuilds it: a strided view of a storage (torch's <c>_rebuild_tensor_v2</c> arguments).
/// Nothing is checked when it is made; <see cref="Check"/> does that once the tensor's name is known.
/// </summary>
internal sealed class TorchTensorView(TorchStorageView storage, long offset, long[] size, long[] stride)
{
    /// <summary>The storage (or legacy storage slice) it views.</summary>
    public TorchStorageView Storage { get; } = storage;

    /// <summary>The offset of its first element within <see cref="Storage"/>, in elements.</summary>
    public long Offset { get; } = offset;

    /// <summary>Its size per axis, as the pickle gives it.</summary>
    public long[] Size { get; } = size;

    /// <summary>Its stride per axis, in elements, as the pickle gives it.</summary>
    public long[] Stride { get; } = stride;

    /// <summary>The root storage it reads from.</summary>
    public TorchStorage Root => Storage.Root;

    /// <summary>Offset of its first element in the root storage (valid after <see cref="Check"/>).</summary>
    public long RootOffset => Storage.Offset + Offset;

    /// <summary>Its shape (valid after <see cref="Check"/>).</summary>
    public Shape Shape { get; private set; } = Shape.Scalar;

    /// <summary>Its element count (valid after <see cref="Check"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Elements from its first to its last element, in the storage (0 when it has none; valid after <see cref="Check"/>).</summary>
    public long Span { get; private set; }

    /// <summary>True when its elements lie in row-major order, one after the other (valid after <see cref="Check"/>).</summary>
    public bool IsContiguous { get; private set; }

    /// <summary>
    /// Checks sizes, strides and offset against the storage it views and that it fits one of our arrays. Returns
    /// the problem in words, or null when the view is sound.
    /// </summary>
    public string? Check()
    {
        if (Size.Length != Stride.Length) return $"the size has {Size.Length} axes but the stride {Stride.Length}.";
        if (Size.Length > TorchLimits.MaxRank) return $"the tensor has {Size.Length} axes, over the limit of {TorchLimits.MaxRank}.";
        if (Offset < 0) return $"the storage offset {Offset} is negative.";
        var dims = new int[Size.Length];
        long count = 1;
        Int128 last = Offset;
        for (int i = 0; i < Size.Length; i++)
        {
            if (Size[i] < 0 || Stride[i] < 0) return $"size {Format(Size)} and stride {Format(Stride)} must not be negative.";
            if (Size[i] > int.MaxValue) return $"axis {i} has {Size[i]} elements, more than a tensor can hold.";
            dims[i] = (int)Size[i];
            count *= dims[i];
            if (count > Array.MaxLength) return $"the size {Format(Size)} has more elements than a tensor can hold.";
            if (Size[i] > 0) last += (Int128)(Size[i] - 1) * Stride[i];
        }
        if (count > 0 && last >= Storage.Numel)
            return $"the view (offset {Offset}, size {Format(Size)}, stride {Format(Stride)}) reaches element {last} " +
                   $"of {Root.Label}, which holds {Storage.Numel}.";
        Shape = new Shape(dims);
        Count = (int)count;
        Span = count == 0 ? 0 : (long)(last - Offset + 1);
        IsContiguous = count == 0 || RowMajor(dims, Stride);
        return null;
    }

    private static bool RowMajor(int[] dims, long[] stride)
    {
        long expected = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            if (dims[i] != 1 && stride[i] != expected) return false;
            expected *= dims[i];
        }
        return true;
    }

    private static string Format(long[] values) => "[" + string.Join(",", values) + "]";
}
