using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// Layer normalization over the last axis: <c>(x - mean) / sqrt(var + epsilon) * gamma + beta</c>, with the biased
    /// variance; <paramref name="gamma"/> and <paramref name="beta"/> are [last] or null. One fused pass forward and
    /// backward where the backend has <see cref="IFusedNormalizationKernels"/>, else composed from primitives.
    /// </summary>
    public static Tensor LayerNorm(Tensor x, Tensor? gamma, Tensor? beta, double epsilon)
    {
        const string op = "layer_norm";
        ArgumentNullException.ThrowIfNull(x);
        RequireFloating(op, x);
        if (x.Rank == 0) throw new ArgumentException($"{op}: the input must have at least one axis, got shape {x.Shape}.");
        foreach (var (name, p) in new[] { ("gamma", gamma), ("beta", beta) })
            if (p is not null && (p.Rank != 1 || p.Shape[0] != x.Shape[-1] || p.DType != x.DType || !ReferenceEquals(p.Backend, x.Backend)))
                throw new ArgumentException($"{op}: {name} is {p.Shape} {p.DType.Name()} on {p.Backend.Name}; expected [{x.Shape[-1]}] {x.DType.Name()} on {x.Backend.Name} for input {x.Shape}.");
        if (!FusedKernels.TryGet<IFusedNormalizationKernels>(x, out var fused)) return LayerNormFromPrimitives(x, gamma, beta, epsilon);
        var r = fused.LayerNorm(x, gamma, beta, epsilon);
        if (GradientTape.IsRecording)
        {
            Tensor[] inputs = gamma is null ? beta is null ? [x] : [x, beta] : beta is null ? [x, gamma] : [x, gamma, beta];
            Record(r, inputs, g => LayerNormGradient(fused, x, gamma, beta, g, epsilon, inputs.Length));
        }
        return r;
    }

    private static Tensor?[] LayerNormGradient(IFusedNormalizationKernels fused, Tensor x, Tensor? gamma, Tensor? beta, Tensor g, double epsilon, int count)
    {
        Tensor? dx, dGamma, dBeta;
        if (GradientTape.IsRecording)
        {
            // An outer tape records this backward pass: differentiate the composed form, which it can differentiate again.
            using var tape = new GradientTape();
            tape.Watch(x);
            if (gamma is not null) tape.Watch(gamma);
            if (beta is not null) tape.Watch(beta);
            var y = LayerNormFromPrimitives(x, gamma, beta, epsilon);
            Tensor[] sources = gamma is null ? beta is null ? [x] : [x, beta] : beta is null ? [x, gamma] : [x, gamma, beta];
            var grads = tape.Gradient(y, sources, g);
            return grads;
        }
        (dx, dGamma, dBeta) = fused.LayerNormGrad(x, gamma, beta is not null, g, epsilon);
        var result = new Tensor?[count];
        int k = 0;
        result[k++] = dx;
        if (gamma is not null) result[k++] = dGamma;
        if (beta is not null) result[k] = dBeta;
        return result;
    }

    /// <summary>Layer normalization composed from primitives: the reference for the fused kernels.</summary>
    internal static Tensor LayerNormFromPrimitives(Tensor x, Tensor? gamma, Tensor? beta, double epsilon)
    {
        int[] last = [x.Rank - 1];
        var centered = Subtract(x, Mean(x, last, keepDims: true));
        var variance = Mean(Square(centered), last, keepDims: true);
        var normalized = Multiply(centered, Rsqrt(AddScalar(variance, epsilon)));
        if (gamma is not null) normalized = Multiply(normalized, gamma);
        if (beta is not null) normalized = Add(normalized, beta);
        return normalized;
    }
}
