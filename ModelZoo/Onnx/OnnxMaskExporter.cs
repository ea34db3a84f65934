using KerasSharp.Layers;
using static KerasSharp.Onnx.OnnxExportGraph;

namespace KerasSharp.Onnx;

/// <summary>
/// Keras masks through the exported graph, as the layers pass them on: Embedding(maskZero) and Masking make one from
/// the data, elementwise merges AND their inputs' masks, other layers that support masking pass their first input's
/// mask on, the rest end it. MultiHeadAttention and GlobalAveragePooling1D read them.
/// </summary>
internal static class OnnxMaskExporter
{
    /// <summary>The outputs with the mask the layer gives its first output (a value shared with an input is copied when its mask differs).</summary>
    public static OnnxExportValue[] Attach(OnnxExportCall c, OnnxExportValue[] outputs)
    {
        var mask = c.Layer.SupportsMasking ? MaskOf(c) : null;
        var first = outputs[0];
        if (first.Mask == mask) return outputs;
        if (c.Inputs.Contains(first)) first = new OnnxExportValue(first.Shape, first.DType, first.Name, first.ChannelsFirst);
        first.Mask = mask;
        return [first, .. outputs.Skip(1)];
    }

    private static string? MaskOf(OnnxExportCall c)
    {
        var g = c.Graph;
        switch (c.Layer)
        {
            case Embedding { MaskZero: true }:
            {
                var ids = g.Keras(c.Input);
                var zero = c.Input.DType switch
                {
                    DType.Int64 => g.LongScalar(0),
                    DType.Float32 => g.Scalar(0),
                    _ => g.TensorConstant(Ops.Zeros([], c.Input.DType), "zero"),
                };
                return g.Op("Not", c.Scope, [g.Op("Equal", c.Scope, [ids, zero])]);
            }
            case Masking m:
                return g.Op("Cast", c.Scope, [Keep(c, m, keepDims: false)], Int("to", OnnxTensorWriter.ElementType(DType.Bool)));
            case GlobalAveragePooling1D:
                return null; // the steps are gone
            case RNN r:
                return r.ReturnSequences ? c.Input.Mask : null;
            case Bidirectional b:
                return b.ForwardLayer.ReturnSequences ? c.Input.Mask : null;
            case Merge:
            {
                var masks = c.Inputs.Select(v => v.Mask).OfType<string>().ToList();
                return masks.Count == 0 ? null : masks.Skip(1).Aggregate(masks[0], (a, b) => g.Op("And", c.Scope, [a, b]));
            }
            default:
                return c.Input.Mask;
        }
    }

    /// <summary>Masking's keep flags as float32: 1 where some feature of the step differs from the mask value.</summary>
    public static string Keep(OnnxExportCall c, Masking m, bool keepDims)
    {
        var g = c.Graph;
        var differs = g.Op("Cast", c.Scope, [g.Op("Not", c.Scope, [g.Op("Equal", c.Scope, [g.Keras(c.Input), g.Scalar(m.MaskValue)])])],
                           Int("to", OnnxTensorWriter.ElementType(DType.Float32)));
        return g.Reduce("ReduceMax", c.Scope, differs, [c.Input.Rank - 1], keepDims);
    }

    /// <summary>Masking's output: the input with masked steps zeroed.</summary>
    public static OnnxExportValue Masking(OnnxExportCall c, Masking m) =>
        c.Out(c.Graph.Op("Mul", c.Scope, [c.Graph.Keras(c.Input), Keep(c, m, keepDims: true)]));

    /// <summary>GlobalAveragePooling1D over the steps its input's mask keeps (a sample with none kept gives zeros).</summary>
    public static OnnxExportValue MaskedAverage(OnnxExportCall c, GlobalAveragePooling1D p)
    {
        var g = c.Graph;
        var s = c.Scope;
        bool last = p.DataFormat == "channels_last";
        long steps = last ? 1 : 2;
        var m = g.Op("Unsqueeze", s, [g.Op("Cast", s, [c.Input.Mask!], Int("to", OnnxTensorWriter.ElementType(DType.Float32))), g.Longs(last ? 2 : 1)]);
        var total = g.Reduce("ReduceSum", s, g.Op("Mul", s, [g.Keras(c.Input), m]), [steps], p.Keepdims);
        var kept = g.Reduce("ReduceSum", s, m, [steps], p.Keepdims);
        return c.Out(g.Op("Div", s, [total, g.Op("Max", s, [kept, g.Scalar(1)])]));
    }
}
