using KerasSharp.Layers;
using static KerasSharp.Onnx.OnnxExportGraph;

namespace KerasSharp.Onnx;

/// <summary>Max and average pooling (1-D and 2-D), global pooling and adaptive average pooling, channels-first as ONNX pools.</summary>
internal static class OnnxPoolingExporter
{
    public static OnnxExportValue Pool(OnnxExportCall c, BasePooling p)
    {
        var g = c.Graph;
        bool max = p is MaxPooling1D or MaxPooling2D;
        var x = g.ChannelsFirst(c.Input, p.DataFormat);
        var spatial = OnnxConvExporter.SpatialDims(c.Input.Shape, p.DataFormat);
        var ones = Enumerable.Repeat(1, p.PoolSize.Length).ToArray();
        var pads = OnnxConvExporter.Pads(c, p.Padding, spatial, p.PoolSize, p.Strides, ones);
        // Average pooling leaves padded cells out of the count, as Keras does (count_include_pad = 0, ONNX's default).
        var y = g.Op(max ? "MaxPool" : "AveragePool", c.Scope, [x], [Ints("kernel_shape", p.PoolSize), Ints("strides", p.Strides), .. pads]);
        return c.OutChannelsFirst(y, p.DataFormat);
    }

    public static OnnxExportValue GlobalPool(OnnxExportCall c, BaseGlobalPooling p)
    {
        var g = c.Graph;
        bool max = p is GlobalMaxPooling1D or GlobalMaxPooling2D;
        var v = c.Input;
        if (p.DataFormat == "channels_last" && v.ChannelsFirst is null)
        {
            // channels-last data with no channels-first twin: reduce its spatial axes where it is, rather than transpose
            long[] axes = [.. Enumerable.Range(1, v.Rank - 2).Select(a => (long)a)];
            return c.Out(g.Reduce(max ? "ReduceMax" : "ReduceMean", c.Scope, g.Keras(v), axes, p.Keepdims));
        }
        var y = g.Op(max ? "GlobalMaxPool" : "GlobalAveragePool", c.Scope, [g.ChannelsFirst(v, p.DataFormat)]);
        if (p.Keepdims) return c.OutChannelsFirst(y, p.DataFormat);
        return c.Out(g.Op("Flatten", c.Scope, [y], Int("axis", 1)));
    }

    /// <summary>
    /// Adaptive average pooling: one AveragePool when the sizes divide evenly; otherwise each output cell is the mean
    /// of its rows' means (Slice, ReduceMean, Concat per axis), with the bins PyTorch uses.
    /// </summary>
    public static OnnxExportValue AdaptiveAverage(OnnxExportCall c, AdaptiveAveragePooling2D p)
    {
        var g = c.Graph;
        var s = c.Scope;
        var x = g.ChannelsFirst(c.Input, p.DataFormat);
        var spatial = OnnxConvExporter.SpatialDims(c.Input.Shape, p.DataFormat);
        if (spatial[0] is not int h || spatial[1] is not int w)
            throw c.Unsupported("adaptive pooling needs known spatial sizes for ONNX export; give the Input a fixed height and width");
        int oh = p.OutputSize[0], ow = p.OutputSize[1];
        string y;
        if (h % oh == 0 && w % ow == 0)
        {
            y = h == oh && w == ow ? x : g.Op("AveragePool", s, [x], Ints("kernel_shape", [h / oh, w / ow]), Ints("strides", [h / oh, w / ow]));
            if (y == x) y = g.Op("Identity", s, [x]);
        }
        else y = PoolAxis(g, s, PoolAxis(g, s, x, 2, h, oh), 3, w, ow);
        return c.OutChannelsFirst(y, p.DataFormat);
    }

    private static string PoolAxis(OnnxExportGraph g, string s, string x, int axis, int n, int outSize)
    {
        if (n == outSize) return x;
        var bins = new List<string>();
        for (int i = 0; i < outSize; i++)
        {
            int start = i * n / outSize, end = ((i + 1) * n + outSize - 1) / outSize;
            var slice = g.Op("Slice", s, [x, g.Longs(start), g.Longs(end), g.Longs(axis)]);
            bins.Add(g.Reduce("ReduceMean", s, slice, [axis], keepDims: true));
        }
        return g.Op("Concat", s, bins, Int("axis", axis));
    }
}
