using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// The per-channel tail of a fused channels-last op, in place on rows of a [rows, channels] matrix:
/// <c>v = v * scale[j] + shift[j] + residual[i, j]</c> (each optional), then ReLU with <see cref="ReluKernel"/>'s
/// values. Each row segment is still in cache from the GEMM that wrote it; one pass per row applies every term, each
/// rounded on its own (a multiply, then the additions in that order: the values of separate passes).
/// </summary>
internal static unsafe class ChannelEpilogue
{
    /// <summary>Columns [c0, c1) of rows [r0, r1) of y (and of the residual, laid out as y: rows <paramref name="ld"/> apart).</summary>
    // optimised from the first call: a cold Predict runs it over every convolution's output
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<T>(T* y, int ld, int r0, int r1, int c0, int c1, T* scale, T* shift, T* residual, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int len = c1 - c0;
        if (len <= 0) return;
        T* s = scale == null ? null : scale + c0;
        T* b = shift == null ? null : shift + c0;
        int w = Vector<T>.Count;
        for (int r = r0; r < r1; r++)
        {
            T* v = y + (long)r * ld + c0;
            T* res = residual == null ? null : residual + (long)r * ld + c0;
            int j = 0;
            for (; j <= len - w; j += w)
            {
                var x = Vector.Load(v + j);
                if (s != null) x *= Vector.Load(s + j);
                if (b != null) x += Vector.Load(b + j);
                if (res != null) x += Vector.Load(res + j);
                x.Store(v + j);
            }
            for (; j < len; j++)
            {
                T x = v[j];
                if (s != null) x *= s[j];
                if (b != null) x += b[j];
                if (res != null) x += res[j];
                v[j] = x;
            }
            if (relu) ReluKernel.Run<T>(new ReadOnlySpan<T>(v, len), new Span<T>(v, len));
        }
    }
}
