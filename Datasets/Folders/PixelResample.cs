using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace KerasSharp.Datasets;

/// <summary>
/// Keras's resize for <c>image_dataset_from_directory</c>: <c>tf.image.resize</c> with half-pixel centres and no
/// antialiasing, "bilinear" or "nearest", from 8-bit pixels straight to float32 values 0-255. Source row y of the
/// window reads <c>rows(window.Y + y)</c>, each row <c>channels</c> bytes a pixel. One pass writes the result: no resized
/// image in between and no separate conversion to floats, so a pipeline worker spends its time decoding.
/// </summary>
internal static class PixelResample
{
    /// <summary>Whether <paramref name="resampler"/> is one this class computes (the others go through ImageSharp's resize).</summary>
    public static bool Supports(IResampler resampler) =>
        ReferenceEquals(resampler, KnownResamplers.Triangle) || ReferenceEquals(resampler, KnownResamplers.NearestNeighbor);

    /// <summary>
    /// Resizes the <paramref name="window"/> of the source (<paramref name="sourceChannels"/> bytes a pixel) to dst
    /// [height, width, channels]: channels = sourceChannels, or 1 with <paramref name="grey"/>, where each
    /// source pixel becomes round(0.299 R + 0.587 G + 0.114 B) before the resize (as decoding to one channel does).
    /// </summary>
    public static void Run<TRows>(scoped ref TRows rows, int sourceChannels, Rectangle window, bool grey, IResampler resampler,
                                  Span<float> dst, int height, int width) where TRows : IPixelRows, allows ref struct
    {
        bool nearest = ReferenceEquals(resampler, KnownResamplers.NearestNeighbor);
        int channels = grey ? 1 : sourceChannels;
        var (x0, x1, xLerp) = Axis(window.Width, width, nearest);
        var (y0, y1, yLerp) = Axis(window.Height, height, nearest);
        // byte offsets of each output column's two source pixels within a row
        for (int ox = 0; ox < width; ox++)
        {
            x0[ox] = (window.X + x0[ox]) * sourceChannels;
            x1[ox] = (window.X + x1[ox]) * sourceChannels;
        }
        for (int oy = 0; oy < height; oy++)
        {
            var top = rows.Row(window.Y + y0[oy]);
            var bottom = rows.Row(window.Y + y1[oy]);
            var outRow = dst.Slice(oy * width * channels, width * channels);
            if (grey) GreyRow(top, bottom, x0, x1, xLerp, yLerp[oy], outRow);
            else ColourRow(top, bottom, x0, x1, xLerp, yLerp[oy], sourceChannels, outRow);
        }
    }

    // tf.image.resize's order of operations: along x on both rows, then along y.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Bilinear(float tl, float tr, float bl, float br, float lx, float ly)
    {
        float t = tl + (tr - tl) * lx;
        float u = bl + (br - bl) * lx;
        return t + (u - t) * ly;
    }

    private static void ColourRow(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, int[] x0, int[] x1, float[] xLerp, float ly, int channels, Span<float> outRow)
    {
        if (channels == 3)   // the common case, unrolled
        {
            for (int ox = 0, at = 0; ox < xLerp.Length; ox++, at += 3)
            {
                int a = x0[ox], b = x1[ox];
                float lx = xLerp[ox];
                outRow[at] = Bilinear(top[a], top[b], bottom[a], bottom[b], lx, ly);
                outRow[at + 1] = Bilinear(top[a + 1], top[b + 1], bottom[a + 1], bottom[b + 1], lx, ly);
                outRow[at + 2] = Bilinear(top[a + 2], top[b + 2], bottom[a + 2], bottom[b + 2], lx, ly);
            }
            return;
        }
        for (int ox = 0, at = 0; ox < xLerp.Length; ox++)
        {
            int a = x0[ox], b = x1[ox];
            float lx = xLerp[ox];
            for (int c = 0; c < channels; c++, at++) outRow[at] = Bilinear(top[a + c], top[b + c], bottom[a + c], bottom[b + c], lx, ly);
        }
    }

    // Grey: each source pixel becomes one value before the resize (as decoding to one channel gives).
    private static void GreyRow(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, int[] x0, int[] x1, float[] xLerp, float ly, Span<float> outRow)
    {
        for (int ox = 0; ox < xLerp.Length; ox++)
            outRow[ox] = Bilinear(Grey(top, x0[ox]), Grey(top, x1[ox]), Grey(bottom, x0[ox]), Grey(bottom, x1[ox]), xLerp[ox], ly);
    }

    private static float Grey(ReadOnlySpan<byte> row, int at) => (float)Math.Round(0.299 * row[at] + 0.587 * row[at + 1] + 0.114 * row[at + 2]);

    // Per output index: the two source indices and the weight of the second (nearest: one index twice, weight 0).
    private static (int[] Lower, int[] Upper, float[] Lerp) Axis(int inSize, int outSize, bool nearest)
    {
        float scale = (float)inSize / outSize;
        var lower = new int[outSize];
        var upper = new int[outSize];
        var lerp = new float[outSize];
        for (int o = 0; o < outSize; o++)
        {
            if (nearest)
            {
                lower[o] = upper[o] = Math.Min((int)MathF.Floor((o + 0.5f) * scale), inSize - 1);
                continue;
            }
            float at = (o + 0.5f) * scale - 0.5f;
            float floor = MathF.Floor(at);
            lower[o] = Math.Max((int)floor, 0);
            upper[o] = Math.Min((int)MathF.Ceiling(at), inSize - 1);
            lerp[o] = at - floor;
        }
        return (lower, upper, lerp);
    }
}

/// <summary>The rows of a decoded image as bytes, by index.</summary>
internal interface IPixelRows
{
    ReadOnlySpan<byte> Row(int y);
}

/// <summary>An ImageSharp image's rows, read in place through its pixel accessor (one buffer or several).</summary>
internal ref struct AccessorRows<TPixel>(PixelAccessor<TPixel> rows) : IPixelRows where TPixel : unmanaged, IPixel<TPixel>
{
    private PixelAccessor<TPixel> _rows = rows;

    public ReadOnlySpan<byte> Row(int y) => MemoryMarshal.AsBytes(_rows.GetRowSpan(y));
}
