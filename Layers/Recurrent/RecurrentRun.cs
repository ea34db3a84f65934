using KerasSharp.Backends;

namespace KerasSharp.Layers;

/// <summary>The built-in cells' call of <see cref="Ops.Recurrence"/>.</summary>
internal static class RecurrentRun
{
    public static (Tensor Outputs, Tensor[] States)? Fused(RecurrentCellKind kind, Tensor prepared, Tensor recurrentKernel, Tensor? recurrentBias,
                                                          IReadOnlyList<Tensor> states, Tensor? mask, bool goBackwards,
                                                          RecurrentActivation activation, RecurrentActivation recurrentActivation) =>
        Ops.Recurrence(prepared, recurrentKernel, recurrentBias, states, mask, new RecurrenceOptions(kind, activation, recurrentActivation, goBackwards));
}
