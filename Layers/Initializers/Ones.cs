namespace KerasSharp.Layers;

/// <summary>All ones (normalization scales).</summary>
public sealed class Ones : Initializer
{
    /// <inheritdoc/>
    public override Tensor Call(int[] shape, DType dtype = DType.Float32) => Ops.Ones(shape, dtype);
}
