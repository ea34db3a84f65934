using KerasSharp.Backends;
using KerasSharp.Backends.Native;
using KerasSharp.Backends.Native.Gpu;

[assembly: KerasSharpBackend("native", typeof(NativeBackend))]

namespace KerasSharp.Backends.Native;

/// <summary>
/// The native backend: managed kernels over contiguous row-major host arrays, SIMD through
/// System.Numerics.Tensors and hardware intrinsics, and a blocked GEMM for matmul and convolution, on the CPU;
/// ILGPU kernels over device memory (<see cref="GpuStorage{T}"/>) on <c>cuda:N</c> and on the emulated GPU
/// (<see cref="Device.Emulated"/>, ILGPU's CPU accelerator). An op follows the device of its inputs.
/// Results do not depend on <see cref="Config.NumThreads"/>.
/// </summary>
public sealed partial class NativeBackend : IBackend, IFusedKernelPlacement, IHostCopyKernels
{
    /// <inheritdoc/>
    /// <remarks>
    /// On the CPU every fused kernel runs; on a GPU the fused optimizer steps, cross-entropy, attention and recurrence
    /// do, and Core composes the others (activations, normalization, channels-last convolution) from primitives.
    /// </remarks>
    public bool RunsFused(Type kernels, Device device) =>
        !device.IsAccelerator || kernels == typeof(IFusedOptimizerKernels) || kernels == typeof(IFusedLossKernels)
        || kernels == typeof(IFusedAttentionKernels) || kernels == typeof(IFusedRecurrentKernels);

    /// <inheritdoc/>
    public string Name => "native";

    /// <inheritdoc/>
    public bool SupportsDevice(Device device, out string reason)
    {
        if (device.Type == DeviceType.Cpu)
        {
            reason = "";
            return true;
        }
        if (!GpuDevice.IsGpuKind(device))
        {
            reason = $"the native backend runs on cpu, cuda:N and emulated:N, not on {device.Type.Name} devices";
            return false;
        }
        return GpuDevice.TryCheck(device, out reason);
    }

    private void CheckDevice(Device device)
    {
        if (!SupportsDevice(device, out var reason))
            throw new NotSupportedException($"Cannot place a tensor on {device}: {reason}.");
    }

    /// <inheritdoc/>
    /// <remarks>The array itself becomes the tensor's storage (no copy): Core passes a fresh array it does not keep.</remarks>
    public Tensor FromHost(Array data, Shape shape, DType dtype, Device device)
    {
        CheckDevice(device);
        if (data.Rank != 1 || data.GetType().GetElementType() != dtype.ClrType())
            throw new ArgumentException($"FromHost: expected a flat {dtype.ClrType().Name}[] for dtype {dtype.Name()}, got {data.GetType().Name}.");
        if (data.Length != shape.Size)
            throw new ArgumentException($"FromHost: {data.Length} elements do not fill shape {shape} ({shape.Size} elements).");
        if (device.IsAccelerator) return GpuCreation.FromHost(this, GpuDevice.Get(device), data, shape, dtype);
        return Dispatch.Any<Tensor, WrapFn>(dtype, new(this, data, shape));
    }

    /// <inheritdoc/>
    /// <remarks>On the CPU the copy goes into a pooled buffer, which returns to the pool when the tensor is freed.</remarks>
    public Tensor CopyFromHost<T>(ReadOnlySpan<T> data, Shape shape, Device device) where T : unmanaged
    {
        var dtype = DTypes.Of<T>();
        if (data.Length != shape.Size)
            throw new ArgumentException($"FromHost: {data.Length} elements do not fill shape {shape} ({shape.Size} elements).");
        if (device.IsAccelerator) return FromHost(data.ToArray(), shape, dtype, device);
        CheckDevice(device);
        var buffer = NativeTensors.Alloc<T>(shape.Size);
        data.CopyTo(buffer);
        return NativeTensors.Wrap(this, buffer, shape);
    }

    private readonly record struct WrapFn(NativeBackend B, Array Data, Shape Shape) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged => NativeTensors.WrapForeign(B, (T[])Data, Shape);
    }

    /// <inheritdoc/>
    public void CopyToHost(Tensor x, Array destination)
    {
        if (destination.GetType().GetElementType() != x.DType.ClrType() || destination.Length < x.Size)
            throw new ArgumentException($"CopyToHost: destination {destination.GetType().Name} of length {destination.Length} cannot hold {x.Shape} {x.DType.Name()}.");
        if (GpuLaunch.OnGpu(x)) GpuCreation.CopyToHost(x, destination);
        else Dispatch.Any<bool, CopyFn>(x.DType, new(x, destination));
    }

    private readonly record struct CopyFn(Tensor X, Array Destination) : IAnyFn<bool>
    {
        public bool Run<T>() where T : unmanaged
        {
            NativeTensors.Data<T>(X).AsSpan(0, X.Size).CopyTo((T[])Destination);
            return true;
        }
    }

    /// <inheritdoc/>
    public Tensor Full(Shape shape, DType dtype, double value, Device device)
    {
        CheckDevice(device);
        if (device.IsAccelerator)
        {
            var g = GpuDevice.Get(device);
            return dtype switch
            {
                DType.Bool => GpuCreation.Full(this, g, shape, value != 0),
                DType.UInt8 => GpuCreation.Full(this, g, shape, unchecked((byte)(long)value)),
                DType.Int32 => GpuCreation.Full(this, g, shape, unchecked((int)(long)value)),
                DType.Int64 => GpuCreation.Full(this, g, shape, (long)value),
                DType.Float32 => GpuCreation.Full(this, g, shape, (float)value),
                DType.Float64 => GpuCreation.Full(this, g, shape, value),
                _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
            };
        }
        return dtype switch
        {
            DType.Bool => Filled(shape, value != 0),
            DType.UInt8 => Filled(shape, unchecked((byte)(long)value)),
            DType.Int32 => Filled(shape, unchecked((int)(long)value)),
            DType.Int64 => Filled(shape, (long)value),
            DType.Float32 => Filled(shape, (float)value),
            DType.Float64 => Filled(shape, value),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
    }

    private Tensor Filled<T>(Shape shape, T value) where T : unmanaged
    {
        var d = NativeTensors.Alloc<T>(shape);
        d.AsSpan().Fill(value);
        return NativeTensors.Wrap(this, d, shape);
    }

    /// <inheritdoc/>
    public Tensor RandomUniform(Shape shape, DType dtype, double low, double high, ulong seed, Device device) =>
        device.IsAccelerator ? GpuRandom("RandomUniform", shape, dtype, device, GpuCreation.KindUniform, low, high, seed) :
        Random("RandomUniform", shape, dtype, device,
               n => CounterRandom.Uniform<float>(n, low, high, seed), n => CounterRandom.Uniform<double>(n, low, high, seed));

    /// <inheritdoc/>
    public Tensor RandomBernoulli(Shape shape, DType dtype, double p, double value, ulong seed, Device device) =>
        device.IsAccelerator ? GpuRandom("RandomBernoulli", shape, dtype, device, GpuCreation.KindBernoulli, p, value, seed) :
        Random("RandomBernoulli", shape, dtype, device,
               n => CounterRandom.Bernoulli<float>(n, p, value, seed), n => CounterRandom.Bernoulli<double>(n, p, value, seed));

    /// <inheritdoc/>
    public Tensor RandomNormal(Shape shape, DType dtype, double mean, double std, ulong seed, Device device) =>
        device.IsAccelerator ? GpuRandom("RandomNormal", shape, dtype, device, GpuCreation.KindNormal, mean, std, seed) :
        Random("RandomNormal", shape, dtype, device,
               n => CounterRandom.Normal<float>(n, mean, std, seed), n => CounterRandom.Normal<double>(n, mean, std, seed));

    private Tensor GpuRandom(string op, Shape shape, DType dtype, Device device, int kind, double p1, double p2, ulong seed)
    {
        CheckDevice(device);
        return GpuCreation.Random(this, GpuDevice.Get(device), op, shape, dtype, kind, p1, p2, seed);
    }

    private Tensor Random(string op, Shape shape, DType dtype, Device device, Func<int, float[]> singles, Func<int, double[]> doubles)
    {
        CheckDevice(device);
        return dtype switch
        {
            DType.Float32 => NativeTensors.Wrap(this, singles(shape.Size), shape),
            DType.Float64 => NativeTensors.Wrap(this, doubles(shape.Size), shape),
            _ => throw Dispatch.Unsupported(op, dtype),
        };
    }
}
