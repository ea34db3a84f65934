namespace KerasSharp.Layers;

/// <summary>
/// One step of a recurrent layer (Keras's RNN cell): from the input at one time step, (batch, features), and the
/// states, (batch, size) each, the step's output and the new states. <see cref="RNN"/> runs a cell over a sequence.
/// A custom cell overrides <see cref="StateSize"/>, <see cref="Layer.Build(int?[])"/> (the input is one step,
/// (batch, features)) and <see cref="Step"/>.
/// </summary>
public abstract class RnnCell : Layer
{
    /// <summary>Creates the cell.</summary>
    protected RnnCell(string? name = null, bool trainable = true) : base(name, trainable) { }

    /// <summary>The size of each state, (batch, size); the first is the output's unless <see cref="OutputSize"/> says otherwise.</summary>
    public abstract int[] StateSize { get; }

    /// <summary>The size of the step's output; by default that of the first state.</summary>
    public virtual int OutputSize => StateSize[0];

    /// <summary>One time step: the output (batch, <see cref="OutputSize"/>) and the new states, in the order of <see cref="StateSize"/>.</summary>
    /// <param name="input">The input at this step, (batch, features).</param>
    /// <param name="states">The states after the previous step.</param>
    /// <param name="training">Whether dropout applies.</param>
    public abstract (Tensor Output, Tensor[] States) Step(Tensor input, IReadOnlyList<Tensor> states, bool training);

    /// <summary>The states before the first step: zeros of (batch, size) each, of <paramref name="dtype"/>, on the backend and device of <paramref name="like"/>.</summary>
    public virtual Tensor[] GetInitialState(int batchSize, DType dtype, Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return [.. StateSize.Select(s => like.Backend.Full(new Shape(batchSize, s), dtype, 0, like.Device))];
    }

    /// <summary>The number of axes of one step's input after the batch axis: 1, (features), for the vector cells.</summary>
    internal virtual int StepRank => 1;

    /// <summary>How the layer names a sequence's axes in its errors.</summary>
    internal virtual string SequenceAxes => "(batch, time, features)";

    /// <summary>The output's shape without the batch axis, for one step's input shape (batch first; unknown sizes null).</summary>
    internal virtual int?[] OutputShape(int?[] stepShape) => [OutputSize];

    /// <summary>Each state's shape without the batch axis, for one step's input shape (batch first; unknown sizes null).</summary>
    internal virtual int?[][] StateShapes(int?[] stepShape) => [.. StateSize.Select(s => new int?[] { s })];

    /// <summary>
    /// Forgets the dropout masks of the last sequence: a layer calls it before each sequence, and the cell then draws one
    /// mask per sequence, the same at every step (as Keras's DropoutRNNCell).
    /// </summary>
    public virtual void ResetDropoutMasks() { }

    /// <summary>
    /// Work done once per sequence before the steps: the built-in cells project the inputs of every step with one
    /// matrix product here, (batch, time, features) to (batch, time, gates · units), and <see cref="StepPrepared"/>
    /// takes a step of the result. By default the inputs unchanged.
    /// </summary>
    internal virtual Tensor PrepareSequence(Tensor inputs, bool training) => inputs;

    /// <summary>One step on a step of <see cref="PrepareSequence"/>'s result; by default <see cref="Step"/>.</summary>
    internal virtual (Tensor Output, Tensor[] States) StepPrepared(Tensor prepared, IReadOnlyList<Tensor> states, bool training) =>
        Step(prepared, states, training);

    /// <summary>
    /// The whole sequence (batch, time, features) in one op, <see cref="Ops.Recurrence"/>, when the cell allows it (masks,
    /// direction and states included): the outputs (batch, time, units) in processing order and the final states; null
    /// to run step by step.
    /// </summary>
    internal virtual (Tensor Outputs, Tensor[] States)? RunFused(Tensor inputs, IReadOnlyList<Tensor> states, Tensor? mask, bool goBackwards, bool training) => null;

    /// <summary>Runs one step as a layer: inputs are the step's input, then the states; outputs the output, then the new states.</summary>
    protected override Tensor[] CallOutputs(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, IReadOnlyDictionary<string, object?> options, bool training)
    {
        if (inputs.Count != 1 + StateSize.Length)
            throw new ArgumentException($"Layer '{Name}' takes the step's input and {StateSize.Length} state(s), received {inputs.Count} tensor(s).");
        ResetDropoutMasks();
        var (output, states) = Step(inputs[0], inputs.Skip(1).ToArray(), training);
        return [output, .. states];
    }

    /// <summary>The builds from the step's input shape (the states' shapes follow from <see cref="StateSize"/>).</summary>
    public override void Build(IReadOnlyList<int?[]> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        Build(inputShapes[0]);
    }

    /// <inheritdoc/>
    protected override int?[][] ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes, IReadOnlyDictionary<string, object?> options)
    {
        var batch = inputShapes[0][0];
        return [[batch, OutputSize], .. StateSize.Select(s => new int?[] { batch, s })];
    }
}
