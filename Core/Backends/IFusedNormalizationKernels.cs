namespace KerasSharp.Backends;

/// <summary>
/// Fused layer normalization over the last axis and batch normalization with the batch's statistics: an optional part
/// of the backend contract. Without it, Core composes them from primitives (mean, subtract, square, mean, rsqrt,
/// multiplies: about nine full-size passes forward and twice that backward), which stays the reference for tests and
/// for higher derivatives.
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

    /// <summary>
    /// Batch normalization with the batch's statistics: x normalized over every axis but <paramref name="axis"/> (already
    /// normalized to [0, rank)) by the mean and biased variance of each feature, times gamma plus beta ([features] or
    /// null); returns the output and the mean and variance ([features], x's dtype). x has at least two axes and at least
    /// one element.
    /// </summary>
    (Tensor Output, Tensor Mean, Tensor Variance) BatchNorm(Tensor x, Tensor? gamma, Tensor? beta, int axis, double epsilon);

    /// <summary>
    /// The gradients of <see cref="BatchNorm"/> for the output gradient <paramref name="gradient"/> (shaped like x), given
    /// the mean and variance the forward returned: the input's, and gamma's and beta's ([features]; null where that
    /// parameter is null).
    /// </summary>
    (Tensor Input, Tensor? Gamma, Tensor? Beta) BatchNormGrad(Tensor x, Tensor mean, Tensor variance, Tensor? gamma, bool hasBeta,
                                                               Tensor gradient, int axis, double epsilon);
}
