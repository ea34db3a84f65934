namespace KerasSharp.Onnx;

internal static partial class OnnxOperators
{
    private static void AddSpatial()
    {
        Add("Conv", Conv);
        Add("MaxPool", c => Pool(c, max: true));
        Add("AveragePool", c => Pool(c, max: false));
        Add("GlobalAveragePool", c => Ops.Mean(c.In(0), SpatialAxes(c.In(0)), keepDims: true));
        Add("GlobalMaxPool", c => Ops.Max(c.In(0), SpatialAxes(c.In(0)), keepDims: true));
    }

    private static int[] SpatialAxes(Tensor x) => Enumerable.Range(2, x.Rank - 2).ToArray();

    // Convolution in NCHW (1-D inputs run as 2-D of height 1). Pads are ONNX's [begin..., end...].
    private static Tensor Conv(OnnxCall c)
    {
        var x = c.In(0);
        var w = c.In(1);
        var bias = c.Has(2) ? c.In(2) : null;
        bool oneD = x.Rank == 3;
        if (x.Rank != 4 && !oneD) throw c.Fail($"only 1-D and 2-D convolutions are supported; the input has shape {x.Shape}.");
        if (oneD)
        {
            x = Ops.ExpandDims(x, 2);
            w = Ops.ExpandDims(w, 2);
        }
        int spatial = x.Rank - 2;
        var kernel = new[] { w.Shape[2], w.Shape[3] };
        var strides = Spatial(c, "strides", 1, oneD);
        var dilations = Spatial(c, "dilations", 1, oneD);
        var pads = Pads(c, [x.Shape[2], x.Shape[3]], kernel, strides, dilations, oneD, ceil: false);
        int groups = (int)c.Attributes.Int("group", 1);
        var y = Ops.Conv2d(x, w, bias, strides, "explicit", dilations, groups, [pads[0], pads[2], pads[1], pads[3]]);
        return oneD ? Ops.Squeeze(y, 2) : y;
    }

    // An attribute per spatial axis (default `fallback`), as [h, w]; 1-D nodes get height 1.
    private static int[] Spatial(OnnxCall c, string name, int fallback, bool oneD)
    {
        var v = c.Attributes.Ints(name);
        if (v is null) return [fallback, fallback];
        if (v.Length != (oneD ? 1 : 2)) throw c.Fail($"attribute {name} has {v.Length} values; a {(oneD ? 1 : 2)}-D node needs {(oneD ? 1 : 2)}.");
        return oneD ? [fallback, (int)v[0]] : [(int)v[0], (int)v[1]];
    }

    // Padding as [top, left, bottom, right] from pads or auto_pad (SAME_UPPER puts the odd cell after, SAME_LOWER before).
    private static int[] Pads(OnnxCall c, int[] input, int[] kernel, int[] strides, int[] dilations, bool oneD, bool ceil)
    {
        string auto = c.Attributes.String("auto_pad", "NOTSET");
        if (auto is "SAME_UPPER" or "SAME_LOWER")
        {
            var r = new int[4];
            for (int d = 0; d < 2; d++)
            {
                int outSize = (input[d] + strides[d] - 1) / strides[d];
                int total = Math.Max((outSize - 1) * strides[d] + (kernel[d] - 1) * dilations[d] + 1 - input[d], 0);
                int small = total / 2;
                (r[d], r[d + 2]) = auto == "SAME_UPPER" ? (small, total - small) : (total - small, small);
            }
            return r;
        }
        if (auto is not ("NOTSET" or "VALID" or "")) throw c.Fail($"auto_pad '{auto}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID.");
        var pads = auto == "VALID" ? null : c.Attributes.Ints("pads");
        if (pads is null) return new int[4];
        if (pads.Length != (oneD ? 2 : 4)) throw c.Fail($"pads has {pads.Length} values; a {(oneD ? 1 : 2)}-D node needs {(oneD ? 2 : 4)}.");
        if (pads.Any(p => p < 0)) throw c.Fail($"negative pads [{string.Join(", ", pads)}] are not supported.");
        return oneD ? [0, (int)pads[0], 0, (int)pads[1]] : pads.Select(p => (int)p).ToArray();
    }

    // Max and average pooling with explicit pads and ceil_mode: max pools -inf-padded input; average divides the
    // pooled sum of the zero-padded input by the pooled count of cells that count (real ones, and pads when
    // count_include_pad is set; never the extra cells ceil_mode adds).
    private static Tensor Pool(OnnxCall c, bool max)
    {
        var x = c.In(0);
        bool oneD = x.Rank == 3;
        if (x.Rank != 4 && !oneD) throw c.Fail($"only 1-D and 2-D pooling is supported; the input has shape {x.Shape}.");
        if (max && c.OutputCount > 1) throw c.Fail("the Indices output of MaxPool is not supported.");
        if (oneD) x = Ops.ExpandDims(x, 2);
        var ks = c.Attributes.Ints("kernel_shape") ?? throw c.Fail("attribute kernel_shape is required.");
        int[] kernel = oneD ? [1, (int)ks[0]] : [(int)ks[0], (int)ks[1]];
        var strides = Spatial(c, "strides", 1, oneD);
        var dilations = Spatial(c, "dilations", 1, oneD);
        if (dilations[0] != 1 || dilations[1] != 1) throw c.Fail("dilated pooling is not supported.");
        int[] input = [x.Shape[2], x.Shape[3]];
        var pads = Pads(c, input, kernel, strides, dilations, oneD, ceil: false);
        bool ceil = c.Attributes.Int("ceil_mode", 0) != 0;
        var extra = new int[2];
        for (int d = 0; d < 2; d++)
        {
            int span = input[d] + pads[d] + pads[d + 2] - kernel[d];
            if (span < 0) throw c.Fail($"input {x.Shape} is too small for pool size {kernel[0]}x{kernel[1]}.");
            if (ceil && span % strides[d] != 0)
            {
                int outSize = span / strides[d] + 2;
                // The last window must start inside the input or its left padding (PyTorch's and ONNX Runtime's rule).
                if ((outSize - 1) * strides[d] >= input[d] + pads[d]) outSize--;
                extra[d] = Math.Max((outSize - 1) * strides[d] + kernel[d] - (input[d] + pads[d] + pads[d + 2]), 0);
            }
        }
        bool padded = pads.Any(p => p > 0) || extra.Any(e => e > 0);
        (int, int)[] spec = [(0, 0), (0, 0), (pads[0], pads[2] + extra[0]), (pads[1], pads[3] + extra[1])];
        Tensor y;
        if (max)
        {
            var source = padded ? Ops.Pad(x, spec, double.NegativeInfinity) : x;
            y = Ops.MaxPool2d(source, kernel, strides, "valid");
        }
        else
        {
            var sum = Ops.AvgPool2d(padded ? Ops.Pad(x, spec) : x, kernel, strides, "valid");
            if (padded)
            {
                bool includePad = c.Attributes.Int("count_include_pad", 0) != 0;
                var ones = Ops.OnesLike(Ops.SliceAxis(Ops.SliceAxis(x, 0, 0, 1), 1, 0, 1));   // [1, 1, H, W] beside x
                var counted = includePad
                    ? Ops.Pad(Ops.Pad(ones, [(0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])], 1.0), [(0, 0), (0, 0), (0, extra[0]), (0, extra[1])])
                    : Ops.Pad(ones, spec);
                sum = Ops.Divide(sum, Ops.AvgPool2d(counted, kernel, strides, "valid"));
            }
            y = sum;
        }
        return oneD ? Ops.Squeeze(y, 2) : y;
    }
}
