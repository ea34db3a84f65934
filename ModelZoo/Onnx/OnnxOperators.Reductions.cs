namespace KerasSharp.Onnx;

internal static partial class OnnxOperators
{
    private static void AddReductions()
    {
        // Axes became an input in opset 13 for ReduceSum and in opset 18 for the other reductions.
        Add("ReduceSum", c => Reduce(c, 13, Ops.Sum));
        Add("ReduceMean", c => Reduce(c, 18, Ops.Mean));
        Add("ReduceMax", c => Reduce(c, 18, Ops.Max));
        Add("ReduceMin", c => Reduce(c, 18, Ops.Min));
    }

    private static Tensor Reduce(OnnxCall c, int axesInputSince, Func<Tensor, int[]?, bool, Tensor> reduce)
    {
        var x = c.In(0);
        bool keepDims = c.Attributes.Int("keepdims", 1) != 0;
        var axes = c.IntsFromInputOrAttribute(1, axesInputSince, "axes");
        if (axes is null || axes.Length == 0)
        {
            if (c.Opset >= axesInputSince && c.Attributes.Int("noop_with_empty_axes", 0) != 0) return x;
            axes = Enumerable.Range(0, x.Rank).Select(a => (long)a).ToArray();
        }
        var normalised = axes.Select(a => c.Axis(a, x.Rank)).Distinct().Order().ToArray();
        return reduce(x, normalised, keepDims);
    }
}
