namespace KerasSharp.Models;

/// <summary>A weighted running mean on the host: the loss trackers of the training loops.</summary>
internal sealed class RunningMean
{
    private double _sum, _weight;

    public void Add(double value, double weight)
    {
        _sum += value * weight;
        _weight += weight;
    }

    public double Result => _weight == 0 ? 0 : _sum / _weight;

    public void Reset() => _sum = _weight = 0;
}
