using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// Cross-entropy of integer class labels and logits over the last axis: <c>-log_softmax(logits)[..., label]</c>,
    /// shaped like <paramref name="labels"/> (logits' shape without its last axis). Its gradient with respect to the
    /// logits is <c>softmax(logits) - one_hot(labels)</c>, itself differentiable. Uses the backend's fused kernel
    /// where it has one (<see cref="IFusedLossKernels"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes or dtypes do not fit.</exception>
    /// <exception cref="IndexOutOfRangeException">A label is outside [0, classes).</exception>
    public static Tensor SparseSoftmaxCrossEntropy(Tensor logits, Tensor labels)
    {
        const string op = "sparse_softmax_cross_entropy";
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        RequireFloating(op, logits);
        RequireIndices(op, labels);
        if (logits.Rank == 0 || labels.Shape != new Shape(logits.Shape.ToArray()[..^1]))
            throw new ArgumentException($"{op}: labels have shape {labels.Shape} but the logits {logits.Shape} need labels of shape [{string.Join(",", logits.Shape.ToArray().SkipLast(1))}] (the logits' shape without the class axis).");
        if (!ReferenceEquals(labels.Backend, logits.Backend))
            throw new ArgumentException($"{op}: the labels are on backend '{labels.Backend.Name}', the logits on '{logits.Backend.Name}'.");
        int classes = logits.Shape[-1];
        if (classes == 0) throw new ArgumentException($"{op}: the logits {logits.Shape} have no classes.");

        Tensor r;
        using (GradientTape.PauseAll())
        using (var scope = new TensorScope())
        {
            int rows = labels.Size;
            var flatLogits = logits.Rank == 2 ? logits : Reshape(logits, rows, classes);
            var flatLabels = labels.Rank == 1 ? Cast(labels, DType.Int64) : Reshape(Cast(labels, DType.Int64), rows);
            var perRow = FusedKernels.TryGet<IFusedLossKernels>(logits, out var fused)
                ? fused.SparseSoftmaxCrossEntropy(flatLogits, flatLabels)
                : SparseSoftmaxCrossEntropyFromPrimitives(flatLogits, flatLabels);
            r = scope.Keep(labels.Rank == 1 ? perRow : Reshape(perRow, labels.Shape.ToArray()));
        }
        if (GradientTape.IsRecording) RecordSparseSoftmaxCrossEntropy(r, logits, labels);
        return r;
    }

    // Under an outer tape (higher derivatives) the gradient is composed from differentiable ops; otherwise the
    // backend's fused kernel gives the same values in one call instead of eight.
    private static void RecordSparseSoftmaxCrossEntropy(Tensor r, Tensor logits, Tensor labels) => Record(r, [logits, labels], g =>
        [GradientTape.IsRecording || logits.Backend is not IFusedLossKernels fused
            ? Multiply(Subtract(Softmax(logits), OneHot(labels, logits.Shape[-1], logits.DType)), ExpandDims(g, -1))
            : FusedCrossEntropyGrad(fused, logits, labels, g), null]);

    private static Tensor FusedCrossEntropyGrad(IFusedLossKernels fused, Tensor logits, Tensor labels, Tensor g)
    {
        int rows = labels.Size, classes = logits.Shape[-1];
        using var scope = new TensorScope();
        var flatLogits = logits.Rank == 2 ? logits : Reshape(logits, rows, classes);
        var flatLabels = labels.Rank == 1 ? Cast(labels, DType.Int64) : Reshape(Cast(labels, DType.Int64), rows);
        var flatG = g.Rank == 1 ? g : Reshape(g, rows);
        var grad = fused.SparseSoftmaxCrossEntropyGrad(flatLogits, flatLabels, flatG);
        return scope.Keep(logits.Rank == 2 ? grad : Reshape(grad, logits.Shape.ToArray()));
    }

    /// <summary>
    /// The loss of <see cref="SparseSoftmaxCrossEntropy"/> from primitives, for backends without the fused kernel. A label
    /// outside the classes is reported at the next read back to the host (<see cref="DeferredChecks"/>), so the step does
    /// not wait for the device; meanwhile the gather takes class 0 for it and never reads outside the row.
    /// </summary>
    internal static Tensor SparseSoftmaxCrossEntropyFromPrimitives(Tensor logits, Tensor labels)
    {
        int classes = logits.Shape[-1];
        var safeLabels = labels;
        if (labels.Size > 0)
        {
            var outside = LogicalOr(Less(labels, FullLike(labels, 0)), GreaterEqual(labels, FullLike(labels, classes)));
            // The largest offending label (or long.MinValue when none): one int64 to check later.
            var worst = Max(Where(outside, labels, FullLike(labels, long.MinValue)));
            DeferredChecks.Add(worst, long.MinValue,
                bad => new IndexOutOfRangeException($"sparse_softmax_cross_entropy: label {bad} is outside [0, {classes})."));
            safeLabels = Where(outside, ZerosLike(labels), labels);
        }
        return Negative(Squeeze(TakeAlongAxis(LogSoftmax(logits, -1), ExpandDims(safeLabels, -1), -1), -1));
    }
}
