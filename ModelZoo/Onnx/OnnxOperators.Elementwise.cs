namespace KerasSharp.Onnx;

internal static partial class OnnxOperators
{
    private static void AddElementwise()
    {
        Add("Relu", c => Ops.Relu(c.In(0)));
        Add("LeakyRelu", c => Ops.LeakyRelu(c.In(0), c.Attributes.Float("alpha", 0.01)));
        Add("Sigmoid", c => Ops.Sigmoid(c.In(0)));
        Add("Tanh", c => Ops.Tanh(c.In(0)));
        Add("Erf", c => Ops.Erf(c.In(0)));
        Add("Gelu", c => Ops.Gelu(c.In(0), approximate: c.Attributes.String("approximate", "none") == "tanh"));
        Add("Sqrt", c => Ops.Sqrt(c.In(0)));
        Add("Reciprocal", c => Ops.Reciprocal(c.In(0)));
        Add("Neg", c => Ops.Negative(c.In(0)));
        Add("Exp", c => Ops.Exp(c.In(0)));
        Add("Log", c => Ops.Log(c.In(0)));
        Add("Abs", c => Ops.Abs(c.In(0)));
        Add("Identity", c => c.In(0));
        // Dropout is the identity in inference, which is what an exported graph computes; the optional mask output is all true.
        AddMany("Dropout", c => c.OutputCount > 1 ? [c.In(0), Ops.OnesLike(c.In(0), DType.Bool)] : [c.In(0)]);
        Add("Clip", Clip);
        Add("Softmax", c => SoftmaxLike(c, log: false));
        Add("LogSoftmax", c => SoftmaxLike(c, log: true));

        Add("Add", c => Binary(c, Ops.Add));
        Add("Sub", c => Binary(c, Ops.Subtract));
        Add("Mul", c => Binary(c, Ops.Multiply));
        Add("Div", c => Binary(c, (a, b) => a.DType.IsFloating() ? Ops.Divide(a, b) : TruncatedDivide(a, b)));
        Add("Pow", c =>
        {
            var x = c.In(0);
            var y = c.In(1);
            return Ops.Power(x, y.DType == x.DType ? y : Ops.Cast(y, x.DType));
        });
        Add("Equal", c => Binary(c, Ops.Equal));
        Add("Greater", c => Binary(c, Ops.Greater));
        Add("Less", c => Binary(c, Ops.Less));
        Add("Not", c => Ops.LogicalNot(c.In(0)));
        Add("Where", c =>
        {
            var condition = c.In(0);
            if (condition.DType != DType.Bool) condition = Ops.Cast(condition, DType.Bool);
            var (a, b) = Same(c.In(1), c.In(2));
            return Ops.Where(condition, a, b);
        });
        Add("Cast", c => Ops.Cast(c.In(0), DTypeOf(c.Attributes.Int("to", 1), c.Fail)));
    }

    // ONNX's binary ops take operands of one type; the graph's constants sometimes differ only in width.
    private static Tensor Binary(OnnxCall c, Func<Tensor, Tensor, Tensor> op)
    {
        var (a, b) = Same(c.In(0), c.In(1));
        return op(a, b);
    }

    private static (Tensor, Tensor) Same(Tensor a, Tensor b)
    {
        if (a.DType == b.DType) return (a, b);
        var t = DTypes.Promote(a.DType, b.DType);
        return (a.DType == t ? a : Ops.Cast(a, t), b.DType == t ? b : Ops.Cast(b, t));
    }

    // Integer division rounds toward zero in ONNX (as in C).
    private static Tensor TruncatedDivide(Tensor a, Tensor b)
    {
        var q = Ops.Divide(Ops.Cast(a, DType.Float64), Ops.Cast(b, DType.Float64));
        var truncated = Ops.Where(Ops.Less(q, Ops.ZerosLike(q)), Ops.Ceil(q), Ops.Floor(q));
        return Ops.Cast(truncated, a.DType);
    }

    private static Tensor Clip(OnnxCall c)
    {
        var x = c.In(0);
        double min, max;
        if (c.Opset < 11)
        {
            min = c.Attributes.Float("min", double.NegativeInfinity);
            max = c.Attributes.Float("max", double.PositiveInfinity);
        }
        else
        {
            min = c.Has(1) ? c.Value(1).Host.AsDouble()[0] : double.NegativeInfinity;
            max = c.Has(2) ? c.Value(2).Host.AsDouble()[0] : double.PositiveInfinity;
        }
        if (double.IsNegativeInfinity(min) && double.IsPositiveInfinity(max)) return x;
        if (double.IsNegativeInfinity(min)) return Ops.Minimum(x, Ops.FullLike(x, max));
        if (double.IsPositiveInfinity(max)) return Ops.Maximum(x, Ops.FullLike(x, min));
        return Ops.Clip(x, min, max);
    }

    // Before opset 13, (Log)Softmax flattens the input to 2-D at axis (default 1) and normalises the second axis.
    private static Tensor SoftmaxLike(OnnxCall c, bool log)
    {
        var x = c.In(0);
        if (c.Opset >= 13)
        {
            int axis = c.Axis(c.Attributes.Int("axis", -1), x.Rank);
            return log ? Ops.LogSoftmax(x, axis) : Ops.Softmax(x, axis);
        }
        int a = c.Axis(c.Attributes.Int("axis", 1), x.Rank);
        if (a == x.Rank - 1) return log ? Ops.LogSoftmax(x, -1) : Ops.Softmax(x, -1);
        int outer = 1, inner = 1;
        for (int d = 0; d < a; d++) outer *= x.Shape[d];
        for (int d = a; d < x.Rank; d++) inner *= x.Shape[d];
        var flat = Ops.Reshape(x, outer, inner);
        var r = log ? Ops.LogSoftmax(flat, 1) : Ops.Softmax(flat, 1);
        return Ops.Reshape(r, x.Shape.ToArray());
    }
}
