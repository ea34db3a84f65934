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

    /// <summary>Forward, gradients, SGD update; returns the loss before the update (the caller disposes it).</summary>
    public Tensor Step()
    {
        Tensor loss;
        Tensor?[] grads;
        using (var tape = new GradientTape())
        {
            using var hidden = Ops.Relu(Ops.Linear(_x, _parameters[0], _parameters[1]));
            using var logits = Ops.Linear(hidden, _parameters[2], _parameters[3]);
            using var logProbs = Ops.LogSoftmax(logits);
            using var picked = Ops.TakeAlongAxis(logProbs, _labels, -1);
            using var mean = Ops.Mean(picked);
            loss = Ops.Negative(mean);
            grads = tape.Gradient(loss, _parameters);
        }
        for (int i = 0; i < _parameters.Length; i++)
        {
            using var grad = grads[i]!;
            using var delta = Ops.MultiplyScalar(grad, MlpProblem.LearningRate);
            _parameters[i].AssignSub(delta);
        }
        return loss;
    }

    public void Dispose()
    {
        _x.Dispose();
        _labels.Dispose();
        foreach (var p in _parameters) p.Dispose();
    }
}
