namespace KerasSharp.Layers;

/// <summary>
/// Buckets continuous values by <see cref="BinBoundaries"/> (sorted): the output is the int64 index i of the bucket with
/// boundaries[i - 1] &lt;= x &lt; boundaries[i], from 0 below the first boundary to the number of boundaries above the last.
/// </summary>
public sealed class Discretization : Layer
{
    /// <summary>Creates the layer with the given bucket boundaries (strictly increasing).</summary>
    public Discretization(double[] binBoundaries, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(binBoundaries);
        if (binBoundaries.Length == 0) throw new ArgumentException("Discretization: give at least one bin boundary.");
        for (int i = 1; i < binBoundaries.Length; i++)
            if (!(binBoundaries[i] > binBoundaries[i - 1]))
                throw new ArgumentException($"Discretization: binBoundaries must increase strictly; {binBoundaries[i]} follows {binBoundaries[i - 1]}.");
        BinBoundaries = binBoundaries;
    }

    /// <summary>The boundaries between buckets.</summary>
    public double[] BinBoundaries { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var x = inputs.DType.IsFloating() ? inputs : Ops.Cast(inputs, DType.Float64);
        Tensor? index = null;
        foreach (var b in BinBoundaries)
        {
            var above = Ops.Cast(Ops.GreaterEqual(x, Ops.FullLike(x, b)), DType.Int64);
            index = index is null ? above : Ops.Add(index, above);
        }
        return index!;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["bin_boundaries"] = BinBoundaries;
        return c;
    }
}
