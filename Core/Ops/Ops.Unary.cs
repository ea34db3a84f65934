using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    private static Tensor UnaryForward(string name, UnaryOp op, Tensor x, bool floatOnly)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (floatOnly && !x.DType.IsFloating()) x = Cast(x, DType.Float32);
        else if (x.DType == DType.Bool && op != UnaryOp.LogicalNot) x = Cast(x, DType.Int32);
        return x.Backend.Unary(op, x);
    }

    /// <summary>Runs a unary primitive and records a backward rule gx = g * derivative(x, result).</summary>
    private static Tensor UnaryWithGrad(string name, UnaryOp op, Tensor x, bool floatOnly, Func<Tensor, Tensor, Tensor, Tensor> backward)
    {
        RefuseStrings(name, x);
        var input = floatOnly && !x.DType.IsFloating() ? Cast(x, DType.Float32) : x;
        var r = UnaryForward(name, op, input, floatOnly);
        if (GradientTape.IsRecording) RecordUnary(r, input, backward);
        return r;
    }

    private static void RecordUnary(Tensor r, Tensor x, Func<Tensor, Tensor, Tensor, Tensor> backward) =>
        Record(r, [x], g => [backward(g, x, r)]);

    /// <summary>-x.</summary>
    public static Tensor Negative(Tensor x) => UnaryWithGrad("negative", UnaryOp.Neg, x, false, static (g, _, _) => Negative(g));

    /// <summary>|x|; the gradient at 0 is 0.</summary>
    public static Tensor Abs(Tensor x) => UnaryWithGrad("abs", UnaryOp.Abs, x, false, static (g, x, _) => Multiply(g, Sign(x)));

    /// <summary>sign(x) in {-1, 0, 1}; its gradient is 0.</summary>
    public static Tensor Sign(Tensor x) => UnaryWithGrad("sign", UnaryOp.Sign, x, false, static (g, _, _) => ZerosLike(g));

    /// <summary>x squared.</summary>
    public static Tensor Square(Tensor x) => UnaryWithGrad("square", UnaryOp.Square, x, false, static (g, x, _) => Multiply(g, MultiplyScalar(x, 2)));

    /// <summary>Square root.</summary>
    public static Tensor Sqrt(Tensor x) => UnaryWithGrad("sqrt", UnaryOp.Sqrt, x, true, static (g, _, r) => Divide(g, MultiplyScalar(r, 2)));

    /// <summary>1/sqrt(x).</summary>
    public static Tensor Rsqrt(Tensor x) => UnaryWithGrad("rsqrt", UnaryOp.Rsqrt, x, true,
        static (g, x, r) => Multiply(g, MultiplyScalar(Divide(r, x), -0.5)));

    /// <summary>1/x.</summary>
    public static Tensor Reciprocal(Tensor x) => UnaryWithGrad("reciprocal", UnaryOp.Reciprocal, x, true,
        static (g, _, r) => Negative(Multiply(g, Square(r))));

    /// <summary>e^x.</summary>
    public static Tensor Exp(Tensor x) => UnaryWithGrad("exp", UnaryOp.Exp, x, true, static (g, _, r) => Multiply(g, r));

    /// <summary>Natural logarithm.</summary>
    public static Tensor Log(Tensor x) => UnaryWithGrad("log", UnaryOp.Log, x, true, static (g, x, _) => Divide(g, x));

    /// <summary>log(1 + x), accurate for small x.</summary>
    public static Tensor Log1p(Tensor x) => UnaryWithGrad("log1p", UnaryOp.Log1p, x, true, static (g, x, _) => Divide(g, AddScalar(x, 1)));

    /// <summary>e^x - 1, accurate for small x.</summary>
    public static Tensor Expm1(Tensor x) => UnaryWithGrad("expm1", UnaryOp.Expm1, x, true, static (g, _, r) => Multiply(g, AddScalar(r, 1)));

    /// <summary>Sine.</summary>
    public static Tensor Sin(Tensor x) => UnaryWithGrad("sin", UnaryOp.Sin, x, true, static (g, x, _) => Multiply(g, Cos(x)));

    /// <summary>Cosine.</summary>
    public static Tensor Cos(Tensor x) => UnaryWithGrad("cos", UnaryOp.Cos, x, true, static (g, x, _) => Negative(Multiply(g, Sin(x))));

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => UnaryWithGrad("tanh", UnaryOp.Tanh, x, true,
        static (g, _, r) => Multiply(g, RSubScalar(1, Square(r))));

    /// <summary>Logistic sigmoid 1/(1+e^-x).</summary>
    public static Tensor Sigmoid(Tensor x) => UnaryWithGrad("sigmoid", UnaryOp.Sigmoid, x, true,
        static (g, _, r) => Multiply(g, Multiply(r, RSubScalar(1, r))));

    /// <summary>max(x, 0); the gradient at 0 is 0.</summary>
    public static Tensor Relu(Tensor x) => UnaryWithGrad("relu", UnaryOp.Relu, x, false, static (g, _, r) => ReluGradient(g, r));

    /// <summary>
    /// g * sign(relu(x)) (the 0/1 mask): one fused pass where the backend has one, unless an outer tape records this
    /// backward (then composed, so it differentiates).
    /// </summary>
    private static Tensor ReluGradient(Tensor g, Tensor r) =>
        !GradientTape.IsRecording && r.DType.IsFloating() && g.DType == r.DType && g.Shape == r.Shape && ReferenceEquals(g.Backend, r.Backend)
        && g.Device == r.Device && FusedKernels.TryGet<Backends.IFusedActivationKernels>(r, out var fused)
            ? fused.ReluGrad(r, g)
            : Multiply(g, Sign(r));

    /// <summary>Gauss error function.</summary>
    public static Tensor Erf(Tensor x) => UnaryWithGrad("erf", UnaryOp.Erf, x, true,
        static (g, x, _) => Multiply(g, MultiplyScalar(Exp(Negative(Square(x))), 2 / Math.Sqrt(Math.PI))));

    /// <summary>Round toward negative infinity (gradient 0; integers pass through).</summary>
    public static Tensor Floor(Tensor x) => Rounding("floor", UnaryOp.Floor, x);

    /// <summary>Round toward positive infinity (gradient 0; integers pass through).</summary>
    public static Tensor Ceil(Tensor x) => Rounding("ceil", UnaryOp.Ceil, x);

    /// <summary>Round half to even (gradient 0; integers pass through).</summary>
    public static Tensor Round(Tensor x) => Rounding("round", UnaryOp.Round, x);

    private static Tensor Rounding(string name, UnaryOp op, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        RefuseStrings(name, x);
        if (!x.DType.IsFloating()) return Reshape(x, x.Shape.ToArray());
        return UnaryWithGrad(name, op, x, false, static (g, _, _) => ZerosLike(g));
    }

    /// <summary>Logical not (non-bool inputs: true where zero).</summary>
    public static Tensor LogicalNot(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var b = x.DType == DType.Bool ? x : NotEqual(x, ZerosLike(x));
        return b.Backend.Unary(UnaryOp.LogicalNot, b);
    }

    /// <summary>Converts to <paramref name="dtype"/>; the gradient flows back between floating types only.</summary>
    public static Tensor Cast(Tensor x, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.DType == dtype) return x;
        if (x.DType == DType.String || dtype == DType.String)
            throw new NotSupportedException($"cast: string tensors hold text and do not cast to or from numbers ({x.DType.Name()} to {dtype.Name()}); " +
                                            "turn text into numbers with StringLookup, Hashing or TextVectorization first.");
        var r = x.Backend.Cast(x, dtype);
        if (GradientTape.IsRecording && x.DType.IsFloating()) RecordCast(r, x);
        return r;
    }

    private static void RecordCast(Tensor r, Tensor x) => Record(r, [x], g => [Cast(g, x.DType)]);

    /// <summary>The same values with no gradient flowing back (the tape treats the result as a constant).</summary>
    public static Tensor StopGradient(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Tensor.ShareStorage(x, x.Shape);
    }
}
