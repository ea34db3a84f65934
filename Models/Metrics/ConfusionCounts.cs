namespace KerasSharp.Metrics;

/// <summary>
/// Weighted true/false positive/negative counts at a list of thresholds, as Keras's
/// <c>update_confusion_matrix_variables</c>: a prediction is positive at threshold θ when it is &gt; θ, a target
/// is positive when it is non-zero, and each element counts with its (broadcast) sample weight.
/// </summary>
internal sealed class ConfusionCounts
{
    public ConfusionCounts(double[] thresholds)
    {
        Thresholds = thresholds;
        TruePositives = new double[thresholds.Length];
        FalsePositives = new double[thresholds.Length];
        TrueNegatives = new double[thresholds.Length];
        FalseNegatives = new double[thresholds.Length];
    }

    public double[] Thresholds { get; }
    public double[] TruePositives { get; }
    public double[] FalsePositives { get; }
    public double[] TrueNegatives { get; }
    public double[] FalseNegatives { get; }

    /// <summary>Adds a batch of aligned targets, predictions and optional weights (all of one shape).</summary>
    public void Add(HostArray yTrue, HostArray yPred, HostArray? weights)
    {
        for (int i = 0; i < yPred.Size; i++)
        {
            bool positive = yTrue.Data[i] != 0;
            double w = weights?.Data[i] ?? 1, pred = yPred.Data[i];
            for (int k = 0; k < Thresholds.Length; k++)
            {
                bool predicted = pred > Thresholds[k];
                if (positive) { if (predicted) TruePositives[k] += w; else FalseNegatives[k] += w; }
                else { if (predicted) FalsePositives[k] += w; else TrueNegatives[k] += w; }
            }
        }
    }

    /// <summary>Zeroes every count.</summary>
    public void Reset()
    {
        Array.Clear(TruePositives);
        Array.Clear(FalsePositives);
        Array.Clear(TrueNegatives);
        Array.Clear(FalseNegatives);
    }

    /// <summary>a / b, or 0 where b is 0 (Keras's divide_no_nan).</summary>
    public static double DivideNoNan(double a, double b) => b == 0 ? 0 : a / b;
}
