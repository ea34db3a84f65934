namespace KerasSharp.Backends;

/// <summary>
/// A dense layer's product and bias in one kernel: an optional part of the backend contract. Without it, Core runs
/// <see cref="Ops.Linear"/> as a matrix product and a broadcast add (one more pass over the output and one more buffer),
/// which stays the reference.
/// </summary>
public interface IFusedLinearKernels
{
    /// <summary>
    /// <c>x @ w + bias</c> for x [rows, in], w [in, out] and bias [out], all of one floating dtype (Core has checked the
    /// shapes); the result is [rows, out].
    /// </summary>
    Tensor Linear(Tensor x, Tensor w, Tensor bias);
}
