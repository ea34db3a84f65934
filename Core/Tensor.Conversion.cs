using System.Globalization;
using System.Text;
using KerasSharp.Backends;

namespace KerasSharp;

public partial class Tensor
{
    [ThreadStatic] private static long t_hostReads;

    /// <summary>
    /// How many times this thread has read tensor values back to host memory (<see cref="ToArray{T}"/>, <see cref="Item{T}"/>
    /// and what is built on them). A GPU waits at every such read, so a training loop should make none per step; compare
    /// the count before and after a loop to check.
    /// </summary>
    public static long HostReads => t_hostReads;

    /// <summary>
    /// Copies the elements, row-major, into a new flat array of <typeparamref name="T"/>,
    /// converting from the tensor's dtype when they differ (as NumPy's <c>astype</c>).
    /// </summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        t_hostReads++;
        DeferredChecks.ThrowPending();
        var host = HostArrays.Allocate(DType, Size);
        Backend.CopyToHost(this, host);
        return (T[])HostArrays.Convert(host, DTypes.Of<T>());
    }

    /// <summary>The elements of a string tensor (<see cref="DType.String"/>), row-major, in a new array.</summary>
    /// <exception cref="InvalidOperationException">The tensor holds numbers.</exception>
    public string[] ToStrings()
    {
        if (DType != DType.String)
            throw new InvalidOperationException($"ToStrings: the tensor is {DType.Name()}, not string; use ToArray<T>() for numbers.");
        return (string[])StringBackend.Data(this).Clone();
    }

    /// <summary>Copies a rank-2 tensor into a <c>T[rows, columns]</c> array.</summary>
    public T[,] ToArray2D<T>() where T : unmanaged
    {
        if (Rank != 2) throw new InvalidOperationException($"ToArray2D: the tensor has shape {Shape}, which is not rank 2.");
        var flat = ToArray<T>();
        var result = new T[Shape[0], Shape[1]];
        if (flat.Length > 0) Buffer.BlockCopy(flat, 0, result, 0, flat.Length * DTypes.Of<T>().SizeOf());
        return result;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public T Item<T>() where T : unmanaged
    {
        if (Size != 1) throw new InvalidOperationException($"Item: the tensor has shape {Shape} ({Size} elements); only a one-element tensor has an item.");
        return ToArray<T>()[0];
    }

    /// <summary>This tensor on <paramref name="device"/> of the same backend (a copy; a view when it is already there).</summary>
    public Tensor To(Device device) => To(Backend, device);

    /// <summary>This tensor on another backend ("native", "torch"), on the same device unless one is given.</summary>
    public Tensor To(string backend, Device? device = null) => To(BackendRegistry.Get(backend), device ?? Device);

    /// <summary>
    /// This tensor on <paramref name="backend"/> and <paramref name="device"/>. Tensors move only when asked;
    /// the move is differentiable (the gradient moves back).
    /// </summary>
    public Tensor To(IBackend backend, Device device)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var source = Backend;
        if (ReferenceEquals(backend, source) && device == Device) return ShareStorage(this, Shape);
        if (DType == DType.String) return ShareStorage(this, Shape);   // strings live on the host, on no numeric backend
        if (!backend.SupportsDevice(device, out var reason))
            throw new InvalidOperationException($"To: the {backend.Name} backend cannot place tensors on {device}: {reason}");
        var host = HostArrays.Allocate(DType, Size);
        source.CopyToHost(this, host);
        var moved = backend.FromHost(host, Shape, DType, device);
        if (GradientTape.IsRecording) RecordMove(moved, this, source, Device);
        return moved;
    }

    private static void RecordMove(Tensor moved, Tensor original, IBackend backend, Device device) =>
        Ops.Record(moved, [original], g => [g.To(backend, device)]);

    /// <summary>NumPy-like text: the values (elided past 1000 elements), then shape, dtype, device and backend.</summary>
    public override string ToString()
    {
        if (IsDisposed) return $"Tensor(disposed, shape={Shape}, dtype={DType.Name()})";
        var host = HostArrays.Allocate(DType, Size);
        Backend.CopyToHost(this, host);
        var sb = new StringBuilder();
        bool elide = Size > 1000;
        AppendLevel(sb, host, 0, 0, elide);
        sb.Append($", shape={Shape}, dtype={DType.Name()}, device={Device}, backend={Backend.Name})");
        return "tensor(" + sb;
    }

    private void AppendLevel(StringBuilder sb, Array host, int axis, int offset, bool elide)
    {
        if (Rank == 0) { sb.Append(FormatElement(host, 0)); return; }
        int n = Shape[axis];
        int stride = 1;
        for (int d = axis + 1; d < Rank; d++) stride *= Shape[d];
        sb.Append('[');
        for (int i = 0; i < n; i++)
        {
            if (elide && n > 6 && i == 3)
            {
                sb.Append(axis == Rank - 1 ? "..., " : "...,\n" + new string(' ', axis + 8));
                i = n - 3;
            }
            if (axis == Rank - 1) sb.Append(FormatElement(host, offset + i));
            else AppendLevel(sb, host, axis + 1, offset + i * stride, elide);
            if (i < n - 1) sb.Append(axis == Rank - 1 ? ", " : ",\n" + new string(' ', axis + 8));
        }
        sb.Append(']');
    }

    private string FormatElement(Array host, int i) => DType switch
    {
        DType.Bool => ((bool[])host)[i] ? "True" : "False",
        DType.Float32 => ((float[])host)[i].ToString("G6", CultureInfo.InvariantCulture),
        DType.Float64 => ((double[])host)[i].ToString("G8", CultureInfo.InvariantCulture),
        DType.String => "\"" + ((string[])host)[i].Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        _ => HostArrays.ReadLong(host, DType, i).ToString(CultureInfo.InvariantCulture),
    };
}
