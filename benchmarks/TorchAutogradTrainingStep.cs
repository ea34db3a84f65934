using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The same SGD training step written directly against TorchSharp with libtorch's autograd: parameters that
/// require grad, <c>loss.backward()</c>, and the update under <c>torch.no_grad()</c>. The yardstick for
/// "our tape over libtorch kernels" (issue 3, autodiff).
/// </summary>
internal sealed class TorchAutogradTrainingStep : IDisposable
{
    private readonly torch.Tensor _x, _labels;
    private readonly torch.Tensor[] _parameters;

    /// <param name="problem">Initial values (native), copied into fresh libtorch tensors.</param>
    public TorchAutogradTrainingStep(MlpProblem problem)
    {
        _x = Fresh(problem.X);
        _labels = Fresh(problem.Labels);
        _parameters = problem.Parameters.Select(p => Fresh(p).requires_grad_(true)).ToArray();
    }

    private static torch.Tensor Fresh(Tensor native)
    {
        using var onTorch = TorchReference.Copy(native);
        return TorchReference.Raw(onTorch).detach().clone();
    }

    /// <summary>Forward, backward, SGD update; returns the loss before the update (the caller disposes it).</summary>
    public torch.Tensor Step()
    {
        using var scope = torch.NewDisposeScope();
        var hidden = F.relu(_x.matmul(_parameters[0]).add(_parameters[1]));
        var logits = hidden.matmul(_parameters[2]).add(_parameters[3]);
        var logProbs = F.log_softmax(logits, -1);
        var loss = logProbs.gather(-1, _labels).mean().neg();
        loss.backward();
        using (torch.no_grad())
        {
            foreach (var p in _parameters)
            {
                var grad = p.grad!;
                p.sub_(grad.mul(MlpProblem.LearningRate));
                grad.zero_();
            }
        }
        return loss.detach().MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _x.Dispose();
        _labels.Dispose();
        foreach (var p in _parameters) p.Dispose();
    }
}
