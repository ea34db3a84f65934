using Google.Protobuf;
using KerasSharp.Callbacks.TensorBoardProto;

namespace KerasSharp.Callbacks;

/// <summary>Summary values as TensorFlow 2's tf.summary writes them: scalars and histograms as tensors with plugin metadata.</summary>
internal static class Summaries
{
    /// <summary>Histogram buckets TensorBoard's v2 histogram uses by default.</summary>
    public const int HistogramBuckets = 30;

    /// <summary>A float32 scalar tensor with the "scalars" plugin's metadata (its content, ScalarPluginData version 0, is empty).</summary>
    public static Summary.Types.Value Scalar(string tag, double value) => new()
    {
        Tag = tag,
        Metadata = new SummaryMetadata
        {
            PluginData = new SummaryMetadata.Types.PluginData { PluginName = "scalars", Content = ByteString.Empty },
            DataClass = DataClass.Scalar,
        },
        Tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = new TensorShapeProto(), FloatVal = { (float)value } },
    };

    /// <summary>
    /// A histogram as a [buckets, 3] float64 tensor of (left edge, right edge, count) with the "histograms" plugin's
    /// metadata: equal-width buckets from the minimum to the maximum (the last one closed); one bucket around a constant.
    /// </summary>
    public static Summary.Types.Value Histogram(string tag, ReadOnlySpan<float> values)
    {
        var rows = Buckets(values);
        var tensor = new TensorProto
        {
            Dtype = DataType.DtDouble,
            TensorShape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = rows.Length / 3 }, new TensorShapeProto.Types.Dim { Size = 3 } } },
        };
        tensor.DoubleVal.Add(rows);
        return new Summary.Types.Value
        {
            Tag = tag,
            Metadata = new SummaryMetadata
            {
                PluginData = new SummaryMetadata.Types.PluginData { PluginName = "histograms", Content = ByteString.Empty },
                DataClass = DataClass.Tensor,
            },
            Tensor = tensor,
        };
    }

    /// <summary>The (left, right, count) rows, flattened; empty for no finite values.</summary>
    public static double[] Buckets(ReadOnlySpan<float> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        int finite = 0;
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) continue;
            finite++;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (finite == 0) return [];
        if (min == max) return [min - 0.5, max + 0.5, finite];
        var counts = new double[HistogramBuckets];
        double width = (max - min) / HistogramBuckets;
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) continue;
            int b = (int)((v - min) / width);
            counts[Math.Clamp(b, 0, HistogramBuckets - 1)]++;
        }
        var rows = new double[HistogramBuckets * 3];
        for (int b = 0; b < HistogramBuckets; b++)
        {
            rows[3 * b] = min + b * width;
            rows[3 * b + 1] = b == HistogramBuckets - 1 ? max : min + (b + 1) * width;
            rows[3 * b + 2] = counts[b];
        }
        return rows;
    }
}
