using KerasSharp.Metrics;

namespace KerasSharp.Models;

/// <summary>
/// A weighted running mean whose sum stays on the device of the values: the loss trackers of the training loops, which
/// so never wait for the device in a step. <see cref="Result"/> reads it back.
/// </summary>
/// <remarks>
/// A step adds its loss with one op: batches of the first batch's size (nearly all of them) add their value unscaled,
/// and the sum is scaled back by that size when read; only a batch of another size (the last one) pays for a multiply.
/// </remarks>
internal sealed class RunningMean
{
    private readonly DeviceSum _sum = new();
    private double _unit, _weight, _hostSum;

    /// <summary>Adds a scalar tensor <paramref name="value"/> counted <paramref name="weight"/> times.</summary>
    public void Add(Tensor value, double weight)
    {
        if (_unit == 0) _unit = weight;
        var v = GradientTape.IsRecordingOnThisThread ? Ops.StopGradient(value) : value;
        if (weight == _unit) _sum.Add(v);
        else
        {
            using var scope = new TensorScope();
            _sum.Add(Ops.Multiply(Ops.Cast(v, DType.Float64), Ops.FullLike(v, weight / _unit, DType.Float64)));
        }
        _weight += weight;
    }

    /// <summary>Adds a value already on the host (NaN for an output without a loss).</summary>
    public void Add(double value, double weight)
    {
        _hostSum += value * weight;
        _weight += weight;
    }

    public double Result => _weight == 0 ? 0 : (_hostSum + _sum.ReadScalar() * _unit) / _weight;

    public void Reset()
    {
        _sum.Reset();
        _unit = _weight = _hostSum = 0;
    }
}
