namespace KerasSharp.Layers;

/// <summary>Axis bookkeeping shared by the normalization and merging layers.</summary>
internal static class AxisMath
{
    /// <summary>0..rank-1 from a possibly negative axis, or an error naming the layer and the shape.</summary>
    public static int Normalize(string layer, int axis, int?[] shape)
    {
        int a = axis < 0 ? axis + shape.Length : axis;
        if (a < 0 || a >= shape.Length)
            throw new ArgumentException($"Layer '{layer}': axis {axis} is out of range for input shape {ShapeText.Format(shape)}.");
        return a;
    }

    /// <summary>A shape of ones with <paramref name="sizes"/> at <paramref name="axes"/>: weights that broadcast over the rest.</summary>
    public static int[] BroadcastShape(int rank, int[] axes, int[] sizes)
    {
        var s = Enumerable.Repeat(1, rank).ToArray();
        for (int i = 0; i < axes.Length; i++) s[axes[i]] = sizes[i];
        return s;
    }
}
