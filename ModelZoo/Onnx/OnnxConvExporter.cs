using KerasSharp.Layers;
using KerasSharp.Onnx.Proto;
using static KerasSharp.Onnx.OnnxExportGraph;

namespace KerasSharp.Onnx;

/// <summary>
/// Conv1D, Conv2D, DepthwiseConv2D, SeparableConv2D and Conv2DTranspose as ONNX Conv/ConvTranspose. ONNX convolves
/// channels-first; a channels-last layer reads its input's channels-first twin, so consecutive layers share the
/// transposes (<see cref="OnnxExportValue"/>). Kernels are stored in ONNX's layout ([out, in/groups, k...]) under
/// their weight paths.
/// </summary>
internal static class OnnxConvExporter
{
    public static OnnxExportValue Convert(OnnxExportCall c, BaseConv conv)
    {
        var g = c.Graph;
        var s = c.Scope;
        var x = g.ChannelsFirst(c.Input, conv.DataFormat);
        var spatial = SpatialDims(c.Input.Shape, conv.DataFormat);
        var attrs = new List<AttributeProto> { Ints("kernel_shape", conv.KernelSize), Ints("strides", conv.Strides), Ints("dilations", conv.DilationRate) };
        string y;
        switch (conv)
        {
            case Conv2DTranspose t:
                y = Transpose(c, t, x, spatial);
                break;
            case SeparableConv2D sep:
            {
                int channels = sep.DepthwiseKernel!.Shape[2];
                var depthwise = g.Op("Conv", s, [x, g.Weight(sep.DepthwiseKernel, sep, DepthwiseOihw)],
                                     [.. attrs, Int("group", channels), .. Pads(c, conv, spatial, conv.KernelSize, conv.Strides, conv.DilationRate)]);
                List<string> pointwise = [depthwise, g.Weight(sep.PointwiseKernel!, sep, k => Ops.Transpose(k, [3, 2, 0, 1]))];
                if (sep.Bias is not null) pointwise.Add(g.Weight(sep.Bias, sep));
                y = g.Op("Conv", s, pointwise, Ints("kernel_shape", [1, 1]));
                break;
            }
            case DepthwiseConv2D dw:
            {
                List<string> inputs = [x, g.Weight(dw.DepthwiseKernel!, dw, DepthwiseOihw)];
                if (dw.Bias is not null) inputs.Add(g.Weight(dw.Bias, dw));
                y = g.Op("Conv", s, inputs, [.. attrs, Int("group", dw.DepthwiseKernel!.Shape[2]), .. Pads(c, conv, spatial, conv.KernelSize, conv.Strides, conv.DilationRate)]);
                break;
            }
            case FilterConv f:
            {
                int r = f.Kernel!.Rank;
                List<string> inputs = [x, g.Weight(f.Kernel, f, k => Ops.Transpose(k, [r - 1, r - 2, .. Enumerable.Range(0, r - 2)]))];
                if (f.Bias is not null) inputs.Add(g.Weight(f.Bias, f));
                y = g.Op("Conv", s, inputs, [.. attrs, Int("group", f.Groups), .. Pads(c, conv, spatial, conv.KernelSize, conv.Strides, conv.DilationRate)]);
                break;
            }
            default:
                throw c.Unsupported("this convolution has no ONNX form in the exporter");
        }
        return OnnxActivationExporter.Apply(c, conv.ActivationName, c.OutChannelsFirst(y, conv.DataFormat), c.OutputShape);
    }

    /// <summary>Keras's depthwise kernel [kh, kw, in, multiplier] as ONNX's grouped [in·multiplier, 1, kh, kw] (channel c·m + j from input c).</summary>
    private static Tensor DepthwiseOihw(Tensor kernel) =>
        Ops.Transpose(Ops.Reshape(kernel, kernel.Shape[0], kernel.Shape[1], 1, kernel.Shape[2] * kernel.Shape[3]), [3, 2, 0, 1]);

    /// <summary>The spatial sizes of a Keras shape (null: known at run time).</summary>
    public static int?[] SpatialDims(int?[] shape, string dataFormat) =>
        dataFormat == "channels_first" ? shape[2..] : shape[1..^1];

    /// <summary>
    /// The pads attribute for Keras's padding: none for "valid", k'−1 before for "causal", and for "same" TensorFlow's
    /// split (the odd cell after) when the sizes are known, else auto_pad SAME_UPPER, which is that split at run time.
    /// </summary>
    public static AttributeProto[] Pads(OnnxExportCall c, string padding, int?[] spatial, int[] kernel, int[] strides, int[] dilation)
    {
        int n = spatial.Length;
        var begin = new long[n];
        var end = new long[n];
        for (int i = 0; i < n; i++)
        {
            int k = (kernel[i] - 1) * dilation[i] + 1;
            switch (padding)
            {
                case "valid":
                    break;
                case "causal":
                    begin[i] = k - 1;
                    break;
                case "same":
                    if (spatial[i] is not int len) return [Str("auto_pad", "SAME_UPPER")];
                    int outLen = (len + strides[i] - 1) / strides[i];
                    int total = Math.Max((outLen - 1) * strides[i] + k - len, 0);
                    begin[i] = total / 2;
                    end[i] = total - total / 2;
                    break;
                default:
                    throw c.Unsupported($"padding \"{padding}\" has no ONNX form");
            }
        }
        return [Ints("pads", [.. begin, .. end])];
    }

    private static AttributeProto[] Pads(OnnxExportCall c, BaseConv conv, int?[] spatial, int[] kernel, int[] strides, int[] dilation) =>
        Pads(c, conv.Padding, spatial, kernel, strides, dilation);

    /// <summary>
    /// ConvTranspose with explicit pads and output_padding that give Keras's output size: the pads of a "same"
    /// convolution from the output back to the input (TensorFlow's split), the rest as output padding.
    /// </summary>
    private static string Transpose(OnnxExportCall c, Conv2DTranspose t, string x, int?[] spatial)
    {
        var g = c.Graph;
        var outSpatial = SpatialDims(c.OutputShape, t.DataFormat);
        var begin = new long[2];
        var end = new long[2];
        var extra = new long[2];
        for (int i = 0; i < 2; i++)
        {
            if (spatial[i] is not int len || outSpatial[i] is not int outLen)
                throw c.Unsupported("a transposed convolution needs known spatial sizes for ONNX export; give the Input a fixed height and width");
            int k = (t.KernelSize[i] - 1) * t.DilationRate[i] + 1, st = t.Strides[i];
            int full = (len - 1) * st + k;
            int total = t.Padding == "same" ? Math.Max(full - outLen, 0) : 0;
            begin[i] = total / 2;
            end[i] = total - total / 2;
            extra[i] = outLen - (full - total);
            if (extra[i] < 0) // more cropping than padding can give: crop at the end as well
            {
                end[i] -= extra[i];
                extra[i] = 0;
            }
        }
        List<string> inputs = [x, g.Weight(t.Kernel!, t, k => Ops.Transpose(k, [3, 2, 0, 1]))];
        if (t.Bias is not null) inputs.Add(g.Weight(t.Bias, t));
        return g.Op("ConvTranspose", c.Scope, inputs, Ints("kernel_shape", t.KernelSize), Ints("strides", t.Strides),
                    Ints("dilations", t.DilationRate), Int("group", t.Groups), Ints("pads", [.. begin, .. end]), Ints("output_padding", extra));
    }
}
