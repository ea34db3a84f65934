namespace KerasSharp.Metrics;

/// <summary>
/// The running weighted mean behind <see cref="Mean"/> and <see cref="MeanMetricWrapper"/>, following Keras's
/// <c>reduce_to_samplewise_values</c>: values are averaged to one per sample, weighted, summed into a total, and
/// the count grows by the number of samples (or by the sum of the weights). The total (and a weighted count) stay on
/// the device; an unweighted count is known on the host.
/// </summary>
internal sealed class WeightedMean
{
    private readonly DeviceSum _total = new(), _weights = new();
    private double _samples;

    /// <summary>Total / Count, or 0 before any data (Keras's divide_no_nan); reads the device.</summary>
    public double Value
    {
        get
        {
            double count = _samples + _weights.ReadScalar();
            return count == 0 ? 0 : _total.ReadScalar() / count;
        }
    }

    /// <summary>Clears the state.</summary>
    public void Reset()
    {
        _total.Reset();
        _weights.Reset();
        _samples = 0;
    }

    /// <summary>Adds one batch of values with optional weights; <paramref name="describe"/> names the metric in errors.</summary>
    public void Add(MetricValues values, MetricValues? weights, string describe)
    {
        var v = values;
        var w = weights;
        if (w is not null)
        {
            (v, w) = MetricValues.SqueezeOrExpand(v, w);
            if (v.Rank > w.Rank) v = v.MeanTrailing(w.Rank);
            var wb = w.BroadcastTo(v.Shape) ?? throw new ArgumentException(
                $"{describe}: sampleWeight has shape {weights!.ShapeText}, which does not broadcast to the values of shape {values.ShapeText}.");
            v = MetricValues.Of(Ops.Multiply(v.Values, wb.Values));
            w = wb.Rank > 1 ? wb.MeanTrailing(1) : wb;
        }
        if (v.Rank > 1) v = v.MeanTrailing(1);
        _total.Add(v.SumAll());
        if (w is not null) _weights.Add(w.SumAll());
        else _samples += v.Rank >= 1 ? v.Shape[0] : 1;
    }
}
