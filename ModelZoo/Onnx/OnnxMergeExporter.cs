using KerasSharp.Layers;
using static KerasSharp.Onnx.OnnxExportGraph;

namespace KerasSharp.Onnx;

/// <summary>Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate and Dot.</summary>
internal static class OnnxMergeExporter
{
    public static OnnxExportValue Convert(OnnxExportCall c, Merge m)
    {
        var g = c.Graph;
        var s = c.Scope;
        var ins = c.Inputs;
        // Elementwise merges of same-shaped values stay channels-first when every input has that twin and one lacks the model's layout.
        bool sameShapes = ins.All(v => v.Shape.SequenceEqual(ins[0].Shape));
        bool first = sameShapes && ins[0].Rank >= 3 && ins.All(v => v.ChannelsFirst is not null) && ins.Any(v => v.Name is null);
        string[] xs = [.. ins.Select(v => first ? v.ChannelsFirst! : g.Keras(v))];
        OnnxExportValue Result(string y) => first ? new OnnxExportValue(c.OutputShape, c.Outputs[0].DType, null, y) : c.Out(y);
        string Chain(string op) => xs.Skip(1).Aggregate(xs[0], (acc, x) => g.Op(op, s, [acc, x]));
        switch (m)
        {
            case Add: return Result(Chain("Add"));
            case Subtract: return Result(g.Op("Sub", s, [xs[0], xs[1]]));
            case Multiply: return Result(Chain("Mul"));
            case Maximum: return Result(xs.Length == 1 ? xs[0] : g.Op("Max", s, xs));
            case Minimum: return Result(xs.Length == 1 ? xs[0] : g.Op("Min", s, xs));
            case Average: return Result(xs.Length == 1 ? xs[0] : g.Op("Mul", s, [Chain("Add"), g.Scalar(1.0 / xs.Length)]));
            case Concatenate cat: return Concat(c, cat);
            case Dot dot: return Dot(c, dot);
            default: throw c.Unsupported("this merge has no ONNX form in the exporter");
        }
    }

    private static OnnxExportValue Concat(OnnxExportCall c, Concatenate cat)
    {
        var g = c.Graph;
        int r = c.OutputShape.Length, axis = cat.Axis < 0 ? cat.Axis + r : cat.Axis;
        // Channels-last data joined on its channel axis: join the channels-first twins on axis 1 instead.
        if (r >= 3 && axis == r - 1 && c.Inputs.All(v => v.ChannelsFirst is not null && v.Rank == r) && c.Inputs.Any(v => v.Name is null))
            return new OnnxExportValue(c.OutputShape, c.Outputs[0].DType, null, g.Op("Concat", c.Scope, c.Inputs.Select(v => v.ChannelsFirst!), Int("axis", 1)));
        return c.Out(g.Op("Concat", c.Scope, c.Inputs.Select(g.Keras), Int("axis", axis)));
    }

    /// <summary>Keras's batched dot product as one Einsum (each input L2-normalised first when asked).</summary>
    private static OnnxExportValue Dot(OnnxExportCall c, Dot dot)
    {
        var g = c.Graph;
        var s = c.Scope;
        var (x, y) = (c.Inputs[0], c.Inputs[1]);
        int a = dot.Axes[0] < 0 ? dot.Axes[0] + x.Rank : dot.Axes[0];
        int b = dot.Axes[1] < 0 ? dot.Axes[1] + y.Rank : dot.Axes[1];
        string xs = g.Keras(x), ys = g.Keras(y);
        if (dot.Normalize) { xs = L2Normalize(g, s, xs, a); ys = L2Normalize(g, s, ys, b); }
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        var xl = letters[..x.Rank].ToCharArray();
        var yl = new char[y.Rank];
        yl[0] = 'a';
        yl[b] = xl[a];
        for (int i = 1, next = x.Rank; i < y.Rank; i++) if (i != b) yl[i] = letters[next++];
        var output = new string([.. xl.Where((_, i) => i != a), .. yl.Where((_, i) => i != 0 && i != b)]);
        var z = g.Op("Einsum", s, [xs, ys], Str("equation", $"{new string(xl)},{new string(yl)}->{output}"));
        return c.Out(output.Length == 1 ? g.Op("Unsqueeze", s, [z, g.Longs(1)]) : z);
    }

    // x / sqrt(max(sum(x²), 1e-12)), as Keras's l2_normalize.
    private static string L2Normalize(OnnxExportGraph g, string s, string x, int axis)
    {
        var sum = g.Reduce("ReduceSum", s, g.Op("Mul", s, [x, x]), [axis], keepDims: true);
        return g.Op("Div", s, [x, g.Op("Sqrt", s, [g.Op("Max", s, [sum, g.Scalar(1e-12)])])]);
    }
}
