using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Max pooling with a 2x2 window, stride 2, no padding or dilation (the common CNN downsampling), one plane at a
/// time: two input rows per output row, no range tables. Same rule as the general loop: the first maximum in
/// row-major window order wins, and a NaN wins over numbers.
/// </summary>
internal static class MaxPool2x2
{
    public static bool Applies(PoolOp op, in Conv2dGeometry g) =>
        op == PoolOp.Max && g is { KernelH: 2, KernelW: 2, StrideH: 2, StrideW: 2, PadTop: 0, PadBottom: 0, PadLeft: 0, PadRight: 0, DilationH: 1, DilationW: 1 };

    /// <summary>y plane [oh, ow] from x plane [h, w].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<T>(ReadOnlySpan<T> x, int w, Span<T> y, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < oh; i++)
        {
            var r0 = x.Slice(2 * i * w, w);
            var r1 = x.Slice((2 * i + 1) * w, w);
            var line = y.Slice(i * ow, ow);
            for (int j = 0; j < line.Length; j++)
            {
                int c = 2 * j;
                line[j] = Best(r0[c], r0[c + 1], r1[c], r1[c + 1], out _);
            }
        }
    }

    /// <summary>dx plane (cleared here) gets each output's gradient at its window's maximum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<T>(ReadOnlySpan<T> x, int w, ReadOnlySpan<T> dy, Span<T> dx, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        dx.Clear();
        for (int i = 0; i < oh; i++)
        {
            int o0 = 2 * i * w, o1 = o0 + w;
            var r0 = x.Slice(o0, w);
            var r1 = x.Slice(o1, w);
            var g = dy.Slice(i * ow, ow);
            for (int j = 0; j < g.Length; j++)
            {
                int c = 2 * j;
                Best(r0[c], r0[c + 1], r1[c], r1[c + 1], out int at);
                int cell = at switch { 0 => o0 + c, 1 => o0 + c + 1, 2 => o1 + c, _ => o1 + c + 1 };
                dx[cell] += g[j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Best<T>(T a, T b, T c, T d, out int at) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T best = a;
        at = 0;
        if (Wins(b, best)) { best = b; at = 1; }
        if (Wins(c, best)) { best = c; at = 2; }
        if (Wins(d, best)) { best = d; at = 3; }
        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Wins<T>(T v, T best) where T : unmanaged, IFloatingPointIeee754<T> => v > best || (T.IsNaN(v) && !T.IsNaN(best));
}
