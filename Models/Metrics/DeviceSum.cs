namespace KerasSharp.Metrics;

/// <summary>
/// A running float64 sum kept on the device of the values added to it, so accumulating costs no read back. Metrics and
/// the loss trackers hold their state in these; <see cref="Read"/> is the one place the host waits for the device.
/// </summary>
internal sealed class DeviceSum
{
    private Tensor? _sum;

    /// <summary>Whether anything was added since the last reset.</summary>
    public bool IsEmpty => _sum is null;

    /// <summary>The shape of the sum; null before anything was added.</summary>
    public int[]? Shape => _sum?.Shape.ToArray();

    /// <summary>Adds <paramref name="values"/> (of one shape from reset to reset, any floating or integral dtype) to the sum.</summary>
    public void Add(Tensor values)
    {
        using var scope = new TensorScope();
        // The float64 sum promotes what is added to it: one op per step.
        var next = Ops.Add(_sum ?? Ops.ZerosLike(values, DType.Float64), values);
        // The new sum outlives the step's scope; the old one is not needed any more.
        TensorScope.Detach(next);
        _sum?.Dispose();
        _sum = next;
    }

    /// <summary>The sum's values on the host (empty before anything was added).</summary>
    public double[] Read() => _sum?.ToArray<double>() ?? [];

    /// <summary>The sum of a scalar accumulator, 0 before anything was added.</summary>
    public double ReadScalar() => _sum is null ? 0 : _sum.Item<double>();

    /// <summary>Forgets the sum and frees its storage.</summary>
    public void Reset()
    {
        _sum?.Dispose();
        _sum = null;
    }
}
