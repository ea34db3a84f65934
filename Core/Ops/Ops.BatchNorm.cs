using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// Batch normalization with the batch's own statistics (BatchNormalization in training): <paramref name="x"/> is
    /// normalized over every axis but <paramref name="axis"/> by its mean and biased variance, then multiplied by
    /// <paramref name="gamma"/> and shifted by <paramref name="beta"/> (each [features] or null). Also returns that mean and
    /// variance ([features], outside the gradient: they feed the moving statistics). Where the backend has
    /// <see cref="IFusedNormalizationKernels"/> the statistics and the output take two passes over x and the backward two
    /// more; otherwise it is composed from primitives (the reference).
    /// </summary>
    public static (Tensor Output, Tensor Mean, Tensor Variance) BatchNorm(Tensor x, Tensor? gamma, Tensor? beta, int axis, double epsilon)
    {
        const string op = "batch_norm";
        ArgumentNullException.ThrowIfNull(x);
        RequireFloating(op, x);
        if (x.Rank < 2) throw new ArgumentException($"{op}: the input needs a feature axis and at least one axis to normalize over, got shape {x.Shape}.");
        int a = NormalizeAxis(op, axis, x.Rank, x.Shape);
        if (!(epsilon > 0)) throw new ArgumentException($"{op}: epsilon must be positive, got {epsilon}.");
        foreach (var (name, p) in new[] { ("gamma", gamma), ("beta", beta) })
            if (p is not null && (p.Rank != 1 || p.Shape[0] != x.Shape[a] || p.DType != x.DType || !ReferenceEquals(p.Backend, x.Backend)))
                throw new ArgumentException($"{op}: {name} is {p.Shape} {p.DType.Name()} on {p.Backend.Name}; expected [{x.Shape[a]}] {x.DType.Name()} on {x.Backend.Name} for input {x.Shape}, axis {a}.");
        if (!FusedKernels.TryGet<IFusedNormalizationKernels>(x, out var fused) || x.Shape.Size == 0) return BatchNormFromPrimitives(x, gamma, beta, a, epsilon);

        var (y, mean, variance) = fused.BatchNorm(x, gamma, beta, a, epsilon);
        if (GradientTape.IsRecording)
        {
            Tensor[] inputs = [x, .. gamma is null ? Array.Empty<Tensor>() : [gamma], .. beta is null ? Array.Empty<Tensor>() : [beta]];
            Record(y, inputs, g =>
            {
                if (GradientTape.IsRecording) return BatchNormGradFromPrimitives(x, gamma, beta, a, epsilon, g);
                var (dx, dGamma, dBeta) = fused.BatchNormGrad(x, mean, variance, gamma, beta is not null, g, a, epsilon);
                return [dx, .. gamma is null ? Array.Empty<Tensor?>() : [dGamma], .. beta is null ? Array.Empty<Tensor?>() : [dBeta]];
            });
        }
        return (y, mean, variance);
    }

    // An outer tape records this backward pass: differentiate the composed form, which it can differentiate again.
    private static Tensor?[] BatchNormGradFromPrimitives(Tensor x, Tensor? gamma, Tensor? beta, int axis, double epsilon, Tensor g)
    {
        using var tape = new GradientTape();
        Tensor[] sources = [x, .. gamma is null ? Array.Empty<Tensor>() : [gamma], .. beta is null ? Array.Empty<Tensor>() : [beta]];
        foreach (var s in sources) tape.Watch(s);
        var y = BatchNormFromPrimitives(x, gamma, beta, axis, epsilon).Output;
        return tape.Gradient(y, sources, g);
    }

    /// <summary>Batch normalization with the batch's statistics, composed from primitives: the reference for the fused kernels.</summary>
    internal static (Tensor Output, Tensor Mean, Tensor Variance) BatchNormFromPrimitives(Tensor x, Tensor? gamma, Tensor? beta, int axis, double epsilon)
    {
        int[] reduce = [.. Enumerable.Range(0, x.Rank).Where(i => i != axis)];
        var paramShape = new int[x.Rank];
        Array.Fill(paramShape, 1);
        paramShape[axis] = x.Shape[axis];
        var mean = Mean(x, reduce, keepDims: true);
        var centered = Subtract(x, mean);
        var variance = Mean(Square(centered), reduce, keepDims: true);
        var inv = Rsqrt(AddScalar(variance, epsilon));
        if (gamma is not null) inv = Multiply(inv, Reshape(gamma, paramShape));
        var y = Multiply(centered, inv);
        if (beta is not null) y = Add(y, Reshape(beta, paramShape));
        using var meanStat = StopGradient(mean);
        using var varianceStat = StopGradient(variance);
        return (y, Reshape(meanStat, x.Shape[axis]), Reshape(varianceStat, x.Shape[axis]));
    }
}
