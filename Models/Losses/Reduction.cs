namespace KerasSharp.Losses;

/// <summary>How <see cref="Loss.Call"/> reduces the weighted per-sample losses (Keras's <c>reduction</c>).</summary>
public enum Reduction
{
    /// <summary>The sum of the weighted losses divided by their number (Keras's default, "sum_over_batch_size").</summary>
    SumOverBatchSize,
    /// <summary>The sum of the weighted losses ("sum").</summary>
    Sum,
    /// <summary>No reduction: the weighted per-sample losses ("none").</summary>
    None,
}
