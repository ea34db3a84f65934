namespace KerasSharp.Backends;

/// <summary>
/// Fused optimizer updates: an optional part of the backend contract. Without it, Core composes an update from
/// primitives, a dozen ops and temporaries per variable and step, which on libtorch costs more than the
/// forward pass of a small model. Implementations return new tensors and leave their inputs unchanged.
/// </summary>
public interface IFusedOptimizerKernels
{
    /// <summary>
    /// One Adam step of one variable: <c>m' = m + (g - m)(1 - beta1)</c>, <c>v' = v + (g² - v)(1 - beta2)</c>,
    /// <c>w' = w - stepSize * m' / (sqrt(v') + epsilon)</c>. All four inputs share one shape and floating dtype.
    /// </summary>
    (Tensor Value, Tensor Momentum, Tensor Velocity) AdamStep(Tensor value, Tensor gradient, Tensor momentum, Tensor velocity,
                                                              AdamCoefficients coefficients);

    /// <summary>Plain SGD: <c>value - learningRate * gradient</c> in one pass, as a new tensor (the inputs are left unchanged).</summary>
    Tensor SgdStep(Tensor value, Tensor gradient, double learningRate);
}

/// <summary>The scalars of one Adam step; <see cref="StepSize"/> already holds the bias corrections.</summary>
/// <param name="StepSize">lr * sqrt(1 - beta2^t) / (1 - beta1^t).</param>
/// <param name="Beta1">Decay of the first moment.</param>
/// <param name="Beta2">Decay of the second moment.</param>
/// <param name="Epsilon">Added to sqrt(v') in the denominator.</param>
public readonly record struct AdamCoefficients(double StepSize, double Beta1, double Beta2, double Epsilon);
