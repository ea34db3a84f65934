using KerasSharp.Layers;
using static KerasSharp.Onnx.OnnxExportGraph;

namespace KerasSharp.Onnx;

/// <summary>Flatten, Reshape, Permute, RepeatVector, ZeroPadding2D, Cropping2D and UpSampling2D.</summary>
internal static class OnnxReshapeExporter
{
    public static OnnxExportValue Convert(OnnxExportCall c)
    {
        var g = c.Graph;
        var s = c.Scope;
        var v = c.Input;
        switch (c.Layer)
        {
            case Flatten f:
            {
                var x = g.Keras(v);
                if (f.DataFormat == "channels_first" && v.Rank > 2)
                    x = g.Op("Transpose", s, [x], Ints("perm", [0, .. Enumerable.Range(2, v.Rank - 2), 1]));
                return c.Out(v.Rank == 2 ? x : g.Op("Flatten", s, [x], Int("axis", 1)));
            }
            case Reshape r:
                // 0 keeps the batch size (ONNX's copy-from-input, allowzero off).
                return c.Out(g.Reshape(s, g.Keras(v), [0, .. r.TargetShape.Select(d => (long)d)]));
            case Permute p:
                return c.Out(g.Op("Transpose", s, [g.Keras(v)], Ints("perm", [0, .. p.Dims])));
            case RepeatVector rv:
                return c.Out(g.Op("Expand", s, [g.Op("Unsqueeze", s, [g.Keras(v), g.Longs(1)]), g.Longs(1, rv.N, 1)]));
            case ZeroPadding2D z:
            {
                var ((top, bottom), (left, right)) = z.Padding;
                if (UseChannelsFirst(v, z.DataFormat))
                    return c.OutChannelsFirst(g.Op("Pad", s, [v.ChannelsFirst!, g.Longs(0, 0, top, left, 0, 0, bottom, right)]), "channels_last");
                long[] pads = z.DataFormat == "channels_first" ? [0, 0, top, left, 0, 0, bottom, right] : [0, top, left, 0, 0, bottom, right, 0];
                return c.Out(g.Op("Pad", s, [g.Keras(v), g.Longs(pads)]));
            }
            case Cropping2D crop:
            {
                var ((top, bottom), (left, right)) = crop.Cropping;
                static long End(int n) => n == 0 ? long.MaxValue : -n;
                bool first = UseChannelsFirst(v, crop.DataFormat) || crop.DataFormat == "channels_first";
                var x = first ? g.ChannelsFirst(v, crop.DataFormat) : g.Keras(v);
                long[] axes = first ? [2, 3] : [1, 2];
                var y = g.Op("Slice", s, [x, g.Longs(top, left), g.Longs(End(bottom), End(right)), g.Longs(axes)]);
                return first ? c.OutChannelsFirst(y, crop.DataFormat) : c.Out(y);
            }
            case UpSampling2D up:
            {
                var x = g.ChannelsFirst(v, up.DataFormat);
                var scales = g.Floats([1, 1, up.Size[0], up.Size[1]], [4]);
                var y = up.Interpolation == "nearest"
                    ? g.Op("Resize", s, [x, "", scales], Str("mode", "nearest"), Str("coordinate_transformation_mode", "asymmetric"), Str("nearest_mode", "floor"))
                    : up.Interpolation == "bilinear"
                        ? g.Op("Resize", s, [x, "", scales], Str("mode", "linear"), Str("coordinate_transformation_mode", "half_pixel"))
                        : throw c.Unsupported($"interpolation '{up.Interpolation}' has no ONNX form here (nearest and bilinear do)");
                return c.OutChannelsFirst(y, up.DataFormat);
            }
            default:
                throw c.Unsupported("this reshaping layer has no ONNX form in the exporter");
        }
    }

    // A channels-last value held only channels-first: work on the twin rather than transpose back.
    private static bool UseChannelsFirst(OnnxExportValue v, string dataFormat) =>
        dataFormat == "channels_last" && v.Name is null && v.ChannelsFirst is not null;
}
