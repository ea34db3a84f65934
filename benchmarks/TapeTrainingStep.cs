namespace KerasSharp.Benchmarks;

/// <summary>
/// One SGD training step of the MLP with KerasSharp's <see cref="GradientTape"/>, on whichever backend the
/// problem's tensors are copied to (native kernels, or libtorch kernels under our tape).
/// </summary>
internal sealed class TapeTrainingStep : IDisposable
{
    private readonly Tensor _x, _labels;
    private readonly Variable[] _parameters;

    /// <param name="problem">Initial values (native).</param>
    /// <param name="copy">Moves a native tensor to the backend measured (identity for native).</param>
    public TapeTrainingStep(MlpProblem problem, Func<Tensor, Tensor> copy)
    {
        _x = copy(problem.X);
        _labels = copy(problem.Labels);
        _parameters = problem.Parameters.Select(p => AsVariable(copy(p))).ToArray();
    }

    private static Variable AsVariable(Tensor value)
    {
        using (value) return new Variable(value);   // the variable holds its own reference to the storage
    }

    /// <summary>
    /// Forward, gradients, SGD update inside a <see cref="TensorScope"/> (as Fit runs a step, so every intermediate,
    /// backward ones included, is freed at once); returns the loss before the update (the caller disposes it).
    /// </summary>
    public Tensor Step()
    {
        using var scope = new TensorScope();
        Tensor loss;
        Tensor?[] grads;
        using (var tape = new GradientTape())
        {
            var hidden = Ops.Relu(Ops.Linear(_x, _parameters[0], _parameters[1]));
            var logits = Ops.Linear(hidden, _parameters[2], _parameters[3]);
            var picked = Ops.TakeAlongAxis(Ops.LogSoftmax(logits), _labels, -1);
            loss = Ops.Negative(Ops.Mean(picked));
            grads = tape.Gradient(loss, _parameters);
        }
        for (int i = 0; i < _parameters.Length; i++)
            _parameters[i].AssignSub(Ops.MultiplyScalar(grads[i]!, MlpProblem.LearningRate));
        return scope.Keep(loss);
    }

    public void Dispose()
    {
        _x.Dispose();
        _labels.Dispose();
        foreach (var p in _parameters) p.Dispose();
    }
}
