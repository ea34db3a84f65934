namespace KerasSharp.Onnx;

internal static partial class OnnxOperators
{
    private static void AddLinear()
    {
        Add("MatMul", c => Ops.MatMul(c.In(0), c.In(1)));
        Add("Gemm", Gemm);
    }

    // Y = alpha * op(A) @ op(B) + beta * C, op transposing when transA/transB is set; C broadcasts to [M, N].
    private static Tensor Gemm(OnnxCall c)
    {
        var a = c.In(0);
        var b = c.In(1);
        if (a.Rank != 2 || b.Rank != 2) throw c.Fail($"A and B must be matrices, got {a.Shape} and {b.Shape}.");
        if (c.Attributes.Int("transA", 0) != 0) a = Ops.Transpose(a);
        if (c.Attributes.Int("transB", 0) != 0) b = Ops.Transpose(b);
        var y = Ops.MatMul(a, b);
        double alpha = c.Attributes.Float("alpha", 1.0), beta = c.Attributes.Float("beta", 1.0);
        if (alpha != 1.0) y = Ops.MultiplyScalar(y, alpha);
        if (!c.Has(2) || beta == 0.0) return y;
        var bias = c.In(2);
        return Ops.Add(y, beta == 1.0 ? bias : Ops.MultiplyScalar(bias, beta));
    }
}
