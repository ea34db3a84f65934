using KerasSharp.Backends;
namespace KerasSharp;

public static partial class Ops
{
    /// <summary>Softmax along <paramref name="axis"/>.</summary>
    public static Tensor Softmax(Tensor x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!x.DType.IsFloating()) x = Cast(x, DType.Float32);
        int a = NormalizeAxis("softmax", axis, x.Rank, x.Shape);
        var r = x.Backend.Softmax(x, a);
        if (GradientTape.IsRecording) RecordSoftmax(r, x, a);
        return r;
    }

    private static void RecordSoftmax(Tensor r, Tensor x, int axis) => Record(r, [x], g =>
        [Multiply(r, Subtract(g, Sum(Multiply(g, r), axis, keepDims: true)))]);

    /// <summary>log(softmax(x)) along <paramref name="axis"/>, computed stably.</summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!x.DType.IsFloating()) x = Cast(x, DType.Float32);
        int a = NormalizeAxis("log_softmax", axis, x.Rank, x.Shape);
        var r = x.Backend.LogSoftmax(x, a);
        if (GradientTape.IsRecording) RecordLogSoftmax(r, x, a);
        return r;
    }

    private static void RecordLogSoftmax(Tensor r, Tensor x, int axis) => Record(r, [x], g =>
        [Subtract(g, Multiply(Exp(r), Sum(g, axis, keepDims: true)))]);

    /// <summary>GELU: x * Phi(x) exactly (erf), or the tanh approximation when <paramref name="approximate"/>.</summary>
    /// <remarks>One fused pass forward and backward where the backend has <see cref="Backends.IFusedActivationKernels"/>.</remarks>
    public static Tensor Gelu(Tensor x, bool approximate = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!FusedKernels.TryGet<Backends.IFusedActivationKernels>(x, out var fused) || !x.DType.IsFloating()) return GeluFromPrimitives(x, approximate);
        var r = fused.Gelu(x, approximate);
        if (GradientTape.IsRecording) Record(r, [x], g => [GeluGradient(fused, x, g, approximate)]);
        return r;
    }

    /// <summary>gradient * gelu'(x): fused, unless an outer tape records this backward pass (then composed, so it differentiates).</summary>
    private static Tensor GeluGradient(Backends.IFusedActivationKernels fused, Tensor x, Tensor g, bool approximate) =>
        GradientTape.IsRecording ? Multiply(g, GeluDerivativeFromPrimitives(x, approximate)) : fused.GeluGrad(x, g, approximate);

    /// <summary>gelu'(x) composed: Phi(x) + x phi(x) exactly; for the tanh form 0.5 (1 + t) + 0.5 x (1 - t^2) u'(x).</summary>
    internal static Tensor GeluDerivativeFromPrimitives(Tensor x, bool approximate)
    {
        if (!approximate)
        {
            var cdf = MultiplyScalar(AddScalar(Erf(MultiplyScalar(x, 1 / Math.Sqrt(2))), 1), 0.5);
            var pdf = MultiplyScalar(Exp(MultiplyScalar(Square(x), -0.5)), 1 / Math.Sqrt(2 * Math.PI));
            return Add(cdf, Multiply(x, pdf));
        }
        double c = Math.Sqrt(2 / Math.PI);
        var t = Tanh(MultiplyScalar(Add(x, MultiplyScalar(Multiply(Square(x), x), 0.044715)), c));
        var du = MultiplyScalar(AddScalar(MultiplyScalar(Square(x), 3 * 0.044715), 1), c);
        var oneMinusT2 = AddScalar(Negative(Square(t)), 1);
        return Add(MultiplyScalar(AddScalar(t, 1), 0.5), Multiply(MultiplyScalar(x, 0.5), Multiply(oneMinusT2, du)));
    }

    /// <summary>GELU composed from primitives: the reference for the fused kernels.</summary>
    internal static Tensor GeluFromPrimitives(Tensor x, bool approximate)
    {
        if (!approximate)
            return Multiply(MultiplyScalar(x, 0.5), AddScalar(Erf(MultiplyScalar(x, 1 / Math.Sqrt(2))), 1));
        var inner = MultiplyScalar(Add(x, MultiplyScalar(Multiply(Square(x), x), 0.044715)), Math.Sqrt(2 / Math.PI));
        return Multiply(MultiplyScalar(x, 0.5), AddScalar(Tanh(inner), 1));
    }

    /// <summary>SiLU (swish): x * sigmoid(x).</summary>
    public static Tensor Silu(Tensor x) => Multiply(x, Sigmoid(x));

    /// <summary>ELU: x for x &gt; 0, alpha * (e^x - 1) otherwise.</summary>
    public static Tensor Elu(Tensor x, double alpha = 1.0)
    {
        ArgumentNullException.ThrowIfNull(x);
        var zero = ZerosLike(x);
        // expm1 of min(x, 0) keeps the unused branch finite, so its zero gradient stays zero (not 0 * inf).
        return Where(Greater(x, zero), x, MultiplyScalar(Expm1(Minimum(x, zero)), alpha));
    }

    /// <summary>SELU: scale * elu(x, alpha) with the self-normalising constants.</summary>
    public static Tensor Selu(Tensor x) => MultiplyScalar(Elu(x, 1.6732632423543772848170429916717), 1.0507009873554804934193349852946);

    /// <summary>Leaky ReLU: x for x &gt; 0, negativeSlope * x otherwise (Keras's default slope is 0.2).</summary>
    public static Tensor LeakyRelu(Tensor x, double negativeSlope = 0.2)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Where(Greater(x, ZerosLike(x)), x, MultiplyScalar(x, negativeSlope));
    }

    /// <summary>min(max(x, 0), 6).</summary>
    public static Tensor Relu6(Tensor x) => Clip(x, 0, 6);

    /// <summary>Softplus log(1 + e^x), computed without overflow.</summary>
    public static Tensor Softplus(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Add(Relu(x), Log1p(Exp(Negative(Abs(x)))));
    }

    /// <summary>Softsign x / (1 + |x|).</summary>
    public static Tensor Softsign(Tensor x) => Divide(x, AddScalar(Abs(x), 1));

    /// <summary>Keras's hard sigmoid: clip(x / 6 + 0.5, 0, 1).</summary>
    public static Tensor HardSigmoid(Tensor x) => Clip(AddScalar(MultiplyScalar(x, 1.0 / 6), 0.5), 0, 1);

    /// <summary>Limits values to [min, max]; the gradient passes where min &lt;= x &lt;= max.</summary>
    public static Tensor Clip(Tensor x, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (min > max) throw new ArgumentException($"clip: min ({min}) is greater than max ({max}).");
        var lo = ScalarLike(x, min, IsIntegral(min));
        var hi = ScalarLike(x, max, IsIntegral(max));
        Tensor r;
        using (GradientTape.PauseAll()) r = Minimum(Maximum(x, lo), hi);
        if (GradientTape.IsRecording) RecordClip(r, x, lo, hi);
        return r;
    }

    private static void RecordClip(Tensor r, Tensor x, Tensor lo, Tensor hi) => Record(r, [x], g =>
    {
        var inside = LogicalAnd(GreaterEqual(x, lo), LessEqual(x, hi));
        return [Where(inside, g, ZerosLike(g))];
    });
}
