using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// Runs a SimpleRNN, LSTM or GRU recurrence over a sequence whose input projection is already computed, as Keras's
    /// recurrent layers do: fused where the backend has <see cref="IFusedRecurrentKernels"/>, else composed step by step.
    /// </summary>
    /// <param name="inputs">[batch, time, gates·units]: x·kernel + bias for every step (gates 1, 4 or 3, Keras's block order).</param>
    /// <param name="recurrentKernel">[units, gates·units].</param>
    /// <param name="recurrentBias">GRU only: null or [3·units], added to h·recurrentKernel before the reset gate.</param>
    /// <param name="states">The initial states, [batch, units] each: h (and c for LSTM).</param>
    /// <param name="mask">Null or bool [batch, time]: where false the step keeps the previous states and output.</param>
    /// <param name="options">The cell, its activations and the direction.</param>
    /// <returns>The outputs [batch, time, units] in processing order (reversed with GoBackwards, as Keras) and the final states.</returns>
    /// <exception cref="ArgumentException">A shape, dtype or backend does not fit the others.</exception>
    public static (Tensor Outputs, Tensor[] States) Recurrence(Tensor inputs, Tensor recurrentKernel, Tensor? recurrentBias,
                                                               IReadOnlyList<Tensor> states, Tensor? mask, RecurrenceOptions options)
    {
        var (h0, c0) = CheckRecurrence(inputs, recurrentKernel, recurrentBias, states, mask, options);
        int time = inputs.Shape[1], units = recurrentKernel.Shape[0];
        Tensor packed;
        if (inputs.Backend is IFusedRecurrentKernels fused && fused.CanFuseRecurrence(options, inputs.DType, inputs.Device))
            packed = FusedRecurrence(fused, inputs, recurrentKernel, recurrentBias, h0, c0, mask, options);
        else
            packed = ComposedRecurrence(inputs, recurrentKernel, recurrentBias, h0, c0, mask, options);
        return Unpack(packed, time, units, options.Kind);
    }

    /// <summary><see cref="Recurrence"/> composed from primitives on every backend: the reference the fused kernels are tested against.</summary>
    /// <inheritdoc cref="Recurrence" path="/param"/>
    /// <exception cref="ArgumentException">As <see cref="Recurrence"/>.</exception>
    public static (Tensor Outputs, Tensor[] States) RecurrenceComposed(Tensor inputs, Tensor recurrentKernel, Tensor? recurrentBias,
                                                                       IReadOnlyList<Tensor> states, Tensor? mask, RecurrenceOptions options)
    {
        var (h0, c0) = CheckRecurrence(inputs, recurrentKernel, recurrentBias, states, mask, options);
        var packed = ComposedRecurrence(inputs, recurrentKernel, recurrentBias, h0, c0, mask, options);
        return Unpack(packed, inputs.Shape[1], recurrentKernel.Shape[0], options.Kind);
    }

    private static (Tensor Outputs, Tensor[] States) Unpack(Tensor packed, int time, int units, RecurrentCellKind kind)
    {
        var outputs = SliceAxis(packed, 1, 0, time);
        int batch = packed.Shape[0];
        var h = Reshape(SliceAxis(packed, 1, time, 1), batch, units);
        if (kind != RecurrentCellKind.Lstm) return (outputs, [h]);
        var c = Reshape(SliceAxis(packed, 1, time + 1, 1), batch, units);
        return (outputs, [h, c]);
    }

    private static (Tensor H0, Tensor? C0) CheckRecurrence(Tensor inputs, Tensor recurrentKernel, Tensor? recurrentBias,
                                                          IReadOnlyList<Tensor> states, Tensor? mask, RecurrenceOptions options)
    {
        const string op = "recurrence";
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(recurrentKernel);
        ArgumentNullException.ThrowIfNull(states);
        RequireFloating(op, inputs);
        int gates = options.Kind switch { RecurrentCellKind.Lstm => 4, RecurrentCellKind.Gru => 3, _ => 1 };
        if (recurrentKernel.Rank != 2 || recurrentKernel.Shape[1] != gates * recurrentKernel.Shape[0])
            throw new ArgumentException($"{op}: the recurrent kernel is {recurrentKernel.Shape}; a {options.Kind} needs [units, {gates}·units].");
        int units = recurrentKernel.Shape[0];
        if (inputs.Rank != 3 || inputs.Shape[2] != gates * units || inputs.Shape[0] == 0 || inputs.Shape[1] == 0)
            throw new ArgumentException($"{op}: the inputs are {inputs.Shape}; expected [batch, time, {gates * units}] with batch and time above zero for recurrent kernel {recurrentKernel.Shape}.");
        int batch = inputs.Shape[0];
        void Same(string name, Tensor t)
        {
            if (t.DType != inputs.DType || !ReferenceEquals(t.Backend, inputs.Backend))
                throw new ArgumentException($"{op}: {name} is {t.DType.Name()} on {t.Backend.Name}; the inputs are {inputs.DType.Name()} on {inputs.Backend.Name}.");
        }
        Same("the recurrent kernel", recurrentKernel);
        if (recurrentBias is not null)
        {
            if (options.Kind != RecurrentCellKind.Gru) throw new ArgumentException($"{op}: only a GRU takes a recurrent bias, this is a {options.Kind}.");
            if (recurrentBias.Rank != 1 || recurrentBias.Shape[0] != 3 * units)
                throw new ArgumentException($"{op}: the recurrent bias is {recurrentBias.Shape}; expected [{3 * units}].");
            Same("the recurrent bias", recurrentBias);
        }
        int count = options.Kind == RecurrentCellKind.Lstm ? 2 : 1;
        if (states.Count != count) throw new ArgumentException($"{op}: a {options.Kind} has {count} state(s), got {states.Count}.");
        for (int i = 0; i < count; i++)
        {
            if (states[i].Shape != new Shape(batch, units))
                throw new ArgumentException($"{op}: state {i} is {states[i].Shape}; expected [{batch},{units}] for inputs {inputs.Shape}.");
            Same($"state {i}", states[i]);
        }
        if (mask is not null && (mask.DType != DType.Bool || mask.Shape != new Shape(batch, inputs.Shape[1]) || !ReferenceEquals(mask.Backend, inputs.Backend)))
            throw new ArgumentException($"{op}: the mask is {mask.DType.Name()} {mask.Shape}; expected bool [{batch},{inputs.Shape[1]}] for inputs {inputs.Shape}.");
        return (states[0], count == 2 ? states[1] : null);
    }

    private static Tensor FusedRecurrence(IFusedRecurrentKernels fused, Tensor inputs, Tensor kernel, Tensor? bias, Tensor h0, Tensor? c0,
                                          Tensor? mask, RecurrenceOptions options)
    {
        var (packed, saved) = fused.Recurrence(inputs, kernel, bias, h0, c0, mask, options);
        if (!GradientTape.IsRecording) { saved?.Dispose(); return packed; }
        var list = new List<Tensor> { inputs, kernel };
        if (bias is not null) list.Add(bias);
        list.Add(h0);
        if (c0 is not null) list.Add(c0);
        Record(packed, [.. list], g =>
        {
            if (GradientTape.IsRecording)
            {
                // An outer tape records this backward: differentiate the composed form, which it can differentiate again.
                using var tape = new GradientTape();
                foreach (var t in list) tape.Watch(t);
                var again = ComposedRecurrence(inputs, kernel, bias, h0, c0, mask, options);
                return tape.Gradient(again, [.. list], g);
            }
            var (dx, dk, db, dh, dc) = fused.RecurrenceBackward(inputs, kernel, bias, h0, c0, mask, options, packed, saved, g);
            var grads = new List<Tensor?> { dx, dk };
            if (bias is not null) grads.Add(db);
            grads.Add(dh);
            if (c0 is not null) grads.Add(dc);
            return [.. grads];
        });
        return packed;
    }
}
