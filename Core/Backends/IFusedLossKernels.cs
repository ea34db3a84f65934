namespace KerasSharp.Backends;

/// <summary>
/// Fused loss kernels: an optional part of the backend contract. Without it, Core composes the loss from
/// primitives (log-softmax, then a gather of one entry per row: a dozen small ops per step).
/// </summary>
public interface IFusedLossKernels
{
    /// <summary>
    /// <c>-log_softmax(logits)[r, labels[r]]</c> for each row r: logits [rows, classes] (floating, classes &gt; 0),
    /// labels [rows] int64. Returns [rows] in the logits' dtype.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">A label is outside [0, classes); the message names it.</exception>
    Tensor SparseSoftmaxCrossEntropy(Tensor logits, Tensor labels);
}
