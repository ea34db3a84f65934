namespace KerasSharp.Backends;

/// <summary>
/// The training form of <see cref="IFusedNormalizationKernels.BatchNorm"/>: an optional part of the backend contract.
/// It runs batch normalization with the batch's statistics and returns, with the output and statistics, the function
/// that computes its gradients, so a backend may keep what its backward needs (libtorch keeps its autograd graph and
/// runs its own fused batch-norm backward). Core uses it under a recording tape that is not persistent (the backward is
/// called at most once); otherwise, and without it, Core records
/// <see cref="IFusedNormalizationKernels.BatchNormGrad"/>, and it composes the backward when an outer tape records it.
/// </summary>
public interface IBatchNormTrainingKernels
{
    /// <summary>
    /// What <see cref="IFusedNormalizationKernels.BatchNorm"/> returns for the same arguments (the same preconditions),
    /// and its backward.
    /// </summary>
    (Tensor Output, Tensor Mean, Tensor Variance, BatchNormBackward Backward) BatchNormForTraining(Tensor x, Tensor? gamma, Tensor? beta,
                                                                                                  int axis, double epsilon);
}

/// <summary>
/// The gradients of a batch normalization for its output's <paramref name="gradient"/> (shaped like x): the input's,
/// gamma's and beta's ([features]), each only where asked and its parameter exists (null otherwise). Called at most once.
/// </summary>
public delegate (Tensor? Input, Tensor? Gamma, Tensor? Beta) BatchNormBackward(Tensor gradient, bool input, bool gamma, bool beta);
