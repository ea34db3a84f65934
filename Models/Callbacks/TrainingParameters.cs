namespace KerasSharp.Callbacks;

/// <summary>
/// What a loop tells its callbacks before the first hook (Keras's <c>callback.params</c>): the number of epochs
/// (1 for <c>Evaluate</c> and <c>Predict</c>), the batches per epoch, and the verbosity it was called with.
/// </summary>
/// <param name="Epochs">Epochs of <c>Fit</c> (the end, counting from 0 even when initialEpoch is set); 1 for Evaluate and Predict.</param>
/// <param name="Steps">Batches per epoch, or null when the loop cannot tell in advance.</param>
/// <param name="Verbose">The verbosity the loop was called with, "auto" resolved (0 silent, 1 bar, 2 one line per epoch).</param>
public sealed record TrainingParameters(int Epochs, int? Steps, int Verbose);
