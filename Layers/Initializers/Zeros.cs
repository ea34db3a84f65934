namespace KerasSharp.Layers;

/// <summary>All zeros; the Keras default for biases.</summary>
public sealed class Zeros : Initializer
{
    /// <inheritdoc/>
    public override Tensor Call(int[] shape, DType dtype = DType.Float32) => Ops.Zeros(shape, dtype);
}
