namespace KerasSharp.Layers;

public partial class RNN
{
    /// <summary>Runs the layer eagerly from given initial states (h, then c for LSTM); returns every output (see <see cref="ReturnState"/>).</summary>
    public Tensor[] ApplyAll(Tensor inputs, IReadOnlyList<Tensor> initialState, Tensor? mask = null, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(initialState);
        if (mask is not null)
        {
            inputs = Ops.Reshape(inputs, inputs.Shape.ToArray());
            KerasMask.Set(inputs, mask);
        }
        return ApplyAll([inputs, .. initialState], training);
    }

    /// <summary>Runs the layer eagerly with an explicit mask (bool (batch, time); false: skip the step), overriding the input's.</summary>
    public Tensor Apply(Tensor inputs, Tensor mask, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(mask);
        var view = Ops.Reshape(inputs, inputs.Shape.ToArray());
        KerasMask.Set(view, mask);
        return Apply(view, training);
    }

    /// <summary>Adds the layer to a graph with initial states as further inputs; returns every output.</summary>
    public KerasTensor[] ApplyAll(KerasTensor inputs, params KerasTensor[] initialState)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(initialState);
        return ApplyAll([inputs, .. initialState]);
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) => CallOutputs([inputs], [null], NoOptions, training)[0];

    /// <inheritdoc/>
    protected override Tensor[] CallOutputs(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, IReadOnlyDictionary<string, object?> options, bool training)
    {
        var sequence = inputs[0];
        CheckRank([.. sequence.Shape.Dims.ToArray().Select(d => (int?)d)]);
        var cell = Cell;
        CheckStepShape(cell, sequence.Shape);
        int batch = sequence.Shape[0], time = sequence.Shape[1];
        if (time == 0) throw new ArgumentException($"Layer '{Name}' needs at least one time step, received shape {ShapeText.Format(sequence.Shape)}.");
        var mask = masks[0];
        if (mask is not null && (mask.Shape != new Shape(batch, time)))
            throw new ArgumentException($"Layer '{Name}': the mask has shape {ShapeText.Format(mask.Shape)}, expected (batch, time) = ({batch}, {time}) for input shape {ShapeText.Format(sequence.Shape)}.");
        if (mask is not null && mask.DType != DType.Bool) mask = Ops.NotEqual(mask, Ops.ZerosLike(mask));

        var dtype = (cell as KernelRnnCell)?.Kernel?.DType ?? (sequence.DType.IsFloating() ? sequence.DType : DType.Float32);
        var states = InitialStates(inputs, batch, dtype, sequence);

        cell.ResetDropoutMasks();
        Tensor outputs, last;
        Tensor[] final;
        if (cell.RunFused(sequence, states, mask, GoBackwards, training) is { } f)
        {
            (outputs, final) = f;
            last = Ops.Reshape(Ops.SliceAxis(outputs, 1, time - 1, 1), [batch, .. outputs.Shape.Dims[2..]]);
            if (!ReturnSequences) outputs = null!;
        }
        else (outputs, last, final) = Loop(cell, cell.PrepareSequence(sequence, training), states, mask, training);

        if (ZeroOutputForMask && mask is not null)
        {
            var ordered = GoBackwards ? Reverse(mask) : mask;
            if (ReturnSequences) outputs = Ops.Where(Broadcastable(ordered, outputs.Rank), outputs, Ops.ZerosLike(outputs));
            var lastMask = Broadcastable(Ops.Reshape(Ops.SliceAxis(ordered, 1, time - 1, 1), batch), last.Rank);
            last = Ops.Where(lastMask, last, Ops.ZerosLike(last));
        }

        if (_states is not null)
            for (int i = 0; i < _states.Length; i++) _states[i].Assign(Ops.StopGradient(final[i]));

        var output = ReturnSequences ? outputs : last;
        if (ActivityRegularizer is not null) AddLoss(ActivityRegularizer.Call(output));
        return ReturnState ? [output, .. final] : [output];
    }

    /// <summary>A mask, (batch) or (batch, time), with axes of one appended up to <paramref name="rank"/>, to select along a tensor of that rank.</summary>
    private static Tensor Broadcastable(Tensor mask, int rank) =>
        Ops.Reshape(mask, [.. mask.Shape.Dims.ToArray(), .. Enumerable.Repeat(1, rank - mask.Rank)]);

    /// <summary>Fails, naming the layer, when a step of the sequence does not have the shape the cell was built for.</summary>
    private void CheckStepShape(RnnCell cell, Shape sequence)
    {
        if (cell.BuiltInputShapes?[0] is not { } built) return;
        for (int i = 1; i < built.Length; i++)
            if (built[i] is int n && sequence[i + 1] != n)
                throw new ArgumentException(cell.StepRank == 1
                    ? $"Layer '{Name}' was built for {n} features per step, received shape {ShapeText.Format(sequence)}."
                    : $"Layer '{Name}' was built for steps of shape {ShapeText.Format(built[1..])}, received shape {ShapeText.Format(sequence)}.");
    }

    private static Tensor Reverse(Tensor mask)
    {
        int time = mask.Shape[1];
        var index = Tensor.FromArray(Enumerable.Range(0, time).Reverse().ToArray());
        return Ops.Take(mask, index, 1);
    }

    /// <summary>Step by step through the cell (custom cells, recurrent dropout, activations the fused op does not know).</summary>
    private (Tensor Outputs, Tensor Last, Tensor[] States) Loop(RnnCell cell, Tensor prepared, Tensor[] states, Tensor? mask, bool training)
    {
        int batch = prepared.Shape[0], time = prepared.Shape[1];
        var steps = ReturnSequences ? new Tensor[time] : null;
        Tensor? previous = null;
        for (int k = 0; k < time; k++)
        {
            int t = GoBackwards ? time - 1 - k : k;
            var x = Ops.Reshape(Ops.SliceAxis(prepared, 1, t, 1), [batch, .. prepared.Shape.Dims[2..]]);
            var (output, next) = cell.StepPrepared(x, states, training);
            if (next.Length != states.Length)
                throw new InvalidOperationException($"Layer '{Name}': cell '{cell.Name}' returned {next.Length} state(s), its StateSize has {states.Length}.");
            if (mask is not null)
            {
                var m = Ops.Reshape(Ops.SliceAxis(mask, 1, t, 1), batch);
                for (int i = 0; i < next.Length; i++) next[i] = Ops.Where(Broadcastable(m, next[i].Rank), next[i], states[i]);
                output = Ops.Where(Broadcastable(m, output.Rank), output, previous ?? Ops.ZerosLike(output));
            }
            states = next;
            previous = output;
            if (steps is not null) steps[k] = output;
        }
        return (steps is null ? null! : Ops.Stack(steps, 1), previous!, states);
    }

    /// <summary>The given initial states, else a stateful layer's states, else the cell's zeros.</summary>
    private Tensor[] InitialStates(IReadOnlyList<Tensor> inputs, int batch, DType dtype, Tensor like)
    {
        var cell = Cell;
        var shapes = StateShapes(like.Shape);
        if (Stateful)
        {
            if (_states is null)
                _states = [.. shapes.Select((s, i) => { using var z = like.Backend.Full(new Shape(s), dtype, 0, like.Device); return new Variable(z, $"{Name}/state_{i}", trainable: false); })];
            else if (_states[0].Shape[0] != batch)
                throw new ArgumentException($"Layer '{Name}' is stateful with batch size {_states[0].Shape[0]}, received a batch of {batch} (input shape {ShapeText.Format(inputs[0].Shape)}); " +
                                            "every batch of a stateful layer must have the same size (drop the last partial batch, or make a new layer).");
        }
        if (inputs.Count > 1)
        {
            var given = inputs.Skip(1).ToArray();
            CheckInitialStates(given, shapes);
            return [.. given.Select(s => s.DType == dtype ? s : Ops.Cast(s, dtype))];
        }
        if (_states is not null) return [.. _states.Select(s => s.Snapshot())];
        return cell.GetInitialState(batch, dtype, like);
    }

    /// <inheritdoc/>
    protected override int?[][] ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes, IReadOnlyDictionary<string, object?> options) =>
        OutputShapes(inputShapes[0]);

    /// <summary>The output's shape, then the states' with <see cref="ReturnState"/>, for an input (sequence) shape.</summary>
    internal int?[][] OutputShapes(int?[] shape)
    {
        CheckRank(shape);
        MakeCell();
        var cell = Cell;
        int?[] step = [shape[0], .. shape[2..]];
        var perStep = cell.OutputShape(step);
        int?[] output = ReturnSequences ? [shape[0], shape[1], .. perStep] : [shape[0], .. perStep];
        return ReturnState ? [output, .. cell.StateShapes(step).Select(s => new int?[] { shape[0] }.Concat(s).ToArray())] : [output];
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => ComputeOutputShapes([inputShape], NoOptions)[0];
}
