namespace KerasSharp.Backends;

/// <summary>Which recurrence <see cref="Ops.Recurrence"/> runs.</summary>
public enum RecurrentCellKind
{
    /// <summary><c>h = act(x_t + h · R)</c>: one gate block.</summary>
    SimpleRnn,
    /// <summary>Keras's LSTM, gate blocks i, f, c, o: <c>c = f·c + i·act(z_c)</c>, <c>h = o·act(c)</c>; states h, c.</summary>
    Lstm,
    /// <summary>Keras's GRU with the reset gate after the recurrent product (PyTorch's formula), blocks z, r, h.</summary>
    Gru,
}

/// <summary>The activations a fused recurrence knows.</summary>
public enum RecurrentActivation
{
    /// <summary>tanh.</summary>
    Tanh,
    /// <summary>The logistic sigmoid.</summary>
    Sigmoid,
    /// <summary>max(x, 0).</summary>
    Relu,
    /// <summary>The identity.</summary>
    Linear,
}

/// <summary>The settings of one recurrence call.</summary>
/// <param name="Kind">The cell.</param>
/// <param name="Activation">The cell's activation (tanh by default).</param>
/// <param name="RecurrentActivation">The gates' activation (sigmoid by default; unused by SimpleRnn).</param>
/// <param name="GoBackwards">Processes the steps from last to first; outputs are in processing order (Keras's go_backwards).</param>
public readonly record struct RecurrenceOptions(RecurrentCellKind Kind, RecurrentActivation Activation, RecurrentActivation RecurrentActivation, bool GoBackwards);

/// <summary>The tensors of one recurrence call, validated by Core (see <see cref="IFusedRecurrentKernels"/>).</summary>
/// <param name="Inputs">[batch, time, features].</param>
/// <param name="Kernel">[features, gates·units]: the input projection, Keras's gate blocks.</param>
/// <param name="Bias">Null or [gates·units], added to the input projection.</param>
/// <param name="RecurrentKernel">[units, gates·units].</param>
/// <param name="RecurrentBias">GRU only: null or [3·units], added to h·recurrentKernel before the reset gate.</param>
/// <param name="H0">[batch, units].</param>
/// <param name="C0">LSTM: [batch, units]; otherwise null.</param>
/// <param name="Mask">Null or bool [batch, time] (false: the step keeps the previous state and output).</param>
/// <param name="Options">The cell, activations and direction.</param>
public sealed record RecurrenceArgs(Tensor Inputs, Tensor Kernel, Tensor? Bias, Tensor RecurrentKernel, Tensor? RecurrentBias,
                                   Tensor H0, Tensor? C0, Tensor? Mask, RecurrenceOptions Options)
{
    /// <summary>The tensors a gradient is computed for, in order: inputs, kernel, bias?, recurrentKernel, recurrentBias?, h0, c0?.</summary>
    public Tensor[] Differentiable => [Inputs, Kernel, .. Bias is null ? Array.Empty<Tensor>() : [Bias], RecurrentKernel,
                                       .. RecurrentBias is null ? Array.Empty<Tensor>() : [RecurrentBias], H0, .. C0 is null ? Array.Empty<Tensor>() : [C0]];

    /// <summary>Whether a tape records the call (its backward may run); a backend need not keep anything for a backward otherwise.</summary>
    public bool Recording { get; init; }

    /// <summary>
    /// When <see cref="Recording"/>: which of <see cref="Differentiable"/> (same order) a recording tape tracks. A gradient
    /// is never asked for the others (plain inputs, constant initial states), so a backend may leave them out of its
    /// graph. Null: assume all.
    /// </summary>
    public IReadOnlyList<bool>? Tracked { get; init; }
}

/// <summary>
/// A fused recurrence over a whole sequence: an optional part of the backend contract. Without it, Core composes it:
/// one matrix product projects the inputs of every step, then each step is one matrix product and a handful of
/// elementwise ops, each recorded on the tape. Core validates first, so every call gets one floating dtype, one backend,
/// the shapes of <see cref="RecurrenceArgs"/>, and batch, time, features and units above zero.
/// The result packs everything into one tensor, [batch, time + 2, units] for LSTM and [batch, time + 1, units] otherwise:
/// row t &lt; time (in processing order) is the output after step t, row time the final h, row time + 1 the final c. The
/// output at a masked step is the previous output (zeros before the first unmasked step); the state is the previous state.
/// </summary>
public interface IFusedRecurrentKernels
{
    /// <summary>Whether this backend runs this call fused; when false Core composes it.</summary>
    bool CanFuseRecurrence(RecurrenceArgs args);

    /// <summary>The packed result (see the interface) and what the backward needs besides the arguments (null when nothing).</summary>
    (Tensor Packed, object? Saved) Recurrence(RecurrenceArgs args);

    /// <summary>
    /// The gradients of <see cref="Recurrence"/> for <see cref="RecurrenceArgs.Differentiable"/>, in its order, given the
    /// gradient of the packed result. <paramref name="needed"/> (same order) says which ones the tape wants: the others
    /// may be null (a training step rarely wants the inputs' gradient, whose product is a third of the backward).
    /// </summary>
    Tensor?[] RecurrenceBackward(RecurrenceArgs args, Tensor packed, object? saved, Tensor gradPacked, IReadOnlyList<bool> needed);

    /// <summary>Frees what <see cref="Recurrence"/> saved when no backward will run.</summary>
    void ReleaseRecurrence(object? saved);
}
