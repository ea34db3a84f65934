namespace KerasSharp.Layers;

/// <summary>
/// A (semi-)orthogonal matrix times <see cref="Gain"/>, as Keras: the shape is flattened to
/// (prod(shape[:-1]), shape[-1]); the Q of the QR decomposition of a normal sample (signs fixed so R's
/// diagonal is positive) fills it, transposed when there are fewer rows than columns.
/// </summary>
public sealed class Orthogonal(double gain = 1.0, long? seed = null) : Initializer
{
    /// <summary>The scale applied to the orthogonal matrix.</summary>
    public double Gain { get; } = gain;
    /// <summary>The seed; null draws from the global generator.</summary>
    public long? Seed { get; } = seed;

    /// <inheritdoc/>
    public override Tensor Call(int[] shape, DType dtype = DType.Float32)
    {
        if (shape.Length < 2)
            throw new ArgumentException($"Orthogonal: the shape must have rank at least 2, got [{string.Join(",", shape)}].");
        if (!dtype.IsFloating()) throw new ArgumentException($"Orthogonal: dtype must be floating, got {dtype.Name()}.");
        int rows = 1;
        for (int i = 0; i < shape.Length - 1; i++) rows *= shape[i];
        int cols = shape[^1];
        int m = Math.Max(rows, cols), n = Math.Min(rows, cols);
        double[] a;
        using (var sample = Ops.RandomNormal([m, n], 0, 1, DType.Float64, Seed)) a = sample.ToArray<double>();
        OrthonormaliseColumns(a, m, n);
        var result = new double[rows * cols];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                // a is m x n; the result is rows x cols, equal to a or to its transpose.
                if (rows >= cols) result[i * cols + j] = Gain * a[i * n + j];
                else result[j * cols + i] = Gain * a[i * n + j];
            }
        var q = Tensor.FromArray(result, shape);
        if (dtype == DType.Float64) return q;
        using (q) return Ops.Cast(q, dtype);
    }

    // Modified Gram-Schmidt, run twice for full precision. Each column keeps its positive component along
    // the original, which is exactly QR with diag(R) > 0 (Keras's sign fix).
    private static void OrthonormaliseColumns(double[] a, int m, int n)
    {
        for (int j = 0; j < n; j++)
        {
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int i = 0; i < m; i++) dot += a[i * n + k] * a[i * n + j];
                    for (int i = 0; i < m; i++) a[i * n + j] -= dot * a[i * n + k];
                }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += a[i * n + j] * a[i * n + j];
            norm = Math.Sqrt(norm);
            if (norm == 0) throw new InvalidOperationException("Orthogonal: the random sample was rank-deficient; try another seed.");
            for (int i = 0; i < m; i++) a[i * n + j] /= norm;
        }
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["gain"] = Gain, ["seed"] = Seed };
}
