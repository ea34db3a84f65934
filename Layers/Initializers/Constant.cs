namespace KerasSharp.Layers;

/// <summary>Every element equal to <see cref="Value"/>.</summary>
public sealed class Constant(double value = 0) : Initializer
{
    /// <summary>The fill value.</summary>
    public double Value { get; } = value;

    /// <inheritdoc/>
    public override Tensor Call(int[] shape, DType dtype = DType.Float32) => Ops.Full(shape, Value, dtype);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["value"] = Value };
}
