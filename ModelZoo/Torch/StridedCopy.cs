namespace KerasSharp.ModelZoo;

/// <summary>Copies a strided view out of a flat array into a new row-major array.</summary>
internal static class StridedCopy
{
    /// <summary>
    /// The elements of a view with <paramref name="size"/> and <paramref name="stride"/> whose first element is
    /// <paramref name="source"/>[<paramref name="offset"/>], row-major. The view was checked to lie inside the source.
    /// </summary>
    public static Array Gather(Array source, long offset, Shape size, long[] stride, bool contiguous) => source switch
    {
        float[] s => Gather(s, offset, size, stride, contiguous),
        double[] s => Gather(s, offset, size, stride, contiguous),
        int[] s => Gather(s, offset, size, stride, contiguous),
        long[] s => Gather(s, offset, size, stride, contiguous),
        byte[] s => Gather(s, offset, size, stride, contiguous),
        bool[] s => Gather(s, offset, size, stride, contiguous),
        _ => throw new ArgumentException($"No strided copy for {source.GetType().Name}."),
    };

    private static T[] Gather<T>(T[] source, long offset, Shape size, long[] stride, bool contiguous)
    {
        int count = size.Size;
        var result = GC.AllocateUninitializedArray<T>(count);
        if (count == 0) return result;
        if (contiguous || size.Rank == 0)
        {
            source.AsSpan(checked((int)offset), count).CopyTo(result);
            return result;
        }
        int rank = size.Rank, inner = size[rank - 1];
        long innerStride = stride[rank - 1];
        var index = new int[rank - 1];
        long start = offset;
        for (int done = 0; ;)
        {
            // The innermost axis: one block copy when its elements are adjacent.
            if (innerStride == 1) source.AsSpan((int)start, inner).CopyTo(result.AsSpan(done, inner));
            else for (int i = 0; i < inner; i++) result[done + i] = source[start + i * innerStride];
            done += inner;
            // Advance the outer axes like an odometer.
            int axis = rank - 2;
            for (; axis >= 0; axis--)
            {
                start += stride[axis];
                if (++index[axis] < size[axis]) break;
                start -= stride[axis] * size[axis];
                index[axis] = 0;
            }
            if (axis < 0) return result;
        }
    }
}
