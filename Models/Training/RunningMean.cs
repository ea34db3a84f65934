using KerasSharp.Metrics;

namespace KerasSharp.Models;

/// <summary>
/// A weighted running mean whose sum stays on the device of the values: the loss trackers of the training loops, which
/// so never wait for the device in a step. <see cref="Result"/> reads it back.
/// </summary>
internal sealed class RunningMean
{
    private readonly DeviceSum _sum = new();
    private double _weight;
    private double _hostSum;

    /// <summary>Adds a scalar tensor <paramref name="value"/> counted <paramref name="weight"/> times.</summary>
    public void Add(Tensor value, double weight)
    {
        using var scope = new TensorScope();
        var v = Ops.StopGradient(value);
        _sum.Add(Ops.Multiply(v.DType == DType.Float64 ? v : Ops.Cast(v, DType.Float64), Ops.FullLike(v, weight, DType.Float64)));
        _weight += weight;
    }

    /// <summary>Adds a value already on the host (NaN for an output without a loss).</summary>
    public void Add(double value, double weight)
    {
        _hostSum += value * weight;
        _weight += weight;
    }

    public double Result => _weight == 0 ? 0 : (_hostSum + _sum.ReadScalar()) / _weight;

    public void Reset()
    {
        _sum.Reset();
        _hostSum = _weight = 0;
    }
}
