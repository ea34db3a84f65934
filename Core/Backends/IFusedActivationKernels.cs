namespace KerasSharp.Backends;

/// <summary>
/// Fused activation kernels: an optional part of the backend contract. Without it, Core composes GELU from primitives
/// (five full-size passes and buffers forward, about a dozen backward), which stays the reference for tests and for
/// higher derivatives.
/// </summary>
public interface IFusedActivationKernels
{
    /// <summary>GELU of a floating tensor: <c>x * Phi(x)</c> (erf), or the tanh approximation when <paramref name="approximate"/>.</summary>
    Tensor Gelu(Tensor x, bool approximate);

    /// <summary>The gradient of <see cref="Gelu"/>: <c>gradient * gelu'(x)</c>, shaped and typed like x (same shape as gradient).</summary>
    Tensor GeluGrad(Tensor x, Tensor gradient, bool approximate);
}
