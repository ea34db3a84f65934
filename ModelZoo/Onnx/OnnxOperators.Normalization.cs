namespace KerasSharp.Onnx;

internal static partial class OnnxOperators
{
    private static void AddNormalization()
    {
        Add("BatchNormalization", BatchNormalization);
        Add("LayerNormalization", LayerNormalization);
    }

    // Inference form, with the running statistics: y = (x - mean) * scale / sqrt(var + epsilon) + B, per channel (axis 1).
    private static Tensor BatchNormalization(OnnxCall c)
    {
        if (c.OutputCount > 1) throw c.Fail("the training outputs (running mean and variance) are not supported; export the model in inference mode.");
        if (c.Attributes.Int("training_mode", 0) != 0) throw c.Fail("training_mode=1 is not supported; export the model in inference mode.");
        var x = c.In(0);
        double epsilon = c.Attributes.Float("epsilon", 1e-5);
        Tensor Param(int i)
        {
            var p = c.In(i);
            var shape = new int[x.Rank];
            Array.Fill(shape, 1);
            // spatial=0 (before opset 9) gives per-activation statistics of shape [C, H, W].
            for (int d = 0; d < p.Rank; d++) shape[1 + d] = p.Shape[d];
            return Ops.Reshape(p, shape);
        }
        var factor = Ops.Multiply(Param(1), Ops.Rsqrt(Ops.AddScalar(Param(4), epsilon)));
        return Ops.Add(Ops.Multiply(Ops.Subtract(x, Param(3)), factor), Param(2));
    }

    // Normalises over the axes from `axis` on; Scale and B have the shape of those axes.
    private static Tensor LayerNormalization(OnnxCall c)
    {
        if (c.OutputCount > 1) throw c.Fail("the Mean and InvStdDev outputs are not supported.");
        var x = c.In(0);
        int axis = c.Axis(c.Attributes.Int("axis", -1), x.Rank);
        double epsilon = c.Attributes.Float("epsilon", 1e-5);
        var scale = c.In(1);
        var bias = c.Has(2) ? c.In(2) : null;
        if (axis == x.Rank - 1 && scale.Rank == 1 && (bias is null || bias.Rank == 1))
            return Ops.LayerNorm(x, scale, bias, epsilon);
        var axes = Enumerable.Range(axis, x.Rank - axis).ToArray();
        var mean = Ops.Mean(x, axes, keepDims: true);
        var centred = Ops.Subtract(x, mean);
        var variance = Ops.Mean(Ops.Square(centred), axes, keepDims: true);
        var y = Ops.Multiply(Ops.Multiply(centred, Ops.Rsqrt(Ops.AddScalar(variance, epsilon))), scale);
        return bias is null ? y : Ops.Add(y, bias);
    }
}
