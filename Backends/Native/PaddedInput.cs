using System.Runtime.CompilerServices;
namespace KerasSharp.Backends.Native;

/// <summary>
/// A zero-padded copy of an NCHW input: every plane grows by the convolution's padding, so a kernel tap's
/// row segment is a plain contiguous read with no bounds tests. <see cref="Slack"/> elements past the end let
/// vector loads run over the last row (the values read there are never used).
/// </summary>
internal readonly struct PaddedInput<T> where T : unmanaged
{
    /// <summary>Elements after the last plane that whole-vector reads may touch.</summary>
    public const int Slack = 64;

    public readonly T[] Data;
    public readonly int Hp, Wp;

    public int Plane => Hp * Wp;

    private PaddedInput(T[] data, int hp, int wp) => (Data, Hp, Wp) = (data, hp, wp);

    /// <summary>Copies the (n*c) planes of h x w in <paramref name="x"/> into a pooled padded buffer (return it with <see cref="Release"/>).</summary>
    public static PaddedInput<T> Create(T[] x, int planes, int h, int w, in Conv2dGeometry g)
    {
        int hp = h + g.PadTop + g.PadBottom, wp = w + g.PadLeft + g.PadRight;
        var p = new PaddedInput<T>(BufferPool<T>.Rent(planes * hp * wp + Slack), hp, wp);
        int top = g.PadTop, left = g.PadLeft;
        var data = p.Data;
        NativeParallel.For(planes, Math.Max(1, (1 << 14) / Math.Max(1, hp * wp)),
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            for (int plane = s; plane < e; plane++)
            {
                var dst = data.AsSpan(plane * hp * wp, hp * wp);
                dst[..(top * wp)].Clear();
                dst[((top + h) * wp)..].Clear();
                for (int i = 0; i < h; i++)
                {
                    var row = dst.Slice((top + i) * wp, wp);
                    row[..left].Clear();
                    x.AsSpan((plane * h + i) * w, w).CopyTo(row[left..]);
                    row[(left + w)..].Clear();
                }
            }
        });
        data.AsSpan(planes * hp * wp).Clear();
        return p;
    }

    public void Release() => BufferPool<T>.Return(Data);
}
