namespace KerasSharp.Data;

/// <summary>
/// Batches for <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>, one pass (epoch) at a time, as Keras 3's epoch
/// iterator sees its data adapters. <c>Dataset</c> (in KerasSharp.Datasets) implements it; so can any user type.
/// </summary>
public interface IBatchSource
{
    /// <summary>Batches in one pass, or null when the count is unknown or the source never ends.</summary>
    long? BatchCount { get; }

    /// <summary>
    /// Starts a pass. Each call starts from the beginning (a shuffling source may reorder); the caller owns every
    /// batch it receives and disposes the enumerator when it stops early, which frees what the source buffered.
    /// </summary>
    IEnumerator<DataBatch> GetBatches();
}
