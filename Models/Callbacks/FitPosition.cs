namespace KerasSharp.Callbacks;

/// <summary>
/// Where <c>Fit</c> stands: the epoch, the number of batches of it already trained, and the seed that shuffled the
/// epoch (null without shuffling). A checkpointing callback saves it with the weights (<see cref="Models.Model.FitPosition"/>)
/// and gives it back in <c>OnTrainBegin</c> (<see cref="Models.Model.ResumeFitAt"/>) to continue an interrupted run.
/// </summary>
/// <param name="Epoch">The epoch (0-based).</param>
/// <param name="Step">Batches of that epoch already trained: the next batch to run.</param>
/// <param name="ShuffleSeed">The seed of the epoch's shuffle order, or null when the data is not shuffled.</param>
public sealed record FitPosition(int Epoch, int Step, long? ShuffleSeed);
