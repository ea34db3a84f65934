using KerasSharp.Layers;
using static KerasSharp.Onnx.OnnxExportGraph;

namespace KerasSharp.Onnx;

/// <summary>BatchNormalization (inference: the moving statistics) and LayerNormalization (the op from opset 17, or composed).</summary>
internal static class OnnxNormalizationExporter
{
    public static OnnxExportValue BatchNorm(OnnxExportCall c, BatchNormalization bn)
    {
        var g = c.Graph;
        var s = c.Scope;
        var v = c.Input;
        int r = v.Rank, axis = bn.Axis < 0 ? bn.Axis + r : bn.Axis;
        int channels = bn.MovingMean!.Shape[0];
        string Gamma() => bn.Gamma is null ? g.Floats(Enumerable.Repeat(1f, channels).ToArray(), [channels]) : g.Weight(bn.Gamma, bn);
        string Beta() => bn.Beta is null ? g.Floats(new float[channels], [channels]) : g.Weight(bn.Beta, bn);
        string Norm(string x) => g.Op("BatchNormalization", s, [x, Gamma(), Beta(), g.Weight(bn.MovingMean, bn), g.Weight(bn.MovingVariance!, bn)],
                                      Float("epsilon", bn.Epsilon));
        if (axis == 1) return c.Out(Norm(g.Keras(v)));
        if (axis == r - 1) return new OnnxExportValue(c.OutputShape, v.DType, null, Norm(g.ChannelsFirst(v)));
        // Another axis: (x - mean) / sqrt(var + eps) * gamma + beta with the statistics shaped to broadcast on it.
        var shape = Enumerable.Repeat(1, r - 1).ToArray();
        shape[axis - 1] = channels;
        string Shaped(Variable? w, float fill)
        {
            if (w is not null) return g.Weight(w, bn, t => Ops.Reshape(t, shape));
            return g.Floats(Enumerable.Repeat(fill, channels).ToArray(), [.. shape.Select(d => (long)d)]);
        }
        var x = g.Keras(v);
        var centered = g.Op("Sub", s, [x, Shaped(bn.MovingMean, 0)]);
        var std = g.Op("Sqrt", s, [g.Op("Add", s, [Shaped(bn.MovingVariance, 1), g.Scalar(bn.Epsilon)])]);
        var y = g.Op("Mul", s, [g.Op("Div", s, [centered, std]), Shaped(bn.Gamma, 1)]);
        return c.Out(g.Op("Add", s, [y, Shaped(bn.Beta, 0)]));
    }

    public static OnnxExportValue LayerNorm(OnnxExportCall c, LayerNormalization ln, OnnxExportValue v) =>
        c.Out(LayerNorm(c.Graph, ln, c.Graph.Keras(v), v.Shape, c.Scope));

    /// <summary>
    /// ONNX's LayerNormalization when the axes are the trailing ones and the layer centres (it normalises from its
    /// axis to the end); otherwise mean, variance (or mean square, for RMS scaling) by ReduceMean.
    /// </summary>
    public static string LayerNorm(OnnxExportGraph g, LayerNormalization ln, string x, int?[] shape, string scope)
    {
        int r = shape.Length;
        var axes = ln.Axis.Select(a => a < 0 ? a + r : a).Order().ToArray();
        bool trailing = axes[^1] == r - 1 && axes.Length == axes[^1] - axes[0] + 1;
        var normalized = axes.Select(a => shape[a] ?? throw OnnxExportErrors.Unsupported(ln, "the normalized axes need known sizes")).ToArray();
        if (trailing && !ln.RmsScaling)
        {
            int count = normalized.Aggregate(1, (a, b) => a * b);
            long[] dims = [.. normalized.Select(d => (long)d)];
            var gamma = ln.Gamma is null ? g.Floats(Enumerable.Repeat(1f, count).ToArray(), dims) : g.Weight(ln.Gamma, ln, w => Ops.Reshape(w, normalized));
            List<string> inputs = [x, gamma];
            if (ln.Beta is not null) inputs.Add(g.Weight(ln.Beta, ln, w => Ops.Reshape(w, normalized)));
            return g.Op("LayerNormalization", scope, inputs, Int("axis", axes[0]), Float("epsilon", ln.Epsilon));
        }
        long[] ax = [.. axes.Select(a => (long)a)];
        string y;
        var eps = g.Scalar(ln.Epsilon);
        if (ln.RmsScaling)
        {
            var meanSquare = g.Reduce("ReduceMean", scope, g.Op("Mul", scope, [x, x]), ax, keepDims: true);
            y = g.Op("Div", scope, [x, g.Op("Sqrt", scope, [g.Op("Add", scope, [meanSquare, eps])])]);
        }
        else
        {
            var centered = g.Op("Sub", scope, [x, g.Reduce("ReduceMean", scope, x, ax, keepDims: true)]);
            var variance = g.Reduce("ReduceMean", scope, g.Op("Mul", scope, [centered, centered]), ax, keepDims: true);
            y = g.Op("Div", scope, [centered, g.Op("Sqrt", scope, [g.Op("Add", scope, [variance, eps])])]);
        }
        // gamma and beta broadcast over the non-normalized axes (batch excluded)
        var paramShape = Enumerable.Range(1, r - 1).Select(i => axes.Contains(i) ? shape[i]!.Value : 1).ToArray();
        if (ln.Gamma is not null) y = g.Op("Mul", scope, [y, g.Weight(ln.Gamma, ln, w => Ops.Reshape(w, paramShape))]);
        if (ln.Beta is not null) y = g.Op("Add", scope, [y, g.Weight(ln.Beta, ln, w => Ops.Reshape(w, paramShape))]);
        return y;
    }
}
