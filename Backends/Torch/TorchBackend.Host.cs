using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public Tensor FromHost(Array data, Shape shape, DType dtype, Device device)
    {
        CheckDevice(device);
        if (data.Rank != 1 || data.GetType().GetElementType() != dtype.ClrType())
            throw new ArgumentException($"FromHost: expected a flat {dtype.ClrType().Name}[] for dtype {dtype.Name()}, got {data.GetType().Name}.");
        if (data.Length != shape.Size)
            throw new ArgumentException($"FromHost: {data.Length} elements do not fill shape {shape} ({shape.Size} elements).");
        var dims = shape.Dims();
        TT t = data switch
        {
            float[] f => torch.tensor(f, dims),
            double[] d => torch.tensor(d, dims),
            int[] i => torch.tensor(i, dims),
            long[] l => torch.tensor(l, dims),
            byte[] b => torch.tensor(b, dims),
            bool[] b => torch.tensor(b, dims),
            _ => throw new ArgumentException($"FromHost: unsupported array type {data.GetType().Name}."),
        };
        if (device.Type != DeviceType.Cpu)
        {
            var moved = t.to(device.ToTorch());
            t.Dispose();
            t = moved;
        }
        return Wrap(t, device, shape);
    }

    /// <inheritdoc/>
    public void CopyToHost(Tensor x, Array destination)
    {
        if (destination.GetType().GetElementType() != x.DType.ClrType() || destination.Length < x.Size)
            throw new ArgumentException($"CopyToHost: destination {destination.GetType().Name} of length {destination.Length} cannot hold {x.Shape} {x.DType.Name()}.");
        if (x.Size == 0) return;
        using var scope = torch.NewDisposeScope();
        var t = T(x).cpu().contiguous();
        switch (destination)
        {
            case float[] f: t.data<float>().CopyTo(f); break;
            case double[] d: t.data<double>().CopyTo(d); break;
            case int[] i: t.data<int>().CopyTo(i); break;
            case long[] l: t.data<long>().CopyTo(l); break;
            case byte[] b: t.data<byte>().CopyTo(b); break;
            case bool[] b: t.data<bool>().CopyTo(b); break;
            default: throw new ArgumentException($"CopyToHost: unsupported array type {destination.GetType().Name}.");
        }
    }

    /// <inheritdoc/>
    public Tensor Full(Shape shape, DType dtype, double value, Device device)
    {
        CheckDevice(device);
        // integers wrap as in the native backend (C# unchecked conversion through long)
        Scalar s = dtype switch
        {
            DType.Bool => value != 0,
            DType.UInt8 => unchecked((byte)(long)value),
            DType.Int32 => unchecked((int)(long)value),
            DType.Int64 => (long)value,
            _ => value,
        };
        return Wrap(torch.full(shape.Dims(), s, dtype.ToTorch(), device.ToTorch()), device, shape);
    }

    /// <inheritdoc/>
    /// <remarks>libtorch's own generator, seeded with <paramref name="seed"/>: the values differ from the native backend's.</remarks>
    public Tensor RandomUniform(Shape shape, DType dtype, double low, double high, ulong seed, Device device)
    {
        CheckDevice(device);
        RequireFloat("RandomUniform", dtype);
        using var gen = new torch.Generator(seed, device.ToTorch());
        var t = torch.empty(shape.Dims(), dtype.ToTorch(), device.ToTorch());
        t.uniform_(low, high, gen);
        return Wrap(t, device, shape);
    }

    /// <inheritdoc/>
    public Tensor RandomBernoulli(Shape shape, DType dtype, double p, double value, ulong seed, Device device)
    {
        CheckDevice(device);
        RequireFloat("RandomBernoulli", dtype);
        using var gen = new torch.Generator(seed, device.ToTorch());
        var t = torch.empty(shape.Dims(), dtype.ToTorch(), device.ToTorch());
        t.bernoulli_(p, gen);
        if (value != 1) t.mul_(value);
        return Wrap(t, device, shape);
    }

    /// <inheritdoc/>
    public Tensor RandomNormal(Shape shape, DType dtype, double mean, double std, ulong seed, Device device)
    {
        CheckDevice(device);
        RequireFloat("RandomNormal", dtype);
        using var gen = new torch.Generator(seed, device.ToTorch());
        var t = torch.empty(shape.Dims(), dtype.ToTorch(), device.ToTorch());
        t.normal_(mean, std, gen);
        return Wrap(t, device, shape);
    }

    private static void RequireFloat(string op, DType dtype)
    {
        if (!dtype.IsFloating()) throw new NotSupportedException($"{op}: the torch backend does not support dtype {dtype.Name()}.");
    }
}
