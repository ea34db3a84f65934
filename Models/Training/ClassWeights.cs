namespace KerasSharp.Models;

/// <summary>Turns Keras's classWeight (weight by class index) into per-sample weights.</summary>
internal static class ClassWeights
{
    public static Tensor SampleWeights(string modelName, Tensor y, IReadOnlyDictionary<int, double> classWeight, Tensor? sampleWeight)
    {
        int n = y.Shape[0];
        long[] labels;
        if (y.Rank == 1 || (y.Rank == 2 && y.Shape[1] == 1)) labels = y.ToArray<long>();
        else using (var arg = Ops.ArgMax(y, -1)) labels = arg.ToArray<long>();
        var weights = new float[n];
        for (int i = 0; i < n; i++)
        {
            if (!classWeight.TryGetValue((int)labels[i], out var w))
                throw new ArgumentException($"Model '{modelName}': classWeight has no entry for class {labels[i]} (it has {string.Join(", ", classWeight.Keys.Order())}).");
            weights[i] = (float)w;
        }
        var t = y.Backend.FromHost(weights, new Shape(n), DType.Float32, y.Device);
        if (sampleWeight is null) return t;
        var combined = Ops.Multiply(t, Ops.Cast(sampleWeight, DType.Float32));
        t.Dispose();
        return combined;
    }
}
