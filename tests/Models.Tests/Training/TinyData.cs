namespace KerasSharp.Models.Tests.Training;

/// <summary>Small, seeded, linearly separable problems that train in well under a second.</summary>
internal static class TinyData
{
    /// <summary>n points in 2-D, label 1 when x0 + x1 > 0 (float32 inputs, int64 labels).</summary>
    public static (Tensor X, Tensor Y) TwoClasses(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n * 2];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = (float)(rng.NextDouble() * 2 - 1);
            x[2 * i + 1] = (float)(rng.NextDouble() * 2 - 1);
            y[i] = x[2 * i] + x[2 * i + 1] > 0 ? 1 : 0;
        }
        return (Tensor.FromArray(x, n, 2), Tensor.FromArray(y, n));
    }

    /// <summary>y = 3 x0 - 2 x1 + 0.5 as a regression target of shape [n, 1].</summary>
    public static (Tensor X, Tensor Y) Linear(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n * 2];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = (float)(rng.NextDouble() * 2 - 1);
            x[2 * i + 1] = (float)(rng.NextDouble() * 2 - 1);
            y[i] = 3 * x[2 * i] - 2 * x[2 * i + 1] + 0.5f;
        }
        return (Tensor.FromArray(x, n, 2), Tensor.FromArray(y, n, 1));
    }
}
