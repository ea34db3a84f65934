using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// Runs a SimpleRNN, LSTM or GRU over a sequence as Keras's recurrent layers do: the input projection
    /// <c>inputs · kernel + bias</c> of every step, then the recurrence. Fused where the backend has
    /// <see cref="IFusedRecurrentKernels"/> (native: one GEMM for the projection, then per step one GEMM and one gate pass,
    /// and a hand-written backward through time; torch: libtorch's LSTM/GRU/RNN), else composed step by step.
    /// </summary>
    /// <param name="inputs">[batch, time, features].</param>
    /// <param name="kernel">[features, gates·units] (gates 1, 4 or 3, Keras's block order: LSTM i, f, c, o; GRU z, r, h).</param>
    /// <param name="bias">Null or [gates·units], added to the input projection.</param>
    /// <param name="recurrentKernel">[units, gates·units].</param>
    /// <param name="recurrentBias">GRU only: null or [3·units], added to h·recurrentKernel before the reset gate (Keras's bias[1]).</param>
    /// <param name="states">The initial states, [batch, units] each: h (and c for LSTM).</param>
    /// <param name="mask">Null or bool [batch, time]: where false the step keeps the previous states and output.</param>
    /// <param name="options">The cell, its activations and the direction.</param>
    /// <returns>The outputs [batch, time, units] in processing order (reversed with GoBackwards, as Keras) and the final states.</returns>
    /// <exception cref="ArgumentException">A shape, dtype or backend does not fit the others.</exception>
    public static (Tensor Outputs, Tensor[] States) Recurrence(Tensor inputs, Tensor kernel, Tensor? bias, Tensor recurrentKernel, Tensor? recurrentBias,
                                                               IReadOnlyList<Tensor> states, Tensor? mask, RecurrenceOptions options)
    {
        var args = CheckRecurrence(inputs, kernel, bias, recurrentKernel, recurrentBias, states, mask, options);
        Tensor packed = FusedKernels.TryGet<IFusedRecurrentKernels>(inputs, out var fused) && fused.CanFuseRecurrence(args)
            ? FusedRecurrence(fused, args)
            : ComposedRecurrence(args);
        return Unpack(packed, args);
    }

    /// <summary><see cref="Recurrence"/> composed from primitives on every backend: the reference the fused kernels are tested against.</summary>
    /// <inheritdoc cref="Recurrence" path="/param"/>
    /// <exception cref="ArgumentException">As <see cref="Recurrence"/>.</exception>
    public static (Tensor Outputs, Tensor[] States) RecurrenceComposed(Tensor inputs, Tensor kernel, Tensor? bias, Tensor recurrentKernel, Tensor? recurrentBias,
                                                                       IReadOnlyList<Tensor> states, Tensor? mask, RecurrenceOptions options)
    {
        var args = CheckRecurrence(inputs, kernel, bias, recurrentKernel, recurrentBias, states, mask, options);
        return Unpack(ComposedRecurrence(args), args);
    }

    private static (Tensor Outputs, Tensor[] States) Unpack(Tensor packed, RecurrenceArgs args)
    {
        int batch = packed.Shape[0], time = args.Inputs.Shape[1], units = args.RecurrentKernel.Shape[0];
        var outputs = SliceAxis(packed, 1, 0, time);
        var h = Reshape(SliceAxis(packed, 1, time, 1), batch, units);
        if (args.C0 is null) return (outputs, [h]);
        return (outputs, [h, Reshape(SliceAxis(packed, 1, time + 1, 1), batch, units)]);
    }

    private static RecurrenceArgs CheckRecurrence(Tensor inputs, Tensor kernel, Tensor? bias, Tensor recurrentKernel, Tensor? recurrentBias,
                                                  IReadOnlyList<Tensor> states, Tensor? mask, RecurrenceOptions options)
    {
        const string op = "recurrence";
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(recurrentKernel);
        ArgumentNullException.ThrowIfNull(states);
        RequireFloating(op, inputs);
        int gates = options.Kind switch { RecurrentCellKind.Lstm => 4, RecurrentCellKind.Gru => 3, _ => 1 };
        if (recurrentKernel.Rank != 2 || recurrentKernel.Shape[0] == 0 || recurrentKernel.Shape[1] != gates * recurrentKernel.Shape[0])
            throw new ArgumentException($"{op}: the recurrent kernel is {recurrentKernel.Shape}; a {options.Kind} needs [units, {gates}·units].");
        int units = recurrentKernel.Shape[0];
        if (inputs.Rank != 3 || inputs.Shape[0] == 0 || inputs.Shape[1] == 0 || inputs.Shape[2] == 0)
            throw new ArgumentException($"{op}: the inputs are {inputs.Shape}; expected [batch, time, features], each above zero.");
        int batch = inputs.Shape[0], time = inputs.Shape[1];
        if (kernel.Shape != new Shape(inputs.Shape[2], gates * units))
            throw new ArgumentException($"{op}: the kernel is {kernel.Shape}; expected [{inputs.Shape[2]},{gates * units}] for inputs {inputs.Shape} and recurrent kernel {recurrentKernel.Shape}.");
        void Same(string name, Tensor t)
        {
            if (t.DType != inputs.DType || !ReferenceEquals(t.Backend, inputs.Backend))
                throw new ArgumentException($"{op}: {name} is {t.DType.Name()} on {t.Backend.Name}; the inputs are {inputs.DType.Name()} on {inputs.Backend.Name}.");
        }
        Same("the kernel", kernel);
        Same("the recurrent kernel", recurrentKernel);
        if (bias is not null)
        {
            if (bias.Shape != new Shape(gates * units)) throw new ArgumentException($"{op}: the bias is {bias.Shape}; expected [{gates * units}].");
            Same("the bias", bias);
        }
        if (recurrentBias is not null)
        {
            if (options.Kind != RecurrentCellKind.Gru) throw new ArgumentException($"{op}: only a GRU takes a recurrent bias, this is a {options.Kind}.");
            if (recurrentBias.Shape != new Shape(3 * units))
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
        if (mask is not null && (mask.DType != DType.Bool || mask.Shape != new Shape(batch, time) || !ReferenceEquals(mask.Backend, inputs.Backend)))
            throw new ArgumentException($"{op}: the mask is {mask.DType.Name()} {mask.Shape}; expected bool [{batch},{time}] for inputs {inputs.Shape}.");
        return new RecurrenceArgs(inputs, kernel, bias, recurrentKernel, recurrentBias, states[0], count == 2 ? states[1] : null, mask, options)
        {
            Recording = GradientTape.IsRecording,
        };
    }

    private static Tensor FusedRecurrence(IFusedRecurrentKernels fused, RecurrenceArgs args)
    {
        var (packed, saved) = fused.Recurrence(args);
        if (!GradientTape.IsRecording) { fused.ReleaseRecurrence(saved); return packed; }
        var sources = args.Differentiable;
        Record(packed, sources, g =>
        {
            if (GradientTape.IsRecording)
            {
                // An outer tape records this backward: differentiate the composed form, which it can differentiate again.
                using var tape = new GradientTape();
                foreach (var t in sources) tape.Watch(t);
                return tape.Gradient(ComposedRecurrence(args), sources, g);
            }
            return fused.RecurrenceBackward(args, packed, saved, g);
        });
        return packed;
    }
}
