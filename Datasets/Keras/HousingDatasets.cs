namespace KerasSharp.Datasets;

/// <summary>Shared reading of the Keras housing archives: x [n, features] and y [n] float64 arrays in an .npz.</summary>
internal static class HousingArchive
{
    public const string Mirror = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load(string dataset, KnownFile file, int features,
                                                                             double testSplit, int seed, int? first = null)
    {
        if (!(testSplit >= 0 && testSplit < 1))
            throw new ArgumentOutOfRangeException(nameof(testSplit), $"{dataset}: testSplit must be in [0, 1), got {testSplit}.");
        var path = KerasDatasetFile.Locate(dataset, file);
        return FromFile(path, features, testSplit, seed, first);
    }

    internal static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) FromFile(string path, int features, double testSplit, int seed, int? first = null)
    {
        Npy.HostArray? x = null, y = null;
        foreach (var (name, array) in Npz.Read(path, n => n is "x" or "y"))
            if (name == "x") x = array; else y = array;
        if (x is null || y is null) throw new DatasetFormatException(path, $"the archive lacks the array '{(x is null ? "x" : "y")}'.");
        if (x.Shape.Length != 2 || x.Shape[1] != features)
            throw new DatasetFormatException(path, $"x has shape ({string.Join(", ", x.Shape)}); expected (samples, {features}).");
        if (y.Shape.Length != 1 || y.Shape[0] != x.Shape[0])
            throw new DatasetFormatException(path, $"y has shape ({string.Join(", ", y.Shape)}); expected ({x.Shape[0]},), one target per row of x.");
        var xs = ToDoubles(x.Data);
        var ys = ToDoubles(y.Data);
        int n = first is int f ? Math.Min(f, x.Shape[0]) : x.Shape[0];
        var order = new NumpyRandomState((uint)seed).Permutation(n);
        int split = (int)(n * (1 - testSplit));
        (Tensor, Tensor) Part(int from, int to)
        {
            var px = new float[(to - from) * features];
            var py = new float[to - from];
            for (int i = from; i < to; i++)
            {
                int src = order[i];
                for (int j = 0; j < features; j++) px[(i - from) * features + j] = (float)xs[src * features + j];
                py[i - from] = (float)ys[src];
            }
            return (Tensor.FromArray(px, to - from, features), Tensor.FromArray(py, to - from));
        }
        return (Part(0, split), Part(split, n));
    }

    private static double[] ToDoubles(Array a) => a switch
    {
        double[] d => d,
        float[] f => f.Select(v => (double)v).ToArray(),
        int[] i => i.Select(v => (double)v).ToArray(),
        long[] l => l.Select(v => (double)v).ToArray(),
        byte[] b => b.Select(v => (double)v).ToArray(),
        bool[] b => b.Select(v => v ? 1.0 : 0.0).ToArray(),
        _ => throw new InvalidOperationException($"unexpected array type {a.GetType()}"),
    };
}

/// <summary>Boston housing prices (StatLib): 506 samples of 13 features, median values in k$. Keras's <c>boston_housing</c>.</summary>
public static class BostonHousing
{
    internal static readonly KnownFile File = new("boston_housing.npz", null,
        "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5", [HousingArchive.Mirror + "boston_housing.npz"], MaxSize: 16 << 20);

    /// <summary>
    /// Loads ((xTrain, yTrain), (xTest, yTest)) as float32 tensors [n, 13] and [n], shuffled by <paramref name="seed"/>
    /// and split as Keras does (the same samples in the same order). The file comes from
    /// <c>$KERASSHARP_HOME/datasets/boston_housing/</c> or is downloaded there and checked (SHA-256);
    /// <c>KERASSHARP_OFFLINE=1</c> switches downloads off, <c>KERASSHARP_DATASETS_URL</c> names a mirror.
    /// </summary>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load(double testSplit = 0.2, int seed = 113) =>
        HousingArchive.Load("boston_housing", File, 13, testSplit, seed);
}

/// <summary>California housing (StatLib, 1990 census): 20,640 block groups, 8 features, median house value in dollars.</summary>
public static class CaliforniaHousing
{
    internal static readonly KnownFile File = new("california_housing.npz", null,
        "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f", [HousingArchive.Mirror + "california_housing.npz"], MaxSize: 64 << 20);

    /// <summary>
    /// Loads ((xTrain, yTrain), (xTest, yTest)) as float32 tensors [n, 8] and [n], shuffled by <paramref name="seed"/> and
    /// split as Keras does. <paramref name="version"/> "small" keeps the first 600 samples (a stand-in for Boston housing),
    /// "large" all 20,640. Files and downloads as for <see cref="BostonHousing.Load"/>.
    /// </summary>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load(string version = "large", double testSplit = 0.2, int seed = 113)
    {
        if (version is not ("small" or "large"))
            throw new ArgumentException($"CaliforniaHousing: version must be \"small\" or \"large\", got \"{version}\".");
        return HousingArchive.Load("california_housing", File, 8, testSplit, seed, version == "small" ? 600 : null);
    }
}
