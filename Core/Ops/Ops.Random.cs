namespace KerasSharp;

public static partial class Ops
{
    /// <summary>The sub-seed for one random op: from <paramref name="seed"/> when given, else the next one of the global generator.</summary>
    private static ulong SubSeed(long? seed) => seed is long s ? RandomGenerator.Mix((ulong)s, 0) : RandomGenerator.Global.NextSeed();

    private static void RequireFloatingType(string op, DType dtype)
    {
        if (!dtype.IsFloating()) throw new ArgumentException($"{op}: dtype must be float32 or float64, got {dtype.Name()}.");
    }

    /// <summary>
    /// Uniform samples in [low, high). The same seed gives the same values on any thread count. The samples go to the
    /// backend and device of <paramref name="like"/> when given (a layer's inputs), else to the current backend and
    /// <see cref="Device.Default"/>.
    /// </summary>
    public static Tensor RandomUniform(int[] shape, double low = 0, double high = 1, DType dtype = DType.Float32, long? seed = null, Tensor? like = null)
    {
        RequireFloatingType("random_uniform", dtype);
        if (!(high >= low)) throw new ArgumentException($"random_uniform: high ({high}) must be >= low ({low}).");
        return (like?.Backend ?? Backend.Current).RandomUniform(ShapeArg("random_uniform", shape), dtype, low, high, SubSeed(seed), like?.Device ?? Device.Default);
    }

    /// <summary>Normal samples with the given mean and standard deviation, placed as <see cref="RandomUniform"/>'s.</summary>
    public static Tensor RandomNormal(int[] shape, double mean = 0, double stddev = 1, DType dtype = DType.Float32, long? seed = null, Tensor? like = null)
    {
        RequireFloatingType("random_normal", dtype);
        if (!(stddev >= 0)) throw new ArgumentException($"random_normal: stddev must be >= 0, got {stddev}.");
        return (like?.Backend ?? Backend.Current).RandomNormal(ShapeArg("random_normal", shape), dtype, mean, stddev, SubSeed(seed), like?.Device ?? Device.Default);
    }

    /// <summary>Normal samples redrawn (by resampling) until within two standard deviations of the mean, as Keras's TruncatedNormal.</summary>
    public static Tensor TruncatedNormal(int[] shape, double mean = 0, double stddev = 1, DType dtype = DType.Float32, long? seed = null)
    {
        // Inverse-CDF sampling of the truncated standard normal keeps it one draw, deterministic per seed.
        using var u = RandomUniform(shape, 0, 1, DType.Float64, seed);
        var values = u.ToArray<double>();
        double lo = NormalCdf(-2), hi = NormalCdf(2);
        for (int i = 0; i < values.Length; i++) values[i] = mean + stddev * NormalQuantile(lo + values[i] * (hi - lo));
        return Backend.Current.FromHost(HostArrays.Convert(values, dtype), u.Shape, dtype, Device.Default);
    }

    /// <summary>
    /// <paramref name="scale"/> (1 by default) with probability <paramref name="p"/>, else 0: a dropout layer's mask
    /// with <c>scale = 1 / keep</c> is one op. Integer and bool dtypes hold 1 and 0. Placed as <see cref="RandomUniform"/>'s:
    /// a layer passes its inputs as <paramref name="like"/> so its mask is made where they are.
    /// </summary>
    public static Tensor RandomBernoulli(int[] shape, double p, DType dtype = DType.Float32, long? seed = null, double scale = 1, Tensor? like = null)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentException($"random_bernoulli: p must be in [0, 1], got {p}.");
        if (!double.IsFinite(scale)) throw new ArgumentException($"random_bernoulli: scale must be finite, got {scale}.");
        var dims = ShapeArg("random_bernoulli", shape);
        var backend = like?.Backend ?? Backend.Current;
        var device = like?.Device ?? Device.Default;
        if (dtype.IsFloating()) return backend.RandomBernoulli(dims, dtype, p, scale, SubSeed(seed), device);
        using var mask = backend.RandomBernoulli(dims, DType.Float32, p, 1, SubSeed(seed), device);
        return Cast(mask, dtype);
    }

    /// <summary>A random permutation of 0..n-1 as int64.</summary>
    public static Tensor Permutation(int n, long? seed = null)
    {
        if (n < 0) throw new ArgumentException($"permutation: n must be >= 0, got {n}.");
        var values = new long[n];
        for (int i = 0; i < n; i++) values[i] = i;
        ulong state = SubSeed(seed);
        for (int i = n - 1; i > 0; i--)
        {
            state = RandomGenerator.Mix(state, (ulong)i);
            int j = (int)(state % (ulong)(i + 1));
            (values[i], values[j]) = (values[j], values[i]);
        }
        return Backend.Current.FromHost(values, new Shape(n), DType.Int64, Device.Default);
    }

    private static double NormalCdf(double x) => 0.5 * (1 + ErfHost(x / Math.Sqrt(2)));

    // Abramowitz-Stegun 7.1.26 is too coarse for a quantile; Acklam's rational approximation with one Newton step is exact to ~1e-15.
    private static double NormalQuantile(double p)
    {
        p = Math.Clamp(p, 1e-300, 1 - 1e-16);
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        double x;
        if (p < 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        else if (p > 1 - 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        else
        {
            double q = p - 0.5, r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        double e = NormalCdf(x) - p;
        double u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /// <summary>erf on the host for the few places Core needs it (W. J. Cody's rational approximations would be overkill: a series/continued fraction to 1e-15).</summary>
    private static double ErfHost(double x)
    {
        double ax = Math.Abs(x);
        double result;
        if (ax < 2.5)
        {
            // Maclaurin series: erf x = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
            double sum = 0, term = ax;
            for (int n = 0; n < 60; n++)
            {
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.Abs(t) < 1e-17 * Math.Abs(sum)) break;
                term *= -ax * ax / (n + 1);
            }
            result = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            // Continued fraction for erfc, evaluated bottom-up.
            double f = 0;
            for (int k = 60; k >= 1; k--) f = k / 2.0 / (ax + f);
            result = 1 - Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / (ax + f);
        }
        return x < 0 ? -result : result;
    }
}
