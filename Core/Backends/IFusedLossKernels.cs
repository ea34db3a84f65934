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

    /// <summary>
    /// The gradient of <see cref="SparseSoftmaxCrossEntropy"/> with respect to the logits:
    /// <c>(softmax(logits)[r] - one_hot(labels[r])) * gradLoss[r]</c>, [rows, classes]; labels were checked by the
    /// forward pass. The same values, bit for bit, as softmax, subtract and multiply done one by one.
    /// </summary>
    Tensor SparseSoftmaxCrossEntropyGrad(Tensor logits, Tensor labels, Tensor gradLoss);
}
