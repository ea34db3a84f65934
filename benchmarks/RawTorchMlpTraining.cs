using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The QuickStart MLP as a hand-written TorchSharp loop: Glorot-uniform parameters, shuffled batches of 64,
/// linear-ReLU-dropout-linear, log_softmax + nll_loss, <c>torch.optim.Adam</c>, the loss read back every step
/// (as Fit does for its logs). The yardstick for the framework's overhead.
/// </summary>
internal static class RawTorchMlpTraining
{
    /// <summary>Trains one epoch (after a short warm-up); returns samples/s and the epoch's mean loss.</summary>
    public static (double SamplesPerSecond, double Loss) Run(TrainMlpProblem problem)
    {
        using var xCopy = TorchReference.Copy(problem.X);
        using var yCopy = TorchReference.Copy(problem.Y);
        using var x = TorchReference.Raw(xCopy).reshape(problem.Count, TrainMlpProblem.Inputs).detach().clone();
        using var y = TorchReference.Raw(yCopy).detach().clone();

        torch.manual_seed(1);
        Epoch(x, y, TrainMlpProblem.WarmupSteps);
        torch.manual_seed(42);
        var clock = Stopwatch.StartNew();
        double loss = Epoch(x, y, int.MaxValue);
        clock.Stop();
        return (problem.Count / clock.Elapsed.TotalSeconds, loss);
    }

    private static double Epoch(torch.Tensor x, torch.Tensor y, int maxSteps)
    {
        var parameters = new[]
        {
            Glorot(TrainMlpProblem.Inputs, TrainMlpProblem.Hidden), new Parameter(torch.zeros(TrainMlpProblem.Hidden)),
            Glorot(TrainMlpProblem.Hidden, TrainMlpProblem.Classes), new Parameter(torch.zeros(TrainMlpProblem.Classes)),
        };
        using var optimizer = torch.optim.Adam(parameters, lr: TrainMlpProblem.LearningRate, eps: TrainMlpProblem.Epsilon);
        long n = x.shape[0];
        using var order = torch.randperm(n);
        double sum = 0;
        long seen = 0;
        for (long start = 0, step = 0; start < n && step < maxSteps; start += TrainMlpProblem.Batch, step++)
        {
            using var scope = torch.NewDisposeScope();
            long length = Math.Min(TrainMlpProblem.Batch, n - start);
            var index = order.narrow(0, start, length);
            var xb = x.index_select(0, index);
            var yb = y.index_select(0, index);
            optimizer.zero_grad();
            var hidden = F.dropout(F.relu(xb.matmul(parameters[0]).add(parameters[1])), TrainMlpProblem.DropoutRate, training: true);
            var logits = hidden.matmul(parameters[2]).add(parameters[3]);
            var loss = F.nll_loss(F.log_softmax(logits, -1), yb);
            loss.backward();
            optimizer.step();
            sum += loss.item<float>() * length;
            seen += length;
        }
        foreach (var p in parameters) p.Dispose();
        return sum / seen;
    }

    private static Parameter Glorot(int fanIn, int fanOut)
    {
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        using var uniform = torch.rand(fanIn, fanOut);
        return new Parameter(uniform.mul(2 * limit).sub(limit));
    }
}
