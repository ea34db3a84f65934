namespace KerasSharp.Optimizers;

public abstract partial class Optimizer
{
    /// <summary>
    /// The state a file keeps, in Keras 3's order for <c>optimizer/vars</c>: the iteration count, the learning rate
    /// when it is a constant (float32), every slot in the order it was made, then optimizer-wide scalars (Nadam's
    /// momentum product).
    /// </summary>
    internal IReadOnlyList<Tensor> SavedState()
    {
        var state = new List<Tensor> { _iterations.Variable };
        if (_learningRate.Constant is double lr) state.Add(Ops.Full([], lr, DType.Float32));
        state.AddRange(_slotOrder);
        state.AddRange(_scalarState);
        return state;
    }

    /// <summary>How many values <see cref="SavedState"/> has with and without slots.</summary>
    internal (int WithoutSlots, int Slots) SavedStateCount => (1 + (_learningRate.Constant is null ? 0 : 1) + _scalarState.Count, _slotOrder.Count);

    /// <summary>
    /// Where each saved value goes back: the variables in <see cref="SavedState"/>'s order, with the learning rate as a
    /// setter (null variable) that keeps the exact double when the float32 in the file is its rounding.
    /// </summary>
    internal IReadOnlyList<(Variable? Target, Action<Tensor>? Set, Action? Undo)> RestoreTargets()
    {
        var targets = new List<(Variable?, Action<Tensor>?, Action?)> { (_iterations.Variable, null, null) };
        if (_learningRate.Constant is double current)
        {
            var before = _learningRate;
            targets.Add((null, value =>
            {
                float saved = value.Item<float>();
                // Unchanged since it was set: keep the double, so resumed training steps exactly as before.
                if ((float)current != saved) LearningRate = saved;
            }, () => LearningRate = before));
        }
        targets.AddRange(_slotOrder.Select(v => ((Variable?)v, (Action<Tensor>?)null, (Action?)null)));
        targets.AddRange(_scalarState.Select(v => ((Variable?)v, (Action<Tensor>?)null, (Action?)null)));
        return targets;
    }
}
