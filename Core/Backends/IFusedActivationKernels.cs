namespace KerasSharp.Backends;

/// <summary>
/// Fused activation kernels: an optional part of the backend contract. Without it, Core composes GELU from primitives
/// (five full-size passes and buffers forward, about a dozen backward) and ReLU's gradient from a sign and a product (two
/// passes and buffers), which stay the reference for tests and for higher derivatives.
/// </summary>
public interface IFusedActivationKernels
{
    /// <summary>GELU of a floating tensor: <c>x * Phi(x)</c> (erf), or the tanh approximation when <paramref name="approximate"/>.</summary>
    Tensor Gelu(Tensor x, bool approximate);

    /// <summary>The gradient of <see cref="Gelu"/>: <c>gradient * gelu'(x)</c>, shaped and typed like x (same shape as gradient).</summary>
    Tensor GeluGrad(Tensor x, Tensor gradient, bool approximate);

    /// <summary>
    /// The gradient of ReLU from its output: <c>gradient * sign(relu)</c> in one pass, the values of Core's composed
    /// <c>Multiply(gradient, Sign(relu))</c> (NaN where relu is NaN); floating tensors of one shape and dtype.
    /// </summary>
    Tensor ReluGrad(Tensor relu, Tensor gradient);
}
