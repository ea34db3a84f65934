namespace KerasSharp.Backends;

/// <summary>
/// Fused layer normalization over the last axis: an optional part of the backend contract. Without it, Core composes
/// it from primitives (mean, subtract, square, mean, rsqrt, multiplies: about nine full-size passes forward and twice
/// that backward), which stays the reference for tests and for higher derivatives.
/// </summary>
public interface IFusedNormalizationKernels
{
    /// <summary>
    /// <c>(x - mean) / sqrt(var + epsilon) * gamma + beta</c> over the last axis of a floating x (biased variance);
    /// gamma and beta are [last] or null.
    /// </summary>
    Tensor LayerNorm(Tensor x, Tensor? gamma, Tensor? beta, double epsilon);

    /// <summary>
    /// The gradients of <see cref="LayerNorm"/> for the output gradient <paramref name="gradient"/> (shaped like x):
    /// the input's, and gamma's and beta's ([last]; null where that parameter is null).
    /// </summary>
    (Tensor Input, Tensor? Gamma, Tensor? Beta) LayerNormGrad(Tensor x, Tensor? gamma, bool hasBeta, Tensor gradient, double epsilon);
}
