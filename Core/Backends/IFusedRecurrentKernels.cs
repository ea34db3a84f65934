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

/// <summary>
/// A fused recurrence over a whole sequence: an optional part of the backend contract. Without it, Core composes the
/// steps from primitives (one matrix product and a handful of elementwise ops per step, each recorded on the tape).
/// Core validates first, so every call gets one floating dtype and:
/// <list type="bullet">
/// <item>inputs [batch, time, gates·units]: the input projection x·kernel + bias of every step, already computed;</item>
/// <item>recurrentKernel [units, gates·units]; recurrentBias null or [gates·units] (GRU only);</item>
/// <item>h0 [batch, units]; c0 [batch, units] for LSTM, else null;</item>
/// <item>mask null or bool [batch, time] (false: the step keeps the previous state and output);</item>
/// <item>batch, time and units above zero.</item>
/// </list>
/// The result packs everything into one tensor, [batch, time + 2, units] for LSTM and [batch, time + 1, units] otherwise:
/// row t &lt; time (in processing order) is the output after step t, row time the final h, row time + 1 the final c. The
/// output at a masked step is the previous output (zeros before the first unmasked step); the state is the previous state.
/// </summary>
public interface IFusedRecurrentKernels
{
    /// <summary>Whether this backend runs a call with these options fused; when false Core composes it.</summary>
    bool CanFuseRecurrence(RecurrenceOptions options, DType dtype, Device device);

    /// <summary>The packed result (see the interface) and what the backward needs besides (null when nothing).</summary>
    (Tensor Packed, Tensor? Saved) Recurrence(Tensor inputs, Tensor recurrentKernel, Tensor? recurrentBias, Tensor h0, Tensor? c0,
                                              Tensor? mask, RecurrenceOptions options);

    /// <summary>
    /// The gradients of <see cref="Recurrence"/> with respect to inputs, recurrentKernel, recurrentBias (null without one),
    /// h0 and c0 (null without one), given the gradient of the packed result.
    /// </summary>
    (Tensor Inputs, Tensor RecurrentKernel, Tensor? RecurrentBias, Tensor H0, Tensor? C0) RecurrenceBackward(
        Tensor inputs, Tensor recurrentKernel, Tensor? recurrentBias, Tensor h0, Tensor? c0, Tensor? mask, RecurrenceOptions options,
        Tensor packed, Tensor? saved, Tensor gradPacked);
}
