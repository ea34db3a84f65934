using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace KerasSharp.ModelZoo;

/// <summary>
/// torchvision's <c>Resize(resizeSize)</c> then <c>CenterCrop(cropSize)</c> on a PIL RGB image, computed for the crop
/// window only: output sizes and crop offsets with torchvision's arithmetic, then PIL's two-pass 8-bit resampling
/// (horizontal pass rounded to bytes, then vertical). Each output pixel depends only on its own index, so skipping
/// the pixels the crop throws away changes no value, and memory stays bounded for very wide or tall images.
/// </summary>
internal static class ResizeCrop
{
    /// <summary>The crop as interleaved RGB bytes, <c>cropSize * cropSize * 3</c>, row-major.</summary>
    public static byte[] Apply(ImageFrame<Rgb24> frame, ImageNetTransform transform)
    {
        int width = frame.Width, height = frame.Height, crop = transform.CropSize;
        var (outWidth, outHeight) = ResizedSize(width, height, transform.ResizeSize);
        var (colFirst, colCount, colDest) = Window(outWidth, crop);
        var (rowFirst, rowCount, rowDest) = Window(outHeight, crop);
        var result = new byte[crop * crop * 3];       // pixels outside the resized image stay 0: CenterCrop's padding
        if (colCount == 0 || rowCount == 0) return result;

        var horizontal = BilinearKernel.Create(width, outWidth, colFirst, colCount);
        var vertical = BilinearKernel.Create(height, outHeight, rowFirst, rowCount);
        int firstRow = vertical.Start[0];
        int rowsUsed = vertical.Start[rowCount - 1] + vertical.Count[rowCount - 1] - firstRow;

        // Horizontal pass over the input rows the vertical pass reads.
        var temp = new byte[(long)rowsUsed * colCount * 3];
        for (int r = 0; r < rowsUsed; r++)
        {
            var row = MemoryMarshal.AsBytes(frame.DangerousGetPixelRowMemory(firstRow + r).Span);
            Resample(row, horizontal, colCount, temp.AsSpan(r * colCount * 3, colCount * 3));
        }

        // Vertical pass, one output row at a time, written straight into the crop.
        int stride = colCount * 3;
        for (int i = 0; i < rowCount; i++)
        {
            int s = vertical.Start[i] - firstRow, n = vertical.Count[i], k = i * vertical.Size;
            var dest = result.AsSpan(((rowDest + i) * crop + colDest) * 3, stride);
            for (int c = 0; c < stride; c++)
            {
                int sum = 1 << (BilinearKernel.PrecisionBits - 1);
                for (int t = 0; t < n; t++) sum += temp[(s + t) * stride + c] * vertical.Weights[k + t];
                dest[c] = BilinearKernel.Clip(sum);
            }
        }
        return result;
    }

    private static void Resample(ReadOnlySpan<byte> row, BilinearKernel kernel, int count, Span<byte> dest)
    {
        var w = kernel.Weights;
        for (int j = 0; j < count; j++)
        {
            int s = kernel.Start[j] * 3, n = kernel.Count[j], k = j * kernel.Size;
            int half = 1 << (BilinearKernel.PrecisionBits - 1);
            int r = half, g = half, b = half;
            for (int t = 0; t < n; t++)
            {
                int p = s + t * 3, wt = w[k + t];
                r += row[p] * wt;
                g += row[p + 1] * wt;
                b += row[p + 2] * wt;
            }
            dest[j * 3] = BilinearKernel.Clip(r);
            dest[j * 3 + 1] = BilinearKernel.Clip(g);
            dest[j * 3 + 2] = BilinearKernel.Clip(b);
        }
    }

    /// <summary>torchvision's size for <c>Resize(size)</c> with one int: the shorter side becomes <paramref name="size"/>,
    /// the longer <c>int(size * long / short)</c> (truncated).</summary>
    internal static (long Width, long Height) ResizedSize(int width, int height, int size)
    {
        int shorter = Math.Min(width, height), longer = Math.Max(width, height);
        long newLong = (long)((double)((long)size * longer) / shorter);
        return width <= height ? (size, newLong) : (newLong, size);
    }

    /// <summary>Along one axis of the resized image (<paramref name="length"/> long): the first resized index the crop
    /// keeps, how many it keeps, and where the first lands in the crop.</summary>
    internal static (long First, int Count, int Dest) Window(long length, int crop)
    {
        // CenterCrop pads a short side with (crop - length) // 2 zeros before it, else starts at
        // int(round((length - crop) / 2)), and Python's round takes a tie to the even neighbour.
        long offset = crop > length ? -((crop - length) / 2) : (long)Math.Round((length - crop) / 2.0, MidpointRounding.ToEven);
        long first = Math.Max(offset, 0), last = Math.Min(offset + crop, length);
        return (first, (int)Math.Max(last - first, 0), (int)(first - offset));
    }
}
