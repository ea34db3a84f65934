namespace KerasSharp.Backends.Native.Tests.Emulated;

/// <summary>Helpers for tests on the emulated GPU (ILGPU's CPU accelerator running the GPU kernels).</summary>
internal static class EmulatedUtil
{
    public static readonly NativeBackend B = TestUtil.B;
    public static readonly Device Emu = Device.Emulated;

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
        using var c64 = cpu.DType == DType.Int64 ? B.Cast(cpu, DType.Int64) : B.Cast(cpu, DType.Float64);
        using var g64 = gpu.DType == DType.Int64 ? B.Cast(gpu, DType.Int64) : B.Cast(gpu, DType.Float64);
        if (cpu.DType == DType.Int64) { CollectionAssert.AreEqual(Read<long>(c64), Read<long>(g64), what); return; }
        var c = Read<double>(c64);
        var g = Read<double>(g64);
        for (int i = 0; i < c.Length; i++)
            Assert.IsTrue(c[i].Equals(g[i]), $"{what}: element {i}: cpu {c[i]}, gpu {g[i]}");
    }

    /// <summary>Asserts closeness within <paramref name="tol"/> relative (floating results).</summary>
    public static void AssertClose(Tensor cpu, Tensor gpu, double tol, string what)
    {
        Assert.AreEqual(cpu.Shape, gpu.Shape, what);
        Assert.AreEqual(Emu, gpu.Device, what);
        using var c64 = B.Cast(cpu, DType.Float64);
        using var g64 = B.Cast(gpu, DType.Float64);
        TestUtil.AssertClose(Read<double>(c64), Read<double>(g64), tol, what);
    }

    public static float[] Floats(int n, int seed, double scale = 2)
    {
        var rng = new Random(seed);
        var r = new float[n];
        for (int i = 0; i < n; i++) r[i] = (float)((rng.NextDouble() - 0.5) * scale);
        return r;
    }
}
