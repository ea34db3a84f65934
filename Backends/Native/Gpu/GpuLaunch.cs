namespace KerasSharp.Backends.Native.Gpu;

/// <summary>Helpers the GPU ops share: new storage, the storage of inputs, broadcast strides.</summary>
internal static class GpuLaunch
{
    /// <summary>New uninitialised storage of <paramref name="shape"/> and <paramref name="dtype"/> on <paramref name="device"/>, wrapped as a tensor.</summary>
    public static (Tensor Tensor, GpuStorage Storage) New(NativeBackend backend, GpuDevice device, Shape shape, DType dtype)
    {
        GpuStorage s = dtype switch
        {
            DType.Float32 => new GpuStorage<float>(backend, device, shape.Size),
            DType.Float64 => new GpuStorage<double>(backend, device, shape.Size),
            DType.Int32 => new GpuStorage<int>(backend, device, shape.Size),
            DType.Int64 => new GpuStorage<long>(backend, device, shape.Size),
            DType.UInt8 => new GpuStorage<byte>(backend, device, shape.Size),
            DType.Bool => new GpuStorage<bool>(backend, device, shape.Size),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
        return (Tensor.FromStorage(s, shape, dtype), s);
    }

    /// <summary>New storage for element type <typeparamref name="T"/>.</summary>
    public static (Tensor Tensor, GpuStorage Storage) New<T>(NativeBackend backend, GpuDevice device, Shape shape) where T : unmanaged =>
        New(backend, device, shape, DTypes.Of<T>());

    /// <summary>The GPU storage of <paramref name="x"/>.</summary>
    public static GpuStorage Of(Tensor x) =>
        x.Storage as GpuStorage ?? throw new ArgumentException(
            $"Tensor {x.Shape} {x.DType.Name()} is on {x.Device}, not in GPU memory; every input of a GPU op must be on the same GPU (move it with tensor.To(device)).");

    /// <summary>The accelerator all of <paramref name="xs"/> live on; they must share one.</summary>
    public static GpuDevice DeviceOf(string op, params Tensor[] xs)
    {
        GpuDevice? device = null;
        foreach (var x in xs)
        {
            var d = (x.Storage as NativeStorage)?.Accelerator;
            if (d is null || (device is not null && d != device))
                throw new ArgumentException(
                    $"{op}: the inputs are on different devices ({string.Join(" and ", xs.Select(t => t.Device).Distinct())}); move them to one with tensor.To(device).");
            device = d;
        }
        return device!;
    }

    /// <summary>Whether <paramref name="x"/> lives in GPU (or emulated GPU) memory.</summary>
    public static bool OnGpu(Tensor x) => x.Storage is NativeStorage { Accelerator: not null };

    /// <summary>
    /// Strides (in elements) of <paramref name="input"/> read at each axis of <paramref name="output"/>: 0 where the
    /// input is broadcast (a size-1 or missing leading axis).
    /// </summary>
    public static int[] BroadcastStrides(Shape input, Shape output)
    {
        int rank = output.Rank, offset = rank - input.Rank;
        var strides = new int[rank];
        int stride = 1;
        for (int d = input.Rank - 1; d >= 0; d--)
        {
            strides[d + offset] = input[d] == 1 && output[d + offset] != 1 ? 0 : stride;
            stride *= input[d];
        }
        return strides;
    }

    /// <summary>Row-major strides of <paramref name="shape"/>.</summary>
    public static int[] Strides(Shape shape)
    {
        var s = new int[shape.Rank];
        int stride = 1;
        for (int d = shape.Rank - 1; d >= 0; d--) { s[d] = stride; stride *= shape[d]; }
        return s;
    }
}
