namespace KerasSharp.Metrics;

/// <summary>
/// The running weighted mean behind <see cref="Mean"/> and <see cref="MeanMetricWrapper"/>, following Keras's
/// <c>reduce_to_samplewise_values</c>: values are averaged to one per sample, weighted, summed into a total, and
/// the count grows by the number of samples (or by the sum of the weights).
/// </summary>
internal sealed class WeightedMean
{
    /// <summary>The weighted sum of the per-sample values.</summary>
    public double Total { get; private set; }

    /// <summary>The number of samples (or the sum of their weights).</summary>
    public double Count { get; private set; }

    /// <summary>Total / Count, or 0 before any data (Keras's divide_no_nan).</summary>
    public double Value => Count == 0 ? 0 : Total / Count;

    /// <summary>Clears the state.</summary>
    public void Reset()
    {
        Total = 0;
        Count = 0;
    }

    /// <summary>Adds one batch of values with optional weights; <paramref name="describe"/> names the metric in errors.</summary>
    public void Add(HostArray values, HostArray? weights, string describe)
    {
        var v = values;
        var w = weights;
        if (w is not null)
        {
            (v, w) = HostArray.SqueezeOrExpand(v, w);
            if (v.Rank > w.Rank) v = v.MeanTrailing(w.Rank);
            var wb = w.BroadcastTo(v.Shape) ?? throw new ArgumentException(
                $"{describe}: sampleWeight has shape {weights!.ShapeText}, which does not broadcast to the values of shape {values.ShapeText}.");
            var product = new double[v.Size];
            for (int i = 0; i < product.Length; i++) product[i] = v.Data[i] * wb.Data[i];
            v = new HostArray(product, v.Shape);
            w = wb.Rank > 1 ? wb.MeanTrailing(1) : wb;
        }
        if (v.Rank > 1) v = v.MeanTrailing(1);
        Total += v.Data.Sum();
        Count += w is not null ? w.Data.Sum() : v.Rank >= 1 ? v.Shape[0] : 1;
    }
}
