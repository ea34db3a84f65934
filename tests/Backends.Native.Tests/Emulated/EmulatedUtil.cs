namespace KerasSharp.Backends.Native.Tests.Emulated;

/// <summary>
/// Helpers for tests on the emulated GPU (ILGPU's CPU accelerator running the GPU kernels). The GPU check runs the
/// same tests on a real GPU with KERASSHARP_GPU_TEST_DEVICE=cuda:0.
/// </summary>
internal static class EmulatedUtil
{
    public static readonly NativeBackend B = TestUtil.B;
    public static readonly Device Emu =
        Environment.GetEnvironmentVariable("KERASSHARP_GPU_TEST_DEVICE") is { Length: > 0 } d ? Device.Parse(d) : Device.Emulated;

    /// <summary>The same data on the CPU and on the emulated GPU.</summary>
    public static (Tensor Cpu, Tensor Emu) Pair<TE>(TE[] data, params int[] shape) where TE : unmanaged =>
        (B.FromHost((TE[])data.Clone(), new Shape(shape), DTypes.Of<TE>(), Device.Cpu),
         B.FromHost((TE[])data.Clone(), new Shape(shape), DTypes.Of<TE>(), Emu));

    public static TE[] Read<TE>(Tensor x) where TE : unmanaged => TestUtil.Read<TE>(x);

    /// <summary>Asserts the GPU result equals the CPU result element for element (bitwise for floats, NaNs equal).</summary>
    public static void AssertSame(Tensor cpu, Tensor gpu, string what)
    {
        Assert.AreEqual(cpu.Shape, gpu.Shape, what);
        Assert.AreEqual(cpu.DType, gpu.DType, what);
        Assert.AreEqual(Emu, gpu.Device, what);
        if (cpu.DType == DType.Int64) { CollectionAssert.AreEqual(cpu.ToArray<long>(), gpu.ToArray<long>(), what); return; }
        var c = cpu.ToArray<double>();
        var g = gpu.ToArray<double>();
        for (int i = 0; i < c.Length; i++)
            Assert.IsTrue(c[i].Equals(g[i]), $"{what}: element {i}: cpu {c[i]}, gpu {g[i]}");
    }

    /// <summary>Asserts closeness within <paramref name="tol"/> relative (floating results).</summary>
    public static void AssertClose(Tensor cpu, Tensor gpu, double tol, string what)
    {
        Assert.AreEqual(cpu.Shape, gpu.Shape, what);
        Assert.AreEqual(Emu, gpu.Device, what);
        var c = cpu.ToArray<double>();
        var g = gpu.ToArray<double>();
        for (int i = 0; i < c.Length; i++)
        {
            bool same = c[i].Equals(g[i]) || Math.Abs(c[i] - g[i]) <= tol * Math.Max(1, Math.Abs(c[i]));
            Assert.IsTrue(same, $"{what}: element {i}: cpu {c[i]:R}, gpu {g[i]:R}");
        }
    }

    /// <summary>Runs each check, collecting failures, and fails once listing them all.</summary>
    public static void All(IEnumerable<(string What, Action Check)> checks)
    {
        var failures = new List<string>();
        foreach (var (what, check) in checks)
        {
            try { check(); }
            catch (Exception e) { failures.Add($"{what}: {e.GetType().Name}: {e.Message.Split('\n')[0]}"); }
        }
        Assert.IsEmpty(failures, string.Join("\n", failures));
    }

    public static float[] Floats(int n, int seed, double scale = 2)
    {
        var rng = new Random(seed);
        var r = new float[n];
        for (int i = 0; i < n; i++) r[i] = (float)((rng.NextDouble() - 0.5) * scale);
        return r;
    }
}
