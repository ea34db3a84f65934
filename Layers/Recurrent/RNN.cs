namespace KerasSharp.Layers;

/// <summary>
/// Runs a <see cref="RnnCell"/> over the time axis of a (batch, time, features) input, as Keras's RNN: the last output
/// (batch, units), or every output (batch, time, units) with <see cref="ReturnSequences"/>, followed by the final states
/// with <see cref="ReturnState"/> (use <c>ApplyAll</c>). A mask on the input (from <c>Embedding(maskZero: true)</c> or
/// <c>Masking</c>, or passed explicitly) makes masked steps keep the previous state and output. Initial states are extra
/// inputs after the sequence: <c>ApplyAll([x, h0, c0])</c>.
/// </summary>
public partial class RNN : Layer
{
    private RnnCell _cell;
    private readonly Func<DType, RnnCell>? _makeCell;
    private Variable[]? _states;

    /// <summary>Wraps a cell (a built-in one or a subclass of <see cref="RnnCell"/>), with Keras 3's defaults.</summary>
    public RNN(RnnCell cell, bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false,
               bool unroll = false, bool zeroOutputForMask = false, Regularizer? activityRegularizer = null, string? name = null, bool trainable = true)
        : this(cell ?? throw new ArgumentNullException(nameof(cell)), null, returnSequences, returnState, goBackwards, stateful, unroll,
               zeroOutputForMask, activityRegularizer, name, trainable)
    { }

    /// <summary>For SimpleRNN, LSTM and GRU: <paramref name="makeCell"/> makes the cell again at build when the layer's dtype is not the cell's.</summary>
    private protected RNN(RnnCell cell, Func<DType, RnnCell>? makeCell, bool returnSequences, bool returnState, bool goBackwards, bool stateful,
                          bool unroll, bool zeroOutputForMask, Regularizer? activityRegularizer, string? name, bool trainable)
        : base(name, trainable)
    {
        _cell = cell;
        _makeCell = makeCell;
        ReturnSequences = returnSequences;
        ReturnState = returnState;
        GoBackwards = goBackwards;
        Stateful = stateful;
        Unroll = unroll;
        ZeroOutputForMask = zeroOutputForMask;
        ActivityRegularizer = activityRegularizer;
    }

    /// <summary>The cell that runs each step (its weights are the layer's: "cell/kernel", ...).</summary>
    public RnnCell Cell => _cell;

    // SimpleRNN, LSTM and GRU make their cell in the layer's dtype (set after the constructor, before the build).
    private void MakeCell()
    {
        if (_makeCell is not null && !_cell.Built && _cell.DType != DType) _cell = _makeCell(DType);
    }

    /// <summary>Whether the output is every step's output (batch, time, units) rather than the last (batch, units).</summary>
    public bool ReturnSequences { get; }
    /// <summary>Whether the final states follow the output (use <c>ApplyAll</c>).</summary>
    public bool ReturnState { get; }
    /// <summary>Whether the steps run from last to first; the returned sequence is then in that reversed order, as Keras's.</summary>
    public bool GoBackwards { get; }
    /// <summary>Whether the final states of a batch are the initial states of the next (reset with <see cref="ResetStates"/>); the batch size must not change.</summary>
    public bool Stateful { get; }
    /// <summary>Keras's unroll flag; kept for files (the steps always run as a loop of ops, or one fused op).</summary>
    public bool Unroll { get; }
    /// <summary>Whether masked steps output zeros instead of the previous output (states are kept either way).</summary>
    public bool ZeroOutputForMask { get; }
    /// <summary>The penalty on the layer's output, added to <see cref="Layer.Losses"/> at each call.</summary>
    public Regularizer? ActivityRegularizer { get; }

    /// <summary>The states of a stateful layer (null before its first call or when not stateful).</summary>
    public IReadOnlyList<Variable>? States => _states;

    /// <summary>True: the mask passes to the sequence output (with <see cref="ReturnSequences"/>); the last output carries none.</summary>
    public override bool SupportsMasking => true;

    /// <summary>False: the time axis may change between calls; the features are checked at each call.</summary>
    protected override bool InputShapeFixedAfterBuild => false;

    /// <inheritdoc/>
    public override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> previousMasks)
    {
        ArgumentNullException.ThrowIfNull(previousMasks);
        return ReturnSequences ? previousMasks[0] : null;
    }

    /// <inheritdoc/>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask) => ReturnSequences ? previousMask : null;

    /// <inheritdoc/>
    public override void Build(int?[] inputShape) => Build([inputShape]);

    /// <summary>Builds the cell for one step of the sequence, (batch, features); further shapes are the initial states'.</summary>
    public override void Build(IReadOnlyList<int?[]> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        var shape = inputShapes[0];
        CheckRank(shape);
        if (Cell.StepRank == 1 && shape[2] is null)
            throw new ArgumentException($"Layer '{Name}': the last axis of the input must be known, received shape {ShapeText.Format(shape)}.");
        if (Stateful && shape[0] is null)
            throw new ArgumentException($"Layer '{Name}' is stateful, so its batch size must be fixed: give the Input a batchSize (new Input([time, features], batchSize: 32)); received shape {ShapeText.Format(shape)}.");
        MakeCell();
        if (!Cell.Built) Cell.BuildAsSubLayer([shape[0], .. shape[2..]]);
        Built = true;
    }

    private void CheckRank(IReadOnlyList<int?> shape)
    {
        if (shape.Count != 2 + Cell.StepRank)
            throw new ArgumentException($"Layer '{Name}' expects a sequence {Cell.SequenceAxes}, received shape {ShapeText.Format(shape)}.");
    }

    /// <summary>Zeroes the states of a stateful layer (or sets them to <paramref name="states"/>, (batch, size) each).</summary>
    /// <exception cref="InvalidOperationException">The layer is not stateful.</exception>
    /// <exception cref="ArgumentException">The given states do not fit the layer's.</exception>
    public void ResetStates(IReadOnlyList<Tensor>? states = null)
    {
        if (!Stateful) throw new InvalidOperationException($"Layer '{Name}' is not stateful; ResetStates applies to layers made with stateful: true.");
        if (_states is null) return;
        if (states is null)
        {
            foreach (var s in _states) { using var zero = Ops.ZerosLike(s); s.Assign(zero); }
            return;
        }
        CheckInitialStates(states, [.. _states.Select(v => v.Shape.ToArray())]);
        for (int i = 0; i < _states.Length; i++) _states[i].Assign(states[i]);
    }

    /// <summary>Keras's reset_state: the same as <see cref="ResetStates"/>.</summary>
    public void ResetState() => ResetStates();

    /// <summary>The shapes of the states for a sequence of <paramref name="sequenceShape"/> (batch, time, step axes...).</summary>
    private int[][] StateShapes(Shape sequenceShape)
    {
        int?[] step = [sequenceShape[0], .. sequenceShape.Dims[2..].ToArray().Select(d => (int?)d)];
        return [.. Cell.StateShapes(step).Select(s => new[] { sequenceShape[0] }.Concat(s.Select(d => d ?? 0)).ToArray())];
    }

    private void CheckInitialStates(IReadOnlyList<Tensor> states, int[][] expected)
    {
        if (states.Count != expected.Length)
            throw new ArgumentException($"Layer '{Name}' has {expected.Length} state(s) ({string.Join(", ", expected.Select(s => $"(batch, {string.Join(", ", s.Skip(1))})"))}), received {states.Count} initial state(s).");
        for (int i = 0; i < expected.Length; i++)
            if (!states[i].Shape.ToArray().SequenceEqual(expected[i]))
                throw new ArgumentException($"Layer '{Name}': initial state {i} has shape {ShapeText.Format(states[i].Shape)}, expected {ShapeText.Format(new Shape(expected[i]))}.");
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        if (_makeCell is null) c["cell"] = KerasObjects.Serialize(_cell);
        c["return_sequences"] = ReturnSequences;
        c["return_state"] = ReturnState;
        c["go_backwards"] = GoBackwards;
        c["stateful"] = Stateful;
        c["unroll"] = Unroll;
        c["zero_output_for_mask"] = ZeroOutputForMask;
        if (ActivityRegularizer is not null) c["activity_regularizer"] = ConfigOf.Describe(ActivityRegularizer);
        return c;
    }
}
