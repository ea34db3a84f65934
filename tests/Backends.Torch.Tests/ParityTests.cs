using KerasSharp.Backends;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// One parametrised suite: each case runs on the native and the torch backend from the same host data, and the
/// forward result and the gradients through Core's tape (of sum(y * w) for fixed random w) must agree.
/// </summary>
[TestClass]
public sealed class ParityTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    [DynamicData(nameof(ParityCases.Names), typeof(ParityCases))]
    public void NativeAndTorchAgree(string name)
    {
        var c = ParityCases.All[name];
        var native = Run("native", c);
        var torch = Run("torch", c);
        Assert.AreEqual(native.Shape, torch.Shape, $"{name}: output shape");
        Assert.AreEqual(native.DType, torch.DType, $"{name}: output dtype");
        AssertClose(native.Forward, torch.Forward, c, $"{name}: forward");
        Assert.AreEqual(native.Grads.Count, torch.Grads.Count, $"{name}: gradient count");
        for (int i = 0; i < native.Grads.Count; i++)
            AssertClose(native.Grads[i], torch.Grads[i], c, $"{name}: gradient of input {i}");
        if (c.Grad && native.DType.IsFloating())
            Assert.IsNotEmpty(native.Grads, $"{name}: a differentiable case must compare gradients");
    }

    /// <summary>Without a tape ops may take a backend's fused kernels (channels-last convolution, cross-entropy): those must agree too.</summary>
    [TestMethod]
    [DynamicData(nameof(ParityCases.Names), typeof(ParityCases))]
    public void NativeAndTorchAgreeWithoutTape(string name)
    {
        var c = ParityCases.All[name];
        var native = RunUntaped("native", c);
        var torch = RunUntaped("torch", c);
        Assert.AreEqual(native.Shape, torch.Shape, $"{name}: output shape");
        AssertClose(native.ToArray<double>(), torch.ToArray<double>(), c, $"{name}: forward without a tape");
    }

    private static Tensor RunUntaped(string backendName, ParityCase c)
    {
        Backend.Set(backendName);
        var backend = BackendRegistry.Get(backendName);
        int seed = StableSeed(c.Name);
        var leaves = c.Inputs.Select((s, i) => Leaf(backend, s, seed + 31 * i)).ToArray();
        return c.Op(leaves.Select((l, i) => View(l, c.Inputs[i].Layout)).ToArray());
    }

    private sealed record Result(Shape Shape, DType DType, double[] Forward, List<double[]> Grads);

    private static Result Run(string backendName, ParityCase c)
    {
        Backend.Set(backendName);
        var backend = BackendRegistry.Get(backendName);
        int seed = StableSeed(c.Name);
        var leaves = c.Inputs.Select((s, i) => Leaf(backend, s, seed + 31 * i)).ToArray();
        var floatLeaves = leaves.Where(l => l.DType.IsFloating()).ToArray();
        using var tape = new GradientTape(persistent: true);
        tape.Watch(floatLeaves);
        var views = leaves.Select((l, i) => View(l, c.Inputs[i].Layout)).ToArray();
        var y = c.Op(views);
        Assert.AreEqual(backendName, y.Backend.Name, $"{c.Name}: the result must stay on the backend it was computed on");
        var grads = new List<double[]>();
        if (c.Grad && y.DType.IsFloating() && floatLeaves.Length > 0)
        {
            var w = backend.FromHost(HostData(y.Shape.ToArray(), y.DType, Values.Normal, seed + 977), y.Shape, y.DType, Device.Cpu);
            var loss = Ops.Sum(Ops.Multiply(y, w));
            foreach (var g in tape.Gradient(loss, floatLeaves)) grads.Add(g!.ToArray<double>());
        }
        return new Result(y.Shape, y.DType, y.ToArray<double>(), grads);
    }

    private static Tensor Leaf(IBackend backend, InputSpec s, int seed)
    {
        var shape = (int[])s.Shape.Clone();
        if (s.Layout == Layout.Transposed) (shape[^1], shape[^2]) = (shape[^2], shape[^1]);
        if (s.Layout == Layout.Strided) shape[^1] *= 2;
        return backend.FromHost(HostData(shape, s.DType, s.Values, seed), new Shape(shape), s.DType, Device.Cpu);
    }

    private static Tensor View(Tensor leaf, Layout layout) => layout switch
    {
        Layout.Transposed => Ops.SwapAxes(leaf, -1, -2),
        Layout.Strided => Ops.Slice(leaf, TensorIndex.Ellipsis, TensorIndex.Slice(null, null, 2)),
        _ => leaf,
    };

    private static Array HostData(int[] shape, DType dtype, Values values, int seed)
    {
        var rng = new Random(seed);
        int n = shape.Aggregate(1, (a, b) => a * b);
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = values switch
            {
                Values.Positive => 0.5 + 2 * rng.NextDouble(),
                Values.SmallInts => rng.Next(-4, 5),
                Values.NonZeroInts => rng.Next(1, 5),
                Values.Bools => rng.Next(2),
                // Box-Muller
                _ => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()),
            };
        }
        return dtype switch
        {
            DType.Float32 => v.Select(d => (float)d).ToArray(),
            DType.Float64 => v,
            DType.Int32 => v.Select(d => (int)d).ToArray(),
            DType.Int64 => v.Select(d => (long)d).ToArray(),
            DType.UInt8 => v.Select(d => (byte)Math.Abs(d)).ToArray(),
            DType.Bool => v.Select(d => d != 0).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
    }

    private static int StableSeed(string name) => name.Aggregate(17, (h, ch) => unchecked(h * 31 + ch)) & 0x7fffffff;

    private static void AssertClose(double[] expected, double[] actual, ParityCase c, string what)
    {
        Assert.HasCount(expected.Length, actual, $"{what}: element count");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            if (Math.Abs(e - a) > c.Atol + c.Rtol * Math.Abs(e))
                Assert.Fail($"{what}: element {i}: native {e:R}, torch {a:R} (rtol {c.Rtol}, atol {c.Atol}).");
        }
    }
}
