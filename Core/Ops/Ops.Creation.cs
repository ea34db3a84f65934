namespace KerasSharp;

public static partial class Ops
{
    private static Shape ShapeArg(string op, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (var d in shape)
            if (d < 0) throw new ArgumentException($"{op}: shape [{string.Join(",", shape)}] has a negative dimension.");
        return new Shape(shape);
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(int[] shape, DType dtype = DType.Float32) => Full(shape, 0, dtype);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(int[] shape, DType dtype = DType.Float32) => Full(shape, 1, dtype);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(int[] shape, double value, DType dtype = DType.Float32) =>
        Backend.Current.Full(ShapeArg("full", shape), dtype, value, Device.Default);

    /// <summary>Zeros with the shape, dtype (unless given), backend and device of <paramref name="x"/>.</summary>
    public static Tensor ZerosLike(Tensor x, DType? dtype = null) => FullLike(x, 0, dtype);

    /// <summary>Ones with the shape, dtype (unless given), backend and device of <paramref name="x"/>.</summary>
    public static Tensor OnesLike(Tensor x, DType? dtype = null) => FullLike(x, 1, dtype);

    /// <summary><paramref name="value"/> with the shape, dtype (unless given), backend and device of <paramref name="x"/>.</summary>
    public static Tensor FullLike(Tensor x, double value, DType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.Backend.Full(x.Shape, dtype ?? x.DType, value, x.Device);
    }

    /// <summary>Values start, start+step, ... below stop (NumPy's arange). Integral arguments give int32, others float32.</summary>
    public static Tensor Arange(double start, double stop, double step = 1, DType? dtype = null)
    {
        if (step == 0 || double.IsNaN(step)) throw new ArgumentException("arange: step must be non-zero.");
        double count = Math.Ceiling((stop - start) / step);
        if (double.IsNaN(count) || double.IsInfinity(count) || count > int.MaxValue)
            throw new ArgumentException($"arange: cannot make a range from {start} to {stop} by {step}.");
        int n = Math.Max(0, (int)count);
        var type = dtype ?? (IsIntegral(start) && IsIntegral(stop) && IsIntegral(step) ? DType.Int32 : DType.Float32);
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = start + i * step;
        return FromHostDoubles(values, new Shape(n), type);
    }

    /// <summary>0, 1, ..., stop-1 as int32.</summary>
    public static Tensor Arange(int stop) => Arange(0, stop, 1, DType.Int32);

    /// <summary><paramref name="num"/> evenly spaced values from start to stop (inclusive when <paramref name="endpoint"/>).</summary>
    public static Tensor Linspace(double start, double stop, int num, DType dtype = DType.Float32, bool endpoint = true)
    {
        if (num < 0) throw new ArgumentException($"linspace: num must be >= 0, got {num}.");
        var values = new double[num];
        int div = endpoint ? num - 1 : num;
        double step = div > 0 ? (stop - start) / div : 0;
        for (int i = 0; i < num; i++) values[i] = start + i * step;
        if (endpoint && num > 1) values[num - 1] = stop;
        return FromHostDoubles(values, new Shape(num), dtype);
    }

    /// <summary>An n-by-m matrix with ones on the diagonal.</summary>
    public static Tensor Eye(int n, int? m = null, DType dtype = DType.Float32)
    {
        int cols = m ?? n;
        if (n < 0 || cols < 0) throw new ArgumentException($"eye: sizes must be >= 0, got {n} and {cols}.");
        var values = new double[n * cols];
        for (int i = 0; i < Math.Min(n, cols); i++) values[i * cols + i] = 1;
        return FromHostDoubles(values, new Shape(n, cols), dtype);
    }

    private static bool IsIntegral(double v) => Math.Abs(v) < 1e15 && v == Math.Floor(v);

    private static Tensor FromHostDoubles(double[] values, Shape shape, DType dtype) =>
        Backend.Current.FromHost(HostArrays.Convert(values, dtype), shape, dtype, Device.Default);
}
