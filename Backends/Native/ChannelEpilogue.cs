using System.Numerics;
using System.Numerics.Tensors;

namespace KerasSharp.Backends.Native;

/// <summary>
/// The per-channel tail of a fused channels-last op, in place on rows of a [rows, channels] matrix:
/// <c>v = v * scale[j] + shift[j] + residual[i, j]</c> (each optional), then ReLU with <see cref="ReluKernel"/>'s
/// values. Each row segment is still in cache from the GEMM that wrote it.
/// </summary>
internal static unsafe class ChannelEpilogue
{
    /// <summary>Columns [c0, c1) of rows [r0, r1) of y (and of the residual, laid out as y: rows <paramref name="ld"/> apart).</summary>
    public static void Apply<T>(T* y, int ld, int r0, int r1, int c0, int c1, T* scale, T* shift, T* residual, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int len = c1 - c0;
        if (len <= 0) return;
        var s = scale == null ? default : new ReadOnlySpan<T>(scale + c0, len);
        var b = shift == null ? default : new ReadOnlySpan<T>(shift + c0, len);
        for (int r = r0; r < r1; r++)
        {
            var v = new Span<T>(y + (long)r * ld + c0, len);
            if (scale != null) TensorPrimitives.Multiply(v, s, v);
            if (shift != null) TensorPrimitives.Add(v, b, v);
            if (residual != null) TensorPrimitives.Add(v, new ReadOnlySpan<T>(residual + (long)r * ld + c0, len), v);
            if (relu) ReluKernel.Run<T>(v, v);
        }
    }
}
