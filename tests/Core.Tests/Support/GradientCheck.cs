using System.Globalization;
using System.Text;

namespace KerasSharp.Tests;

/// <summary>Where the values of a generated input lie, to keep them away from kinks and singularities.</summary>
internal enum GradDomain
{
    /// <summary>Uniform in [-2, 2].</summary>
    Any,
    /// <summary>Uniform in [0.5, 2.5] (log, sqrt, rsqrt, the base of pow).</summary>
    Positive,
    /// <summary>Magnitude in [0.3, 2] with a random sign (abs, relu, reciprocal, divisors).</summary>
    AwayFromZero,
    /// <summary>Distinct values at least 0.1 apart, centred on 0 (max, min, top-k, max pooling).</summary>
    Distinct,
}

/// <summary>One float64 input of a gradient check: host values and a shape (rank 0 allowed).</summary>
internal sealed class GradInput
{
    public GradInput(double[] data, int[] shape)
    {
        long size = 1;
        foreach (var d in shape) size *= d;
        if (size != data.Length)
            throw new ArgumentException($"GradInput: {data.Length} values do not fill shape [{string.Join(",", shape)}].");
        Data = data;
        Shape = shape;
    }

    /// <summary>Row-major values.</summary>
    public double[] Data { get; }

    /// <summary>The shape.</summary>
    public int[] Shape { get; }

    /// <summary>A new float64 tensor over a copy of <paramref name="data"/> with this input's shape.</summary>
    public Tensor ToTensor(double[]? data = null)
    {
        var values = data ?? Data;
        return Shape.Length == 0 ? Tensor.Scalar(values[0]) : Tensor.FromArray(values, Shape);
    }
}

/// <summary>
/// A float64 central-difference gradient checker. For f and inputs x_i it takes the loss
/// L = sum(f(x) * W) with fixed random weights W (so every output element matters), computes dL/dx_i with a
/// <see cref="GradientTape"/>, and compares each element with (L(x + h e_j) - L(x - h e_j)) / 2h,
/// rebuilding the input tensors from host arrays for every evaluation.
/// </summary>
internal static class GradientCheck
{
    public const double DefaultStep = 1e-6;
    public const double DefaultRtol = 1e-5;
    public const double DefaultAtol = 1e-7;

    /// <summary>An input of <paramref name="shape"/> with values from <paramref name="domain"/>, reproducible from <paramref name="seed"/>.</summary>
    public static GradInput Input(GradDomain domain, int seed, params int[] shape)
    {
        if (domain == GradDomain.Distinct) return DistinctInputs(seed, shape)[0];
        int n = SizeOf(shape);
        var rng = new Random(seed);
        var data = new double[n];
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            data[i] = domain switch
            {
                GradDomain.Any => -2 + 4 * u,
                GradDomain.Positive => 0.5 + 2 * u,
                GradDomain.AwayFromZero => (rng.Next(2) == 0 ? -1 : 1) * (0.3 + 1.7 * u),
                _ => throw new ArgumentOutOfRangeException(nameof(domain)),
            };
        }
        return new GradInput(data, shape);
    }

    /// <summary>Inputs of the given shapes whose values are all distinct across every input (gaps of at least 0.1).</summary>
    public static GradInput[] DistinctInputs(int seed, params int[][] shapes)
    {
        int total = shapes.Sum(SizeOf);
        var rng = new Random(seed);
        // A shuffled grid with spacing 0.25 and jitter of at most +-0.075 keeps neighbours at least 0.1 apart.
        var grid = Enumerable.Range(0, total).Select(k => -0.125 * (total - 1) + 0.25 * k + 0.15 * (rng.NextDouble() - 0.5)).ToArray();
        rng.Shuffle(grid);
        var result = new GradInput[shapes.Length];
        int offset = 0;
        for (int i = 0; i < shapes.Length; i++)
        {
            int n = SizeOf(shapes[i]);
            result[i] = new GradInput(grid[offset..(offset + n)], shapes[i]);
            offset += n;
        }
        return result;
    }

    /// <summary>An input with explicit values.</summary>
    public static GradInput Values(double[] data, params int[] shape) => new(data, shape);

    /// <summary>Uniform values in [-2, 2].</summary>
    public static GradInput Any(int[] shape, int seed = 1) => Input(GradDomain.Any, seed, shape);

    /// <summary>Values in [0.5, 2.5].</summary>
    public static GradInput Positive(int[] shape, int seed = 1) => Input(GradDomain.Positive, seed, shape);

    /// <summary>Values with magnitude in [0.3, 2] and random sign.</summary>
    public static GradInput NonZero(int[] shape, int seed = 1) => Input(GradDomain.AwayFromZero, seed, shape);

    /// <summary>Distinct values for one input.</summary>
    public static GradInput Distinct(int[] shape, int seed = 1) => DistinctInputs(seed, shape)[0];

    /// <summary>Checks the gradients of <paramref name="f"/> with respect to every input, with the default tolerances.</summary>
    public static void Check(string op, Func<Tensor[], Tensor> f, params GradInput[] inputs) =>
        Check(op, f, inputs, DefaultRtol, DefaultAtol, DefaultStep);

    /// <summary>
    /// Checks the gradients of <paramref name="f"/> with respect to every input: fails (listing op, input index,
    /// element index, analytic and numeric values) where |analytic - numeric| &gt; atol + rtol * |numeric|.
    /// </summary>
    public static void Check(string op, Func<Tensor[], Tensor> f, GradInput[] inputs, double rtol, double atol, double h, int weightSeed = 7919)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);

        // ---- analytic gradient through the tape ----
        double[] weights;
        int[] outShape;
        var analytic = new double[inputs.Length][];
        {
            var xs = inputs.Select(i => i.ToTensor()).ToArray();
            Tensor?[] grads;
            double tapeLoss;
            double[] y0;
            using (var tape = new GradientTape())
            {
                foreach (var x in xs) tape.Watch(x);
                var y = f(xs);
                Assert.AreEqual(DType.Float64, y.DType, $"{op}: the output of a float64 gradient check must be float64, got {y.DType.Name()}.");
                outShape = y.Shape.ToArray();
                weights = Weights(weightSeed, y.Size);
                var w = outShape.Length == 0 ? Tensor.Scalar(weights[0]) : Tensor.FromArray(weights, outShape);
                var loss = Ops.Sum(Ops.Multiply(y, w));
                Assert.AreEqual(0, loss.Rank, $"{op}: the loss should be a scalar, got shape {loss.Shape}.");
                tapeLoss = loss.Item<double>();
                y0 = y.ToArray<double>();
                grads = tape.Gradient(loss, xs, unconnected: UnconnectedGradients.Zero);
            }
            // The loss the tape saw must be the loss the numeric side computes on the host.
            double hostLoss = Dot(y0, weights);
            Assert.AreEqual(hostLoss, tapeLoss, 1e-9 * (1 + Math.Abs(hostLoss)), $"{op}: Sum(f(x) * W) on the tensors differs from the host dot product.");
            for (int i = 0; i < inputs.Length; i++)
            {
                var g = grads[i];
                Assert.IsNotNull(g, $"{op}: no gradient for input {i}.");
                Assert.AreEqual(DType.Float64, g.DType, $"{op}: gradient of input {i} has dtype {g.DType.Name()}, expected float64.");
                Assert.IsTrue(g.Shape == new Shape(inputs[i].Shape),
                    $"{op}: gradient of input {i} has shape {g.Shape}, expected {new Shape(inputs[i].Shape)}.");
                analytic[i] = g.ToArray<double>();
            }
        }

        // ---- numeric gradient by central differences, every input rebuilt from host arrays ----
        var failures = new List<string>();
        int failureCount = 0;
        double worst = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            for (int j = 0; j < inputs[i].Data.Length; j++)
            {
                double plus = Evaluate(f, inputs, i, j, +h, weights, outShape, op);
                double minus = Evaluate(f, inputs, i, j, -h, weights, outShape, op);
                double numeric = (plus - minus) / (2 * h);
                double a = analytic[i][j];
                double err = Math.Abs(a - numeric);
                double allowed = atol + rtol * Math.Abs(numeric);
                if (!(err <= allowed)) // NaN fails too
                {
                    failureCount++;
                    worst = double.IsNaN(err) ? double.NaN : Math.Max(worst, err);
                    if (failures.Count < 12)
                        failures.Add(string.Create(CultureInfo.InvariantCulture,
                            $"  input {i} {FormatShape(inputs[i].Shape)} element {j} {FormatIndex(j, inputs[i].Shape)} (x={inputs[i].Data[j]:R}): analytic={a:R} numeric={numeric:R} |diff|={err:G3}"));
                }
            }
        }
        if (failureCount > 0)
        {
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"{op}: {failureCount} gradient element(s) differ from finite differences (rtol={rtol}, atol={atol}, h={h}, worst |diff|={worst:G3}):");
            foreach (var line in failures) sb.Append('\n').Append(line);
            if (failureCount > failures.Count) sb.Append(CultureInfo.InvariantCulture, $"\n  ... and {failureCount - failures.Count} more");
            Assert.Fail(sb.ToString());
        }
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, GradInput[] inputs, int which, int element, double delta,
                                   double[] weights, int[] outShape, string op)
    {
        var xs = new Tensor[inputs.Length];
        for (int k = 0; k < inputs.Length; k++)
        {
            if (k == which)
            {
                var data = (double[])inputs[k].Data.Clone();
                data[element] += delta;
                xs[k] = inputs[k].ToTensor(data);
            }
            else xs[k] = inputs[k].ToTensor();
        }
        var y = f(xs);
        if (!y.Shape.Dims.SequenceEqual(outShape))
            Assert.Fail($"{op}: output shape changed from {FormatShape(outShape)} to {y.Shape} when an input was perturbed.");
        double loss = Dot(y.ToArray<double>(), weights);
        y.Dispose();
        foreach (var x in xs) x.Dispose();
        return loss;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>Weights in ±[0.5, 1.5]: no weight is near zero, so no output element is ignored.</summary>
    private static double[] Weights(int seed, int n)
    {
        var rng = new Random(seed);
        var w = new double[n];
        for (int i = 0; i < n; i++) w[i] = (rng.Next(2) == 0 ? -1 : 1) * (0.5 + rng.NextDouble());
        return w;
    }

    private static int SizeOf(int[] shape)
    {
        int n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }

    private static string FormatShape(int[] shape) => "[" + string.Join(",", shape) + "]";

    private static string FormatIndex(int flat, int[] shape)
    {
        var idx = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return "[" + string.Join(",", idx) + "]";
    }
}

/// <summary>
/// A named set of gradient checks for one data-driven test: <c>{ "name", f, inputs... }</c> in a collection
/// initializer, then <see cref="Names"/> for [DynamicData] and <see cref="Run"/> in the test body.
/// </summary>
internal sealed class GradCases : IEnumerable<string>
{
    private readonly Dictionary<string, Action> _cases = new(StringComparer.Ordinal);

    /// <summary>A check of <paramref name="f"/> with the default tolerances.</summary>
    public void Add(string name, Func<Tensor[], Tensor> f, params GradInput[] inputs) =>
        _cases.Add(name, () => GradientCheck.Check(name, f, inputs));

    /// <summary>A check with its own tolerances.</summary>
    public void Add(string name, (double Rtol, double Atol) tolerance, Func<Tensor[], Tensor> f, params GradInput[] inputs) =>
        _cases.Add(name, () => GradientCheck.Check(name, f, inputs, tolerance.Rtol, tolerance.Atol, GradientCheck.DefaultStep));

    /// <summary>The case names, one row each.</summary>
    public IEnumerable<object[]> Names => _cases.Keys.Select(k => new object[] { k });

    /// <summary>Runs one case.</summary>
    public void Run(string name) => _cases[name]();

    public IEnumerator<string> GetEnumerator() => _cases.Keys.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Builds first-derivative functions whose own gradient (the second derivative) can be checked.</summary>
internal static class SecondOrder
{
    /// <summary>
    /// x => d/dx_wrt sum(f(x) * V) with fixed weights V, computed by an inner tape. Checked under the outer tape of
    /// <see cref="GradientCheck.Check(string, Func{Tensor[], Tensor}, GradInput[])"/>, the backward rules are differentiated themselves.
    /// </summary>
    public static Func<Tensor[], Tensor> GradOf(Func<Tensor[], Tensor> f, int wrt = 0) => xs =>
    {
        using var tape = new GradientTape();
        foreach (var x in xs) tape.Watch(x);
        var y = f(xs);
        var rng = new Random(4243);
        var v = new double[y.Size];
        for (int i = 0; i < v.Length; i++) v[i] = 0.5 + rng.NextDouble();
        var weights = y.Rank == 0 ? Tensor.Scalar(v[0]) : Tensor.FromArray(v, y.Shape.ToArray());
        var loss = Ops.Sum(Ops.Multiply(y, weights));
        return tape.Gradient(loss, xs[wrt]);
    };
}
