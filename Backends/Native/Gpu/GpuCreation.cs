using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// Host copies, fills and random tensors on the GPU. Random values are the CPU backend's counter-based streams
/// (element i is a hash of the seed and i), computed on the device: uniform and Bernoulli tensors equal the CPU's
/// for a seed bit for bit; normal ones to the last bits of the device's log, sin and cos.
/// </summary>
internal static class GpuCreation
{
    /// <summary>Copies a flat host array (as bytes, so bool arrays travel as they lie in memory) into new device storage.</summary>
    public static Tensor FromHost(NativeBackend b, GpuDevice device, Array data, Shape shape, DType dtype)
    {
        var (result, dst) = GpuLaunch.New(b, device, shape, dtype);
        if (shape.Size == 0) return result;
        var bytes = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(
            ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(data), checked(shape.Size * dtype.SizeOf()));
        dst.ViewAs<byte>().SubView(0, bytes.Length).CopyFromCPU(bytes);
        return result;
    }

    /// <summary>Copies the elements into a host array of the tensor's element type (waits for the work before it).</summary>
    public static void CopyToHost(Tensor x, Array destination)
    {
        var src = GpuLaunch.Of(x);
        if (x.Size == 0) return;
        var bytes = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
            ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(destination), checked(x.Size * x.DType.SizeOf()));
        src.ViewAs<byte>().SubView(0, bytes.Length).CopyToCPU(bytes);
    }

    public static Tensor Full<T>(NativeBackend b, GpuDevice device, Shape shape, T value) where T : unmanaged
    {
        var (result, dst) = GpuLaunch.New<T>(b, device, shape);
        if (typeof(T) == typeof(bool)) FillView(device, dst.ViewAs<byte>(), (bool)(object)value ? (byte)1 : (byte)0);
        else FillView(device, dst.ViewAs<T>(), value);
        return result;
    }

    public static void FillView<T>(GpuDevice device, ArrayView<T> view, T value) where T : unmanaged
    {
        if (view.Length == 0) return;
        var k = device.Kernel<Action<Index1D, ArrayView<T>, T>>(
            (Action<Index1D, ArrayView<T>, T>)FillKernel<T>,
            a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, T>(FillKernel<T>));
        k((int)view.Length, view, value);
    }

    private static void FillKernel<T>(Index1D i, ArrayView<T> d, T value) where T : unmanaged => d[i] = value;

    private const int Uniform = 0, Bernoulli = 1, Normal = 2;

    public static Tensor Random(NativeBackend b, GpuDevice device, string op, Shape shape, DType dtype, int kind, double p1, double p2, ulong seed) =>
        Dispatch.Float<Tensor, RandomFn>(dtype, new(b, device, shape, kind, p1, p2, seed), op);

    /// <summary>Kinds for <see cref="Random"/>.</summary>
    public const int KindUniform = Uniform, KindBernoulli = Bernoulli, KindNormal = Normal;

    private readonly record struct RandomFn(NativeBackend B, GpuDevice Device, Shape Shape, int Kind, double P1, double P2, ulong Seed) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var (result, dst) = GpuLaunch.New<T>(B, Device, Shape);
            if (Shape.Size == 0) return result;
            ulong key = CounterRandom.Key(Seed);
            if (typeof(T) == typeof(float))
            {
                var k = Device.Kernel<Action<Index1D, ArrayView<float>, int, double, double, ulong>>(
                    (Action<Index1D, ArrayView<float>, int, double, double, ulong>)RandomSingle,
                    a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, double, double, ulong>(RandomSingle));
                k(Shape.Size, dst.ViewAs<float>(), Kind, P1, P2, key);
            }
            else
            {
                var k = Device.Kernel<Action<Index1D, ArrayView<double>, int, double, double, ulong>>(
                    (Action<Index1D, ArrayView<double>, int, double, double, ulong>)RandomDouble,
                    a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, int, double, double, ulong>(RandomDouble));
                k(Shape.Size, dst.ViewAs<double>(), Kind, P1, P2, key);
            }
            return result;
        }
    }

    // Uniform: p1 = low, p2 = high. Bernoulli: p1 = p, p2 = value. Normal: p1 = mean, p2 = std. As CounterRandom.
    private static void RandomSingle(Index1D i, ArrayView<float> d, int kind, double p1, double p2, ulong key)
    {
        if (kind == Uniform)
        {
            float lo = (float)p1, span = (float)(p2 - p1), hi = (float)p2;
            float v = lo + span * CounterRandom.Unit24(CounterRandom.Bits(key, (ulong)(int)i));
            d[i] = v < hi || !(hi > lo) ? v : BitDecrement(hi);
        }
        else if (kind == Bernoulli) d[i] = CounterRandom.Unit24(CounterRandom.Bits(key, (ulong)(int)i)) < (float)p1 ? (float)p2 : 0f;
        else d[i] = (float)(p1 + p2 * NormalAt(key, i));
    }

    private static void RandomDouble(Index1D i, ArrayView<double> d, int kind, double p1, double p2, ulong key)
    {
        if (kind == Uniform)
        {
            double span = p2 - p1;
            double v = p1 + span * CounterRandom.Unit53(CounterRandom.Bits(key, (ulong)(int)i));
            d[i] = v < p2 || !(p2 > p1) ? v : BitDecrement(p2);
        }
        else if (kind == Bernoulli) d[i] = CounterRandom.Unit24(CounterRandom.Bits(key, (ulong)(int)i)) < (float)p1 ? p2 : 0.0;
        else d[i] = p1 + p2 * NormalAt(key, i);
    }

    // The largest value below a positive finite x (Uniform's clamp below high).
    private static float BitDecrement(float x) => Interop.IntAsFloat(Interop.FloatAsInt(x) - (x > 0 ? 1u : 0u) + (x < 0 ? 1u : 0u) + (x == 0 ? 0x80000001u : 0u));

    private static double BitDecrement(double x) => Interop.IntAsFloat(Interop.FloatAsInt(x) - (x > 0 ? 1ul : 0ul) + (x < 0 ? 1ul : 0ul) + (x == 0 ? 0x8000000000000001ul : 0ul));

    // Box-Muller on the pair (2p, 2p+1): element 2p takes the cosine branch, 2p+1 the sine.
    private static double NormalAt(ulong key, int idx)
    {
        ulong pair = (ulong)(idx >> 1);
        double u1 = 1.0 - CounterRandom.Unit53(CounterRandom.Bits(key, 2 * pair));
        double u2 = CounterRandom.Unit53(CounterRandom.Bits(key, 2 * pair + 1));
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        return (idx & 1) == 0 ? r * Math.Cos(angle) : r * Math.Sin(angle);
    }
}
