namespace KerasSharp.Backends.Native.Tests;

/// <summary>Helpers to move data in and out of the backend under test.</summary>
internal static class TestUtil
{
    public static readonly NativeBackend B = new();

    public static Tensor T<TE>(TE[] data, params int[] shape) where TE : unmanaged =>
        B.FromHost(data, new Shape(shape), DTypes.Of<TE>(), Device.Cpu);

    public static TE[] Read<TE>(Tensor x) where TE : unmanaged
    {
        var r = new TE[x.Size];
        B.CopyToHost(x, r);
        return r;
    }

    public static float[] RandomFloats(int n, int seed)
    {
        var rng = new Random(seed);
        var r = new float[n];
        for (int i = 0; i < n; i++) r[i] = (float)(rng.NextDouble() * 2 - 1);
        return r;
    }

    public static double[] RandomDoubles(int n, int seed)
    {
        var rng = new Random(seed);
        var r = new double[n];
        for (int i = 0; i < n; i++) r[i] = rng.NextDouble() * 2 - 1;
        return r;
    }

    /// <summary>Runs <paramref name="body"/> with <see cref="Config.NumThreads"/> set, restoring it after.</summary>
    public static TR WithThreads<TR>(int threads, Func<TR> body)
    {
        int old = Config.NumThreads;
        Config.NumThreads = threads;
        try { return body(); }
        finally { Config.NumThreads = old; }
    }

    public static void AssertClose(double[] expected, double[] actual, double tol, string what)
    {
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
            Assert.IsTrue(Math.Abs(expected[i] - actual[i]) <= tol * Math.Max(1, Math.Abs(expected[i])),
                $"{what}: element {i} expected {expected[i]} got {actual[i]}");
    }
}
